/**
 * Choosing between two computers' edits of a text: a modal dialog showing each passage they changed
 * differently side by side (left the earlier edit, right the later, which the text shows until now),
 * what it said before both, and a choice for each — keep left, keep right or keep both — that starts
 * on the later edit. "Keep these versions" saves the choices as a new revision; Escape cancels.
 */
import { useId, useState, type ReactNode } from 'react';
import type { DocumentMeta } from '../../../../shared/model';
import type { TextConflicts } from '../../../../shared/sync';
import { useModalDialog } from '../../ui/use-dialog';
import { useServices } from '../../app/services/use-services';
import { errorMessage } from '../../ui/error-message';
import { DialogButtons, ProblemAlert } from '../../ui/DialogButtons';

/** What the reader keeps of one passage: the earlier edit (`a`), the later (`b`), or both in turn. */
type Choice = 'a' | 'b' | 'both';

const CHOICES: readonly { readonly value: Choice; readonly label: string }[] = [
  { value: 'a', label: 'Keep left' },
  { value: 'b', label: 'Keep right' },
  { value: 'both', label: 'Keep both' },
];

/** Props of {@link TextConflictDialog}. */
export interface TextConflictDialogProps {
  readonly conflicts: TextConflicts;
  readonly onClose: () => void;
  /** Called with the document once the choices are saved. */
  readonly onResolved: (meta: DocumentMeta) => void;
}

/** Renders the dialog, open and modal. */
export function TextConflictDialog({ conflicts, onClose, onResolved }: TextConflictDialogProps): ReactNode {
  const { api } = useServices();
  const [choices, setChoices] = useState<readonly Choice[]>(() => conflicts.conflicts.map(() => 'b'));
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const modal = useModalDialog(onClose, !saving);
  const id = useId();
  const { a: earlier, b: later } = conflicts.editors;
  const total = conflicts.conflicts.length;

  const save = (): void => {
    setSaving(true);
    setProblem(null);
    api
      .resolveTextConflicts({ documentId: conflicts.documentId, choices: [...choices] })
      .then(onResolved, (thrown: unknown) => {
        setSaving(false);
        setProblem(errorMessage(thrown, 'Your choices could not be saved. Try again.'));
      });
  };

  return (
    <dialog
      {...modal}
      className="dialog conflict-dialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-intro`}
      data-testid="text-conflict-dialog"
    >
      <h2 id={`${id}-title`}>Compare the two edits</h2>
      <p id={`${id}-intro`}>
        On the left the earlier edit{earlier === null ? '' : ` (${earlier})`}, on the right the later one
        {later === null ? '' : ` (${later})`}, which the text shows now. Choose what to keep of each passage.
      </p>
      <ol className="conflict-list">
        {conflicts.conflicts.map((conflict, index) => (
          <li key={index} className="conflict" data-testid="text-conflict">
            <fieldset>
              <legend>{total === 1 ? 'The passage' : `Passage ${index + 1} of ${total}`}</legend>
              <details className="conflict-base">
                <summary>Before both edits</summary>
                <Paragraphs lines={conflict.base} />
              </details>
              <div className="conflict-sides">
                <section
                  className="conflict-side"
                  aria-label="Left: the earlier edit"
                  data-testid="conflict-left"
                >
                  <h3>{earlier === null ? 'Earlier edit' : `${earlier}’s earlier edit`}</h3>
                  <Paragraphs lines={conflict.a} />
                </section>
                <section
                  className="conflict-side"
                  aria-label="Right: the later edit"
                  data-testid="conflict-right"
                >
                  <h3>{later === null ? 'Later edit' : `${later}’s later edit`}</h3>
                  <Paragraphs lines={conflict.b} />
                </section>
              </div>
              <div className="conflict-choices">
                {CHOICES.map(({ value, label }) => (
                  <label key={value}>
                    <input
                      type="radio"
                      name={`${id}-choice-${index}`}
                      value={value}
                      checked={choices[index] === value}
                      disabled={saving}
                      onChange={() => setChoices((all) => all.map((c, at) => (at === index ? value : c)))}
                    />
                    {label}
                  </label>
                ))}
              </div>
            </fieldset>
          </li>
        ))}
      </ol>
      <ProblemAlert problem={problem} />
      <DialogButtons
        label="Keep these versions"
        busyLabel="Saving…"
        busy={saving}
        testId="keep-versions-button"
        onConfirm={save}
        onCancel={onClose}
      />
    </dialog>
  );
}

/** A passage's paragraphs, or a word that it has none (that edit deleted it). */
function Paragraphs({ lines }: { readonly lines: readonly string[] }): ReactNode {
  if (lines.length === 0) return <p className="conflict-empty">(deleted)</p>;
  return (
    <div className="conflict-text">
      {lines.map((line, index) => (
        <p key={index}>{line}</p>
      ))}
    </div>
  );
}
