/**
 * Asking before a collection is deleted: a modal dialog that says its documents stay in the library
 * and that Undo brings the collection back. Cancel is the default; Escape cancels.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { Collection } from '../../../shared/export-options';
import { errorMessage } from '../state/error-message';

/** Props of {@link DeleteCollectionDialog}. */
export interface DeleteCollectionDialogProps {
  readonly collection: Collection;
  /** How many of the library's documents it holds. */
  readonly count: number;
  /** Deletes the collection; rejects with a reader-facing error when it cannot. */
  readonly onConfirm: () => Promise<void>;
  readonly onClose: () => void;
}

/** Renders the dialog, open and modal. */
export function DeleteCollectionDialog({
  collection,
  count,
  onConfirm,
  onClose,
}: DeleteCollectionDialogProps): ReactNode {
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
        setProblem(errorMessage(thrown, 'The collection could not be deleted.'));
      },
    );
  };

  const kept =
    count === 0
      ? 'It holds no documents.'
      : count === 1
        ? 'Its document stays in the library.'
        : `Its ${new Intl.NumberFormat().format(count)} documents stay in the library.`;
  return (
    <dialog
      ref={dialog}
      className="dialog"
      aria-labelledby="delete-collection-title"
      aria-describedby="delete-collection-body"
      data-testid="delete-collection-dialog"
      onCancel={(event) => {
        event.preventDefault();
        if (!deleting) onClose();
      }}
    >
      <h2 id="delete-collection-title">Delete the collection “{collection.name}”?</h2>
      <div id="delete-collection-body">
        <p>{kept} Only the collection goes, with its name.</p>
        <p>Undo brings it back.</p>
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
          data-testid="confirm-delete-collection-button"
          disabled={deleting}
          onClick={confirm}
        >
          {deleting ? 'Deleting…' : 'Delete collection'}
        </button>
      </div>
    </dialog>
  );
}
