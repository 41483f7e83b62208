/** Walking the highlights in reading order, for keyboard navigation between them. */
import type { EditorState } from 'prosemirror-state';
import { isHighlightSpec } from './highlight-decoration';
import { highlightState } from './highlight-state';

/** One drawn highlight: where it starts and ends. */
export interface HighlightPlace {
  readonly id: string;
  readonly from: number;
  readonly to: number;
}

/** Every drawn highlight, in reading order (by start, then end). Linear in the number of pieces. */
export function highlightsInOrder(state: EditorState): HighlightPlace[] {
  const places = new Map<string, { from: number; to: number }>();
  for (const deco of highlightState(state).decorations.find()) {
    if (!isHighlightSpec(deco.spec)) continue;
    const known = places.get(deco.spec.annotationId);
    places.set(
      deco.spec.annotationId,
      known === undefined
        ? { from: deco.from, to: deco.to }
        : { from: Math.min(known.from, deco.from), to: Math.max(known.to, deco.to) },
    );
  }
  return [...places].map(([id, p]) => ({ id, ...p })).sort((a, b) => a.from - b.from || a.to - b.to);
}

/**
 * The highlight after (`direction` 1) or before (-1) highlight `current` in reading order; from no
 * highlight, the first or the last. Wraps around. Null when nothing is drawn.
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
