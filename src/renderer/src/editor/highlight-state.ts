/**
 * The highlight plugin's key and state: the decorations drawn and the selected highlight, plus the
 * change a transaction carries to them.
 */
import type { EditorState } from 'prosemirror-state';
import { PluginKey } from 'prosemirror-state';
import type { Decoration, DecorationSet } from 'prosemirror-view';
import { isHighlightSpec, type Highlight } from './highlight-decoration';

/** The plugin's state. */
export interface HighlightState {
  readonly decorations: DecorationSet;
  /** The id of the selected highlight, or null. */
  readonly selectedId: string | null;
}

/** A change to the highlights, carried as transaction metadata under {@link highlightPluginKey}. */
export type HighlightChange =
  | { readonly kind: 'add'; readonly highlights: readonly Highlight[] }
  | { readonly kind: 'remove'; readonly ids: readonly string[] }
  | { readonly kind: 'select'; readonly id: string | null };

/** The key under which the plugin keeps its state. */
export const highlightPluginKey = new PluginKey<HighlightState>('highlights');

/** The plugin state of `state`; throws a `RangeError` when the state was made without the plugin. */
export function highlightState(state: EditorState): HighlightState {
  const value = highlightPluginKey.getState(state);
  if (value === undefined) throw new RangeError('This editor state has no highlight plugin.');
  return value;
}

/** All decorations drawn for highlight `id` (a highlight may be drawn in more than one piece). */
export function decorationsOf(decorations: DecorationSet, id: string): Decoration[] {
  return decorations.find(undefined, undefined, (spec) => isHighlightSpec(spec) && spec.annotationId === id);
}
