/**
 * Scoring a candidate place for a quote: how alike the text there is to the quote, how alike the text
 * around it is to the stored prefix and suffix, and how near it is to where the passage was expected.
 * The weights are the Hypothesis client's: the quote matters most, context next, position only breaks
 * ties. Apart from the score, a candidate is *confident* only when its context corroborates it:
 * anchoring places nothing that is not.
 */
import { prefixFit, suffixFit, type ContextFit } from './similarity';

/** Candidates whose text is less similar than this to the quote are never trusted. */
export const MIN_QUOTE_SIMILARITY = 0.8;

/**
 * One side of context at least this similar to what was stored is enough evidence for an exact quote;
 * an edited quote needs it on both sides. Unrelated 32-character stretches of English prose score
 * about 0.3, and almost never above 0.55.
 */
export const STRONG_CONTEXT_SIMILARITY = 0.8;

/** Context at least this similar on both sides is enough evidence too, for an exact quote. */
export const FAIR_CONTEXT_SIMILARITY = 0.6;

/**
 * An edited match must also fit at least this well overall: the weighted similarity of quote, prefix
 * and suffix together. Near-copies of a passage, such as a title repeated as a heading, can agree with
 * it and with its context on both sides to within a few characters each; together those differences
 * cost more than this allows.
 */
export const MIN_EDITED_FIT = 0.93;

const QUOTE_WEIGHT = 50;
const PREFIX_WEIGHT = 20;
const SUFFIX_WEIGHT = 20;
const POSITION_WEIGHT = 2;
const TOTAL_WEIGHT = QUOTE_WEIGHT + PREFIX_WEIGHT + SUFFIX_WEIGHT + POSITION_WEIGHT;

/** What is known about where a quote was: the text around it and roughly where it started. */
export interface QuoteContext {
  /** The text just before the quote; `''` means the quote began the text. Omitted: unknown. */
  readonly prefix?: string;
  /** The text just after the quote; `''` means the quote ended the text. Omitted: unknown. */
  readonly suffix?: string;
  /** The offset where the quote is expected to start. Omitted: anywhere. */
  readonly hint?: number;
}

/** The components of a match's score, each in [0, 1] (1 is a perfect fit). */
export interface MatchParts {
  /** Similarity of the matched text to the quote: 1 minus edits per quote character. */
  readonly quote: number;
  /** Similarity of the text before the match to the prefix (1 when no prefix was given). */
  readonly prefix: number;
  /** Similarity of the text after the match to the suffix (1 when no suffix was given). */
  readonly suffix: number;
  /** Nearness to the hint: 1 at the hint, 0 a whole text length away (1 when no hint was given). */
  readonly position: number;
}

/** A place in a text where a quote was found, and how well it fits. */
export interface QuoteMatch {
  /** Offset of the first matched character. */
  readonly start: number;
  /** Offset just after the last matched character. */
  readonly end: number;
  /** Overall fit in [0, 1]; 1 means the quote and its context are there exactly, at the hint. */
  readonly score: number;
  readonly parts: MatchParts;
  /**
   * Whether the match can be trusted as the quoted passage: its text is at least
   * {@link MIN_QUOTE_SIMILARITY} like the quote and, unless no context was given at all, the context
   * corroborates it. For the quote exactly, that is one side at least
   * {@link STRONG_CONTEXT_SIMILARITY} like the stored context, or both sides at least
   * {@link FAIR_CONTEXT_SIMILARITY}. For an edited quote, every side must be strong and the overall
   * fit at least {@link MIN_EDITED_FIT}. A side whose stored context is too short to compare (see
   * `MIN_COMPARABLE_CONTEXT`) counts for nothing.
   */
  readonly confident: boolean;
}

/**
 * Scores the candidate `text.slice(start, end)`, which differs from a quote of `quoteLength`
 * characters by `errors` edits.
 */
export function scoreCandidate(
  text: string,
  start: number,
  end: number,
  errors: number,
  quoteLength: number,
  context: QuoteContext,
): QuoteMatch {
  const quote = Math.max(0, 1 - errors / quoteLength);
  const before = prefixFit(text, start, context.prefix);
  const after = suffixFit(text, end, context.suffix);
  const position =
    context.hint === undefined
      ? 1
      : Math.max(0, 1 - Math.abs(start - context.hint) / Math.max(1, text.length));
  const fitSum = QUOTE_WEIGHT * quote + PREFIX_WEIGHT * before.similarity + SUFFIX_WEIGHT * after.similarity;
  const score = (fitSum + POSITION_WEIGHT * position) / TOTAL_WEIGHT;
  const fit = fitSum / (TOTAL_WEIGHT - POSITION_WEIGHT);
  const noContext = context.prefix === undefined && context.suffix === undefined;
  const verbatim = errors === 0;
  const corroborated =
    noContext || (corroborates(before, after, verbatim) && (verbatim || fit >= MIN_EDITED_FIT));
  return {
    start,
    end,
    score,
    parts: { quote, prefix: before.similarity, suffix: after.similarity, position },
    confident: quote >= MIN_QUOTE_SIMILARITY && corroborated,
  };
}

function corroborates(before: ContextFit, after: ContextFit, verbatim: boolean): boolean {
  const strong = (side: ContextFit) => side.comparable && side.similarity >= STRONG_CONTEXT_SIMILARITY;
  const fair = (side: ContextFit) => side.comparable && side.similarity >= FAIR_CONTEXT_SIMILARITY;
  if (verbatim) return strong(before) || strong(after) || (fair(before) && fair(after));
  // An edited match needs more: near-copies of a passage (a title repeated as a heading) can agree
  // with one side of its context and half of the other.
  const sides = [before, after].filter((side) => side.comparable);
  return sides.length > 0 && sides.every(strong);
}

/**
 * The highest score a match of a quote of `quoteLength` characters can reach with at least one edit.
 * An exact match scoring at least this cannot be beaten by an approximate one, so no approximate
 * search is needed.
 */
export function inexactScoreCeiling(quoteLength: number): number {
  const quote = Math.max(0, 1 - 1 / quoteLength);
  return (QUOTE_WEIGHT * quote + PREFIX_WEIGHT + SUFFIX_WEIGHT + POSITION_WEIGHT) / TOTAL_WEIGHT;
}

/**
 * The better of two matches: a confident one over one that is not, then the higher score, then the
 * earlier one.
 */
export function betterMatch(a: QuoteMatch | null, b: QuoteMatch | null): QuoteMatch | null {
  if (a === null) return b;
  if (b === null) return a;
  if (a.confident !== b.confident) return a.confident ? a : b;
  if (a.score !== b.score) return a.score > b.score ? a : b;
  return a.start <= b.start ? a : b;
}
