/**
 * Comparing the text around a candidate place with the prefix and suffix a quote selector stored.
 *
 * Context is compared thousands of times while anchoring a large document (once per candidate and
 * side), always on short strings, so this uses a small quadratic edit distance rather than
 * approx-string-match, whose per-call set-up costs far more than the comparison itself at this size.
 */

/** Stored context further than this from the passage is not compared: it adds cost, not evidence. */
export const MAX_COMPARED_CONTEXT = 64;

/**
 * Stored context shorter than this is too little to tell places apart, so it is comparable only when
 * it reaches the edge of the text both then and now (the passage was, and is, that near the edge).
 */
export const MIN_COMPARABLE_CONTEXT = 16;

/**
 * Similarity in [0, 1] of `expected` to the stretch of `actual` it best matches: 1 minus the fewest
 * insertions, deletions and substitutions that turn some substring of `actual` into `expected`,
 * divided by `expected.length`. 1 when `expected` occurs in `actual` as it is (or is empty); 0 when
 * nothing of it does. Quadratic in the lengths: meant for context-sized strings.
 */
export function substringSimilarity(actual: string, expected: string): number {
  const m = expected.length;
  if (m === 0 || actual.includes(expected)) return 1;
  // column[i] = fewest edits turning expected.slice(0, i) into a substring of `actual` that ends at
  // the current character; row 0 is always 0 because the substring may start anywhere.
  const column = new Int32Array(m + 1);
  for (let i = 0; i <= m; i += 1) column[i] = i;
  let best = m;
  for (let j = 0; j < actual.length; j += 1) {
    const char = actual.charCodeAt(j);
    let diagonal = 0;
    for (let i = 1; i <= m; i += 1) {
      const left = column[i] as number;
      const substitute = diagonal + (expected.charCodeAt(i - 1) === char ? 0 : 1);
      column[i] = Math.min(substitute, left + 1, (column[i - 1] as number) + 1);
      diagonal = left;
    }
    best = Math.min(best, column[m] as number);
  }
  return 1 - best / m;
}

/** How the text on one side of a candidate place compares with the context stored for that side. */
export interface ContextFit {
  /** {@link substringSimilarity} of the stored context to the text on that side, in [0, 1]. */
  readonly similarity: number;
  /**
   * Whether the similarity says anything about the candidate: false when no context is known for
   * this side, or when too little is known (see {@link MIN_COMPARABLE_CONTEXT}).
   */
  readonly comparable: boolean;
}

/** A side with no stored context: any text fits, and none is evidence. */
const UNCONSTRAINED: ContextFit = { similarity: 1, comparable: false };

/**
 * How the text just before `start` fits `prefix`. `undefined` means no prefix is known (any text
 * fits); an empty prefix means the passage began the text, which only a candidate at 0 matches.
 */
export function prefixFit(text: string, start: number, prefix: string | undefined): ContextFit {
  if (prefix === undefined) return UNCONSTRAINED;
  const expected = prefix.slice(-MAX_COMPARED_CONTEXT);
  const actual = text.slice(Math.max(0, start - expected.length), start);
  const similarity = expected === '' ? (start === 0 ? 1 : 0) : substringSimilarity(actual, expected);
  return { similarity, comparable: expected.length >= MIN_COMPARABLE_CONTEXT || start === prefix.length };
}

/**
 * How the text just after `end` fits `suffix`. `undefined` means no suffix is known (any text fits);
 * an empty suffix means the passage ended the text, which only a candidate ending there matches.
 */
export function suffixFit(text: string, end: number, suffix: string | undefined): ContextFit {
  if (suffix === undefined) return UNCONSTRAINED;
  const expected = suffix.slice(0, MAX_COMPARED_CONTEXT);
  const actual = text.slice(end, end + expected.length);
  const similarity = expected === '' ? (end === text.length ? 1 : 0) : substringSimilarity(actual, expected);
  return {
    similarity,
    comparable: expected.length >= MIN_COMPARABLE_CONTEXT || text.length - end === suffix.length,
  };
}
