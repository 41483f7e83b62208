/**
 * Search queries as the reader types them, parsed into clauses the corpus index can match.
 *
 * - words: `vouchers privatisation` — each word is a clause; documents with more of them rank higher;
 * - phrases: `"workers' democracy"` (straight or curly double quotes) — the words one after the other;
 *   words joined by a hyphen or an apostrophe (`anti-Stalinist`) are a phrase too;
 * - prefix: `privat*` — any word starting so; the last word of a query also matches as a prefix when
 *   the caller asks for it (search as you type);
 * - fuzzy: `Gorbachov~` — words within one edit (two for words of eight letters or more).
 *
 * Nothing in a query is ever interpreted as a regular expression. Queries are cut to
 * {@link MAX_QUERY_CHARS} characters and {@link MAX_CLAUSES} clauses, so any input is parsed quickly.
 */
import { STOP_WORDS, terms } from './tokenize';

/** Only this much of a query is read. */
export const MAX_QUERY_CHARS = 1_000;
/** At most this many clauses are matched; later ones are ignored (and reported as such). */
export const MAX_CLAUSES = 32;
/** At most this many words in one phrase. */
export const MAX_PHRASE_TERMS = 16;

/** One thing a document must contain to match: a word, or several words in a row. */
export interface Clause {
  /** Folded terms, in order; one for a word. */
  terms: string[];
  /** The last term also matches any longer word it begins. */
  prefix: boolean;
  /** The terms also match words a small edit away. */
  fuzzy: boolean;
  /** The reader put the words in quotes. */
  quoted: boolean;
}

/** A parsed query. */
export interface ParsedQuery {
  clauses: Clause[];
  /** Some of the query was ignored (too long, too many clauses). */
  truncated: boolean;
}

const QUOTED = /["“”„]([^"“”„]*)["“”„]?/g;

/**
 * Parses `raw`. `prefixLast` makes the last unquoted word match as a prefix. A query of only stop words
 * keeps them (as one phrase, so `the state` still finds "the state"); otherwise single stop words are
 * dropped. Never throws; a query without any word gives no clauses.
 */
export function parseQuery(raw: string, options: { prefixLast?: boolean } = {}): ParsedQuery {
  let truncated = raw.length > MAX_QUERY_CHARS;
  const text = truncated ? raw.slice(0, MAX_QUERY_CHARS) : raw;
  const clauses: Clause[] = [];
  let rest = '';
  let last = 0;
  for (const match of text.matchAll(QUOTED)) {
    rest += ` ${text.slice(last, match.index)} `;
    last = match.index + match[0].length;
    const phrase = terms(match[1] ?? '').slice(0, MAX_PHRASE_TERMS);
    if (phrase.length > 0) clauses.push({ terms: phrase, prefix: false, fuzzy: false, quoted: true });
  }
  rest += ` ${text.slice(last)}`;
  const chunks = rest.split(/\s+/).filter((chunk) => chunk !== '');
  const unquoted: Clause[] = [];
  chunks.forEach((chunk, index) => {
    const chunkTerms = terms(chunk).slice(0, MAX_PHRASE_TERMS);
    if (chunkTerms.length === 0) return;
    const star = /\*\W*$/.test(chunk);
    const tilde = /~\W*$/.test(chunk);
    const isLast = index === chunks.length - 1 && !/\s$/.test(text);
    unquoted.push({
      terms: chunkTerms,
      prefix: star || (options.prefixLast === true && isLast && !tilde),
      fuzzy: tilde,
      quoted: false,
    });
  });
  const meaningful = [...clauses, ...unquoted].some(
    (clause) => clause.terms.length > 1 || !STOP_WORDS.has(clause.terms[0] ?? ''),
  );
  if (meaningful) {
    clauses.push(
      ...unquoted.filter(
        (clause) => clause.terms.length > 1 || clause.prefix || !STOP_WORDS.has(clause.terms[0] ?? ''),
      ),
    );
  } else if (unquoted.length > 0) {
    // Only stop words: look for them as they were typed, one after the other.
    const phrase = unquoted.flatMap((clause) => clause.terms).slice(0, MAX_PHRASE_TERMS);
    clauses.push({ terms: phrase, prefix: false, fuzzy: false, quoted: false });
  }
  if (clauses.length > MAX_CLAUSES) {
    truncated = true;
    clauses.length = MAX_CLAUSES;
  }
  return { clauses, truncated };
}
