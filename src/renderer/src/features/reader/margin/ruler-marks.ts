/**
 * The overview ruler's marks: one short bar per pixel row that holds any annotation, coloured as the
 * annotation that starts there last in text order, so thousands of annotations draw as a few hundred
 * bars, and the annotation a row stands for, for a click.
 */
import type { HighlightColor } from '../../../../../shared/model';

/** An annotation as the ruler sees it: its id, colour and its offsets in the plain text. */
export interface RulerItem {
  readonly id: string;
  readonly color: HighlightColor;
  readonly start: number;
  readonly end: number;
}

/** One bar of the ruler. */
export interface RulerMark {
  /** Pixel rows from `top` (inclusive) to `bottom` (exclusive). */
  readonly top: number;
  readonly bottom: number;
  readonly color: HighlightColor;
  /** The first annotation of the bar, in text order. */
  readonly id: string;
}

/** The smallest bar drawn, in pixels, so a short passage is still visible and clickable. */
export const MIN_MARK_HEIGHT = 3;

/**
 * Bars for `items` (in text order) on a ruler `height` pixels tall standing for `length` characters.
 * Bars of the same colour that touch are merged. Linear in the number of items.
 */
export function rulerMarks(items: readonly RulerItem[], length: number, height: number): RulerMark[] {
  if (length <= 0 || height <= 0) return [];
  const scale = height / length;
  const marks: RulerMark[] = [];
  for (const item of items) {
    const top = Math.min(height - MIN_MARK_HEIGHT, Math.floor(item.start * scale));
    const bottom = Math.max(top + MIN_MARK_HEIGHT, Math.ceil(item.end * scale));
    const last = marks.at(-1);
    if (last !== undefined && last.color === item.color && top <= last.bottom) {
      marks[marks.length - 1] = { ...last, bottom: Math.max(last.bottom, bottom) };
    } else {
      marks.push({ top: Math.max(0, top), bottom, color: item.color, id: item.id });
    }
  }
  return marks;
}

/** The offset in the text that pixel row `y` of a ruler `height` tall stands for. */
export function offsetAtRow(y: number, length: number, height: number): number {
  if (height <= 0) return 0;
  return Math.max(0, Math.min(length, Math.round((y / height) * length)));
}

/** The item (in text order) nearest to `offset`: the one covering it, else the closest start. */
export function nearestItem<T extends RulerItem>(items: readonly T[], offset: number): T | null {
  let best: T | null = null;
  let distance = Infinity;
  for (const item of items) {
    const d = offset < item.start ? item.start - offset : offset > item.end ? offset - item.end : 0;
    if (d < distance) {
      best = item;
      distance = d;
    }
  }
  return best;
}
