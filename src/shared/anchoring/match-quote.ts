/**
 * Finding a quote in a text that may have changed since the quote was taken: the fuzzy matcher behind
 * anchoring, after the Hypothesis client's `matchQuote`.
 *
 * Exact occurrences are found first with `indexOf`, which is cheap on any text. Unless one of them fits
 * so well that no edited match could beat it, an approximate search (approx-string-match, Myers'
 * bit-parallel algorithm) follows, first in a window around the expected position and then in windows
 * eight times wider, stopping as soon as a confident match turns up. Its cost grows with the window,
 * not with the document. Typographic variants (see `../typographic-fold.ts`) match each other.
 */
import approxSearch from 'approx-string-match';
import { foldString, foldTextCached } from '../typographic-fold';
import {
  betterMatch,
  inexactScoreCeiling,
  scoreCandidate,
  type QuoteContext,
  type QuoteMatch,
} from './score';

/** How a search for a quote may be guided and bounded. */
export interface MatchQuoteOptions extends QuoteContext {
  /**
   * Matches that start further than this from `hint` are not looked for. Default: no limit (the
   * search widens to the whole text when nothing confident is found nearer). Ignored without a hint.
   */
  readonly maxDistance?: number;
  /**
   * Most edits an approximate match may have, per character of the quote (and never more than 256).
   * Default 0.5, as in the Hypothesis client. Lower is faster: the search's cost grows with it.
   */
  readonly maxErrorRate?: number;
}

/** Half the width of the first window searched around the hint. */
export const FIRST_WINDOW_RADIUS = 4096;

/** Each window is this many times wider than the one before. */
const WIDENING = 8;

/** Approximate search allows at most this many edits, however long the quote (as Hypothesis does). */
export const MAX_APPROXIMATE_ERRORS = 256;

const DEFAULT_MAX_ERROR_RATE = 0.5;

/** Replaces exact occurrences before an approximate search; no prose contains it. */
const MASK = '\uFFFF';

/**
 * Finds where `quote` best fits in `text`. Candidates are its exact occurrences and its matches with up
 * to `min(256, quote.length × maxErrorRate)` edits; a confident candidate (see
 * {@link QuoteMatch.confident}) beats one that is not, then the higher score wins. The approximate
 * search stops widening at the first window around `hint` that holds a confident candidate: a better
 * one further away is not looked for. `null` when `quote` or `text` is empty, or when nothing within
 * that many edits lies in the searched range.
 */
export function matchQuote(text: string, quote: string, options: MatchQuoteOptions = {}): QuoteMatch | null {
  // Typographic variants match each other: the search runs on the folded text and quote.
  const folded = foldTextCached(text);
  const match = matchFoldedQuote(folded.text, foldString(quote), {
    ...options,
    ...(options.prefix === undefined ? {} : { prefix: foldString(options.prefix) }),
    ...(options.suffix === undefined ? {} : { suffix: foldString(options.suffix) }),
    ...(options.hint === undefined ? {} : { hint: folded.toFolded(Math.round(options.hint)) }),
  });
  if (match === null) return null;
  return {
    ...match,
    start: folded.toOriginal(match.start, 'start'),
    end: folded.toOriginal(match.end, 'end'),
  };
}

/** {@link matchQuote} on a text and quote already folded. */
function matchFoldedQuote(text: string, quote: string, options: MatchQuoteOptions): QuoteMatch | null {
  if (quote === '' || text === '') return null;
  const hint = options.hint === undefined ? undefined : clamp(Math.round(options.hint), 0, text.length);
  const context: QuoteContext = { ...options, hint };
  const limit = hint === undefined ? Infinity : Math.max(0, options.maxDistance ?? Infinity);
  const range = hint === undefined ? { from: 0, to: text.length } : windowAround(text, quote, hint, limit, 0);

  const exact = exactOccurrences(text, quote, range.from, range.to);
  let best: QuoteMatch | null = null;
  for (const start of exact) {
    best = betterMatch(best, scoreCandidate(text, start, start + quote.length, 0, quote.length, context));
  }
  if (best?.confident === true && best.score >= inexactScoreCeiling(quote.length)) return best;
  // With no place to start from, only the whole text could hold a better edited match: not worth
  // searching when an exact one can already be trusted.
  if (hint === undefined && best?.confident === true) return best;
  return betterMatch(best, searchEdited(text, quote, { ...options, hint }, exact, best));
}

/**
 * The best match of `quote` with at least one edit (exact occurrences, given in `exact`, are masked),
 * searched in windows widening around `options.hint` (or the whole text without one) until a
 * confident candidate, or `found` when that is confident already, makes wider search pointless.
 * `null` when nothing within the allowed edits is in range.
 */
export function searchEdited(
  text: string,
  quote: string,
  options: MatchQuoteOptions,
  exact: readonly number[],
  found: QuoteMatch | null = null,
): QuoteMatch | null {
  // The small addend keeps a rate such as 1 - 0.8 from flooring 5 × 0.19999… down to 0.
  const rate = options.maxErrorRate ?? DEFAULT_MAX_ERROR_RATE;
  const maxErrors = Math.floor(Math.min(MAX_APPROXIMATE_ERRORS, quote.length * rate + 1e-9));
  if (maxErrors === 0 || quote === '' || text === '') return null;
  const hint = options.hint === undefined ? undefined : clamp(Math.round(options.hint), 0, text.length);
  if (hint === undefined) {
    return bestApproximate(text, quote, { from: 0, to: text.length }, maxErrors, exact, options);
  }
  const limit = Math.max(0, options.maxDistance ?? Infinity);
  let best: QuoteMatch | null = null;
  for (let radius = Math.min(FIRST_WINDOW_RADIUS, limit); ; radius = Math.min(radius * WIDENING, limit)) {
    const window = windowAround(text, quote, hint, radius, maxErrors);
    best = betterMatch(best, bestApproximate(text, quote, window, maxErrors, exact, options));
    const wholeText = window.from === 0 && window.to === text.length;
    if (betterMatch(best, found)?.confident === true || wholeText || radius >= limit) return best;
  }
}

interface Range {
  readonly from: number;
  readonly to: number;
}

/** The stretch of text holding every match of up to `slack` edits that starts within `radius` of `hint`. */
function windowAround(text: string, quote: string, hint: number, radius: number, slack: number): Range {
  return {
    from: Math.max(0, hint - radius),
    to: Math.min(text.length, hint + radius + quote.length + slack),
  };
}

/**
 * Start offsets, in order, of every occurrence of `quote` lying wholly within `text.slice(from, to)`
 * (bounds are clamped to the text).
 */
export function exactOccurrences(text: string, quote: string, from: number, to: number): number[] {
  const lo = clamp(from, 0, text.length);
  const hi = clamp(to, lo, text.length);
  // Searching a slice keeps a miss from scanning the rest of a long text.
  const window = lo === 0 && hi === text.length ? text : text.slice(lo, hi);
  const starts: number[] = [];
  for (let at = window.indexOf(quote); at !== -1; at = window.indexOf(quote, at + 1)) {
    starts.push(lo + at);
  }
  return starts;
}

/**
 * The best approximate match within `range`. Exact occurrences (already scored) are masked first:
 * the search reports only the matches with the fewest edits, and an exact copy elsewhere would
 * otherwise hide the slightly edited passage itself.
 */
function bestApproximate(
  text: string,
  quote: string,
  range: Range,
  maxErrors: number,
  exact: readonly number[],
  context: QuoteContext,
): QuoteMatch | null {
  const window = masked(text, range, exact, quote.length);
  let best: QuoteMatch | null = null;
  for (const found of approxSearch(window, quote, maxErrors)) {
    const start = range.from + found.start;
    const end = range.from + found.end;
    best = betterMatch(best, scoreCandidate(text, start, end, found.errors, quote.length, context));
  }
  return best;
}

function masked(text: string, range: Range, exact: readonly number[], length: number): string {
  const parts: string[] = [];
  let at = range.from;
  for (const start of exact) {
    if (start + length <= range.from || start >= range.to) continue;
    const from = Math.max(at, start);
    const to = Math.min(range.to, start + length);
    if (to <= from) continue;
    parts.push(text.slice(at, from), MASK.repeat(to - from));
    at = to;
  }
  parts.push(text.slice(at, range.to));
  return parts.join('');
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
