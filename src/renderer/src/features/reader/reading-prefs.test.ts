import { describe, expect, it } from 'vitest';
import {
  DEFAULT_READING_PREFS,
  ReadingPrefsStore,
  clampFontPx,
  parseReadingPrefs,
  readingVariables,
  type PrefsStorage,
} from './reading-prefs';

/** Local storage as a map, like a browser's. */
class MapStorage implements PrefsStorage {
  readonly items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
}

describe('reading preferences', () => {
  it('reads what was stored, and the defaults for anything missing or damaged', () => {
    expect(parseReadingPrefs('{"fontPx":22,"width":"wide"}')).toEqual({ fontPx: 22, width: 'wide' });
    expect(parseReadingPrefs(null)).toEqual(DEFAULT_READING_PREFS);
    expect(parseReadingPrefs('not json')).toEqual(DEFAULT_READING_PREFS);
    expect(parseReadingPrefs('{"fontPx":"big","width":"__proto__"}')).toEqual(DEFAULT_READING_PREFS);
    expect(parseReadingPrefs('{"fontPx":400}').fontPx).toBe(28);
  });

  it('keeps the size within a readable range', () => {
    expect(clampFontPx(3)).toBe(14);
    expect(clampFontPx(19.6)).toBe(20);
    expect(clampFontPx(Number.NaN)).toBe(DEFAULT_READING_PREFS.fontPx);
  });

  it('saves a change and reads it back in a new window', () => {
    const storage = new MapStorage();
    const store = new ReadingPrefsStore(storage);
    store.change({ fontPx: 24 });
    store.change({ width: 'narrow' });
    expect(new ReadingPrefsStore(storage).getSnapshot()).toEqual({ fontPx: 24, width: 'narrow' });
    expect(readingVariables(store.getSnapshot())).toEqual({
      '--reading-size': '1.5rem',
      '--reading-measure': '56ch',
    });
  });

  it('still applies a change when storage refuses it', () => {
    const refusing: PrefsStorage = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('quota');
      },
    };
    const store = new ReadingPrefsStore(refusing);
    store.change({ fontPx: 16 });
    expect(store.getSnapshot().fontPx).toBe(16);
  });
});
