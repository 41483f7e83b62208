/**
 * Where the original's pages start in the editor's positions: the projection's page list
 * (`shared/pages.ts`, which decides what a page is) with each start as a ProseMirror position, and
 * lookups in that list. Page starts always lie inside a textblock, never between blocks.
 */
import type { PageStart } from '../../../../../shared/pages';
import { offsetToPos, type Projection } from '../../../../../shared/projection';

/** A page of the original, with where it starts as a position in the whole text. */
export interface PagePlace extends PageStart {
  /** The position of the page's first character. */
  readonly pos: number;
}

/** The pages of the text `projection` describes, in reading order, each with its position. */
export function pagePlaces(projection: Projection): PagePlace[] {
  return projection.pages.map((page) => ({ ...page, pos: offsetToPos(projection, page.offset, 1) }));
}

/** The index in `pages` of the first page starting at or after `pos` (`pages.length` when none does). */
export function firstPageFrom(pages: readonly PagePlace[], pos: number): number {
  let low = 0;
  let high = pages.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((pages[mid] as PagePlace).pos < pos) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** The page that starts exactly at `pos`, or null. */
export function pageStartingAt(pages: readonly PagePlace[], pos: number): PagePlace | null {
  const page = pages[firstPageFrom(pages, pos)];
  return page !== undefined && page.pos === pos ? page : null;
}

/** The page `pos` is on (the last one starting at or before it), or null before the first page. */
export function pageAtPos(pages: readonly PagePlace[], pos: number): PagePlace | null {
  const at = firstPageFrom(pages, pos);
  const page = pages[at];
  if (page !== undefined && page.pos === pos) return page;
  return pages[at - 1] ?? null;
}
