/**
 * Naming something in place (a collection, a document's title): Enter saves, Escape cancels, leaving
 * the field saves what was typed. An empty field cancels, or is refused with `emptyProblem` when a
 * name is required. A name core refuses stays in the field with the reason.
 */
import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { errorMessage } from './error-message';

/** Props of {@link NameField}. */
export interface NameFieldProps {
  /** The field's accessible name. */
  readonly label: string;
  readonly initial: string;
  readonly testId?: string;
  /** Saves the name; rejects with a reader-facing error when it cannot. */
  readonly onSave: (name: string) => Promise<void>;
  /** Ends naming (after saving, or to cancel). */
  readonly onDone: () => void;
  /** When set, an empty name is refused with this message instead of cancelling. */
  readonly emptyProblem?: string;
  /** The longest name accepted (default 200). */
  readonly maxLength?: number;
  /** Class names of the wrapper and the input (default `name-field`, `name-field-input`). */
  readonly classNames?: { readonly wrapper: string; readonly input: string };
}

/**
 * The keys of a field that names something: Enter saves, Escape cancels, and no key reaches the app's
 * shortcuts behind the field.
 */
export function namingKey(event: KeyboardEvent, save: () => void, cancel: () => void): void {
  event.stopPropagation();
  if (event.key === 'Enter') {
    event.preventDefault();
    save();
  } else if (event.key === 'Escape') {
    event.preventDefault();
    cancel();
  }
}

/** Renders the field, focused with its text selected. */
export function NameField({
  label,
  initial,
  testId,
  onSave,
  onDone,
  emptyProblem,
  maxLength = 200,
  classNames = { wrapper: 'name-field', input: 'name-field-input' },
}: NameFieldProps): ReactNode {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const finished = useRef(false);
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, []);

  const finish = (): void => {
    finished.current = true;
    onDone();
  };

  const save = (): void => {
    if (finished.current || saving) return;
    const name = input.current?.value.trim() ?? '';
    if (name === initial.trim() || (name === '' && emptyProblem === undefined)) {
      finish();
      return;
    }
    if (name === '') {
      setProblem(emptyProblem ?? null);
      return;
    }
    setSaving(true);
    onSave(name).then(finish, (thrown: unknown) => {
      setSaving(false);
      setProblem(errorMessage(thrown, 'The name could not be saved.'));
      input.current?.focus();
    });
  };

  return (
    <span className={classNames.wrapper}>
      <input
        ref={input}
        className={classNames.input}
        data-testid={testId}
        aria-label={label}
        aria-invalid={problem !== null}
        aria-describedby={problem === null ? undefined : `${id}-problem`}
        defaultValue={initial}
        disabled={saving}
        maxLength={maxLength}
        onKeyDown={(event) => namingKey(event, save, finish)}
        // A refused name stays in the field until the reader changes it or presses Escape.
        onBlur={() => {
          if (problem === null) save();
        }}
        onChange={() => setProblem(null)}
      />
      {problem === null ? null : (
        <span id={`${id}-problem`} className="field-problem" role="alert">
          {problem}
        </span>
      )}
    </span>
  );
}
