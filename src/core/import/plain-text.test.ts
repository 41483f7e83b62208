import { describe, expect, it } from 'vitest';
import { projectDocument } from '../../shared/projection';
import { docFromJSON } from '../../shared/schema';
import { plainTextToDoc } from './plain-text';
import { FIXTURE_NAMES, hardWrap, nonBlank, readFixture } from './test-fixtures';

const textblocks = (text: string) => {
  const blocks: { type: string; text: string }[] = [];
  plainTextToDoc(text).forEach((node) => blocks.push({ type: node.type.name, text: node.textContent }));
  return blocks;
};

describe('plainTextToDoc', () => {
  it.each(FIXTURE_NAMES)('makes one block per non-blank line of %s', (name) => {
    const text = readFixture(name);
    const lines = text.split('\n').filter((line) => line.trim() !== '');
    expect(textblocks(text).map((block) => block.text)).toEqual(
      lines.map((line) => line.replace(/\s+/g, ' ').trim()),
    );
  });

  it.each(FIXTURE_NAMES)('keeps every non-blank character of %s, in order', (name) => {
    const text = readFixture(name);
    expect(nonBlank(projectDocument(plainTextToDoc(text)).text)).toBe(nonBlank(text));
  });

  it.each(FIXTURE_NAMES)('keeps every non-blank character of %s when it is hard-wrapped', (name) => {
    const text = hardWrap(readFixture(name), 72);
    expect(nonBlank(projectDocument(plainTextToDoc(text)).text)).toBe(nonBlank(text));
  });

  it('produces JSON that the stored-document parser accepts', () => {
    const doc = plainTextToDoc(readFixture('socialist-2009-11-18-ussr-1989-collapse-of-stalinism.txt'));
    expect(docFromJSON(doc.toJSON()).eq(doc)).toBe(true);
  });

  it('marks the one clear section heading of the book review, and nothing else', () => {
    const headings = textblocks(readFixture('review-2026-02-15-collapse-of-stalinism-book.txt')).filter(
      (b) => b.type === 'heading',
    );
    expect(headings.map((heading) => heading.text)).toEqual(['The Revolution Betrayed']);
  });

  it('marks no caption or menu line of the newspaper page as a heading', () => {
    const headings = textblocks(
      readFixture('socialist-2009-11-18-ussr-1989-collapse-of-stalinism.txt'),
    ).filter((b) => b.type === 'heading');
    expect(headings).toEqual([]);
  });

  it('keeps a Markdown "#" line as the text it is', () => {
    const review = readFixture('review-2026-02-15-collapse-of-stalinism-book.txt');
    const withHash = review.replace('The Revolution Betrayed\n', '# The Revolution Betrayed\n');
    expect(textblocks(withHash)).toContainEqual({ type: 'paragraph', text: '# The Revolution Betrayed' });
  });

  it('treats tabs and runs of spaces inside a line as one space', () => {
    expect(textblocks('Facebook\t\tTwitter   Youtube')).toEqual([
      { type: 'paragraph', text: 'Facebook Twitter Youtube' },
    ]);
  });

  it('separates paragraphs at a form feed (page break)', () => {
    expect(textblocks('the end of one page.\fThe start of the next.').map((block) => block.text)).toEqual([
      'the end of one page.',
      'The start of the next.',
    ]);
  });

  it('turns stray control characters into spaces and keeps the words around them', () => {
    expect(textblocks('Strikes\u0007by\u001bPoland\u0000s workers')[0]?.text).toBe(
      'Strikes by Poland s workers',
    );
  });

  it('never returns an empty document', () => {
    const doc = plainTextToDoc('');
    expect(doc.childCount).toBe(1);
    expect(() => doc.check()).not.toThrow();
  });
});
