import { describe, expect, it } from 'vitest';
import { splitFrontMatter } from './front-matter';

describe('splitFrontMatter', () => {
  it('reads plain, quoted and dated fields and returns the body without the block', () => {
    const { body, fields } = splitFrontMatter(
      '---\ntitle: "USSR 1989: the collapse of Stalinism"\nauthor: Clare Doyle\ndate: 2009-11-18\n---\n# Elements of revolution\n',
    );
    expect(body).toBe('# Elements of revolution\n');
    expect(Object.fromEntries(fields)).toEqual({
      title: 'USSR 1989: the collapse of Stalinism',
      author: 'Clare Doyle',
      date: '2009-11-18',
    });
  });

  it('reads authors given as a flow list, quoted commas included', () => {
    const { fields } = splitFrontMatter("---\nauthor: [Clare Doyle, 'Taaffe, Peter']\n---\ntext");
    expect(fields.get('author')).toEqual(['Clare Doyle', 'Taaffe, Peter']);
  });

  it('reads authors given as a block list, with or without "name:" entries', () => {
    const { fields } = splitFrontMatter(
      '---\nauthors:\n  - Clare Doyle\n  - name: Peter Taaffe\n    affiliation: CWI\n---\n',
    );
    expect(fields.get('authors')).toEqual(['Clare Doyle', 'Peter Taaffe']);
  });

  it('folds a ">" block into one line and keeps the lines of a "|" block', () => {
    const { fields } = splitFrontMatter(
      '---\nsummary: >\n  How the movements\n  ended\nnote: |\n  one\n  two\n---\n',
    );
    expect(fields.get('summary')).toBe('How the movements ended');
    expect(fields.get('note')).toBe('one\ntwo');
  });

  it('drops comments after unquoted values but keeps "#" inside quotes', () => {
    const { fields } = splitFrontMatter('---\ntitle: The Revolution Betrayed # 1936\ntag: "#history"\n---\n');
    expect(fields.get('title')).toBe('The Revolution Betrayed');
    expect(fields.get('tag')).toBe('#history');
  });

  it('accepts "..." as the closing line', () => {
    expect(splitFrontMatter('---\ntitle: Fast news\n...\nBody').body).toBe('Body');
  });

  it('leaves text alone when "---" at the top opens no YAML (a thematic break and prose)', () => {
    const text = '---\nThe opening of the Berlin Wall came to symbolise the collapse.\n---\nMore.';
    expect(splitFrontMatter(text)).toEqual({ body: text, fields: new Map() });
  });

  it('leaves text alone when the block is never closed', () => {
    const text = '---\ntitle: Unfinished\n\nBody text.';
    expect(splitFrontMatter(text).body).toBe(text);
  });

  it('leaves text alone when "---" is not on the first line', () => {
    const text = '\n---\ntitle: Late\n---\n';
    expect(splitFrontMatter(text).body).toBe(text);
  });
});
