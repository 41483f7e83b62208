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
 * A point (an empty quote at a zero-length position, a margin note between two characters) is placed
 * by its position and the text either side of it instead (see `anchor-point.ts`).
 *
 * A placed annotation must never sit on the wrong passage. So steps 2 and 3 accept a place only when
 * it is confident (see `QuoteMatch.confident`) and nothing contradicts it: no other place fits nearly
 * as well, and no confident place lies near the expected position when it is far from it. With two
 * good candidates and nothing to tell them apart, the annotation is reported as an orphan, not guessed.
 * Nor is a verbatim copy away from the expected position taken while the passage seems to stand edited
 * nearer to it (a text may repeat a sentence with the same words around it): that is an orphan too.
 */
import type { Selectors } from '../model';
import { anchorPoint } from './anchor-point';
import { FIRST_WINDOW_RADIUS, exactOccurrences, searchEdited } from './match-quote';
import {
  MIN_QUOTE_SIMILARITY,
  STRONG_CONTEXT_SIMILARITY,
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
  const { start, end } = position;
  // An empty quote is a point (a margin note between two characters): its context places it.
  if (exact === '') return start === end ? anchorPoint(text, selectors, expected) : ORPHAN;
  const hint = Math.min(text.length, Math.max(0, expected));
  const context: QuoteContext = { prefix: quote.prefix, suffix: quote.suffix, hint };
  const verbatimAt = (start: number) =>
    scoreCandidate(text, start, start + exact.length, 0, exact.length, context);

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
  // A verbatim copy away from the expected place, while the passage seems to stand there edited
  // (the generated or real text repeats sentences with their context), is a copy, not the passage.
  if (chosen !== edited && chosen.start !== hint) {
    const remnant = editedRemnant(text, quote, hint, edited, chosen);
    if (remnant !== null && Math.abs(remnant - hint) < Math.abs(chosen.start - hint)) return ORPHAN;
  }
  return placed(chosen === edited ? 'fuzzy' : 'quote', chosen);
}

/** Stored context shorter than this on a side cannot show where a passage stood. */
const MIN_PLACE_CONTEXT = 16;

/**
 * Where, near `hint`, the passage seems to stand edited, apart from `chosen`: an edited match too
 * unlike it to be trusted, or the stored prefix and suffix still there with other text between them
 * (from half to three times the quote's length). Had the passage been cut and put elsewhere, neither
 * would be left: its prefix and suffix would have closed up. `null` when nothing suggests it.
 */
function editedRemnant(
  text: string,
  quote: { readonly exact: string; readonly prefix?: string; readonly suffix?: string },
  hint: number,
  edited: QuoteMatch | null,
  chosen: QuoteMatch,
): number | null {
  // Far from where it was expected, an edited likeness of the passage near there, with one side of
  // its context as stored, is enough doubt.
  const far = Math.abs(chosen.start - hint) > FIRST_WINDOW_RADIUS;
  if (
    far &&
    edited !== null &&
    !overlaps(edited, chosen) &&
    Math.abs(edited.start - hint) <= FIRST_WINDOW_RADIUS &&
    Math.max(edited.parts.prefix, edited.parts.suffix) >= STRONG_CONTEXT_SIMILARITY
  )
    return edited.start;
  const { exact, prefix, suffix } = quote;
  if (prefix === undefined || suffix === undefined) return null;
  if (prefix.length < MIN_PLACE_CONTEXT || suffix.length < MIN_PLACE_CONTEXT) return null;
  const from = Math.max(0, hint - FIRST_WINDOW_RADIUS);
  const to = Math.min(text.length, hint + FIRST_WINDOW_RADIUS + exact.length * 3 + suffix.length);
  let nearest: number | null = null;
  for (const before of exactOccurrences(text, prefix, from, to)) {
    const start = before + prefix.length;
    const after = text.indexOf(suffix, start + Math.floor(exact.length / 2));
    if (after === -1 || after - start > exact.length * 3) continue;
    if (text.slice(start, after) === exact || (start < chosen.end && chosen.start < after)) continue;
    if (nearest === null || Math.abs(start - hint) < Math.abs(nearest - hint)) nearest = start;
  }
  return nearest;
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
