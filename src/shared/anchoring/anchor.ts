/**
 * Anchoring: finding where an annotation's passage is in a document's current plain text, from the
 * selectors stored with it. Cheap evidence is tried before expensive evidence:
 *
 * 1. `exact`: the stored position still holds the quote, and the context there agrees;
 * 2. `quote`: the quote occurs verbatim elsewhere; the occurrence whose context agrees best (then the
 *    one nearest the expected position) is taken;
 * 3. `fuzzy`: the passage was edited; the best approximate match near the expected position is taken,
 *    or, when its stored prefix and suffix both still stand near there with something else between
 *    them that begins or ends as the quote did, what is left between them;
 * 4. `orphan`: nothing is trustworthy.
 *
 * Text and selectors are compared with typographic variants folded (curly and straight quotes,
 * dashes, spaces, ligatures: see `../typographic-fold.ts`), and what is found is mapped back onto
 * the real text's characters.
 *
 * A point (an empty quote at a zero-length position, a margin note between two characters) is placed
 * by its position and the text either side of it instead (see `anchor-point.ts`).
 *
 * A placed annotation must never sit on the wrong passage. So steps 2 and 3 accept a place only when
 * it is confident (see `QuoteMatch.confident`) and nothing contradicts it: no other place fits nearly
 * as well, and no confident place lies near the expected position when it is far from it. With two
 * good candidates and nothing to tell them apart, the annotation is reported as an orphan, not guessed,
 * unless the expected position is precise (it comes from where the passage before was just found)
 * and exactly one of them stands right there. Nor is a verbatim copy away from the expected position
 * taken while the passage seems to stand nearer to it, edited or with its context edited (a text may
 * repeat a sentence with the same words around it): then the remnant is placed if it is recognisable
 * (step 3), and otherwise the annotation is an orphan too.
 */
import type { Selectors } from '../model';
import { foldString, foldTextCached, type FoldedText } from '../typographic-fold';
import { anchorFoldedPoint } from './anchor-point';
import { FIRST_WINDOW_RADIUS, MAX_APPROXIMATE_ERRORS, exactOccurrences, searchEdited } from './match-quote';
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

/**
 * Finds where the passage described by `selectors` is in `text`. Never throws. Typographic variants
 * (curly and straight quotes, dashes, spaces, ligatures: see `typographic-fold.ts`) match each other.
 */
export function anchorSelectors(text: string, selectors: Selectors): AnchorResult {
  const folded = foldTextCached(text);
  const target = foldSelectors(selectors, folded);
  return unfold(anchorNear(folded.text, target, target[1].start, false), folded);
}

/**
 * Anchors every annotation of one document, keyed by id (a repeated id keeps the last result).
 * Typographic variants match each other, as in {@link anchorSelectors}.
 *
 * Annotations are visited in the order of their stored positions, and each is expected as far from its
 * stored position as the one before it turned out to be: an edit early in the text shifts everything
 * after it alike, so shifted passages are found at once instead of by searching the whole text.
 */
export function anchorAll<Id>(text: string, annotations: readonly AnchorTarget<Id>[]): Map<Id, AnchorResult> {
  const folded = foldTextCached(text);
  const targets = annotations.map(({ selectors }) => foldSelectors(selectors, folded));
  const startOf = (index: number) => (targets[index] as Selectors)[1].start;
  const order = annotations.map((_, index) => index).sort((a, b) => startOf(a) - startOf(b));
  const results: AnchorResult[] = [];
  let shift = 0;
  let placedBefore = false;
  for (const index of order) {
    const selectors = targets[index] as Selectors;
    const result = anchorNear(folded.text, selectors, selectors[1].start + shift, placedBefore);
    if (result.status !== 'orphan') {
      shift = result.start - selectors[1].start;
      placedBefore = true;
    }
    results[index] = unfold(result, folded);
  }
  return new Map(annotations.map((annotation, index) => [annotation.id, results[index] ?? ORPHAN]));
}

/** `selectors` as they read against the folded text: quote and context folded, offsets mapped. */
function foldSelectors(selectors: Selectors, folded: FoldedText): Selectors {
  const [quote, position] = selectors;
  return [
    {
      ...quote,
      exact: foldString(quote.exact),
      prefix: foldString(quote.prefix),
      suffix: foldString(quote.suffix),
    },
    { ...position, start: folded.toFolded(position.start), end: folded.toFolded(position.end) },
  ];
}

/** A result found in the folded text, as offsets into the real one. */
function unfold(result: AnchorResult, folded: FoldedText): AnchorResult {
  if (result.status === 'orphan') return result;
  const start = folded.toOriginal(result.start, 'start');
  // A point stays a point, before a ligature it might have fallen inside.
  const end = result.end === result.start ? start : folded.toOriginal(result.end, 'end');
  return { status: result.status, start, end };
}

/**
 * Anchors `selectors`, expecting the passage to start at `expected`: `precise` when that comes from
 * where a neighbouring passage was just placed, rather than from the stored position alone.
 */
function anchorNear(text: string, selectors: Selectors, expected: number, precise: boolean): AnchorResult {
  const [quote, position] = selectors;
  const { exact } = quote;
  const { start, end } = position;
  // An empty quote is a point (a margin note between two characters): its context places it.
  if (exact === '') return start === end ? anchorFoldedPoint(text, selectors, expected) : ORPHAN;
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

  // Copies far away cannot outscore a copy near the expected place with all its context as stored,
  // nor change what is chosen then: the whole text is searched only when none is found nearby.
  const local = exactOccurrences(
    text,
    exact,
    hint - FUZZY_SEARCH_RADIUS - exact.length,
    hint + FUZZY_SEARCH_RADIUS + exact.length * 2 + MAX_APPROXIMATE_ERRORS,
  ).map(verbatimAt);
  const nearby = local.reduce<QuoteMatch | null>(betterMatch, null);
  const settled =
    nearby !== null &&
    nearby.confident &&
    nearby.parts.prefix === 1 &&
    nearby.parts.suffix === 1 &&
    Math.abs(nearby.start - hint) <= FIRST_WINDOW_RADIUS;
  const verbatim = settled ? local : exactOccurrences(text, exact, 0, text.length).map(verbatimAt);
  // Nor is an edited likeness worth searching for beside such a copy: were the passage edited near
  // there, its stored prefix or suffix would show it (see `editedRemnant`).
  const edited = settled
    ? null
    : searchEdited(
        text,
        exact,
        // Matches with more edits than a confident one may have are not worth the search.
        { ...context, maxDistance: FUZZY_SEARCH_RADIUS, maxErrorRate: 1 - MIN_QUOTE_SIMILARITY },
        verbatim.map((match) => match.start),
      );
  const candidates = edited === null ? verbatim : [...verbatim, edited];
  const chosen = choose(candidates, hint, precise);
  if (chosen !== null && (chosen === edited || chosen.start === hint)) {
    return placed(chosen === edited ? 'fuzzy' : 'quote', chosen);
  }
  // A verbatim copy away from the expected place, while the passage seems to stand nearer to it,
  // edited or with its context edited (the generated or real text repeats sentences with their
  // context), is a copy, not the passage.
  const distance = chosen === null ? Infinity : Math.abs(chosen.start - hint);
  const remnant = editedRemnant(text, quote, hint, precise, edited, chosen);
  if (chosen !== null && (remnant === null || Math.abs(remnant.start - hint) >= distance)) {
    // Another verbatim candidate much nearer, and either right where the passage was expected or
    // facing a chosen copy whose context is not quite the stored one either, leaves only a guess.
    const perfect = chosen.parts.prefix === 1 && chosen.parts.suffix === 1;
    const nearer = verbatim.some((match) => {
      const off = Math.abs(match.start - hint);
      return (
        match.confident &&
        !overlaps(match, chosen) &&
        off + NEARER_BY < distance &&
        (off <= NEARER_BY || !perfect)
      );
    });
    return nearer ? ORPHAN : placed('quote', chosen);
  }
  // The passage stands edited between its prefix and suffix, both as stored: it is there when what
  // is left of it still begins or ends as the quote did.
  if (remnant?.between === true && recognisable(text, exact, remnant)) {
    return { status: 'fuzzy', start: remnant.start, end: remnant.end };
  }
  return ORPHAN;
}

/**
 * Whether `text.slice(remnant.start, remnant.end)` is recognisably what an edit left of `exact`: the
 * characters it shares with the quote at its two edges make up at least half of the shorter of the
 * two (a word put in or taken out keeps nearly all; a passage rewritten keeps next to nothing).
 */
function recognisable(text: string, exact: string, remnant: Remnant): boolean {
  const length = remnant.end - remnant.start;
  const shorter = Math.min(length, exact.length);
  let head = 0;
  while (head < shorter && text.charCodeAt(remnant.start + head) === exact.charCodeAt(head)) head += 1;
  let tail = 0;
  while (
    tail < shorter - head &&
    text.charCodeAt(remnant.end - 1 - tail) === exact.charCodeAt(exact.length - 1 - tail)
  )
    tail += 1;
  // And one edit must explain the rest: what stands between the shared edges is what was put in.
  return (head + tail) * 2 >= shorter && shorter > 0 && length - head - tail <= MAX_PUT_IN;
}

/** The most text an edit may have put into a passage for what is left of it to be placed. */
const MAX_PUT_IN = 512;

/** Where the passage seems to stand edited: its likely extent, and whether both sides of context bound it. */
interface Remnant {
  readonly start: number;
  readonly end: number;
  /** The stored prefix ends at `start` and the stored suffix begins at `end`. */
  readonly between: boolean;
}

/**
 * A confident verbatim candidate this much nearer the expected position than the one chosen makes
 * the choice a guess: the passage's context there was edited, or the copy's. Edits between two
 * annotations move the second by about as much as they add, so the expected position is rarely
 * further out than this; two adjacent repeats may be closer, and context tells those apart.
 */
const NEARER_BY = 256;

/**
 * What an edit can leave between a passage's prefix and suffix, at most: three times the passage, or
 * the passage with a long paragraph put into it.
 */
function maxRemnantLength(quoteLength: number): number {
  return Math.max(quoteLength * 3, quoteLength + 1024);
}

/**
 * How far from the expected position one side of the stored context, with something other than the
 * quote next to it, is taken as a sign of the passage standing edited there. Edits between two
 * neighbouring annotations rarely move the second further than this from where the first says.
 */
const ONE_SIDED_REACH = 256;

/** A side of context alone is such a sign only with at least this much of the quote's edge next to it. */
const SHARED_EDGE = 4;

/** Stored context shorter than this on a side cannot show where a passage stood. */
const MIN_PLACE_CONTEXT = 16;

/**
 * Where, near `hint`, the passage seems to stand edited, apart from `chosen` (`null`: nothing was
 * chosen): an edited match too unlike it to be trusted; the stored prefix and suffix with something
 * other than the quote between them (`between`); or, one side only, the stored prefix followed by the
 * quote's first characters but not the quote, or the suffix preceded by its last. Had the passage been cut and put
 * elsewhere, its prefix and suffix would have closed up, which is not such a sign. `null` when
 * nothing suggests it.
 */
function editedRemnant(
  text: string,
  quote: { readonly exact: string; readonly prefix?: string; readonly suffix?: string },
  hint: number,
  precise: boolean,
  edited: QuoteMatch | null,
  chosen: QuoteMatch | null,
): Remnant | null {
  // A copy chosen with all of its context as stored is doubted less readily than one without.
  const perfect = chosen !== null && chosen.parts.prefix === 1 && chosen.parts.suffix === 1;
  const distance = chosen === null ? Infinity : Math.abs(chosen.start - hint);
  // Far from where it was expected, an edited likeness of the passage near there is enough doubt,
  // with one side of its context as stored if the copy has all of its own.
  const far = distance > FIRST_WINDOW_RADIUS;
  if (chosen !== null && edited !== null && !overlaps(edited, chosen)) {
    const off = Math.abs(edited.start - hint);
    const strong = Math.max(edited.parts.prefix, edited.parts.suffix) >= STRONG_CONTEXT_SIMILARITY;
    // Nearer, the likeness must be much nearer than such a copy, where a precise hint expects it.
    const doubt = far
      ? off <= FIRST_WINDOW_RADIUS && (!perfect || strong)
      : precise && !perfect && off + NEARER_BY < distance;
    if (doubt) return { start: edited.start, end: edited.end, between: false };
  }
  const { exact, prefix = '', suffix = '' } = quote;
  const longest = maxRemnantLength(exact.length);
  const from = Math.max(0, hint - FIRST_WINDOW_RADIUS - longest);
  const to = Math.min(text.length, hint + FIRST_WINDOW_RADIUS + longest);
  let nearest: Remnant | null = null;
  // One side alone recurs too easily in a text that repeats itself: it counts only right where a
  // precise hint expects the passage, and against a copy with all of its context as stored only when
  // that copy is much further away.
  const consider = (start: number, end: number, between: boolean) => {
    if (chosen !== null && start < chosen.end && chosen.start < end) return;
    const off = Math.abs(start - hint);
    if (!between && (!precise || off > ONE_SIDED_REACH || (perfect && off + NEARER_BY >= distance))) return;
    if (nearest === null || off < Math.abs(nearest.start - hint)) nearest = { start, end, between };
  };
  const hasPrefix = prefix.length >= MIN_PLACE_CONTEXT;
  const hasSuffix = suffix.length >= MIN_PLACE_CONTEXT;
  if (hasPrefix) {
    for (const before of exactOccurrences(text, prefix, from, to)) {
      const start = before + prefix.length;
      // The quote there is a verbatim candidate, scored already; the suffix there means closed up.
      if (text.startsWith(exact, start) || (suffix !== '' && text.startsWith(suffix, start))) continue;
      const after = hasSuffix ? text.indexOf(suffix, start + 1) : -1;
      // The quote whole between them is a verbatim candidate with text put in next to it.
      const twoSided = after !== -1 && after - start <= longest && !text.slice(start, after).includes(exact);
      if (twoSided) consider(start, after, true);
      else if (text.startsWith(exact.slice(0, SHARED_EDGE), start))
        consider(start, start + exact.length, false);
    }
  }
  if (hasSuffix) {
    for (const end of exactOccurrences(text, suffix, from, to)) {
      if (text.startsWith(exact, end - exact.length)) continue;
      if (prefix !== '' && text.startsWith(prefix, end - prefix.length)) continue;
      const edge = exact.slice(-SHARED_EDGE);
      if (text.startsWith(edge, end - edge.length)) consider(Math.max(0, end - exact.length), end, false);
    }
  }
  return nearest;
}

/**
 * The candidate to place the annotation on, or `null`. Context decides first: the best-scoring
 * confident candidate, unless another place fits alike (within {@link AMBIGUITY_MARGIN}). Position
 * decides between places that fit alike, when exactly one of them is near the expected position; and
 * it vetoes a best place far away when a confident one lies near, unless that one fits alike.
 */
function choose(candidates: readonly QuoteMatch[], hint: number, precise: boolean): QuoteMatch | null {
  const best = candidates.reduce<QuoteMatch | null>(betterMatch, null);
  if (best?.confident !== true) return null;
  const isNear = (match: QuoteMatch) => Math.abs(match.start - hint) <= FIRST_WINDOW_RADIUS;
  const isAlike = (match: QuoteMatch) => match.score >= best.score - AMBIGUITY_MARGIN;
  const others = candidates.filter((match) => match.confident && !overlaps(match, best));
  const near = others.filter(isNear);
  if (isNear(best)) {
    const alike = near.filter(isAlike);
    if (alike.length === 0) return best;
    // Copies that fit alike, one of them right where a precise hint says and the rest well away:
    // the shift of the passages around tells them apart, as context cannot.
    if (!precise) return null;
    const [closest, ...rest] = [best, ...alike].sort(
      (a, b) => Math.abs(a.start - hint) - Math.abs(b.start - hint),
    ) as [QuoteMatch, ...QuoteMatch[]];
    const off = Math.abs(closest.start - hint);
    const clear = rest.every((match) => Math.abs(match.start - hint) > off + NEARER_BY);
    return off <= ONE_SIDED_REACH && clear ? closest : null;
  }
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
