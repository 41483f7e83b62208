/**
 * The parts of the reader that belong to edit mode: the toolbar's "Clean text" / "Done" toggle, and
 * the bar under the header that says the text is being edited, how, and what went wrong with a save.
 */
import type { ReactNode } from 'react';
import type { Action } from '../../app/actions/action';
import { ariaShortcut, displayShortcut } from '../../app/actions/shortcut';
import type { EditPhase } from './use-text-editing';

/** Props of {@link EditToggle}. */
export interface EditToggleProps {
  readonly action: Action;
  readonly phase: EditPhase;
}

/** The toolbar button that starts and finishes editing the text. */
export function EditToggle({ action, phase }: EditToggleProps): ReactNode {
  const editing = phase === 'editing' || phase === 'saving';
  const keys = action.shortcuts.map(ariaShortcut).join(' ');
  const label =
    phase === 'preparing' ? 'Preparing…' : phase === 'saving' ? 'Saving…' : editing ? 'Done' : 'Clean text';
  const shortcut = action.shortcuts[0];
  return (
    <button
      type="button"
      className={editing ? 'button button-primary' : 'button button-quiet'}
      data-testid="edit-text-button"
      aria-pressed={editing}
      aria-keyshortcuts={keys}
      title={
        editing
          ? `Save the edited text (${shortcut === undefined ? '' : displayShortcut(shortcut)})`
          : `Edit the text: delete clutter, fix typos (${shortcut === undefined ? '' : displayShortcut(shortcut)})`
      }
      disabled={phase === 'preparing' || phase === 'saving'}
      // Keeps the caret in the text, so Done saves exactly what was typed.
      onMouseDown={(event) => event.preventDefault()}
      onClick={() => action.perform()}
    >
      {label}
    </button>
  );
}

/** Props of {@link EditBar}. */
export interface EditBarProps {
  readonly phase: EditPhase;
  readonly problem: string | null;
  /** Drops the edit and opens the text as it is saved. */
  readonly onReload?: () => void;
}

/** The bar shown while the text is being edited. */
export function EditBar({ phase, problem, onReload }: EditBarProps): ReactNode {
  return (
    <div className="text-row">
      <section className="edit-bar" aria-label="Editing the text" data-testid="edit-bar">
        <p>
          <strong>Cleaning the text.</strong> Delete clutter, fix typos; Enter splits a paragraph, Backspace
          at its start joins it to the one before. Highlights follow their words.{' '}
          {phase === 'saving' ? 'Saving…' : 'Press Done (Ctrl+E) to save.'}
        </p>
        {problem === null ? null : (
          <div className="edit-problem" role="alert" data-testid="edit-problem">
            <p>{problem}</p>
            <p>
              Your edit is still here. Copy what you need from it, or reload the saved text (this drops the
              edit).
            </p>
            {onReload === undefined ? null : (
              <button type="button" className="button button-quiet" onClick={onReload}>
                Reload saved text
              </button>
            )}
          </div>
        )}
      </section>
    </div>
  );
}
