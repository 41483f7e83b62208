/**
 * Rebuilding a PDF's text from positioned lines: a PDF's text layer knows where each run of glyphs
 * sits on the page, not where paragraphs begin. Running headers and footers (lines that repeat at the
 * same place on many pages, page numbers) are dropped; paragraphs are cut where the gap between lines
 * grows, where a line is indented, or after a short line that ends a sentence; larger type becomes a
 * heading; a word hyphenated across lines is joined again. Each block remembers the pages its text
 * came from, so that a paragraph running on over a page break is on both pages.
 */
import type { PageRun } from './page-marks';

/** One line of text on a page, with its position in PDF units (y grows upwards). */
export interface PdfTextLine {
  readonly text: string;
  /** Left edge. */
  readonly x: number;
  /** Baseline. */
  readonly y: number;
  /** Width of the line's text. */
  readonly width: number;
  /** Font size (glyph height). */
  readonly size: number;
}

/** One page's lines in content order, and the page height. */
export interface PdfTextPage {
  readonly lines: readonly PdfTextLine[];
  readonly height: number;
}

/** A block of rebuilt text. */
export interface PdfBlock {
  readonly kind: 'heading' | 'paragraph';
  readonly text: string;
  /**
   * The pages (counted from 0) its text is on, in order: the first at offset 0, another wherever a
   * line from the next page starts.
   */
  readonly pages: readonly PageRun[];
}

/** Share of the page height, at top and bottom, where running headers and footers live. */
const MARGIN_SHARE = 0.12;

const PAGE_NUMBER = /^(?:page\s+)?(?:\d{1,4}|[ivxlcdm]{1,7})(?:\s*(?:of|\/)\s*\d{1,4})?$/i;

/** The mode of `values` rounded to `step` (each counted `weights[i]` times, else once), or `fallback`. */
function mode(
  values: readonly number[],
  step: number,
  fallback: number,
  weights?: readonly number[],
): number {
  const counts = new Map<number, number>();
  let best = fallback;
  let bestCount = 0;
  for (const [index, value] of values.entries()) {
    const key = Math.round(value / step) * step;
    const count = (counts.get(key) ?? 0) + (weights?.[index] ?? 1);
    counts.set(key, count);
    if (count > bestCount) {
      best = key;
      bestCount = count;
    }
  }
  return best;
}

/**
 * Drops running headers and footers: page-number lines in the top or bottom margin, and margin lines
 * whose text (digits ignored) recurs near the same height on at least a third of the pages (and on
 * three or more).
 */
export function dropRunningLines(pages: readonly PdfTextPage[]): PdfTextLine[][] {
  const inMargin = (line: PdfTextLine, page: PdfTextPage): boolean =>
    line.y > page.height * (1 - MARGIN_SHARE) || line.y < page.height * MARGIN_SHARE;
  const keyOf = (line: PdfTextLine): string =>
    `${Math.round(line.y / 6)}|${line.text.replace(/\d+/g, '#').trim().toLowerCase()}`;
  const pagesWith = new Map<string, number>();
  for (const page of pages) {
    const keys = new Set(page.lines.filter((line) => inMargin(line, page)).map(keyOf));
    for (const key of keys) pagesWith.set(key, (pagesWith.get(key) ?? 0) + 1);
  }
  const threshold = Math.max(3, Math.ceil(pages.length / 3));
  return pages.map((page) =>
    page.lines.filter((line) => {
      if (!inMargin(line, page)) return true;
      if (PAGE_NUMBER.test(line.text.trim())) return false;
      return (pagesWith.get(keyOf(line)) ?? 0) < threshold;
    }),
  );
}

/** Joins `next` onto `text`, undoing a hyphenation at the line end. */
export function joinLines(text: string, next: string): string {
  if (text === '') return next;
  if (text.endsWith('\u00ad')) return text.slice(0, -1) + next;
  // "work-" + "ers" is one word; "Marxist-" + "Leninist" and "1989-" + "95" keep their hyphen.
  if (/\p{L}-$/u.test(text)) {
    if (/^\p{Ll}/u.test(next)) return text.slice(0, -1) + next;
    return text + next;
  }
  return `${text} ${next}`;
}

/**
 * Told, for each line kept, where its text went: the block's index, where the line starts in the
 * block's text and its length there (blank space folded, trimmed). What places a PDF's annotations on
 * the text needs this; without annotations nobody asks.
 */
export type LineSink = (line: PdfTextLine, block: number, offset: number, length: number) => void;

/**
 * Rebuilds headings and paragraphs from the pages' lines, headers and footers already dropped:
 * `pages[i]` is the lines of the PDF's page `i` (counted from 0), which its blocks' `pages` name.
 * `onLine`, when given, is told where each line's text went.
 */
export function rebuildBlocks(pages: readonly (readonly PdfTextLine[])[], onLine?: LineSink): PdfBlock[] {
  const all = pages.flat();
  // Body text is the size most characters are set in.
  const bodySize = mode(
    all.map((line) => line.size),
    0.5,
    10,
    all.map((line) => line.text.length),
  );
  const bodyLines = all.filter((line) => Math.abs(line.size - bodySize) < 0.75);
  const leftMargin = mode(
    bodyLines.map((line) => line.x),
    2,
    0,
  );
  const lineWidth = Math.max(...bodyLines.map((line) => line.width), 1);
  const gaps: number[] = [];
  for (const lines of pages) {
    for (let i = 1; i < lines.length; i += 1) {
      const gap = (lines[i - 1]?.y ?? 0) - (lines[i]?.y ?? 0);
      if (gap > 0 && gap < bodySize * 3) gaps.push(gap);
    }
  }
  const spacing = mode(gaps, 0.5, bodySize * 1.2);

  const blocks: PdfBlock[] = [];
  let current: { kind: PdfBlock['kind']; text: string; pages: PageRun[] } | null = null;
  let previous: PdfTextLine | null = null;
  const flush = (): void => {
    if (current !== null && current.text.trim() !== '') blocks.push(trimmedBlock(current));
    current = null;
  };
  for (const [pageIndex, lines] of pages.entries()) {
    for (const [lineIndex, line] of lines.entries()) {
      const text = line.text.replace(/\s+/g, ' ').trim();
      if (text === '') continue;
      const kind: PdfBlock['kind'] =
        line.size > bodySize * 1.15 && text.length < 200 ? 'heading' : 'paragraph';
      let startsBlock = current === null || current.kind !== kind;
      if (!startsBlock && previous !== null) {
        const samePage = lineIndex > 0;
        const gap = previous.y - line.y;
        const endedShort = previous.width < lineWidth * 0.8 && /[.!?:"”’)]$/u.test(previous.text.trim());
        const indented = line.x > leftMargin + bodySize * 0.8 && kind === 'paragraph';
        if (samePage && (gap > spacing * 1.45 || gap < 0)) startsBlock = true;
        else if (indented || endedShort) startsBlock = true;
        else if (
          !samePage &&
          pageIndex > 0 &&
          /[.!?]$/u.test(previous.text.trim()) &&
          previous.width < lineWidth * 0.8
        )
          startsBlock = true;
      }
      if (startsBlock) {
        flush();
        current = { kind, text, pages: [{ offset: 0, index: pageIndex }] };
      } else if (current !== null) {
        current.text = joinLines(current.text, text);
        // The joined text ends with the line as it is: the line's page starts where the line does.
        if (current.pages.at(-1)?.index !== pageIndex)
          current.pages.push({ offset: current.text.length - text.length, index: pageIndex });
      }
      // The block being built is pushed next (its text is not empty): its index is the count so far.
      if (current !== null) onLine?.(line, blocks.length, current.text.length - text.length, text.length);
      previous = line;
    }
  }
  flush();
  return blocks;
}

/** `block` with its text trimmed and its pages moved with the text. */
function trimmedBlock(block: { kind: PdfBlock['kind']; text: string; pages: readonly PageRun[] }): PdfBlock {
  const text = block.text.trim();
  const lead = block.text.length - block.text.trimStart().length;
  const pages: PageRun[] = [];
  for (const run of block.pages) {
    const offset = Math.max(0, run.offset - lead);
    if (offset >= text.length) continue;
    // Two pages starting at one place: the later one has the text.
    if (pages.at(-1)?.offset === offset) pages.pop();
    pages.push({ offset, index: run.index });
  }
  return { kind: block.kind, text, pages };
}
