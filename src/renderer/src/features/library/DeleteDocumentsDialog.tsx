/**
 * Asking before several selected documents are deleted: a modal dialog that says how many, that their
 * highlights and comments go with them and that it cannot be undone. Cancel is the default; Escape cancels.
 */
import type { ReactNode } from 'react';
import { ConfirmDeleteDialog } from '../../ui/ConfirmDeleteDialog';

/** Props of {@link DeleteDocumentsDialog}. */
export interface DeleteDocumentsDialogProps {
  readonly count: number;
  /** Deletes the documents; rejects with a reader-facing error when one cannot be deleted. */
  readonly onConfirm: () => Promise<void>;
  readonly onClose: () => void;
}

/** Renders the dialog, open and modal. */
export function DeleteDocumentsDialog({ count, onConfirm, onClose }: DeleteDocumentsDialogProps): ReactNode {
  const many = `${new Intl.NumberFormat().format(count)} ${count === 1 ? 'document' : 'documents'}`;
  return (
    <ConfirmDeleteDialog
      title={`Delete ${many}?`}
      confirmLabel={`Delete ${many}`}
      failure="Not every document could be deleted."
      onConfirm={onConfirm}
      onClose={onClose}
      testId="delete-selected-dialog"
      confirmTestId="confirm-delete-selected-button"
    >
      <p>Any highlights and comments you made in them are deleted with them.</p>
      <p>The files you imported them from are not touched. This cannot be undone.</p>
    </ConfirmDeleteDialog>
  );
}
