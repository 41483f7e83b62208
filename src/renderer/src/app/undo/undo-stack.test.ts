import { describe, expect, it } from 'vitest';
import { UndoStack, type UndoEntry } from './undo-stack';

/** An entry over a shared log, so tests can see what ran and in which order. */
function entry(label: string, log: string[], fail: { undo?: boolean; redo?: boolean } = {}): UndoEntry {
  return {
    label,
    undo: () =>
      fail.undo === true
        ? Promise.reject(new Error(`cannot undo ${label}`))
        : (log.push(`undo ${label}`), Promise.resolve()),
    redo: () =>
      fail.redo === true
        ? Promise.reject(new Error(`cannot redo ${label}`))
        : (log.push(`redo ${label}`), Promise.resolve()),
  };
}

describe('UndoStack', () => {
  it('undoes in reverse order and redoes what was undone', async () => {
    const log: string[] = [];
    const stack = new UndoStack();
    stack.record(entry('a', log));
    stack.record(entry('b', log));
    expect(stack.getSnapshot().undoLabel).toBe('b');
    expect(await stack.undo()).toEqual({ status: 'done', label: 'b' });
    expect(await stack.undo()).toEqual({ status: 'done', label: 'a' });
    expect(await stack.undo()).toEqual({ status: 'empty' });
    expect(stack.getSnapshot()).toEqual({ undoLabel: null, redoLabel: 'a', busy: false });
    expect(await stack.redo()).toEqual({ status: 'done', label: 'a' });
    expect(log).toEqual(['undo b', 'undo a', 'redo a']);
    expect(stack.getSnapshot()).toEqual({ undoLabel: 'a', redoLabel: 'b', busy: false });
  });

  it('forgets what could be redone once a new step is recorded', async () => {
    const log: string[] = [];
    const stack = new UndoStack();
    stack.record(entry('a', log));
    await stack.undo();
    stack.record(entry('c', log));
    expect(await stack.redo()).toEqual({ status: 'empty' });
    expect(stack.getSnapshot().undoLabel).toBe('c');
  });

  it('runs calls made together one after the other', async () => {
    const log: string[] = [];
    const stack = new UndoStack();
    stack.record(entry('a', log));
    stack.record(entry('b', log));
    const outcomes = await Promise.all([stack.undo(), stack.undo(), stack.redo()]);
    expect(outcomes.map((o) => o.status)).toEqual(['done', 'done', 'done']);
    expect(log).toEqual(['undo b', 'undo a', 'redo a']);
  });

  it('drops an entry whose undo fails and keeps the others', async () => {
    const log: string[] = [];
    const stack = new UndoStack();
    stack.record(entry('a', log));
    stack.record(entry('b', log, { undo: true }));
    const failed = await stack.undo();
    expect(failed.status).toBe('failed');
    expect(failed.status === 'failed' ? String(failed.error) : '').toContain('cannot undo b');
    expect(stack.getSnapshot()).toEqual({ undoLabel: 'a', redoLabel: null, busy: false });
    expect(await stack.undo()).toEqual({ status: 'done', label: 'a' });
  });

  it('keeps only the most recent steps', async () => {
    const log: string[] = [];
    const stack = new UndoStack(2);
    stack.record(entry('a', log));
    stack.record(entry('b', log));
    stack.record(entry('c', log));
    await stack.undo();
    await stack.undo();
    expect(await stack.undo()).toEqual({ status: 'empty' });
    expect(log).toEqual(['undo c', 'undo b']);
  });
});
