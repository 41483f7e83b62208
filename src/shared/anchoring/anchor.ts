/**
 * Anchoring: finding where an annotation's passage is in a document's current plain text, from the
 * selectors stored with it. Cheap evidence is tried before expensive evidence:
 *
 * 1. `exact`: the stored position still holds the quote, and the context there agrees;
 * 2. `quote`: the quote occurs verbatim elsewhere; the occurrence whose context agrees best (then the
 *    one nearest the expected position) is taken;
 * 3. `fuzzy`: the passage was edited; the best approximate match near the expected position is taken;
 * 4. `orphan`: nothing is trustworthy.
 *
 * A placed annotation must never sit on the wrong passage. So steps 2 and 3 accept a place only when
 * it is confident (see `QuoteMatch.confident`) and nothing contradicts it: no other place fits nearly
 * as well, and no confident place lies near the expected position when it is far from it. With two
 * good candidates and nothing to tell them apart, the annotation is reported as an orphan, not guessed.
 */
import type { Selectors } from '../model';
import { FIRST_WINDOW_RADIUS, exactOccurrences, searchEdited } from './match-quote';
import {
  MIN_QUOTE_SIMILARITY,
  betterMatch,
  scoreCandidate,
  type QuoteContext,
  type QuoteMatch,
} from './score';

/** How an annotation was placed: see the module comment. */
export type AnchorStatus = 'exact' | 'quote' | 'fuzzy';

/** Where an annotation's passage is now, as offsets into the plain text, or that it cannot be placed. */
export type AnchorResult = { status: AnchorStatus; start: number; end: number } | { status: 'orphan' };

/** An annotation to anchor: any identifier, and its stored selectors. */
export interface AnchorTarget<Id> {
  readonly id: Id;
  readonly selectors: Selectors;
}

/** An edited passage is looked for at most this far from where it was expected. */
export const FUZZY_SEARCH_RADIUS = FIRST_WINDOW_RADIUS * 2;

/**
 * Two places fit alike when their scores differ by less than this. One edit in a 20-character quote
 * costs about 0.027; a stored context that differs in seven of its 32 characters, about 0.048.
 */
export const AMBIGUITY_MARGIN = 0.05;

const ORPHAN: AnchorResult = { status: 'orphan' };

/** Finds where the passage described by `selectors` is in `text`. Never throws. */
export function anchorSelectors(text: string, selectors: Selectors): AnchorResult {
  return anchorNear(text, selectors, selectors[1].start);
}

/**
 * Anchors every annotation of one document, keyed by id (a repeated id keeps the last result).
 *
 * Annotations are visited in the order of their stored positions, and each is expected as far from its
 * stored position as the one before it turned out to be: an edit early in the text shifts everything
 * after it alike, so shifted passages are found at once instead of by searching the whole text.
 */
export function anchorAll<Id>(text: string, annotations: readonly AnchorTarget<Id>[]): Map<Id, AnchorResult> {
  const startOf = (index: number) => (annotations[index] as AnchorTarget<Id>).selectors[1].start;
  const order = annotations.map((_, index) => index).sort((a, b) => startOf(a) - startOf(b));
  const results: AnchorResult[] = [];
  let shift = 0;
  for (const index of order) {
    const { selectors } = annotations[index] as AnchorTarget<Id>;
    const result = anchorNear(text, selectors, selectors[1].start + shift);
    if (result.status !== 'orphan') shift = result.start - selectors[1].start;
    results[index] = result;
  }
  return new Map(annotations.map((annotation, index) => [annotation.id, results[index] ?? ORPHAN]));
}

/** Anchors `selectors`, expecting the passage to start at `expected`. */
function anchorNear(text: string, selectors: Selectors, expected: number): AnchorResult {
  const [quote, position] = selectors;
  const { exact } = quote;
  // The schema forbids an empty quote; one read from a damaged file cannot be placed.
  if (exact === '') return ORPHAN;
  const hint = Math.min(text.length, Math.max(0, expected));
  const context: QuoteContext = { prefix: quote.prefix, suffix: quote.suffix, hint };
  const verbatimAt = (start: number) =>
    scoreCandidate(text, start, start + exact.length, 0, exact.length, context);

  const { start, end } = position;
  if (
    end - start === exact.length &&
    start >= 0 &&
    text.startsWith(exact, start) &&
    verbatimAt(start).confident
  ) {
    return { status: 'exact', start, end };
  }
  // Where the shift of the passages before says this one should be, the quote with its context
  // settles it, as the stored position would.
  if (hint !== start && text.startsWith(exact, hint)) {
    const there = verbatimAt(hint);
    if (there.confident) return placed('quote', there);
  }

  const verbatim = exactOccurrences(text, exact, 0, text.length).map(verbatimAt);
  const edited = searchEdited(
    text,
    exact,
    // Matches with more edits than a confident one may have are not worth the search.
    { ...context, maxDistance: FUZZY_SEARCH_RADIUS, maxErrorRate: 1 - MIN_QUOTE_SIMILARITY },
    verbatim.map((match) => match.start),
  );
  const candidates = edited === null ? verbatim : [...verbatim, edited];
  const chosen = choose(candidates, hint);
  if (chosen === null) return ORPHAN;
  return placed(chosen === edited ? 'fuzzy' : 'quote', chosen);
}

/**
 * The candidate to place the annotation on, or `null`. Context decides first: the best-scoring
 * confident candidate, unless another place fits alike (within {@link AMBIGUITY_MARGIN}). Position
 * decides between places that fit alike, when exactly one of them is near the expected position; and
 * it vetoes a best place far away when a confident one lies near, unless that one fits alike.
 */
function choose(candidates: readonly QuoteMatch[], hint: number): QuoteMatch | null {
  const best = candidates.reduce<QuoteMatch | null>(betterMatch, null);
  if (best?.confident !== true) return null;
  const isNear = (match: QuoteMatch) => Math.abs(match.start - hint) <= FIRST_WINDOW_RADIUS;
  const isAlike = (match: QuoteMatch) => match.score >= best.score - AMBIGUITY_MARGIN;
  const others = candidates.filter((match) => match.confident && !overlaps(match, best));
  const near = others.filter(isNear);
  if (isNear(best)) return near.some(isAlike) ? null : best;
  if (near.length === 0) return others.some(isAlike) ? null : best;
  const [only] = near;
  return near.length === 1 && only !== undefined && isAlike(only) ? only : null;
}

function overlaps(a: QuoteMatch, b: QuoteMatch): boolean {
  return a.start < b.end && b.start < a.end;
}

function placed(status: AnchorStatus, match: QuoteMatch): AnchorResult {
  return { status, start: match.start, end: match.end };
}
