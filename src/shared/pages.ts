/**
 * Pages of the original in a document's text, and a passage's locator: the one place that says what
 * page a character is on and how a passage is cited ("45", "45–46", else its paragraph).
 *
 * Pages are `page` marks on the text (`schema.ts`): a page starts where the mark's `index` changes,
 * text without the mark belongs to the page before it, and text before the first mark to no page.
 * `projectDocument` lists where each page starts (`Projection.pages`).
 * A document's `pageOffset` renumbers its pages when the original's own numbers are not in it (printed
 * page 1 is PDF page 13: offset 12); without one, a page is named by its label, else by its number.
 */
import type { Node as ProseMirrorNode } from 'prosemirror-model';

/** Where a page of the original starts in the projection. */
export interface PageStart {
  /** Projection offset of the page's first character in the text. */
  readonly offset: number;
  /** The page's place in the original, counted from 0. */
  readonly index: number;
  /** The page's printed name, where the original gives one. */
  readonly label: string | null;
}

/** The name of the mark that holds pages. */
export const PAGE_MARK = 'page';

/**
 * Adds the pages that start in `block` (a textblock whose text begins at projection offset `offset`)
 * to `pages`, the pages of the blocks before it. `projectDocument` calls it for every block, so a
 * projection lists its pages (`Projection.pages`).
 */
export function addBlockPages(block: ProseMirrorNode, offset: number, pages: PageStart[]): void {
  let current = pages[pages.length - 1]?.index ?? null;
  block.forEach((child, within) => {
    const mark = child.marks.find((candidate) => candidate.type.name === PAGE_MARK);
    if (mark === undefined) return;
    const index = mark.attrs['index'] as number;
    if (index === current) return;
    current = index;
    pages.push({ offset: offset + within, index, label: mark.attrs['label'] as string | null });
  });
}

/** The page `offset` is on (the last page starting at or before it), or null before the first page. */
export function pageAt(pages: readonly PageStart[], offset: number): PageStart | null {
  let low = 0;
  let high = pages.length - 1;
  let found: PageStart | null = null;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const page = pages[mid] as PageStart;
    if (page.offset <= offset) {
      found = page;
      low = mid + 1;
    } else {
      high = mid - 1;
    }
  }
  return found;
}

/**
 * How a page is named in a citation: with a page offset, its number less the offset (null for a page
 * before printed page 1 that has no label); otherwise its label, else its number (`index + 1`).
 */
export function pageName(page: PageStart, pageOffset?: number): string | null {
  if (pageOffset !== undefined) {
    const printed = page.index + 1 - pageOffset;
    return printed >= 1 ? String(printed) : page.label;
  }
  return page.label ?? String(page.index + 1);
}

/** What a citation points to inside a source, as CSL's `locator` and `label` name it. */
export interface PassageLocator {
  readonly label: 'page' | 'paragraph';
  /** "45", "45–46" (pages joined by an en dash), or a paragraph number. */
  readonly locator: string;
}

/** Where a passage is: its characters `[start, end)` in the projection and the paragraph it starts in. */
export interface PassagePlace {
  readonly start: number;
  readonly end: number;
  /** 1-based number of the paragraph the passage starts in, or null when it is not in the text. */
  readonly paragraph: number | null;
}

/**
 * The locator of a passage: its page or page range when the text has pages, else its paragraph; null
 * for a passage not in the text.
 */
export function passageLocator(
  pages: readonly PageStart[],
  place: PassagePlace,
  pageOffset?: number,
): PassageLocator | null {
  if (place.paragraph === null) return null;
  const first = pageAt(pages, place.start);
  const last = pageAt(pages, Math.max(place.start, place.end - 1));
  const from = first === null ? null : pageName(first, pageOffset);
  const to = last === null ? null : pageName(last, pageOffset);
  if (from !== null) {
    return { label: 'page', locator: to === null || to === from ? from : `${from}\u2013${to}` };
  }
  return { label: 'paragraph', locator: String(place.paragraph) };
}
