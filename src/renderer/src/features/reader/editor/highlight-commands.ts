/**
 * Commands that change the reader's highlights: `(state, dispatch) => boolean`, like every ProseMirror
 * command. Each returns false, and dispatches nothing, when it does not apply.
 */
import type { Command } from 'prosemirror-state';
import type { Highlight } from './highlight-decoration';
import { highlightPluginKey, highlightState, type HighlightChange } from './highlight-state';
import { highlightIdsOf } from './highlight-queries';

function changeCommand(change: HighlightChange): Command {
  return (state, dispatch) => {
    dispatch?.(state.tr.setMeta(highlightPluginKey, change));
    return true;
  };
}

/**
 * Adds `highlights` (replacing any with the same ids); those near the reader's place are drawn at
 * once. Does not apply when the list is empty.
 */
export function addHighlights(highlights: readonly Highlight[]): Command {
  const add = changeCommand({ kind: 'add', highlights });
  return (state, dispatch) => highlights.length > 0 && add(state, dispatch);
}

/** Removes the highlights with these annotation ids. Does not apply when the state holds none of them. */
export function removeHighlights(ids: readonly string[]): Command {
  const remove = changeCommand({ kind: 'remove', ids });
  return (state, dispatch) => {
    if (ids.length === 0) return false;
    const held = highlightIdsOf(state);
    return ids.some((id) => held.has(id)) && remove(state, dispatch);
  };
}

/**
 * Selects highlight `id`, or clears the selection when `id` is null. Does not apply when that is
 * already the selection, or when no highlight has that id.
 */
export function selectHighlight(id: string | null): Command {
  const select = changeCommand({ kind: 'select', id });
  return (state, dispatch) => {
    if (highlightState(state).selectedId === id) return false;
    if (id !== null && !highlightIdsOf(state).has(id)) return false;
    return select(state, dispatch);
  };
}
