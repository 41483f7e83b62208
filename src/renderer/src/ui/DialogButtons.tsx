/**
 * The foot of a dialog: Cancel (or Close) and the button that does the dialog's work, which says what
 * it is doing while it runs; neither can be pressed meanwhile. What goes before them (a status line,
 * another button) comes as children. And the line that tells the reader what went wrong.
 */
import type { ReactNode } from 'react';

/** Props of {@link DialogButtons}. */
export interface DialogButtonsProps {
  /** The confirm button's label, e.g. `Save`. */
  readonly label: string;
  /** Its label while the work runs, e.g. `Saving…`. */
  readonly busyLabel?: string;
  /** Whether the work runs: both buttons wait. */
  readonly busy?: boolean;
  /** Does the work; left out, the confirm button submits the dialog's form. */
  readonly onConfirm?: () => void;
  /** The confirm button cannot be pressed either while this holds (nothing to do yet). */
  readonly disabled?: boolean;
  /** A deletion: the confirm button is drawn as a danger. */
  readonly danger?: boolean;
  /** The button that has the focus when the dialog opens, if one of these. */
  readonly autoFocus?: 'cancel' | 'confirm';
  readonly testId: string;
  /** The cancel button's label (default `Cancel`). */
  readonly cancelLabel?: string;
  readonly onCancel: () => void;
  /** Shown before the buttons. */
  readonly children?: ReactNode;
}

/** Renders the buttons in the dialog's `dialog-buttons` row. */
export function DialogButtons({
  label,
  busyLabel = label,
  busy = false,
  onConfirm,
  disabled = false,
  danger = false,
  autoFocus,
  testId,
  cancelLabel = 'Cancel',
  onCancel,
  children,
}: DialogButtonsProps): ReactNode {
  return (
    <div className="dialog-buttons">
      {children}
      <button
        type="button"
        className="button button-quiet"
        autoFocus={autoFocus === 'cancel'}
        disabled={busy}
        onClick={onCancel}
      >
        {cancelLabel}
      </button>
      <button
        type={onConfirm === undefined ? 'submit' : 'button'}
        className={danger ? 'button button-danger' : 'button button-primary'}
        data-testid={testId}
        autoFocus={autoFocus === 'confirm'}
        disabled={busy || disabled}
        onClick={onConfirm}
      >
        {busy ? busyLabel : label}
      </button>
    </div>
  );
}

/** What went wrong, read out as it appears (`role="alert"`); nothing while `problem` is null. */
export function ProblemAlert({
  problem,
  className,
  testId,
}: {
  readonly problem: ReactNode;
  /** Classes besides `field-problem`. */
  readonly className?: string;
  readonly testId?: string;
}): ReactNode {
  if (problem === null || problem === undefined) return null;
  return (
    <p
      className={className === undefined ? 'field-problem' : `field-problem ${className}`}
      role="alert"
      data-testid={testId}
    >
      {problem}
    </p>
  );
}
