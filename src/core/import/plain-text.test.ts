import { describe, expect, it } from 'vitest';
import { pageAt } from '../../shared/pages';
import { projectDocument } from '../../shared/projection';
import { docFromJSON } from '../../shared/schema';
import { failure } from '../test-support';
import { IMPORT_LIMITS } from './limits';
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

  describe('a text with form feeds (page breaks, as pdftotext writes them)', () => {
    // The review hard-wrapped, its lines dealt onto pages of 12 lines with a form feed after each page.
    const lines = hardWrap(readFixture('review-2026-02-15-collapse-of-stalinism-book.txt'), 72).split('\n');
    const pageTexts: string[] = [];
    for (let at = 0; at < lines.length; at += 12) pageTexts.push(`${lines.slice(at, at + 12).join('\n')}\n`);
    const paged = `${pageTexts.join('\f')}\f`;

    it('marks the text after each form feed with the next page, counted from 0, and keeps no form feed', () => {
      const doc = plainTextToDoc(paged);
      const { text, pages } = projectDocument(doc);
      expect(text).not.toContain('\f');
      expect(nonBlank(text)).toBe(nonBlank(paged));
      expect(pages.map((page) => page.index)).toEqual(pageTexts.map((_, index) => index));
      expect(pages.every((page) => page.label === null)).toBe(true);
      // Every page's first line of text is on that page.
      pageTexts.forEach((page, index) => {
        const first = page
          .split('\n')
          .find((line) => line.trim() !== '')
          ?.replace(/\s+/g, ' ')
          .trim();
        if (first === undefined) return;
        const at = text.indexOf(first, index === 0 ? 0 : (pages[index - 1]?.offset ?? 0));
        expect(pageAt(pages, at)?.index).toBe(index);
      });
      expect(docFromJSON(doc.toJSON()).eq(doc)).toBe(true);
    });

    it('makes the same paragraphs as without the form feeds: a paragraph runs on over a page break', () => {
      const blocks = (text: string) => textblocks(text).map((block) => block.text);
      expect(blocks(paged)).toEqual(blocks(pageTexts.join('')));
      const doc = plainTextToDoc(paged);
      let across = 0;
      doc.forEach((block) => {
        if (block.childCount > 1) across += 1;
      });
      expect(across).toBeGreaterThan(0);
    });

    it('keeps a form feed on a line of its own as a paragraph break, and one inside a line as a line break', () => {
      const doc = plainTextToDoc('Page one ends here.\n\f\nPage two starts here.\fAnd page three.');
      const blocks: { text: string; pages: unknown[] }[] = [];
      doc.forEach((block) => {
        const pages: unknown[] = [];
        block.forEach((child) => pages.push(child.marks.map((mark): unknown => mark.attrs['index'])));
        blocks.push({ text: block.textContent, pages });
      });
      expect(blocks).toEqual([
        { text: 'Page one ends here.', pages: [[0]] },
        { text: 'Page two starts here.', pages: [[1]] },
        { text: 'And page three.', pages: [[2]] },
      ]);
    });

    it('leaves a text without form feeds without pages', () => {
      expect(projectDocument(plainTextToDoc(readFixture(FIXTURE_NAMES[0]))).pages).toEqual([]);
    });

    it('refuses a text of more pages than the limit, naming it', async () => {
      const text = 'word\f'.repeat(IMPORT_LIMITS.documentPages);
      const error = await failure(
        Promise.resolve().then(() => plainTextToDoc(text, { name: 'feeds.txt', label: '/in/feeds.txt' })),
      );
      expect(error.code).toBe('import-failed');
      expect(error.message).toMatch(
        /^"feeds\.txt" cannot be imported: it marks more than 50,000 pages of the original/,
      );
    });
  });
});
