/**
 * Asking before several selected documents are deleted: a modal dialog that says how many, that their
 * highlights and comments go with them and that it cannot be undone. Cancel is the default; Escape cancels.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { errorMessage } from '../state/error-message';

/** Props of {@link DeleteDocumentsDialog}. */
export interface DeleteDocumentsDialogProps {
  readonly count: number;
  /** Deletes the documents; rejects with a reader-facing error when one cannot be deleted. */
  readonly onConfirm: () => Promise<void>;
  readonly onClose: () => void;
}

/** Renders the dialog, open and modal. */
export function DeleteDocumentsDialog({ count, onConfirm, onClose }: DeleteDocumentsDialogProps): ReactNode {
  const dialog = useRef<HTMLDialogElement>(null);
  const [deleting, setDeleting] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    const element = dialog.current;
    if (element !== null && !element.open) element.showModal();
    return () => element?.close();
  }, []);

  const confirm = (): void => {
    setDeleting(true);
    setProblem(null);
    onConfirm().then(
      () => onClose(),
      (thrown: unknown) => {
        setDeleting(false);
        setProblem(errorMessage(thrown, 'Not every document could be deleted.'));
      },
    );
  };

  const many = `${new Intl.NumberFormat().format(count)} ${count === 1 ? 'document' : 'documents'}`;
  return (
    <dialog
      ref={dialog}
      className="dialog"
      aria-labelledby="delete-selected-title"
      aria-describedby="delete-selected-body"
      data-testid="delete-selected-dialog"
      onCancel={(event) => {
        event.preventDefault();
        if (!deleting) onClose();
      }}
    >
      <h2 id="delete-selected-title">Delete {many}?</h2>
      <div id="delete-selected-body">
        <p>Any highlights and comments you made in them are deleted with them.</p>
        <p>The files you imported them from are not touched. This cannot be undone.</p>
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
          data-testid="confirm-delete-selected-button"
          disabled={deleting}
          onClick={confirm}
        >
          {deleting ? 'Deleting…' : `Delete ${many}`}
        </button>
      </div>
    </dialog>
  );
}
