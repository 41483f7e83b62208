/**
 * Asking before a collection is deleted: a modal dialog that says its documents stay in the library
 * and that Undo brings the collection back. Cancel is the default; Escape cancels.
 */
import type { ReactNode } from 'react';
import type { Collection } from '../../../../shared/export-options';
import { ConfirmDeleteDialog } from '../../ui/ConfirmDeleteDialog';

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
  const kept =
    count === 0
      ? 'It holds no documents.'
      : count === 1
        ? 'Its document stays in the library.'
        : `Its ${new Intl.NumberFormat().format(count)} documents stay in the library.`;
  return (
    <ConfirmDeleteDialog
      title={`Delete the collection “${collection.name}”?`}
      confirmLabel="Delete collection"
      failure="The collection could not be deleted."
      onConfirm={onConfirm}
      onClose={onClose}
      testId="delete-collection-dialog"
      confirmTestId="confirm-delete-collection-button"
    >
      <p>{kept} Only the collection goes, with its name.</p>
      <p>Undo brings it back.</p>
    </ConfirmDeleteDialog>
  );
}
