/**
 * Asking before a document is deleted: a modal dialog that says what goes with it (its highlights
 * and comments) and that it cannot be undone. Cancel is the default; Escape cancels.
 */
import { useEffect, useState, type ReactNode } from 'react';
import { displayTitle, type DocumentMeta } from '../../../shared/model';
import { useModalDialog } from '../hooks/use-dialog';
import { useServices } from '../hooks/use-services';
import { errorMessage } from '../state/error-message';

/** Props of {@link DeleteDocumentDialog}. */
export interface DeleteDocumentDialogProps {
  readonly document: DocumentMeta;
  /** Deletes the document; rejects with a reader-facing error when it cannot. */
  readonly onConfirm: () => Promise<void>;
  readonly onClose: () => void;
}

function annotationWords(count: number | null): string {
  if (count === null || count === 0) return 'Any highlights and comments you made in it are deleted with it.';
  return count === 1
    ? 'Its 1 highlight is deleted with it.'
    : `Its ${new Intl.NumberFormat().format(count)} highlights are deleted with it.`;
}

/** Renders the dialog, open and modal. */
export function DeleteDocumentDialog({ document, onConfirm, onClose }: DeleteDocumentDialogProps): ReactNode {
  const { api } = useServices();
  const [count, setCount] = useState<number | null>(null);
  const [deleting, setDeleting] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const modal = useModalDialog(onClose, !deleting);

  useEffect(() => {
    let cancelled = false;
    api.listAnnotations({ documentId: document.id }).then(
      (list) => {
        if (!cancelled) setCount(list.length);
      },
      // The general warning stands in for the count.
      () => undefined,
    );
    return () => {
      cancelled = true;
    };
  }, [api, document.id]);

  const confirm = (): void => {
    setDeleting(true);
    setProblem(null);
    onConfirm().then(
      () => onClose(),
      (thrown: unknown) => {
        setDeleting(false);
        setProblem(errorMessage(thrown, 'The document could not be deleted.'));
      },
    );
  };

  const title = displayTitle(document);
  return (
    <dialog
      {...modal}
      className="dialog"
      aria-labelledby="delete-dialog-title"
      aria-describedby="delete-dialog-body"
      data-testid="delete-dialog"
    >
      <h2 id="delete-dialog-title">Delete “{title}”?</h2>
      <div id="delete-dialog-body">
        <p>{annotationWords(count)}</p>
        <p>The file you imported it from is not touched. This cannot be undone.</p>
      </div>
      {problem === null ? null : (
        <p className="field-problem" role="alert">
          {problem}
        </p>
      )}
      <div className="dialog-buttons">
        <button type="button" className="button button-quiet" autoFocus disabled={deleting} onClick={onClose}>
          Cancel
        </button>
        <button
          type="button"
          className="button button-danger"
          data-testid="confirm-delete-button"
          disabled={deleting}
          onClick={confirm}
        >
          {deleting ? 'Deleting…' : 'Delete document'}
        </button>
      </div>
    </dialog>
  );
}
