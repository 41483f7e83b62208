/**
 * The printed book's pages in an EPUB: page-break markers and the navigation's page list (EPUB 3) or
 * the NCX's (EPUB 2) become page marks on the text after each marker, across chapters, and no marker
 * leaves a character in the text; hostile books (markers by the hundred thousand, hidden, with
 * duplicate ids, the sentinels' own characters in the text) are bounded.
 */
import { describe, expect, it } from 'vitest';
import type { Node as ProseMirrorNode } from 'prosemirror-model';
import { pageAt, type PageStart } from '../../shared/pages';
import { projectDocument } from '../../shared/projection';
import { docFromJSON } from '../../shared/schema';
import { failure } from '../test-support';
import { convertEpub } from './epub';
import { IMPORT_LIMITS } from './limits';
import { fileOf, fixtureParagraphs, nonBlank, pagedEpub } from './test-fixtures';

const paragraphs = fixtureParagraphs('review-2026-02-15-collapse-of-stalinism-book.txt', 80);
const p = (index: number): string => paragraphs[index] ?? '';
const para = (index: number): string => `<p>${p(index)}</p>`;

/** The text of `doc` and its pages; fails the test when the document does not fit the schema. */
function pagesOf(doc: ProseMirrorNode): { text: string; pages: readonly PageStart[] } {
  expect(docFromJSON(doc.toJSON()).eq(doc)).toBe(true);
  const { text, pages } = projectDocument(doc);
  expect(text).not.toMatch(/[\uFDD0-\uFDEF]/);
  return { text, pages };
}

/** The page (index and label) the passage starting with the first 40 characters of `passage` is on. */
function pageOfPassage(
  text: string,
  pages: readonly PageStart[],
  passage: string,
): [number, string | null] | null {
  const at = text.indexOf(passage.slice(0, 40));
  expect(at).toBeGreaterThanOrEqual(0);
  const page = pageAt(pages, at);
  return page === null ? null : [page.index, page.label];
}

describe('the pages of an EPUB 3 book', () => {
  // Page xi starts the book; 1 starts mid-paragraph; 2 between paragraphs; 3 at the end of chapter 1,
  // so its text is chapter 2's; chapter 2's second paragraph runs on from page 3.
  const book = pagedEpub({
    version: 3,
    chapters: [
      `<span epub:type="pagebreak" id="pxi" title="xi"/><h1>Causes</h1>${para(0)}` +
        `<p>${p(1).slice(0, 60)}<span epub:type="pagebreak" id="page1" title="1"/>${p(1).slice(60)}</p>` +
        `<div role="doc-pagebreak" id="page2" aria-label="2"></div>${para(2)}` +
        `<span epub:type="pagebreak" id="page3">3</span>`,
      `<h1>Chapter Two</h1>${para(3)}${para(4)}`,
    ],
    pageList: [
      ['text/ch1.xhtml#pxi', 'xi'],
      ['text/ch1.xhtml#page1', '1'],
      ['text/ch1.xhtml#page2', '2'],
      ['text/ch1.xhtml#page3', '3'],
    ],
  });

  it('marks the text after each page break with its page, across chapters, labelled by the page list', async () => {
    const { text, pages } = pagesOf((await convertEpub(fileOf('paged.epub', book))).doc);
    expect(pages.map((page) => [page.index, page.label])).toEqual([
      [0, 'xi'],
      [1, '1'],
      [2, '2'],
      [3, '3'],
    ]);
    expect(pages[0]?.offset).toBe(0);
    expect(pageOfPassage(text, pages, p(0))).toEqual([0, 'xi']);
    expect(pageOfPassage(text, pages, p(1))).toEqual([0, 'xi']);
    expect(pageOfPassage(text, pages, p(1).slice(60))).toEqual([1, '1']);
    expect(pageOfPassage(text, pages, p(2))).toEqual([2, '2']);
    expect(pageOfPassage(text, pages, 'Chapter Two')).toEqual([3, '3']);
    expect(pageOfPassage(text, pages, p(4))).toEqual([3, '3']);
  });

  it('leaves no character of a marker in the text', async () => {
    const { text } = pagesOf((await convertEpub(fileOf('paged.epub', book))).doc);
    expect(nonBlank(text)).toBe(nonBlank(['Causes', p(0), p(1), p(2), 'Chapter Two', p(3), p(4)].join('')));
  });

  it('labels pages by their markers when the book has no page list: title, aria-label, else their text', async () => {
    const unlisted = pagedEpub({
      version: 3,
      chapters: [
        `${para(0)}<span epub:type="pagebreak" title="44"/>${para(1)}` +
          `<span role="doc-pagebreak" aria-label="45"/>${para(2)}<span epub:type="pagebreak">[46]</span>${para(3)}` +
          `<span epub:type="pagebreak"/>${para(4)}`,
      ],
    });
    const { text, pages } = pagesOf((await convertEpub(fileOf('unlisted.epub', unlisted))).doc);
    expect(pages.map((page) => [page.index, page.label])).toEqual([
      [0, '44'],
      [1, '45'],
      [2, '[46]'],
      [3, null],
    ]);
    // Text before the first marker is on no page.
    expect(pageOfPassage(text, pages, p(0))).toBeNull();
    expect(pageOfPassage(text, pages, p(3))).toEqual([2, '[46]']);
    expect(text).not.toContain('[46]');
  });
});

describe('the pages of an EPUB 2 book', () => {
  it('reads the NCX page list, whose targets are anchors, page numbers or the paragraphs themselves', async () => {
    const book = pagedEpub({
      version: 2,
      chapters: [
        `${para(0)}<a id="p12"/>${para(1)}<p>${p(2).slice(0, 50)}<span id="p13" class="pagenum">[13]</span>${p(2).slice(50)}</p>`,
        `<p id="p14">${p(3)}</p>${para(4)}`,
      ],
      pageList: [
        ['text/ch1.xhtml#p12', '12'],
        ['text/ch1.xhtml#p13', '13'],
        ['text/ch2.xhtml#p14', '14'],
      ],
    });
    const { text, pages } = pagesOf((await convertEpub(fileOf('ncx.epub', book))).doc);
    expect(pages.map((page) => [page.index, page.label])).toEqual([
      [0, '12'],
      [1, '13'],
      [2, '14'],
    ]);
    expect(pageOfPassage(text, pages, p(1))).toEqual([0, '12']);
    expect(pageOfPassage(text, pages, p(2).slice(50))).toEqual([1, '13']);
    expect(pageOfPassage(text, pages, p(3))).toEqual([2, '14']);
    // The page number in the text was the marker's; the paragraph the list points to is the book's.
    expect(text).not.toContain('[13]');
    expect(nonBlank(text)).toBe(nonBlank([p(0), p(1), p(2), p(3), p(4)].join('')));
  });
});

describe('hostile page markers', () => {
  it('ignores markers inside hidden elements, counts a duplicate id once, and makes no page of the book’s own attributes or sentinel characters', async () => {
    const book = pagedEpub({
      version: 3,
      chapters: [
        `<div hidden=""><span epub:type="pagebreak" id="page9" title="9"/>hidden text</div>${para(0)}` +
          `<p><span data-page-index="7" data-page-label="7">${p(1).slice(0, 30)}</span>\uFDD0\uFDE3${p(1).slice(30)}</p>` +
          `<span epub:type="pagebreak" id="dup" title="20" style="display: none"/>${para(2)}` +
          `<span id="dup">not a page</span>${para(3)}`,
      ],
      pageList: [
        ['text/ch1.xhtml#page9', '9'],
        ['text/ch1.xhtml#dup', '20'],
      ],
    });
    const { text, pages } = pagesOf((await convertEpub(fileOf('hostile.epub', book))).doc);
    expect(pages.map((page) => [page.index, page.label])).toEqual([[0, '20']]);
    expect(pageOfPassage(text, pages, p(1))).toBeNull();
    expect(pageOfPassage(text, pages, p(2))).toEqual([0, '20']);
    expect(text).toContain('not a page');
    expect(text).not.toContain('hidden text');
  });

  it('keeps the text of a page break that wraps the book’s text instead of marking a place', async () => {
    const book = pagedEpub({
      version: 3,
      chapters: [`${para(0)}<div epub:type="pagebreak" title="5">${para(1)}</div>`],
    });
    const { text, pages } = pagesOf((await convertEpub(fileOf('wrapping.epub', book))).doc);
    expect(pageOfPassage(text, pages, p(1))).toEqual([0, '5']);
    expect(nonBlank(text)).toBe(nonBlank(p(0) + p(1)));
  });

  it(`refuses a book of 100,000 page breaks, more than the ${IMPORT_LIMITS.documentPages.toLocaleString('en')} pages Scholia reads, clearly and quickly`, async () => {
    // Five chapters of 20,000 markers, each before a word.
    const chapter = (from: number): string =>
      `<p>${Array.from({ length: 20_000 }, (_, at) => `<span epub:type="pagebreak" title="${from + at + 1}"/>word `).join('')}</p>`;
    const book = pagedEpub({ version: 3, chapters: [0, 1, 2, 3, 4].map((part) => chapter(part * 20_000)) });
    const started = performance.now();
    const error = await failure(convertEpub(fileOf('pages.epub', book)));
    expect(error.code).toBe('import-failed');
    expect(error.message).toMatch(
      /^"pages\.epub" cannot be imported: it marks more than 50,000 pages of the original; Scholia reads at most that many from one file\./,
    );
    expect(error.message).toContain('Calibre');
    expect(performance.now() - started).toBeLessThan(20_000);
  }, 60_000);

  it(`imports a book of ${IMPORT_LIMITS.documentPages.toLocaleString('en')} page breaks whole, in time linear in its markers`, async () => {
    const chapter = (from: number): string =>
      `<p>${Array.from({ length: 10_000 }, (_, at) => `<span epub:type="pagebreak" title="${from + at + 1}"/>word `).join('')}</p>`;
    const parts = IMPORT_LIMITS.documentPages / 10_000;
    const book = pagedEpub({
      version: 3,
      chapters: Array.from({ length: parts }, (_, part) => chapter(part * 10_000)),
    });
    const started = performance.now();
    const { doc } = await convertEpub(fileOf('many-pages.epub', book));
    expect(performance.now() - started).toBeLessThan(30_000);
    const { text, pages } = pagesOf(doc);
    expect(pages).toHaveLength(IMPORT_LIMITS.documentPages);
    expect(pages.at(-1)).toMatchObject({
      index: IMPORT_LIMITS.documentPages - 1,
      label: String(IMPORT_LIMITS.documentPages),
    });
    expect(text.split('word').length - 1).toBe(IMPORT_LIMITS.documentPages);
  }, 60_000);
});
