/** The editor state of a document opened for reading. */
import { DOMParser, type Node as ProseMirrorNode } from 'prosemirror-model';
import { EditorState, Plugin } from 'prosemirror-state';
import { caretPlugin } from './caret';
import { documentSchema, PAGE_MARK_PARSE_RULE } from '../../../../../shared/schema';
import { INITIAL_WINDOW, type DrawingWindow } from './drawing-window';
import { followViewport } from './follow-viewport';
import type { Highlight } from './highlight-decoration';
import { highlightPlugin } from './highlight-plugin';
import { pointNotesPlugin } from './point-notes';

/** The schema's parser with the page mark's rule, so that text the browser changes keeps its page. */
const READER_DOM_PARSER = new DOMParser(documentSchema, [
  PAGE_MARK_PARSE_RULE,
  ...DOMParser.fromSchema(documentSchema).rules,
]);

/** Reads the reader's own DOM back with {@link READER_DOM_PARSER} (pasted markup still makes no pages). */
const readerParsing = new Plugin({ props: { domParser: READER_DOM_PARSER } });

/**
 * A state holding `doc` with `highlights` and none selected. The highlights meeting the blocks of
 * `window` are drawn; in a view, the window then follows the reader's scrolling. `doc` may be only
 * the beginning of the text (see `progressive-text.ts`): highlights beyond its end wait for the rest.
 * The reader's keyboard caret starts off (F7 turns it on: `caret.ts`).
 */
export function createReaderState(
  doc: ProseMirrorNode,
  highlights: readonly Highlight[],
  window: DrawingWindow = INITIAL_WINDOW,
): EditorState {
  return EditorState.create({
    doc,
    plugins: [
      highlightPlugin(highlights, window),
      pointNotesPlugin(),
      followViewport(),
      caretPlugin(),
      readerParsing,
    ],
  });
}
