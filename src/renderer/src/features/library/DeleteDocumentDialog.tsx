/**
 * Asking before a document is deleted: a modal dialog that says what goes with it (its highlights
 * and comments) and that it cannot be undone. Cancel is the default; Escape cancels.
 */
import { useEffect, useState, type ReactNode } from 'react';
import { displayTitle, type DocumentMeta } from '../../../../shared/model';
import { useServices } from '../../app/services/use-services';
import { ConfirmDeleteDialog } from '../../ui/ConfirmDeleteDialog';

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

  return (
    <ConfirmDeleteDialog
      title={`Delete “${displayTitle(document)}”?`}
      confirmLabel="Delete document"
      failure="The document could not be deleted."
      onConfirm={onConfirm}
      onClose={onClose}
      testId="delete-dialog"
      confirmTestId="confirm-delete-button"
    >
      <p>{annotationWords(count)}</p>
      <p>The file you imported it from is not touched. This cannot be undone.</p>
    </ConfirmDeleteDialog>
  );
}
