/**
 * The Hypothesis client's anchoring of a text passage, for the re-anchoring benchmark to compare
 * Scholia against: its `matchQuote` copied faithfully from hypothesis/client
 * `src/annotator/anchoring/match-quote.ts` (commit 9d28950c84560765f77b8e8e133c0f11ad577410), and the
 * order in which its `anchor` (`src/annotator/anchoring/html.ts`) tries the selectors: the stored
 * position if the text there is still the quote, else the best-scoring match of the quote over the
 * whole text with the stored start as the hint. Only the types were adapted (to this project's
 * `Selectors`); the search, its limits and its scoring are the client's.
 *
 * Bench-only: nothing in `src/` imports it.
 *
 * Copyright (c) 2013-2019 Hypothes.is Project and contributors. Licensed under the BSD 2-Clause
 * licence, whose terms follow:
 *
 * Redistribution and use in source and binary forms, with or without modification, are permitted
 * provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this list of conditions
 *    and the following disclaimer.
 * 2. Redistributions in binary form must reproduce the above copyright notice, this list of
 *    conditions and the following disclaimer in the documentation and/or other materials provided
 *    with the distribution.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND ANY EXPRESS OR
 * IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED WARRANTIES OF MERCHANTABILITY AND
 * FITNESS FOR A PARTICULAR PURPOSE ARE DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT OWNER OR
 * CONTRIBUTORS BE LIABLE FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
 * DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR SERVICES; LOSS OF USE,
 * DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER CAUSED AND ON ANY THEORY OF LIABILITY, WHETHER
 * IN CONTRACT, STRICT LIABILITY, OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF
 * THE USE OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */
import approxSearch from 'approx-string-match';
import type { Selectors } from '../../src/shared/model';

/** One match of a quote: its offsets in the text and its score in [0, 1]. */
export interface HypothesisMatch {
  start: number;
  end: number;
  score: number;
}

interface StringMatch {
  start: number;
  end: number;
  errors: number;
}

/**
 * The client's `search`: every exact occurrence if there is one (approx-string-match does not make
 * that shortcut itself), else the approximate matches with the fewest edits, up to `maxErrors`.
 */
function search(text: string, str: string, maxErrors: number): StringMatch[] {
  let matchPos = 0;
  const exactMatches: StringMatch[] = [];
  while (matchPos !== -1) {
    matchPos = text.indexOf(str, matchPos);
    if (matchPos !== -1) {
      exactMatches.push({ start: matchPos, end: matchPos + str.length, errors: 0 });
      matchPos += 1;
    }
  }
  if (exactMatches.length > 0) return exactMatches;
  return approxSearch(text, str, maxErrors);
}

/** The client's `textMatchScore`: 1 minus the fewest edits of `str` into a substring of `text`, per character. */
function textMatchScore(text: string, str: string): number {
  if (str.length === 0 || text.length === 0) return 0.0;
  const matches = search(text, str, str.length);
  const [first] = matches;
  return first === undefined ? 0 : 1 - first.errors / str.length;
}

/**
 * The client's `matchQuote`: the best-scoring match of `quote` in `text` with at most
 * min(256, quote.length / 2) edits, scored by quote (50), prefix (20), suffix (20) and nearness to
 * `hint` (2). `null` when nothing is within that many edits. No threshold: any match is taken.
 */
export function hypothesisMatchQuote(
  text: string,
  quote: string,
  context: { prefix?: string; suffix?: string; hint?: number } = {},
): HypothesisMatch | null {
  if (quote.length === 0) return null;
  const maxErrors = Math.min(256, quote.length / 2);
  const matches = search(text, quote, maxErrors);
  if (matches.length === 0) return null;

  const scoreMatch = (match: StringMatch): number => {
    const quoteWeight = 50;
    const prefixWeight = 20;
    const suffixWeight = 20;
    const posWeight = 2;
    const quoteScore = 1 - match.errors / quote.length;
    // As in the client, an empty (or absent) context counts as a perfect fit.
    const prefixScore = context.prefix
      ? textMatchScore(
          text.slice(Math.max(0, match.start - context.prefix.length), match.start),
          context.prefix,
        )
      : 1.0;
    const suffixScore = context.suffix
      ? textMatchScore(text.slice(match.end, match.end + context.suffix.length), context.suffix)
      : 1.0;
    let posScore = 1.0;
    if (typeof context.hint === 'number') {
      const offset = Math.abs(match.start - context.hint);
      posScore = 1.0 - offset / text.length;
    }
    const rawScore =
      quoteWeight * quoteScore +
      prefixWeight * prefixScore +
      suffixWeight * suffixScore +
      posWeight * posScore;
    const maxScore = quoteWeight + prefixWeight + suffixWeight + posWeight;
    return rawScore / maxScore;
  };

  const scoredMatches = matches.map((m) => ({ start: m.start, end: m.end, score: scoreMatch(m) }));
  scoredMatches.sort((a, b) => b.score - a.score);
  return scoredMatches[0] ?? null;
}

/** Where Hypothesis would put a passage, as offsets into `text`, or `null` for an orphan. */
export type HypothesisAnchor = { start: number; end: number } | null;

/**
 * Anchors one annotation as the client's `anchor` does for a text document: the position selector
 * when the text there is the quote, else `matchQuote` with the stored start as the hint.
 */
export function hypothesisAnchor(text: string, selectors: Selectors): HypothesisAnchor {
  const [quote, position] = selectors;
  // The client checks the text at the position against the quote, unless the quote is empty.
  const inBounds = position.start >= 0 && position.start <= position.end && position.end <= text.length;
  if (inBounds && (quote.exact === '' || text.slice(position.start, position.end) === quote.exact))
    return { start: position.start, end: position.end };
  const match = hypothesisMatchQuote(text, quote.exact, {
    prefix: quote.prefix,
    suffix: quote.suffix,
    hint: position.start,
  });
  return match === null ? null : { start: match.start, end: match.end };
}
