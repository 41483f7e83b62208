/**
 * Turning what the reader selected (ProseMirror positions) into the selectors an annotation stores
 * (offsets into the plain-text projection), and back.
 */
import { describeRange } from '../../../../../shared/anchoring';
import type { Selectors } from '../../../../../shared/model';
import { offsetToPos, posToOffset, type Projection } from '../../../../../shared/projection';

/** A range of ProseMirror positions, `from < to`. */
export interface PositionRange {
  readonly from: number;
  readonly to: number;
}

/** A range of projection offsets, `start < end`. */
export interface OffsetRange {
  readonly start: number;
  readonly end: number;
}

/**
 * Narrows `[start, end)` of `text` so it neither starts nor ends with whitespace.
 * Returns null when nothing but whitespace is left.
 */
export function trimOffsets(text: string, start: number, end: number): OffsetRange | null {
  let from = start;
  let to = end;
  while (from < to && /\s/.test(text.charAt(from))) from += 1;
  while (to > from && /\s/.test(text.charAt(to - 1))) to -= 1;
  return from < to ? { start: from, end: to } : null;
}

/**
 * The selectors for the passage between positions `from` and `to`: the range is converted to
 * projection offsets, trimmed of surrounding whitespace, and described with its quote and 32
 * characters of context either side. Returns null when the range holds no text worth keeping.
 */
export function selectorsForRange(projection: Projection, range: PositionRange): Selectors | null {
  const { text } = projection;
  const start = posToOffset(projection, Math.min(range.from, range.to), 1);
  const end = posToOffset(projection, Math.max(range.from, range.to), -1);
  if (end <= start) return null;
  const trimmed = trimOffsets(text, start, end);
  return trimmed === null ? null : describeRange(text, trimmed.start, trimmed.end);
}

/**
 * The ProseMirror positions of a projection range. A range that starts or ends inside a block
 * separator is narrowed to the text on its side of it.
 */
export function rangeForOffsets(projection: Projection, offsets: OffsetRange): PositionRange {
  return {
    from: offsetToPos(projection, offsets.start, 1),
    to: offsetToPos(projection, offsets.end, -1),
  };
}
