/** The editor state of a document opened for reading. */
import type { Node as ProseMirrorNode } from 'prosemirror-model';
import { EditorState } from 'prosemirror-state';
import { INITIAL_WINDOW, type DrawingWindow } from './drawing-window';
import { followViewport } from './follow-viewport';
import type { Highlight } from './highlight-decoration';
import { highlightPlugin } from './highlight-plugin';
import { pointNotesPlugin } from './point-notes';

/**
 * A state holding `doc` with `highlights` and none selected. The highlights meeting the blocks of
 * `window` are drawn; in a view, the window then follows the reader's scrolling. `doc` may be only
 * the beginning of the text (see `progressive-text.ts`): highlights beyond its end wait for the rest.
 */
export function createReaderState(
  doc: ProseMirrorNode,
  highlights: readonly Highlight[],
  window: DrawingWindow = INITIAL_WINDOW,
): EditorState {
  return EditorState.create({
    doc,
    plugins: [highlightPlugin(highlights, window), pointNotesPlugin(), followViewport()],
  });
}
