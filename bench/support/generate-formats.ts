/**
 * Seeded benchmark inputs in the book formats: an EPUB of about `bytes` of text in `chapters`
 * chapters, and a PDF of `pages` text pages with a running header and page numbers. Built from the
 * same generated prose as the plain-text benchmark.
 */
import { makeEpub } from '../../tests/support/make-packages';
import { layoutPages, makePdf } from '../../tests/support/make-pdf';
import { generateText } from './generate';

function paragraphsOf(bytes: number, seed: number): string[] {
  return generateText(bytes, seed)
    .split('\n\n')
    .map((paragraph) => paragraph.replace(/\s+/g, ' ').trim())
    .filter((paragraph) => paragraph !== '');
}

/** An EPUB 3 of about `bytes` bytes of text in `chapters` chapters. */
export function generateEpub(bytes: number, chapters: number, seed: number): Uint8Array {
  const paragraphs = paragraphsOf(bytes, seed);
  const perChapter = Math.ceil(paragraphs.length / chapters);
  return makeEpub({
    version: 3,
    title: 'A Generated Book',
    creators: [['Clare Doyle', 'Doyle, Clare']],
    date: '2009-11-18',
    chapters: Array.from({ length: chapters }, (_, index) => ({
      title: `Chapter ${index + 1}`,
      paragraphs: paragraphs.slice(index * perChapter, (index + 1) * perChapter),
    })),
  });
}

/** A PDF of `pages` pages of text (46 lines each), hyphenated, with a running header and page numbers. */
export function generatePdf(pages: number, seed: number): Uint8Array {
  // About 3,700 bytes of text fill one page of 46 lines of 80 characters.
  const laid = layoutPages(paragraphsOf(pages * 3_700, seed), {
    header: 'A Generated Book',
    hyphenate: true,
  });
  return makePdf({ pages: laid.slice(0, pages), info: { Title: 'A Generated Book', Author: 'Clare Doyle' } });
}
