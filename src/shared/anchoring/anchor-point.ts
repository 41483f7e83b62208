/**
 * Anchoring a point: a margin note between two characters has an empty quote, so only its position
 * and the text either side of it (prefix and suffix) say where it belongs.
 *
 * 1. `exact`: the stored position still has the end of the prefix before it and the start of the
 *    suffix after it;
 * 2. `quote`: the prefix and suffix still meet somewhere, once in the text or once near where the
 *    point is expected;
 * 3. `fuzzy`: the text on one side was edited, but the other side alone occurs once near where the
 *    point is expected, and nowhere else nearby;
 * 4. `orphan`: nothing is trustworthy.
 *
 * As for passages, a point is never guessed: with two places and nothing to tell them apart, it is
 * reported as an orphan.
 */
import type { Selectors } from '../model';
import { foldString, foldTextCached } from '../typographic-fold';
import type { AnchorResult } from './anchor';
import { FIRST_WINDOW_RADIUS } from './match-quote';

/** How much of the context either side must still be there for a point to be placed by it. */
export const POINT_CONTEXT_CHECK = 16;

/** A one-sided match must have at least this much context to be trusted. */
const MIN_ONE_SIDED_CONTEXT = 12;

const ORPHAN: AnchorResult = { status: 'orphan' };

function occurrences(text: string, needle: string, from = 0, to = text.length): number[] {
  const found: number[] = [];
  if (needle === '') return found;
  for (let at = text.indexOf(needle, from); at !== -1 && at <= to; at = text.indexOf(needle, at + 1))
    found.push(at);
  return found;
}

/** The only one of `places` near `hint`, else the only one of all, else null. */
function single(places: readonly number[], hint: number): number | null {
  const near = places.filter((at) => Math.abs(at - hint) <= FIRST_WINDOW_RADIUS);
  if (near.length === 1) return near[0] ?? null;
  if (near.length === 0 && places.length === 1) return places[0] ?? null;
  return null;
}

function point(status: 'exact' | 'quote' | 'fuzzy', at: number): AnchorResult {
  return { status, start: at, end: at };
}

/**
 * Finds where the point described by `selectors` (an empty quote) is in `text`, expecting it near
 * `expected`. Never throws. Typographic variants in the context match each other (see
 * `typographic-fold.ts`).
 */
export function anchorPoint(text: string, selectors: Selectors, expected: number): AnchorResult {
  const folded = foldTextCached(text);
  const [quote, position] = selectors;
  const start = folded.toFolded(position.start);
  const result = anchorFoldedPoint(
    folded.text,
    [
      { ...quote, prefix: foldString(quote.prefix), suffix: foldString(quote.suffix) },
      { ...position, start, end: start },
    ],
    folded.toFolded(expected),
  );
  if (result.status === 'orphan') return result;
  const at = folded.toOriginal(result.start, 'start');
  return { status: result.status, start: at, end: at };
}

/** {@link anchorPoint} on a folded text, with folded selectors and a folded expected offset. */
export function anchorFoldedPoint(text: string, selectors: Selectors, expected: number): AnchorResult {
  const [quote, position] = selectors;
  const before = quote.prefix.slice(-POINT_CONTEXT_CHECK);
  const after = quote.suffix.slice(0, POINT_CONTEXT_CHECK);
  if (before === '' && after === '') {
    // A note in an empty text: it can only be where it was, and only if the text is still empty.
    return text === '' && position.start === 0 ? point('exact', 0) : ORPHAN;
  }
  const fits = (at: number): boolean =>
    at >= before.length &&
    at <= text.length &&
    text.startsWith(before, at - before.length) &&
    text.startsWith(after, at);
  if (fits(position.start)) return point('exact', position.start);
  const hint = Math.min(text.length, Math.max(0, expected));
  if (hint !== position.start && fits(hint)) return point('quote', hint);

  const joined = single(
    occurrences(text, before + after).map((at) => at + before.length),
    hint,
  );
  if (joined !== null) return point('quote', joined);

  // One side was edited: the other alone, if it is long enough to mean something and unique nearby.
  const lo = Math.max(0, hint - FIRST_WINDOW_RADIUS);
  const hi = Math.min(text.length, hint + FIRST_WINDOW_RADIUS);
  const candidates: number[] = [];
  if (before.length >= MIN_ONE_SIDED_CONTEXT) {
    const starts = occurrences(text, before, Math.max(0, lo - before.length), hi);
    if (starts.length === 1) candidates.push((starts[0] ?? 0) + before.length);
    else if (starts.length > 1) return ORPHAN;
  }
  if (after.length >= MIN_ONE_SIDED_CONTEXT) {
    const starts = occurrences(text, after, lo, hi);
    if (starts.length === 1) candidates.push(starts[0] ?? 0);
    else if (starts.length > 1) return ORPHAN;
  }
  const [first, second] = candidates;
  if (first === undefined) return ORPHAN;
  // Both sides found alone, but apart: something was inserted at the point; it stays before it.
  if (second !== undefined && second < first) return ORPHAN;
  return point('fuzzy', first);
}
