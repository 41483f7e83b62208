/**
 * The reader's note on the open document (a summary, an assessment), in rich text above the text:
 * folded to its first line (as plain text) until opened, saved as Markdown through the API as the reader types, and
 * each save can be undone.
 */
import { useCallback, useRef, useState, type ReactNode } from 'react';
import type { DocumentMeta } from '../../../../shared/model';
import { parseMarkdown } from '../../ui/rich-text/editor/markdown';
import { useServices } from '../../app/services/use-services';
import { errorMessage } from '../../ui/error-message';
import { RichTextEditor } from '../../ui/rich-text/RichTextEditor';

/** The first line of a Markdown note, for a folded note or the library list; empty for no note. */
export function noteFirstLine(markdown: string): string {
  const line = markdown
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l !== '');
  return line ?? '';
}

/** Props of {@link DocumentNote}. */
export interface DocumentNoteProps {
  readonly meta: DocumentMeta;
}

/** Renders the note section. */
export function DocumentNote({ meta }: DocumentNoteProps): ReactNode {
  const { api, undo, notices } = useServices();
  const [note, setNote] = useState(meta.note);
  const [open, setOpen] = useState(false);
  const saving = useRef<Promise<unknown>>(Promise.resolve());
  const documentId = meta.id;

  // Saves run one after another, so the last typed text is the one kept.
  const save = useCallback(
    (markdown: string): Promise<void> => {
      const next = saving.current.then(() => api.updateDocumentNote({ documentId, note: markdown }));
      saving.current = next.catch(() => undefined);
      return next.then(() => undefined);
    },
    [api, documentId],
  );

  const commit = useCallback(
    (markdown: string) => {
      const previous = note;
      setNote(markdown);
      save(markdown).then(
        () =>
          undo.record({
            label: 'Edit document note',
            undo: async () => {
              await save(previous);
              setNote(previous);
            },
            redo: async () => {
              await save(markdown);
              setNote(markdown);
            },
          }),
        (thrown: unknown) => notices.show('error', errorMessage(thrown, 'The note could not be saved.')),
      );
    },
    [note, save, undo, notices],
  );

  const first = noteFirstLine(note);
  return (
    <div className="document-note-row">
      <details
        className="document-note"
        data-testid="document-note"
        open={open}
        onToggle={(event) => setOpen(event.currentTarget.open)}
      >
        <summary>
          <span className="document-note-title">Your note</span>
          {open ? null : first === '' ? (
            <span className="document-note-preview document-note-empty">Summarise or assess this text…</span>
          ) : (
            <span className="document-note-preview">{parseMarkdown(first).textContent}</span>
          )}
        </summary>
        {open ? (
          <RichTextEditor
            value={note}
            onCommit={commit}
            label={`Your note on “${meta.csl.title ?? 'this document'}”`}
            placeholder="Summary, assessment, how you might use it…"
            testId="document-note-editor"
            autoFocus
          />
        ) : null}
      </details>
    </div>
  );
}
