/** Questions about the reader's highlights in an editor state. None of them changes anything. */
import type { EditorState } from 'prosemirror-state';
import { isHighlightSpec } from './highlight-decoration';
import { decorationsOf, highlightState } from './highlight-state';
import type { PositionRange } from './passage-selectors';

/** The id of the selected highlight, or null. */
export function selectedHighlightId(state: EditorState): string | null {
  return highlightState(state).selectedId;
}

/** The annotation ids of every highlight drawn. Linear in the number of highlights. */
export function highlightIdsOf(state: EditorState): Set<string> {
  const ids = new Set<string>();
  for (const deco of highlightState(state).decorations.find()) {
    if (isHighlightSpec(deco.spec)) ids.add(deco.spec.annotationId);
  }
  return ids;
}

/**
 * The ids of the highlights that cover position `pos` (touching it counts), innermost first: the
 * shorter a highlight, the earlier it comes.
 */
export function highlightIdsAt(state: EditorState, pos: number): string[] {
  const found = highlightState(state)
    .decorations.find(pos, pos, isHighlightSpec)
    .sort((a, b) => a.to - a.from - (b.to - b.from));
  const ids: string[] = [];
  for (const deco of found) {
    if (isHighlightSpec(deco.spec) && !ids.includes(deco.spec.annotationId)) ids.push(deco.spec.annotationId);
  }
  return ids;
}

/** Where highlight `id` is now, from its first to its last character, or null when it is not drawn. */
export function highlightRange(state: EditorState, id: string): PositionRange | null {
  const pieces = decorationsOf(highlightState(state).decorations, id);
  if (pieces.length === 0) return null;
  return {
    from: Math.min(...pieces.map((d) => d.from)),
    to: Math.max(...pieces.map((d) => d.to)),
  };
}
