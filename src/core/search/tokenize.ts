/**
 * The search tokeniser: how text (a document's projection, its metadata, a query) becomes the terms
 * the corpus index stores and matches.
 *
 * A word is a run of letters, digits and combining marks, which may contain apostrophes between
 * letters (`don't`, `workers’`); hyphens and all other punctuation separate words, so `anti-Stalinist`
 * is the two words `anti` and `stalinist` one after the other (a query for `anti-Stalinist` looks for
 * them as a phrase, a query for `Stalinist` finds them too). A word's term is its folded form:
 * compatibility-decomposed, accents removed, lower case, a possessive `'s` dropped and other apostrophes
 * removed, so `Trotsky’s`, `trotsky's` and `Trotskÿ` all give `trotsky`, and `workers'` and `workers’`
 * both give `workers`.
 *
 * Every token keeps its span as UTF-16 offsets into the text it came from, so a match in a document
 * can be shown and opened at its exact place in the projection.
 */

/** Changes whenever the rules above change, so that an index made with other rules is rebuilt. */
export const TOKENIZER_VERSION = 1;

/** Terms longer than this are cut: no reader searches for a 500-letter "word", and the index stays small. */
export const MAX_TERM_LENGTH = 64;

/** One word of a text: its folded term and where it stands. */
export interface Token {
  term: string;
  /** Offset of the word's first character. */
  start: number;
  /** Offset just after its last character. */
  end: number;
}

const WORD = /[\p{L}\p{N}\p{M}]+(?:['’ʼ][\p{L}\p{N}\p{M}]+)*/gu;
const PLAIN = /^[a-z0-9]+$/;
const MARKS = /\p{M}/gu;
const APOSTROPHES = /['’ʼ]/g;
const POSSESSIVE = /['’ʼ]s$/;

/** The term of one word (see the module comment); the empty string for a word with no letters left. */
export function foldTerm(word: string): string {
  if (PLAIN.test(word)) return word.length > MAX_TERM_LENGTH ? word.slice(0, MAX_TERM_LENGTH) : word;
  let term = word.normalize('NFKD').replace(MARKS, '').toLowerCase();
  term = term.replace(POSSESSIVE, '').replace(APOSTROPHES, '');
  return term.length > MAX_TERM_LENGTH ? term.slice(0, MAX_TERM_LENGTH) : term;
}

/** Every word of `text` in order, with its term and span. Linear in the text's length. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  forEachToken(text, (term, start, end) => {
    tokens.push({ term, start, end });
  });
  return tokens;
}

/** Calls `visit` for every word of `text` in order, without building an array (for long texts). */
export function forEachToken(text: string, visit: (term: string, start: number, end: number) => void): void {
  WORD.lastIndex = 0;
  for (let match = WORD.exec(text); match !== null; match = WORD.exec(text)) {
    const term = foldTerm(match[0]);
    if (term !== '') visit(term, match.index, match.index + match[0].length);
  }
}

/**
 * Like {@link forEachToken}, for part of `text`: visits the words from offset `from` (which must not
 * fall inside a word) until one ends at or after `until`, and returns where the next part starts
 * (`text.length` once every word is visited). A long text is tokenised in parts this way, with other
 * work in between.
 */
export function forEachTokenFrom(
  text: string,
  from: number,
  until: number,
  visit: (term: string, start: number, end: number) => void,
): number {
  WORD.lastIndex = from;
  for (let match = WORD.exec(text); match !== null; match = WORD.exec(text)) {
    const term = foldTerm(match[0]);
    const end = match.index + match[0].length;
    if (term !== '') visit(term, match.index, end);
    if (end >= until) return end;
  }
  return text.length;
}

/** The terms of `text`, in order (for metadata and queries). */
export function terms(text: string): string[] {
  const found: string[] = [];
  forEachToken(text, (term) => {
    found.push(term);
  });
  return found;
}

/**
 * Common English words that say nothing about a passage. They are indexed (a phrase such as "the
 * state" needs them) but do not count towards a document's score when a query has other words.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'a an and are as at be been but by for from had has have he her his i if in into is it its of on or ' +
    'our she so than that the their them then there these they this to was we were what when which who ' +
    'will with would you'
  ).split(' '),
);
