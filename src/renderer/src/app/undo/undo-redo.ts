/**
 * Undo and redo: Ctrl/⌘+Z takes back the reader's last change to the library (a highlight, a colour,
 * a tag, an edit of the text), Shift+Ctrl/⌘+Z or Ctrl+Y does it again. A text field with its own undo
 * (a title, a comment, the text in edit mode) keeps these keys for itself. A notice says what was
 * undone, or why it could not be. Edit › Undo and Redo in the app's menu do the same, by where the
 * keyboard is: in a text field, the field's own undo; elsewhere, Scholia's.
 */
import type { MenuCommand } from '../../../../shared/host';
import { errorMessage } from '../../ui/error-message';
import type { NoticeStore } from '../notices/notice-store';
import type { UndoOutcome, UndoStack } from './undo-stack';
import type { Action } from '../actions/action';
import type { KeyTarget } from '../actions/shortcut';

/** Tells the reader what an undo or redo came to. */
export function reportUndo(notices: NoticeStore, half: 'undo' | 'redo', outcome: UndoOutcome): void {
  switch (outcome.status) {
    case 'done':
      notices.show('info', `${half === 'undo' ? 'Undid' : 'Redid'}: ${outcome.label}`);
      return;
    case 'empty':
      notices.show('info', half === 'undo' ? 'There is nothing to undo.' : 'There is nothing to redo.');
      return;
    case 'failed':
      notices.show(
        'error',
        `“${outcome.label}” could not be ${half === 'undo' ? 'undone' : 'redone'}: ${errorMessage(
          outcome.error,
          'the library refused it.',
        )} It has been taken off the list of steps to ${half}.`,
      );
  }
}

function stepAction(undo: UndoStack, notices: NoticeStore, half: 'undo' | 'redo'): Action {
  return {
    name: half,
    label: half === 'undo' ? 'Undo' : 'Redo',
    shortcuts:
      half === 'undo'
        ? [{ key: 'z', mod: true, shift: false }]
        : [
            { key: 'z', mod: true, shift: true },
            { key: 'y', mod: true, shift: false },
          ],
    isEnabled: () => true,
    perform() {
      void undo[half]().then((outcome) => reportUndo(notices, half, outcome));
    },
  };
}

/** The `undo` action (Ctrl/⌘+Z). */
export function undoAction(undo: UndoStack, notices: NoticeStore): Action {
  return stepAction(undo, notices, 'undo');
}

/** The `redo` action (Shift+Ctrl/⌘+Z, Ctrl/⌘+Y). */
export function redoAction(undo: UndoStack, notices: NoticeStore): Action {
  return stepAction(undo, notices, 'redo');
}

const TEXT_FIELDS = new Set(['INPUT', 'TEXTAREA']);

/** Whether `target` keeps an undo history of its own: a text field, or editable content (a comment, the text in edit mode). */
export function hasOwnUndo(target: KeyTarget | null): boolean {
  if (target === null) return false;
  if (target.isContentEditable === true) return true;
  return target.tagName !== undefined && TEXT_FIELDS.has(target.tagName.toUpperCase());
}

/** What {@link runMenuCommand} needs: the app's undo and redo actions, and the focused field's own step. */
export interface MenuCommandTargets {
  readonly undo: Action;
  readonly redo: Action;
  /** Undoes or redoes typing in the focused field. */
  readonly fieldStep: (command: MenuCommand) => void;
}

/**
 * Carries out Edit › Undo or Redo chosen in the app's menu: the field that has the keyboard (`focused`)
 * takes back its own typing; anywhere else Scholia's undo stack takes the step.
 */
export function runMenuCommand(
  command: MenuCommand,
  focused: KeyTarget | null,
  targets: MenuCommandTargets,
): void {
  if (hasOwnUndo(focused)) targets.fieldStep(command);
  else targets[command].perform();
}
