/**
 * Plain text (`.txt`) to a document: paragraphs, and the occasional heading where one is unmistakable.
 *
 * - Lines are split at `\n`, vertical tabs and Unicode line separators; a Unicode paragraph separator
 *   counts as a blank line.
 * - A form feed is a page break (`pdftotext` writes one after every page): it is taken out of the text,
 *   and the text after it is on the next page (`page` marks, the first page counted 0, without labels).
 *   It ends the line it is in; on a line of its own it leaves a blank line, which separates
 *   paragraphs, and at the start of a line nothing, so a paragraph runs on over the break.
 * - Within a line, tabs, other control characters and runs of blank space become one space, and
 *   the line is trimmed. Nothing else is removed: every non-blank character of the input appears in
 *   the document, in order.
 * - Blank lines separate paragraphs; single line breaks are undone or kept according to whether
 *   the file is hard-wrapped (see `line-layout.ts`).
 * - Headings follow the conservative rule in `plain-headings.ts`, always at level 2.
 */
import type { Node as ProseMirrorNode } from 'prosemirror-model';
import { documentSchema } from '../../shared/schema';
import type { SourceIdentity } from './import-error';
import { DocumentTally, IMPORT_LIMITS } from './limits';
import { detectWrapWidth, layOutParagraphs, type Block, type LaidOutParagraph } from './line-layout';
import { checkPageCount, PageMarks, pagedText, type PageRun } from './page-marks';
import { isClearHeading } from './plain-headings';

/** What a reader can do with a text over a limit. */
const ADVICE = 'Split it into smaller files (for example one per chapter) and import those.';

/** The level given to headings found in plain text (level 1 is left for a document's title). */
export const PLAIN_TEXT_HEADING_LEVEL = 2;

/**
 * Converts decoded plain text (`\n` line endings) to a `documentSchema` document with at least one
 * block; a text with form feeds has its pages marked. With `file`, a text of more paragraphs or pages
 * than the limits (`limits.ts`) is refused, naming it, before any node is made (each costs about a
 * kilobyte); without one, a text of more pages throws a `RangeError`.
 */
export function plainTextToDoc(text: string, file?: SourceIdentity): ProseMirrorNode {
  const pageBreaks = countFormFeeds(text);
  if (file !== undefined) checkPageCount(file, pageBreaks + 1, ADVICE);
  else if (pageBreaks + 1 > IMPORT_LIMITS.documentPages)
    throw new RangeError(`A text of ${String(pageBreaks + 1)} pages is over the limit of pages.`);
  const { blocks, linePages } = splitPagedBlocks(text, pageBreaks > 0);
  const paragraphs = layOutParagraphs(blocks, detectWrapWidth(blocks));
  if (file !== undefined) new DocumentTally(file, ADVICE).add(paragraphs.length, text.length);
  const pages = pageBreaks === 0 ? null : paragraphPages(blocks, linePages, paragraphs);
  const marks = new PageMarks();
  const schema = documentSchema;
  const nodes = paragraphs.map((paragraph, index) => {
    const content = pagedText(paragraph.text, pages?.[index] ?? [], marks);
    return isClearHeading(paragraphs[index - 1], paragraph, paragraphs[index + 1])
      ? schema.nodes.heading.create({ level: PLAIN_TEXT_HEADING_LEVEL }, content)
      : schema.nodes.paragraph.create(null, content);
  });
  if (nodes.length === 0) nodes.push(schema.nodes.paragraph.create());
  return schema.nodes.doc.create(null, nodes);
}

// A control character, blank space other than a plain space, two spaces, or a space at either end.
const NEEDS_CLEANING = /\p{Cc}|[^\S ]| {2}|^ | $/u;
const BLANK_RUN = /[\p{Cc}\s]+/gu;

/** Splits text into blocks of cleaned, non-blank lines (a form feed ends a line; see the module comment). */
export function splitBlocks(text: string): Block[] {
  return splitPagedBlocks(text, false).blocks;
}

/** How many form feeds `text` has, counted without splitting it. */
function countFormFeeds(text: string): number {
  let count = 0;
  for (let at = text.indexOf('\f'); at >= 0; at = text.indexOf('\f', at + 1)) count += 1;
  return count;
}

/**
 * {@link splitBlocks}, and with `withPages` the page of every line: `linePages[b][l]` is the page
 * (counted from 0, one more after each form feed) of line `l` of block `b`.
 */
function splitPagedBlocks(text: string, withPages: boolean): { blocks: string[][]; linePages: number[][] } {
  const blocks: string[][] = [];
  const linePages: number[][] = [];
  let current: string[] = [];
  let currentPages: number[] = [];
  let page = 0;
  for (const raw of text.replace(/\u2029/g, '\n\n').split(/[\n\v\u0085\u2028]/)) {
    let blank = true;
    // Most lines have no form feed; those that do are cut there, each piece on its own page.
    for (const [at, piece] of (raw.includes('\f') ? raw.split('\f') : [raw]).entries()) {
      if (at > 0) page += 1;
      // Most lines are already clean; testing first avoids rebuilding every line of a large file.
      const line = NEEDS_CLEANING.test(piece) ? piece.replace(BLANK_RUN, ' ').trim() : piece;
      if (line === '') continue;
      blank = false;
      current.push(line);
      if (withPages) currentPages.push(page);
    }
    if (blank && current.length > 0) {
      blocks.push(current);
      linePages.push(currentPages);
      current = [];
      currentPages = [];
    }
  }
  if (current.length > 0) {
    blocks.push(current);
    linePages.push(currentPages);
  }
  return { blocks, linePages };
}

/**
 * The pages of each paragraph laid out from `blocks`: `layOutParagraphs` makes each paragraph of
 * whole consecutive lines of one block joined by one space, so the lines are followed through the
 * paragraphs by their lengths, and a page starts where its first line does.
 */
function paragraphPages(
  blocks: readonly Block[],
  linePages: readonly (readonly number[])[],
  paragraphs: readonly LaidOutParagraph[],
): PageRun[][] {
  let block = 0;
  let line = 0;
  return paragraphs.map((paragraph) => {
    const runs: PageRun[] = [];
    let offset = 0;
    while (offset < paragraph.text.length) {
      const text = blocks[block]?.[line];
      const index = linePages[block]?.[line];
      if (text === undefined || index === undefined) break;
      if (runs.at(-1)?.index !== index) runs.push({ offset, index });
      offset += text.length + 1;
      line += 1;
    }
    if (offset !== paragraph.text.length + 1)
      throw new Error(`The paragraph "${paragraph.text.slice(0, 40)}" is not whole lines of its block.`);
    if (line >= (blocks[block]?.length ?? 0)) {
      block += 1;
      line = 0;
    }
    return runs;
  });
}
