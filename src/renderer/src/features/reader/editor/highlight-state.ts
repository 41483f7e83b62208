/**
 * The highlight plugin's key and state: every highlight of the text, the selected one, the part of
 * the text where highlights are drawn, and the decorations drawn there; plus the change a transaction
 * carries to them.
 */
import type { EditorState } from 'prosemirror-state';
import { PluginKey } from 'prosemirror-state';
import type { DecorationSet } from 'prosemirror-view';
import type { Highlight } from './highlight-decoration';
import type { DrawingWindow } from './drawing-window';

/** The plugin's state. */
export interface HighlightState {
  /**
   * Every highlight, in reading order (by start, then end), at its positions in the whole text. A
   * highlight that ends beyond the end of the document waits there for the rest of the text to load.
   */
  readonly highlights: readonly Highlight[];
  /** The id of the selected highlight, or null. */
  readonly selectedId: string | null;
  /** The top-level blocks around the reader's place, where highlights are drawn. */
  readonly window: DrawingWindow;
  /** The decorations drawn: the highlights that meet the window's blocks, and no others. */
  readonly decorations: DecorationSet;
}

/** A change to the highlights, carried as transaction metadata under {@link highlightPluginKey}. */
export type HighlightChange =
  | { readonly kind: 'add'; readonly highlights: readonly Highlight[] }
  | { readonly kind: 'remove'; readonly ids: readonly string[] }
  | { readonly kind: 'select'; readonly id: string | null }
  | { readonly kind: 'window'; readonly window: DrawingWindow };

/** The key under which the plugin keeps its state. */
export const highlightPluginKey = new PluginKey<HighlightState>('highlights');

/** The plugin state of `state`; throws a `RangeError` when the state was made without the plugin. */
export function highlightState(state: EditorState): HighlightState {
  const value = highlightPluginKey.getState(state);
  if (value === undefined) throw new RangeError('This editor state has no highlight plugin.');
  return value;
}
