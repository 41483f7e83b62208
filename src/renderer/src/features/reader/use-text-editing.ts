/**
 * Edit mode of the open text ("Clean text", Ctrl/⌘+E): the reader deletes clutter, fixes typos,
 * splits and joins paragraphs, and every highlight follows its words. Editing starts once the whole
 * text is in the view (it is loaded first when it is not). "Done" (Ctrl/⌘+E again) saves the text
 * with every annotation's new place in one call; so does leaving the document with the edit open.
 * A save that is refused (the text changed elsewhere meanwhile) keeps the edit on screen and says
 * why; the reader may then reload, which drops the edit. The saved edit is one step of the undo stack.
 */
import type { EditorView } from 'prosemirror-view';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ScholiaApi } from '../../../../shared/api';
import { textRevisionOf, type DocumentMeta } from '../../../../shared/model';
import type { Action } from '../../app/actions/action';
import {
  editBaseline,
  highlightsToRestore,
  placementsAfterEdit,
  type EditBaseline,
} from './editor/edit-placements';
import { addHighlights } from './editor/highlight-commands';
import { editSession, startEditing, stopEditing } from './editor/text-editing';
import type { AnnotationStore } from './annotation-store';
import { errorMessage } from '../../ui/error-message';
import type { NoticeStore } from '../../app/notices/notice-store';
import { saveTextEdit, type TextEdit } from './text-edits';
import type { UndoStack } from '../../app/undo/undo-stack';

/** Where editing stands. */
export type EditPhase = 'reading' | 'preparing' | 'editing' | 'saving';

/** What the reader view needs to know and do about editing. */
export interface TextEditing {
  readonly phase: EditPhase;
  /** Why the last save was refused, for the reader; null when it was not. */
  readonly problem: string | null;
  /** The `edit-text` action: starts editing, or finishes (saves) it. */
  readonly action: Action;
  /** Forgets the edit on screen without saving it (before the saved text is opened afresh). */
  discard(): void;
}

/** What editing works with. */
export interface TextEditingOptions {
  readonly view: EditorView | null;
  readonly meta: DocumentMeta;
  readonly annotations: AnnotationStore;
  /** Resolves once the view holds the whole text. */
  readonly whenComplete: Promise<undefined> | null;
  readonly api: Pick<ScholiaApi, 'updateDocumentText' | 'listAnnotations'>;
  readonly undo: UndoStack;
  readonly notices: NoticeStore;
  /** Called once an edit is saved: the reader shows the saved text afresh. */
  readonly onSaved: () => void;
}

/** Sets whether `view` can be edited, and tells React about its new state. */
function switchView(view: EditorView, editing: boolean, done: () => void): void {
  const state = editing ? startEditing(view.state, { done }) : stopEditing(view.state);
  view.setProps({ state, editable: () => editing });
  // An empty transaction, so that whoever follows the view's transactions sees the new state.
  view.dispatch(view.state.tr.setMeta('addToHistory', false));
}

/** The edit to save from `view`, begun at `baseline`, or null when the text was not changed. */
function pendingEdit(view: EditorView, baseline: EditBaseline, options: TextEditingOptions): TextEdit | null {
  const session = editSession(view.state);
  if (session === null || !session.changed || view.state.doc.eq(baseline.doc)) return null;
  const placements = placementsAfterEdit(
    baseline,
    view.state,
    session.mapping,
    options.annotations.getSnapshot().annotations,
  );
  return {
    documentId: options.meta.id,
    baseRevision: textRevisionOf(options.meta),
    before: { doc: baseline.doc.toJSON() as TextEdit['before']['doc'], placements: baseline.placements },
    after: { doc: view.state.doc.toJSON() as TextEdit['after']['doc'], placements },
  };
}

/** Edit mode for `options.view`. */
export function useTextEditing(options: TextEditingOptions): TextEditing {
  const [phase, setPhase] = useState<EditPhase>('reading');
  const [problem, setProblem] = useState<string | null>(null);
  const latest = useRef(options);
  const baseline = useRef<EditBaseline | null>(null);
  const phaseRef = useRef<EditPhase>('reading');

  useEffect(() => {
    latest.current = options;
  });

  // Ctrl/⌘+E inside the text finishes the edit through this, whichever `finish` is current.
  const finishRef = useRef<() => void>(() => undefined);
  const done = useCallback(() => finishRef.current(), []);

  const moveTo = useCallback((next: EditPhase) => {
    phaseRef.current = next;
    setPhase(next);
  }, []);

  const finish = useCallback((): void => {
    const { view, api, undo, notices, onSaved } = latest.current;
    const begun = baseline.current;
    if (view === null || begun === null || phaseRef.current !== 'editing') return;
    const edit = pendingEdit(view, begun, latest.current);
    if (edit === null) {
      baseline.current = null;
      // The text is as it was: highlights whose words were deleted and put back are drawn again.
      addHighlights(highlightsToRestore(begun, view.state))(view.state, view.dispatch);
      switchView(view, false, done);
      moveTo('reading');
      setProblem(null);
      return;
    }
    moveTo('saving');
    view.setProps({ editable: () => false });
    saveTextEdit(api, undo, edit).then(
      () => {
        baseline.current = null;
        if (!view.isDestroyed) switchView(view, false, done);
        moveTo('reading');
        setProblem(null);
        notices.show('info', 'Your edit of the text is saved. Undo (Ctrl+Z) takes it back.');
        onSaved();
      },
      (thrown: unknown) => {
        // The edit stays on screen, editable, so nothing the reader did is lost.
        if (!view.isDestroyed) view.setProps({ editable: () => true });
        moveTo('editing');
        setProblem(errorMessage(thrown, 'The edited text could not be saved.'));
      },
    );
  }, [moveTo, done]);

  useEffect(() => {
    finishRef.current = finish;
  }, [finish]);

  const begin = useCallback((): void => {
    const { view, whenComplete, annotations, notices } = latest.current;
    if (view === null || phaseRef.current !== 'reading') return;
    moveTo('preparing');
    Promise.resolve(whenComplete).then(
      () => {
        if (view.isDestroyed || phaseRef.current !== 'preparing') return;
        baseline.current = editBaseline(view.state, annotations.getSnapshot().annotations);
        switchView(view, true, done);
        moveTo('editing');
        view.focus();
      },
      (thrown: unknown) => {
        moveTo('reading');
        notices.show('error', errorMessage(thrown, 'The text could not be prepared for editing.'));
      },
    );
  }, [done, moveTo]);

  // Leaving the document (or the app) with an edit open saves it.
  useEffect(() => {
    const { view } = options;
    return () => {
      const begun = baseline.current;
      if (view === null || begun === null || phaseRef.current !== 'editing') return;
      const edit = pendingEdit(view, begun, latest.current);
      baseline.current = null;
      phaseRef.current = 'reading';
      if (edit === null) return;
      const { api, undo, notices } = latest.current;
      saveTextEdit(api, undo, edit).then(
        () => notices.show('info', 'Your edit of the text is saved. Undo (Ctrl+Z) takes it back.'),
        (thrown: unknown) =>
          notices.show('error', errorMessage(thrown, 'Your edit of the text could not be saved.')),
      );
    };
  }, [options.view]); // eslint-disable-line react-hooks/exhaustive-deps -- runs once per view; the rest is read through `latest`

  const action = useMemo<Action>(
    () => ({
      name: 'edit-text',
      label: phase === 'editing' || phase === 'saving' ? 'Done' : 'Clean text',
      shortcuts: [{ key: 'e', mod: true, shift: false }],
      isEnabled: () =>
        latest.current.view !== null && (phaseRef.current === 'reading' || phaseRef.current === 'editing'),
      perform() {
        if (phaseRef.current === 'editing') finish();
        else begin();
      },
    }),
    [phase, begin, finish],
  );

  const discard = useCallback(() => {
    baseline.current = null;
    moveTo('reading');
    setProblem(null);
  }, [moveTo]);

  return { phase, problem, action, discard };
}
