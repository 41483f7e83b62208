/**
 * The drawing window: the run of top-level blocks around the reader's place in which highlights are
 * drawn as decorations.
 *
 * ProseMirror's view looks up each top-level block's decorations by scanning the set's blocks from
 * the start, so every redraw of a long book costs the number of blocks times the number of
 * decorated blocks: with thousands of highlights drawn at once, a single new highlight took tens of
 * milliseconds and the book could not be appended to progressively. Drawing only the highlights
 * near the viewport keeps that product small; the window follows the reader as they scroll, well
 * before they reach its edge (see `follow-viewport.ts`).
 *
 * The window counts blocks, not positions, so it stays put while the rest of the book is appended.
 */
import type { Node as ProseMirrorNode } from 'prosemirror-model';
import { DecorationSet } from 'prosemirror-view';
import { highlightPieces, pieceDecoration, type Highlight } from './highlight-decoration';

/** Top-level blocks `first` (inclusive) to `last` (exclusive); `last` may lie beyond the document. */
export interface DrawingWindow {
  readonly first: number;
  readonly last: number;
}

/** Blocks drawn beyond the visible ones on either side: several screens of text. */
export const WINDOW_MARGIN_BLOCKS = 60;

/** The window a text opens with: its first blocks, with the margin below them. */
export const INITIAL_WINDOW: DrawingWindow = { first: 0, last: 3 * WINDOW_MARGIN_BLOCKS };

/** The position where top-level block `index` starts (the document's end past its last block). */
export function blockStart(doc: ProseMirrorNode, index: number): number {
  let pos = 0;
  const count = Math.min(index, doc.childCount);
  for (let i = 0; i < count; i += 1) pos += doc.child(i).nodeSize;
  return pos;
}

/**
 * The decorations for the highlights among `highlights` (in reading order) that meet the blocks of
 * `window` and lie wholly in `doc`: one per piece of text they cut it into (see
 * `highlight-decoration.ts`). Highlight `selectedId` is drawn selected.
 */
export function drawHighlights(
  doc: ProseMirrorNode,
  highlights: readonly Highlight[],
  window: DrawingWindow,
  selectedId: string | null,
): DecorationSet {
  const from = blockStart(doc, window.first);
  const to = blockStart(doc, window.last);
  const end = doc.content.size;
  const shown: Highlight[] = [];
  for (const h of highlights) {
    if (h.from >= to) break;
    if (h.to > from && h.to <= end) shown.push(h);
  }
  return DecorationSet.create(doc, highlightPieces(shown, selectedId).map(pieceDecoration));
}

/**
 * The window to draw when top-level blocks `visible.first` to `visible.last` (exclusive) are on
 * screen, or null when `current` still reaches a third of the margin past them on both sides.
 */
export function windowAround(visible: DrawingWindow, current: DrawingWindow): DrawingWindow | null {
  const slack = Math.ceil(WINDOW_MARGIN_BLOCKS / 3);
  const covered = current.first <= Math.max(0, visible.first - slack) && current.last >= visible.last + slack;
  if (covered) return null;
  return {
    first: Math.max(0, visible.first - WINDOW_MARGIN_BLOCKS),
    last: visible.last + WINDOW_MARGIN_BLOCKS,
  };
}
