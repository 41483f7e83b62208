import { describe, expect, it } from 'vitest';
import { ariaShortcut, displayShortcut, matchesShortcut, type KeyPress } from './shortcut';

const press = (key: string, held: Partial<KeyPress> = {}): KeyPress => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  ...held,
});

describe('shortcuts with Alt', () => {
  it('match only with Alt held, and a plain shortcut only with Alt up', () => {
    const back = { key: 'ArrowLeft', alt: true };
    expect(matchesShortcut(press('ArrowLeft', { altKey: true }), back)).toBe(true);
    expect(matchesShortcut(press('ArrowLeft'), back)).toBe(false);
    expect(matchesShortcut(press('h', { altKey: true }), { key: 'h' })).toBe(false);
  });

  it('are shown as Alt+← (⌥← on a Mac) and named Alt+ArrowLeft for assistive technology', () => {
    const back = { key: 'ArrowLeft', alt: true };
    expect(displayShortcut(back, false)).toBe('Alt+←');
    expect(displayShortcut(back, true)).toBe('⌥←');
    expect(ariaShortcut(back)).toBe('Alt+ArrowLeft');
  });
});
