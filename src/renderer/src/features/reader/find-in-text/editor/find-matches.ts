/**
 * Finding a word or phrase in the open text (Ctrl/⌘+F): every occurrence as a span of the document's
 * plain-text projection, ignoring case, accents and the shape of quotes, so `etat` finds `État` and
 * `workers' democracy` finds `workers’ democracy`. It is a plain substring search, not a word search:
 * `work` also finds `workers`, as a browser's find does.
 *
 * Folding keeps every character in its place (one UTF-16 unit becomes one), so an offset in the
 * folded text is the same offset in the projection. The folded text of a projection is made once and
 * kept while the projection lives.
 */
import type { TextSpan } from '../../../../../../shared/find';

/** Most matches counted; a longer list is cut, and said to be. */
export const MAX_FIND_MATCHES = 200_000;

/** Longest query searched; the rest is ignored. */
export const MAX_FIND_QUERY = 1_000;

/** Characters folded to another than their lower case without accents. */
const SPECIAL: Readonly<Record<string, string>> = {
  '\u2018': "'",
  '\u2019': "'",
  '\u02bc': "'",
  '\u201c': '"',
  '\u201d': '"',
  '\u00ab': '"',
  '\u00bb': '"',
  '\u00a0': ' ',
  '\u2010': '-',
  '\u2011': '-',
};

const folded = new Map<number, number>();

/** The folded form of one UTF-16 unit: lower case, no accent, plain quotes; itself when that is not one unit. */
function foldUnit(code: number): number {
  if (code < 128) return code >= 65 && code <= 90 ? code + 32 : code;
  const known = folded.get(code);
  if (known !== undefined) return known;
  const char = String.fromCharCode(code);
  let result = code;
  const special = SPECIAL[char];
  if (special !== undefined) result = special.charCodeAt(0);
  else if (code < 0xd800 || code > 0xdfff) {
    const base = char.normalize('NFD').charAt(0).toLowerCase();
    if (base.length === 1) result = base.charCodeAt(0);
  }
  folded.set(code, result);
  return result;
}

/** `text` folded for finding: the same length, each unit in its place. */
export function foldForFind(text: string): string {
  const chunk = 8_192;
  const parts: string[] = [];
  const codes = new Array<number>(chunk);
  for (let at = 0; at < text.length; at += chunk) {
    const end = Math.min(text.length, at + chunk);
    codes.length = end - at;
    for (let i = at; i < end; i += 1) codes[i - at] = foldUnit(text.charCodeAt(i));
    parts.push(String.fromCharCode(...codes));
  }
  return parts.join('');
}

const foldedTexts = new WeakMap<object, string>();

/** The folded text of `owner` (a projection), made on first use and kept with it. */
export function foldedTextOf(owner: { readonly text: string }): string {
  let text = foldedTexts.get(owner);
  if (text === undefined) {
    text = foldForFind(owner.text);
    foldedTexts.set(owner, text);
  }
  return text;
}

/** What a find found. */
export interface FindResult {
  /** Every occurrence, in text order, not overlapping. */
  readonly matches: readonly TextSpan[];
  /** More occurred than {@link MAX_FIND_MATCHES}: the list stops there. */
  readonly truncated: boolean;
}

const NOTHING: FindResult = { matches: [], truncated: false };

/**
 * Every occurrence of `query` in `foldedText` (a text folded by {@link foldForFind}). White space at
 * either end of the query counts; a query of only white space finds nothing.
 */
export function findMatches(foldedText: string, query: string, limit = MAX_FIND_MATCHES): FindResult {
  if (query.trim() === '') return NOTHING;
  const needle = foldForFind(query.slice(0, MAX_FIND_QUERY));
  const matches: TextSpan[] = [];
  let at = foldedText.indexOf(needle);
  while (at >= 0) {
    if (matches.length >= limit) return { matches, truncated: true };
    matches.push({ start: at, end: at + needle.length });
    at = foldedText.indexOf(needle, at + needle.length);
  }
  return { matches, truncated: false };
}

/** The index of the first of `matches` that ends after `offset` (`matches.length` when none does). */
export function firstMatchEndingAfter(matches: readonly TextSpan[], offset: number): number {
  let lo = 0;
  let hi = matches.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((matches[mid] as TextSpan).end > offset) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** The index of the first of `matches` that starts at or after `offset`, wrapping to 0; -1 when there are none. */
export function matchFrom(matches: readonly TextSpan[], offset: number): number {
  if (matches.length === 0) return -1;
  let lo = 0;
  let hi = matches.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((matches[mid] as TextSpan).start >= offset) hi = mid;
    else lo = mid + 1;
  }
  return lo === matches.length ? 0 : lo;
}

/** The match after (`step` 1) or before (`step` -1) `current`, wrapping round; -1 when there are none. */
export function stepMatch(count: number, current: number, step: 1 | -1): number {
  if (count === 0) return -1;
  if (current < 0) return step === 1 ? 0 : count - 1;
  return (current + step + count) % count;
}

/** The indexes `[first, last)` of `matches` that overlap the span `from`–`to` of the text. */
export function matchesBetween(
  matches: readonly TextSpan[],
  from: number,
  to: number,
): { readonly first: number; readonly last: number } {
  const first = firstMatchEndingAfter(matches, from);
  let lo = first;
  let hi = matches.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((matches[mid] as TextSpan).start >= to) hi = mid;
    else lo = mid + 1;
  }
  return { first, last: lo };
}
