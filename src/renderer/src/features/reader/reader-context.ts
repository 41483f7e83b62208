/** What the reader's actions work on: the open text, its annotations, and ways to talk to the reader. */
import type { EditorView } from 'prosemirror-view';
import type { Projection } from '../../../../shared/projection';
import type { AnnotationStore } from './annotation-store';
import type { NoticeStore } from '../../app/notices/notice-store';
import type { UndoStack } from '../../app/undo/undo-stack';

/** The open document as the reader's actions see it. */
export interface ReaderContext {
  /** The view showing the text, or null before it exists. */
  view(): EditorView | null;
  /** The text's plain-text projection, which selectors count in. */
  readonly projection: Projection;
  readonly annotations: AnnotationStore;
  readonly notices: NoticeStore;
  /** Where the reader's changes are recorded, so they can be undone. */
  readonly undo: UndoStack;
}
