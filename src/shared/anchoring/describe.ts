/**
 * Turning a range of a document's plain-text projection into the selectors an annotation stores.
 */
import type { Selectors } from '../model';

/** How many characters of text before and after a passage its quote selector keeps by default. */
export const DEFAULT_CONTEXT_LENGTH = 32;

/**
 * The selectors for the passage `text.slice(start, end)`: a quote selector with the passage and up to
 * `context` characters on either side of it (fewer at the start or end of the text), and a position
 * selector with the same offsets. Throws a `RangeError` when the range is empty, reversed, not made of
 * integers or outside `[0, text.length]`, or when `context` is not a non-negative integer.
 */
export function describeRange(
  text: string,
  start: number,
  end: number,
  context: number = DEFAULT_CONTEXT_LENGTH,
): Selectors {
  if (!Number.isInteger(start) || !Number.isInteger(end)) {
    throw new RangeError(`A range needs integer offsets, got ${start}–${end}.`);
  }
  if (start < 0 || end > text.length) {
    throw new RangeError(`Range ${start}–${end} is outside the text (0–${text.length}).`);
  }
  if (end <= start) {
    throw new RangeError(`Range ${start}–${end} is empty: a passage must end after it starts.`);
  }
  if (!Number.isInteger(context) || context < 0) {
    throw new RangeError(`The context length must be a non-negative integer, got ${context}.`);
  }
  return [
    {
      type: 'TextQuoteSelector',
      exact: text.slice(start, end),
      prefix: text.slice(Math.max(0, start - context), start),
      suffix: text.slice(end, end + context),
    },
    { type: 'TextPositionSelector', start, end },
  ];
}

/**
 * The selectors for the point at `offset` of `text` (a margin note between two characters): an empty
 * quote with up to `context` characters either side, and a zero-length position selector. Throws a
 * `RangeError` when `offset` is not an integer in `[0, text.length]`, or when `context` is not a
 * non-negative integer.
 */
export function describePoint(
  text: string,
  offset: number,
  context: number = DEFAULT_CONTEXT_LENGTH,
): Selectors {
  if (!Number.isInteger(offset) || offset < 0 || offset > text.length) {
    throw new RangeError(`Point ${offset} is outside the text (0–${text.length}).`);
  }
  if (!Number.isInteger(context) || context < 0) {
    throw new RangeError(`The context length must be a non-negative integer, got ${context}.`);
  }
  return [
    {
      type: 'TextQuoteSelector',
      exact: '',
      prefix: text.slice(Math.max(0, offset - context), offset),
      suffix: text.slice(offset, offset + context),
    },
    { type: 'TextPositionSelector', start: offset, end: offset },
  ];
}
