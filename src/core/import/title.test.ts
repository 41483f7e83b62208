import { describe, expect, it } from 'vitest';
import { markdownToDoc } from './markdown';
import { MAX_TITLE_LENGTH } from './proposed-csl';
import { proposeMarkdownCsl, proposePlainTextCsl } from './title';
import { parseWrittenDate } from './plain-metadata';
import { readFixture } from './test-fixtures';

const proposeFromMarkdown = (markdown: string, fileName = 'notes.md') => {
  const { doc, frontMatter } = markdownToDoc(markdown);
  return proposeMarkdownCsl(doc, frontMatter, fileName);
};

describe('proposePlainTextCsl', () => {
  it('proposes the first non-blank line as the title when nothing else says more', () => {
    const text = 'Notes on the 1989 revolutions\n\nSome thoughts, written down quickly.\n';
    expect(proposePlainTextCsl(`\n\n  ${text}`, 'notes.txt')).toEqual({
      type: 'article',
      title: 'Notes on the 1989 revolutions',
    });
  });

  it('reads the source line, headline and opening byline of a saved newspaper article', () => {
    const text = readFixture('socialist-2009-11-18-ussr-1989-collapse-of-stalinism.txt');
    expect(proposePlainTextCsl(`\n\n  ${text}`, 'ussr.txt')).toEqual({
      type: 'article-newspaper',
      title: 'USSR 1989 - the collapse of Stalinism',
      'container-title': 'The Socialist',
      issued: { 'date-parts': [[2009, 11, 18]] },
      author: [{ given: 'Clare', family: 'Doyle' }],
    });
  });

  it('reads a dateline and the headline after it', () => {
    const text = readFixture('review-2026-02-15-collapse-of-stalinism-book.txt');
    expect(proposePlainTextCsl(text, 'review.txt')).toEqual({
      type: 'article',
      title: 'The Collapse of Stalinism - Its Causes and Consequences',
      issued: { 'date-parts': [[2026, 2, 15]] },
    });
    expect(
      proposePlainTextCsl('15 February 2026\nHeadline\nBy Peter Taaffe\n\nText.', 'x.txt'),
    ).toMatchObject({
      title: 'Headline',
      author: [{ given: 'Peter', family: 'Taaffe' }],
    });
    expect(parseWrittenDate('Nov 18, 2009')).toEqual({ 'date-parts': [[2009, 11, 18]] });
    expect(parseWrittenDate('Sunday, 15 February 2026')).toEqual({ 'date-parts': [[2026, 2, 15]] });
    expect(parseWrittenDate('31 Smarch 2009')).toBeUndefined();
  });

  it('cuts a first line that is a whole paragraph at a word, near the limit', () => {
    const paragraph = readFixture('review-2026-02-15-collapse-of-stalinism-book.txt').split('\n')[4] ?? '';
    const { title } = proposePlainTextCsl(paragraph, 'review.txt');
    expect(title.length).toBeLessThanOrEqual(MAX_TITLE_LENGTH + 1);
    expect(title.endsWith('…')).toBe(true);
    expect(paragraph.startsWith(title.slice(0, -1))).toBe(true);
  });
});

describe('proposeMarkdownCsl', () => {
  it('prefers the front-matter title, and reads author and date from it', () => {
    const csl = proposeFromMarkdown(
      '---\ntitle: USSR 1989\nauthor: Clare Doyle\ndate: 2009-11-18\n---\n# Elements of revolution\n',
    );
    expect(csl).toEqual({
      type: 'article',
      title: 'USSR 1989',
      author: [{ given: 'Clare', family: 'Doyle' }],
      issued: { 'date-parts': [[2009, 11, 18]] },
    });
  });

  it('uses the first heading when there is no front-matter title', () => {
    expect(proposeFromMarkdown('Sunday, 15 February 2026\n\n## The Revolution *Betrayed*\n').title).toBe(
      'The Revolution Betrayed',
    );
  });

  it('uses the first line of text when there is no heading, without its markup', () => {
    expect(proposeFromMarkdown('**Socialist Books**  \nPO Box 24697, London\n').title).toBe(
      'Socialist Books',
    );
  });

  it('falls back to the file name when the file has no text at all', () => {
    expect(proposeFromMarkdown('---\ndate: 2020\n---\n', 'draft-notes.md').title).toBe('draft-notes');
  });
});
