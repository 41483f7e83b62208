/**
 * The library's damaged, missing or shortened files, as core finds them, and restoring them from
 * their backups: "Restore 16 annotations of «USSR 1989» from this morning's backup". A modal dialog
 * that checks on opening; Restore asks core to repair (the damaged files are kept aside, never
 * overwritten) and shows what it did and what is left, with what to do about each.
 */
import { useEffect, useId, useState, type ReactNode } from 'react';
import { restoreLabel, type LibraryHealth, type LibraryProblem } from '../../../../shared/library-health';
import { useServices } from '../../app/services/use-services';
import { DialogButtons, ProblemAlert } from '../../ui/DialogButtons';
import { errorMessage } from '../../ui/error-message';
import { useModalDialog } from '../../ui/use-dialog';

/** Props of {@link LibraryHealthDialog}. */
export interface LibraryHealthDialogProps {
  readonly onClose: () => void;
}

/** What the confirm button says for the repairable `problems`. */
function restoreButtonLabel(problems: readonly LibraryProblem[], now: Date): string {
  const repairable = problems.filter((problem) => problem.repairable);
  if (repairable.length === 1 && repairable[0] !== undefined)
    return restoreLabel(repairable[0], now) ?? 'Restore';
  return `Restore ${String(repairable.length)} files from their backups`;
}

/** What a problem is about, in the reader's words: the first line of its entry. */
function problemTitle(problem: LibraryProblem): string {
  const about =
    problem.document === undefined
      ? problem.kind.startsWith('own-log')
        ? "This computer's changes to the library"
        : "Another computer's changes"
      : problem.kind === 'text-missing' || problem.kind === 'text-damaged'
        ? `The text of «${problem.document.title}»`
        : problem.kind === 'original-damaged'
          ? `The original file of «${problem.document.title}»`
          : `This computer's highlights and notes in «${problem.document.title}»`;
  const state = problem.kind.endsWith('-missing')
    ? 'missing'
    : problem.kind.endsWith('-short')
      ? 'cut short'
      : 'damaged';
  return `${about}: ${state}`;
}

/** Renders the dialog, open and modal. */
export function LibraryHealthDialog({ onClose }: LibraryHealthDialogProps): ReactNode {
  const { api } = useServices();
  const [health, setHealth] = useState<LibraryHealth | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [restoring, setRestoring] = useState(false);
  const modal = useModalDialog(onClose, !restoring);
  const id = useId();
  const now = new Date();

  useEffect(() => {
    let current = true;
    api.checkLibrary({}).then(
      (found) => {
        if (current) setHealth(found);
      },
      (thrown: unknown) => {
        if (current) setFailure(errorMessage(thrown, 'The library could not be checked.'));
      },
    );
    return () => {
      current = false;
    };
  }, [api]);

  const restore = (): void => {
    setRestoring(true);
    setFailure(null);
    api.repairLibrary({}).then(
      (repaired) => {
        setHealth(repaired);
        setRestoring(false);
      },
      (thrown: unknown) => {
        setRestoring(false);
        setFailure(errorMessage(thrown, 'The backups could not be restored. Nothing was changed.'));
      },
    );
  };

  const problems = health?.problems ?? [];
  const repairableCount = problems.filter((problem) => problem.repairable).length;
  const repairable = repairableCount > 0;
  return (
    <dialog
      {...modal}
      className="dialog library-health-dialog"
      aria-labelledby={`${id}-title`}
      aria-busy={health === null || restoring}
      data-testid="library-health-dialog"
    >
      <h2 id={`${id}-title`}>Library check</h2>
      {health === null && failure === null ? <p role="status">Checking every file of the library…</p> : null}
      {health !== null && health.repairs.length > 0 ? (
        <ul className="library-health-repairs" data-testid="library-health-repairs">
          {health.repairs.map((repair) => (
            <li key={repair.file} className={repair.restored ? 'library-health-restored' : undefined}>
              {repair.message}
            </li>
          ))}
        </ul>
      ) : null}
      {health !== null && problems.length === 0 ? (
        <p role="status" data-testid="library-health-sound">
          No damaged or missing files: everything the library holds reads as it was saved.
        </p>
      ) : null}
      {problems.length > 0 ? (
        <ul className="library-health-problems" data-testid="library-health-problems">
          {problems.map((problem) => (
            <li key={`${problem.kind}:${problem.file}`} data-testid="library-health-problem">
              <p className="library-health-what">{problemTitle(problem)}</p>
              <p className="library-health-message">{problem.message}</p>
              {problem.repairable && repairableCount === 1 ? null : (
                <p className="library-health-advice">
                  {problem.repairable
                    ? (restoreLabel(problem, now) ?? problem.advice)
                    : `What to do: ${problem.advice}`}
                </p>
              )}
            </li>
          ))}
        </ul>
      ) : null}
      {repairable ? (
        <p className="library-health-note">
          Each damaged file is first kept in the library&rsquo;s local/…/damaged/ folder, and changes saved
          since the backup are kept.
        </p>
      ) : null}
      <ProblemAlert problem={failure} testId="library-health-failure" />
      {repairable ? (
        <DialogButtons
          label={restoreButtonLabel(problems, now)}
          busyLabel="Restoring…"
          busy={restoring}
          onConfirm={restore}
          autoFocus="confirm"
          testId="library-health-confirm"
          cancelLabel="Close"
          onCancel={onClose}
        />
      ) : (
        <div className="dialog-buttons">
          {/* Drawn once the check is done, so it takes the focus then. */}
          <button
            type="button"
            className="button"
            autoFocus
            disabled={health === null && failure === null}
            data-testid="library-health-close"
            onClick={onClose}
          >
            Close
          </button>
        </div>
      )}
    </dialog>
  );
}
