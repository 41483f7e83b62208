/**
 * How the reader likes the text set: its size and the width of the column. Kept in this browser's
 * local storage (a preference of the screen, not of the library) and applied as CSS variables.
 */
import { ObservableStore } from '../../ui/observable-store';

/** The column widths on offer, in characters. */
export const READING_WIDTHS = { narrow: 56, medium: 68, wide: 84 } as const;
export type ReadingWidth = keyof typeof READING_WIDTHS;

/** The text size range, in CSS pixels. */
export const MIN_FONT_PX = 14;
export const MAX_FONT_PX = 28;

/** The reader's setting of the text. */
export interface ReadingPrefs {
  readonly fontPx: number;
  readonly width: ReadingWidth;
}

export const DEFAULT_READING_PREFS: ReadingPrefs = { fontPx: 19, width: 'medium' };

const STORAGE_KEY = 'scholia.reading';

/** The part of `Storage` the store uses. */
export type PrefsStorage = Pick<Storage, 'getItem' | 'setItem'>;

/** `fontPx` rounded into the allowed range. */
export function clampFontPx(fontPx: number): number {
  if (!Number.isFinite(fontPx)) return DEFAULT_READING_PREFS.fontPx;
  return Math.min(MAX_FONT_PX, Math.max(MIN_FONT_PX, Math.round(fontPx)));
}

/** Reads stored preferences; anything missing or damaged falls back to the defaults. */
export function parseReadingPrefs(stored: string | null): ReadingPrefs {
  if (stored === null) return DEFAULT_READING_PREFS;
  try {
    const value = JSON.parse(stored) as { fontPx?: unknown; width?: unknown } | null;
    const fontPx =
      typeof value?.fontPx === 'number' ? clampFontPx(value.fontPx) : DEFAULT_READING_PREFS.fontPx;
    const width =
      typeof value?.width === 'string' && Object.hasOwn(READING_WIDTHS, value.width)
        ? (value.width as ReadingWidth)
        : DEFAULT_READING_PREFS.width;
    return { fontPx, width };
  } catch {
    return DEFAULT_READING_PREFS;
  }
}

/** The CSS variables that set the text as `prefs` says. */
export function readingVariables(
  prefs: ReadingPrefs,
): Record<'--reading-size' | '--reading-measure', string> {
  return {
    '--reading-size': `${prefs.fontPx / 16}rem`,
    '--reading-measure': `${READING_WIDTHS[prefs.width]}ch`,
  };
}

/** The preferences, loaded from and saved to `storage`. */
export class ReadingPrefsStore extends ObservableStore<ReadingPrefs> {
  constructor(private readonly storage: PrefsStorage | null) {
    super(parseReadingPrefs(readSafely(storage)));
  }

  /** Changes some preferences and keeps them. */
  change(patch: Partial<ReadingPrefs>): void {
    const next = { ...this.getSnapshot(), ...patch };
    this.set({ fontPx: clampFontPx(next.fontPx), width: next.width });
    try {
      this.storage?.setItem(STORAGE_KEY, JSON.stringify(this.getSnapshot()));
    } catch {
      // Storage full or refused (a private window): the setting still applies until the window closes.
    }
  }
}

function readSafely(storage: PrefsStorage | null): string | null {
  try {
    return storage?.getItem(STORAGE_KEY) ?? null;
  } catch {
    return null;
  }
}
