/** Questions about the reader's highlights in an editor state. None of them changes anything. */
import type { EditorState } from 'prosemirror-state';
import { highlightState } from './highlight-state';
import type { PositionRange } from './passage-selectors';

/** The id of the selected highlight, or null. */
export function selectedHighlightId(state: EditorState): string | null {
  return highlightState(state).selectedId;
}

/**
 * The annotation ids of every highlight the state holds, drawn or not (including those waiting for
 * the rest of the text to load). Linear in the number of highlights.
 */
export function highlightIdsOf(state: EditorState): Set<string> {
  return new Set(highlightState(state).highlights.map((h) => h.id));
}

/**
 * The ids of the highlights in the document that cover position `pos` (touching it counts),
 * innermost first: the shorter a highlight, the earlier it comes.
 */
export function highlightIdsAt(state: EditorState, pos: number): string[] {
  const end = state.doc.content.size;
  return highlightState(state)
    .highlights.filter((h) => h.from <= pos && h.to >= pos && h.to <= end)
    .sort((a, b) => a.to - a.from - (b.to - b.from))
    .map((h) => h.id);
}

/** Where highlight `id` is now, from its first to its last character, or null when there is none. */
export function highlightRange(state: EditorState, id: string): PositionRange | null {
  const found = highlightState(state).highlights.find((h) => h.id === id);
  return found === undefined ? null : { from: found.from, to: found.to };
}
