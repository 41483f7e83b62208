/** The editor state of a document opened for reading. */
import type { Node as ProseMirrorNode } from 'prosemirror-model';
import { EditorState } from 'prosemirror-state';
import type { Highlight } from './highlight-decoration';
import { highlightPlugin } from './highlight-plugin';

/** A state holding `doc` with `highlights` drawn and none selected. */
export function createReaderState(doc: ProseMirrorNode, highlights: readonly Highlight[]): EditorState {
  return EditorState.create({ doc, plugins: [highlightPlugin(highlights)] });
}
