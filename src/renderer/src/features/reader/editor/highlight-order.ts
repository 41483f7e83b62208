/** Walking the highlights in reading order, for keyboard navigation between them. */
import type { EditorState } from 'prosemirror-state';
import { highlightState } from './highlight-state';

/** One highlight: where it starts and ends. */
export interface HighlightPlace {
  readonly id: string;
  readonly from: number;
  readonly to: number;
}

/**
 * Every highlight in the document, in reading order (by start, then end); those still waiting for
 * the rest of the text to load are left out. Linear in the number of highlights.
 */
export function highlightsInOrder(state: EditorState): HighlightPlace[] {
  const end = state.doc.content.size;
  return highlightState(state)
    .highlights.filter((h) => h.to <= end)
    .map(({ id, from, to }) => ({ id, from, to }));
}

/**
 * The highlight after (`direction` 1) or before (-1) highlight `current` in reading order; from no
 * highlight, the first or the last. Wraps around. Null when the document has none.
 */
export function neighbourHighlight(
  state: EditorState,
  current: string | null,
  direction: 1 | -1,
): HighlightPlace | null {
  const ordered = highlightsInOrder(state);
  if (ordered.length === 0) return null;
  const at = current === null ? -1 : ordered.findIndex((h) => h.id === current);
  if (at === -1) return (direction === 1 ? ordered[0] : ordered[ordered.length - 1]) ?? null;
  return ordered[(at + direction + ordered.length) % ordered.length] ?? null;
}
