/**
 * A small modal dialog asking for a page's name: where a page of the original starts ("Page starts
 * here…"), or which page to go to. The name is checked as the reader types once they have tried to
 * confirm it, and on confirming; Escape or Cancel changes nothing. A page that starts at the caret
 * already can also have its marker removed from here.
 */
import { useId, useState, type ReactNode } from 'react';
import { errorMessage } from '../../ui/error-message';
import { DialogButtons, ProblemAlert } from '../../ui/DialogButtons';
import { useModalDialog } from '../../ui/use-dialog';

/** Props of {@link PageNameDialog}. */
export interface PageNameDialogProps {
  readonly title: string;
  /** What the dialog is about, under its title. */
  readonly description: string;
  /** The field's label. */
  readonly label: string;
  /** The name the field starts with. */
  readonly initial: string;
  /** The confirm button's label, e.g. `Set page`. */
  readonly confirmLabel: string;
  /** What is wrong with a name, in words for the reader, or null when it will do. */
  readonly validate: (name: string) => string | null;
  /** Does the dialog's work with the trimmed name; rejects with a reader-facing error when it cannot. */
  readonly onConfirm: (name: string) => Promise<void>;
  /** Removes the page marker the dialog is about, when there is one; rejects like `onConfirm`. */
  readonly onRemove?: () => Promise<void>;
  readonly onClose: () => void;
  readonly testId: string;
}

/** Renders the dialog, open and modal, with its field focused and its name selected. */
export function PageNameDialog({
  title,
  description,
  label,
  initial,
  confirmLabel,
  validate,
  onConfirm,
  onRemove,
  onClose,
  testId,
}: PageNameDialogProps): ReactNode {
  const id = useId();
  const [name, setName] = useState(initial);
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const modal = useModalDialog(onClose, !busy);
  const problem = tried ? validate(name) : null;

  const run = (work: () => Promise<void>, fallback: string): void => {
    setBusy(true);
    setFailure(null);
    work().then(onClose, (thrown: unknown) => {
      setBusy(false);
      setFailure(errorMessage(thrown, fallback));
    });
  };

  const confirm = (): void => {
    if (busy) return;
    setTried(true);
    if (validate(name) !== null) return;
    run(() => onConfirm(name.trim()), 'That did not work. Nothing was changed.');
  };

  const described = [`${id}-description`, ...(problem === null ? [] : [`${id}-problem`])].join(' ');
  return (
    <dialog {...modal} className="dialog page-dialog" aria-labelledby={`${id}-title`} data-testid={testId}>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          confirm();
        }}
      >
        <h2 id={`${id}-title`}>{title}</h2>
        <p id={`${id}-description`}>{description}</p>
        <label className="page-dialog-field">
          <span className="page-dialog-label">{label}</span>
          <input
            type="text"
            className="text-field"
            value={name}
            autoFocus
            autoComplete="off"
            spellCheck={false}
            disabled={busy}
            data-testid="page-name-input"
            aria-invalid={problem === null ? undefined : true}
            aria-describedby={described}
            onFocus={(event) => event.target.select()}
            onChange={(event) => setName(event.target.value)}
          />
          {problem === null ? null : (
            <span id={`${id}-problem`} className="field-problem" data-testid="page-name-problem">
              {problem}
            </span>
          )}
        </label>
        <ProblemAlert problem={failure} />
        <DialogButtons label={confirmLabel} busy={busy} testId="page-name-confirm" onCancel={onClose}>
          {onRemove === undefined ? null : (
            <button
              type="button"
              className="button button-quiet button-danger-text page-dialog-remove"
              data-testid="remove-page-marker"
              disabled={busy}
              onClick={() => run(onRemove, 'The page marker could not be removed. Nothing was changed.')}
            >
              Remove marker
            </button>
          )}
        </DialogButtons>
      </form>
    </dialog>
  );
}
