import { describe, expect, it } from 'vitest';
import type { Action } from './action';
import { ActionRegistry, type KeyEvent } from './registry';

interface Press extends KeyEvent {
  prevented: boolean;
}

function press(key: string, options: Partial<Omit<KeyEvent, 'key' | 'preventDefault'>> = {}): Press {
  const event: Press = {
    key,
    ctrlKey: false,
    metaKey: false,
    altKey: false,
    target: { tagName: 'BODY' },
    defaultPrevented: false,
    ...options,
    prevented: false,
    preventDefault() {
      event.prevented = true;
    },
  };
  return event;
}

function recording(name: string, key: string, log: string[], enabled = () => true, mod = false): Action {
  return { name, label: name, shortcuts: [{ key, mod }], isEnabled: enabled, perform: () => log.push(name) };
}

describe('the action registry', () => {
  it('performs the action bound to a key and keeps the browser from acting on it too', () => {
    const log: string[] = [];
    const registry = new ActionRegistry();
    registry.register([recording('highlight-selection', 'h', log)]);
    const event = press('H');
    expect(registry.handleKeydown(event)).toBe(true);
    expect(log).toEqual(['highlight-selection']);
    expect(event.prevented).toBe(true);
  });

  it('leaves letters typed into a title field to the field', () => {
    const log: string[] = [];
    const registry = new ActionRegistry();
    registry.register([recording('highlight-selection', 'h', log)]);
    const event = press('h', { target: { tagName: 'INPUT' } });
    expect(registry.handleKeydown(event)).toBe(false);
    expect(log).toEqual([]);
    expect(event.prevented).toBe(false);
  });

  it('still acts on keys pressed on a checkbox, which takes no typing', () => {
    const log: string[] = [];
    const registry = new ActionRegistry();
    registry.register([recording('open-codebook', 't', log)]);
    expect(registry.handleKeydown(press('t', { target: { tagName: 'INPUT', type: 'checkbox' } }))).toBe(true);
    expect(registry.handleKeydown(press('t', { target: { tagName: 'INPUT', type: 'text' } }))).toBe(false);
    expect(log).toEqual(['open-codebook']);
  });

  it('leaves keys pressed inside a dialog to the dialog', () => {
    const log: string[] = [];
    const registry = new ActionRegistry();
    registry.register([recording('back-to-library', 'Escape', log)]);
    const button = { tagName: 'BUTTON', closest: (selector: string) => (selector === 'dialog' ? {} : null) };
    expect(registry.handleKeydown(press('Escape', { target: button }))).toBe(false);
    expect(log).toEqual([]);
  });

  it('does not treat Ctrl+H as H', () => {
    const log: string[] = [];
    const registry = new ActionRegistry();
    registry.register([recording('highlight-selection', 'h', log)]);
    expect(registry.handleKeydown(press('h', { ctrlKey: true }))).toBe(false);
    expect(log).toEqual([]);
  });

  it('accepts Ctrl or Command for a shortcut that needs the mod key', () => {
    const log: string[] = [];
    const registry = new ActionRegistry();
    registry.register([recording('import-files', 'o', log, () => true, true)]);
    registry.handleKeydown(press('o', { metaKey: true }));
    registry.handleKeydown(press('o', { ctrlKey: true }));
    registry.handleKeydown(press('o'));
    expect(log).toEqual(['import-files', 'import-files']);
  });

  it('lets the view registered last claim a key, and hands it back when that view goes', () => {
    const log: string[] = [];
    const registry = new ActionRegistry();
    registry.register([recording('library-escape', 'Escape', log)]);
    const unregister = registry.register([recording('reader-escape', 'Escape', log)]);
    registry.handleKeydown(press('Escape'));
    unregister();
    registry.handleKeydown(press('Escape'));
    expect(log).toEqual(['reader-escape', 'library-escape']);
  });

  it('passes a key to an earlier action when the later one does not apply now', () => {
    const log: string[] = [];
    const registry = new ActionRegistry();
    registry.register([recording('back-to-library', 'Escape', log)]);
    registry.register([recording('clear-highlight-selection', 'Escape', log, () => false)]);
    registry.handleKeydown(press('Escape'));
    expect(log).toEqual(['back-to-library']);
  });

  it('ignores a key another handler already dealt with', () => {
    const log: string[] = [];
    const registry = new ActionRegistry();
    registry.register([recording('highlight-selection', 'h', log)]);
    expect(registry.handleKeydown(press('h', { defaultPrevented: true }))).toBe(false);
    expect(log).toEqual([]);
  });
});

describe('the list of registered actions', () => {
  it('names each action once, as registered last, in the order they first appeared', () => {
    const log: string[] = [];
    const registry = new ActionRegistry();
    const first = recording('back-to-library', 'Escape', log);
    registry.register([first, recording('import-files', 'o', log, () => true, true)]);
    const inner = recording('back-to-library', 'Backspace', log);
    const unregister = registry.register([inner, recording('highlight-selection', 'h', log)]);
    expect(registry.list().map((a) => [a.name, a.shortcuts[0]?.key])).toEqual([
      ['back-to-library', 'Backspace'],
      ['import-files', 'o'],
      ['highlight-selection', 'h'],
    ]);
    unregister();
    expect(registry.list()).toEqual([first, expect.objectContaining({ name: 'import-files' })]);
  });
});

describe('shortcuts with Shift', () => {
  it('tells Ctrl+Z from Shift+Ctrl+Z when a shortcut says whether Shift is held', () => {
    const log: string[] = [];
    const registry = new ActionRegistry();
    registry.register([
      {
        name: 'undo',
        label: 'Undo',
        shortcuts: [{ key: 'z', mod: true, shift: false }],
        isEnabled: () => true,
        perform: () => log.push('undo'),
      },
      {
        name: 'redo',
        label: 'Redo',
        shortcuts: [
          { key: 'z', mod: true, shift: true },
          { key: 'y', mod: true },
        ],
        isEnabled: () => true,
        perform: () => log.push('redo'),
      },
    ]);
    registry.handleKeydown(press('z', { ctrlKey: true }));
    registry.handleKeydown(press('Z', { ctrlKey: true, shiftKey: true }));
    registry.handleKeydown(press('y', { metaKey: true }));
    registry.handleKeydown(press('z'));
    expect(log).toEqual(['undo', 'redo', 'redo']);
  });

  it('leaves Ctrl+Z typed into a text field to the field’s own undo', () => {
    const log: string[] = [];
    const registry = new ActionRegistry();
    registry.register([
      {
        name: 'undo',
        label: 'Undo',
        shortcuts: [{ key: 'z', mod: true }],
        isEnabled: () => true,
        perform: () => log.push('undo'),
      },
    ]);
    expect(
      registry.handleKeydown(
        press('z', { ctrlKey: true, target: { tagName: 'DIV', isContentEditable: true } }),
      ),
    ).toBe(false);
    expect(registry.handleKeydown(press('z', { ctrlKey: true, target: { tagName: 'TEXTAREA' } }))).toBe(
      false,
    );
    expect(log).toEqual([]);
  });
});
