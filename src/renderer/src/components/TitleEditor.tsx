/** Editing a document's title in place: Enter (or leaving the field) saves, Escape cancels. */
import { useEffect, useRef, useState, type ReactNode } from 'react';

/** Props of {@link TitleEditor}. */
export interface TitleEditorProps {
  readonly initial: string;
  /** Saves the title; rejects with a reader-facing error when it cannot. */
  readonly onSave: (title: string) => Promise<void>;
  /** Ends editing (after saving, or to cancel). */
  readonly onDone: () => void;
}

/** Renders the title field, focused with its text selected. */
export function TitleEditor({ initial, onSave, onDone }: TitleEditorProps): ReactNode {
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
    const title = input.current?.value.trim() ?? '';
    if (title === initial.trim()) {
      finish();
      return;
    }
    if (title === '') {
      setProblem('A title cannot be empty. Type one, or press Escape to keep the old title.');
      return;
    }
    setSaving(true);
    onSave(title).then(finish, (thrown: unknown) => {
      setSaving(false);
      setProblem(thrown instanceof Error ? thrown.message : String(thrown));
      input.current?.focus();
    });
  };

  return (
    <span className="title-editor">
      <input
        ref={input}
        className="title-input"
        data-testid="document-title-input"
        aria-label="Title"
        aria-invalid={problem !== null}
        aria-describedby={problem === null ? undefined : 'title-editor-problem'}
        defaultValue={initial}
        disabled={saving}
        maxLength={10_000}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            event.preventDefault();
            save();
          } else if (event.key === 'Escape') {
            event.preventDefault();
            finish();
          }
        }}
        onBlur={save}
      />
      {problem === null ? null : (
        <span id="title-editor-problem" className="field-problem" role="alert">
          {problem}
        </span>
      )}
    </span>
  );
}
