/** Edit › Undo and Redo from the app's menu: the focused field's own undo, or Scholia's undo stack. */
import { describe, expect, it } from 'vitest';
import type { MenuCommand } from '../../../../shared/host';
import { isMenuCommand } from '../../../../shared/host';
import { NoticeStore } from '../notices/notice-store';
import { UndoStack } from './undo-stack';
import { hasOwnUndo, redoAction, runMenuCommand, undoAction } from './undo-redo';

/** An undo stack holding one step that flips `state.value`, the actions over it, and the field steps asked for. */
function setUp() {
  const undo = new UndoStack();
  const notices = new NoticeStore();
  const state = { value: 'after' };
  undo.record({
    label: 'Recolour highlight',
    undo: () => {
      state.value = 'before';
      return Promise.resolve();
    },
    redo: () => {
      state.value = 'after';
      return Promise.resolve();
    },
  });
  const fieldSteps: MenuCommand[] = [];
  const targets = {
    undo: undoAction(undo, notices),
    redo: redoAction(undo, notices),
    fieldStep: (command: MenuCommand) => fieldSteps.push(command),
  };
  return { undo, notices, state, fieldSteps, targets };
}

/** Resolves with the next notice shown: an undo or redo reports its outcome once it has run. */
function nextNotice(notices: NoticeStore): Promise<string> {
  return new Promise((resolve) => {
    const stop = notices.subscribe(() => {
      const last = notices.getSnapshot().at(-1);
      if (last === undefined) return;
      stop();
      resolve(last.message);
    });
  });
}

describe('hasOwnUndo', () => {
  it('is true for text inputs, text areas and editable content, false elsewhere', () => {
    expect(hasOwnUndo({ tagName: 'INPUT' })).toBe(true);
    expect(hasOwnUndo({ tagName: 'textarea' })).toBe(true);
    expect(hasOwnUndo({ tagName: 'DIV', isContentEditable: true })).toBe(true);
    expect(hasOwnUndo({ tagName: 'DIV', isContentEditable: false })).toBe(false);
    expect(hasOwnUndo({ tagName: 'BUTTON' })).toBe(false);
    expect(hasOwnUndo(null)).toBe(false);
  });
});

describe('runMenuCommand', () => {
  it('takes a step on Scholia’s undo stack when no text field has the keyboard', async () => {
    const { notices, state, fieldSteps, targets } = setUp();
    const undone = nextNotice(notices);
    runMenuCommand('undo', { tagName: 'BODY' }, targets);
    expect(await undone).toBe('Undid: Recolour highlight');
    expect(state.value).toBe('before');
    expect(fieldSteps).toEqual([]);

    const redone = nextNotice(notices);
    runMenuCommand('redo', null, targets);
    expect(await redone).toBe('Redid: Recolour highlight');
    expect(state.value).toBe('after');
  });

  it('leaves Scholia’s stack alone and undoes the field’s own typing when a field has the keyboard', () => {
    const { undo, state, fieldSteps, targets } = setUp();
    runMenuCommand('undo', { tagName: 'INPUT' }, targets);
    runMenuCommand('redo', { tagName: 'DIV', isContentEditable: true }, targets);
    expect(fieldSteps).toEqual(['undo', 'redo']);
    expect(state.value).toBe('after');
    expect(undo.getSnapshot().undoLabel).toBe('Recolour highlight');
  });
});

describe('isMenuCommand', () => {
  it('accepts only undo and redo from the menu channel', () => {
    expect(isMenuCommand('undo')).toBe(true);
    expect(isMenuCommand('redo')).toBe(true);
    expect(isMenuCommand('quit')).toBe(false);
    expect(isMenuCommand(undefined)).toBe(false);
  });
});
