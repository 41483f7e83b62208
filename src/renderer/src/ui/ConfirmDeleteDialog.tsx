/**
 * Asking before something is deleted: a modal dialog with what goes and what stays, Cancel as the
 * default, Escape to cancel (not while the deletion runs), and the reason when the deletion fails.
 * The document, documents and collection dialogs are this one with their own words.
 */
import { useId, useState, type ReactNode } from 'react';
import { useModalDialog } from './use-dialog';
import { errorMessage } from './error-message';
import { DialogButtons, ProblemAlert } from './DialogButtons';

/** Props of {@link ConfirmDeleteDialog}. */
export interface ConfirmDeleteDialogProps {
  /** The question, e.g. `Delete “Title”?`. */
  readonly title: ReactNode;
  /** What the deletion does, as paragraphs. */
  readonly children: ReactNode;
  /** The confirm button's label, e.g. `Delete document`. */
  readonly confirmLabel: string;
  /** Shown when `onConfirm` rejects without a reader-facing message. */
  readonly failure: string;
  /** Deletes; rejects with a reader-facing error when it cannot. */
  readonly onConfirm: () => Promise<void>;
  readonly onClose: () => void;
  readonly testId: string;
  readonly confirmTestId: string;
}

/** Renders the dialog, open and modal. */
export function ConfirmDeleteDialog({
  title,
  children,
  confirmLabel,
  failure,
  onConfirm,
  onClose,
  testId,
  confirmTestId,
}: ConfirmDeleteDialogProps): ReactNode {
  const [deleting, setDeleting] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const modal = useModalDialog(onClose, !deleting);
  const id = useId();

  const confirm = (): void => {
    setDeleting(true);
    setProblem(null);
    onConfirm().then(
      () => onClose(),
      (thrown: unknown) => {
        setDeleting(false);
        setProblem(errorMessage(thrown, failure));
      },
    );
  };

  return (
    <dialog
      {...modal}
      className="dialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-body`}
      data-testid={testId}
    >
      <h2 id={`${id}-title`}>{title}</h2>
      <div id={`${id}-body`}>{children}</div>
      <ProblemAlert problem={problem} />
      <DialogButtons
        label={confirmLabel}
        busyLabel="Deleting…"
        busy={deleting}
        danger
        autoFocus="cancel"
        testId={confirmTestId}
        onConfirm={confirm}
        onCancel={onClose}
      />
    </dialog>
  );
}
