/**
 * The corpus index: an inverted index with positional postings over every document's text (its
 * plain-text projection) and metadata (title, authors, container), kept in memory.
 *
 * Each document is one segment: its distinct terms (sorted ids), for each term the word positions
 * where it occurs, and for each word position the word's span in the projection. Adding, replacing or
 * removing a document touches only its segment and the shared term frequencies, so updates after an
 * import, an edit or a deletion cost what that document costs. Typed arrays keep a 30 MB corpus at
 * about ten bytes per word.
 *
 * Matching (see `query.ts` for the syntax) finds, per document, the word positions where each clause
 * occurs: a word (widened by prefix or spelling through the {@link TermDictionary}) or a phrase
 * (positions of its first word followed by the others). Ranking is BM25 over the text, plus a boost
 * for matches in the metadata (title most) and for the query's words standing together as typed.
 */
import { STOP_WORDS, forEachTokenFrom, terms } from './tokenize';
import type { Clause, ParsedQuery } from './query';
import { TermDictionary, type Expansion } from './term-dictionary';

/** A document's metadata as the index keeps it: folded terms per field. */
export interface MetaTerms {
  title: string[];
  authors: string[];
  container: string[];
}

/** What the index holds for one document. */
export interface IndexedDocument {
  id: string;
  /** What the document was indexed from (see `documentKey`); a different key means re-index. */
  key: string;
  title: string;
  text: string;
  meta: MetaTerms;
  /** Distinct term ids, ascending. */
  uniq: Int32Array;
  /** `offsets[u] … offsets[u+1]` is where the positions of term `uniq[u]` lie in `positions`. */
  offsets: Int32Array;
  /** Word positions grouped by term, ascending within a term. */
  positions: Int32Array;
  /** Word position → offset of the word in `text`. */
  starts: Int32Array;
  /** Word position → the word's length (capped at 65,535). */
  lengths: Uint16Array;
  /** Ids of the metadata terms that do not occur in the text (ascending), so they count as present. */
  metaOnly: Int32Array;
}

/** One place a clause matched: a span of the document's text. */
export interface Span {
  start: number;
  end: number;
}

/** A document the search found. */
export interface DocumentHit {
  document: IndexedDocument;
  score: number;
  /** Which metadata fields matched. */
  metaFields: ('title' | 'authors' | 'container')[];
  /** Every text match, in text order (at most {@link MAX_SPANS_PER_DOCUMENT}). */
  spans: Span[];
  /** How many matches in the text, all counted. */
  matchCount: number;
}

/** At most this many matches are collected per document (all are counted). */
export const MAX_SPANS_PER_DOCUMENT = 2_000;

const K1 = 1.2;
const B = 0.75;
const META_BOOST = { title: 3, authors: 2, container: 1.5 } as const;
const PROXIMITY_BOOST = 1.5;

/** The positions where one clause matched in one document, and how much it counts. */
interface ClauseMatch {
  /** Word positions where a match starts. */
  starts: number[];
  /** Number of words each match spans. */
  width: number;
  /** Weighted count of matches. */
  tf: number;
}

/** See the module comment. */
export class CorpusIndex {
  readonly dictionary: TermDictionary;
  private readonly documents = new Map<string, IndexedDocument>();
  private totalWords = 0;

  constructor(dictionary: TermDictionary = new TermDictionary()) {
    this.dictionary = dictionary;
  }

  /** How many documents are indexed. */
  get size(): number {
    return this.documents.size;
  }

  /** The indexed documents, in the order they were added. */
  all(): IterableIterator<IndexedDocument> {
    return this.documents.values();
  }

  /** The indexed document `id`, if any. */
  get(id: string): IndexedDocument | undefined {
    return this.documents.get(id);
  }

  /** Indexes (or re-indexes) a document from its projection text and metadata. */
  put(entry: { id: string; key: string; title: string; text: string; meta: MetaTerms }): void {
    this.putIndexed(buildSegment(this.dictionary, entry));
  }

  /** Adds an already built segment (read back from disk), replacing any with the same id. */
  putIndexed(document: IndexedDocument): void {
    this.remove(document.id);
    this.documents.set(document.id, document);
    this.dictionary.count(document.uniq, 1);
    this.dictionary.count(document.metaOnly, 1);
    this.totalWords += document.starts.length;
  }

  /** Removes document `id`; false when it was not indexed. */
  remove(id: string): boolean {
    const old = this.documents.get(id);
    if (old === undefined) return false;
    this.documents.delete(id);
    this.dictionary.count(old.uniq, -1);
    this.dictionary.count(old.metaOnly, -1);
    this.totalWords -= old.starts.length;
    return true;
  }

  /**
   * The documents matching `query`, best first, at most `limit`, among `only` when given. Stops
   * looking at further documents once `deadline` (a `performance.now()` time) has passed, and says so.
   */
  search(
    query: ParsedQuery,
    options: { limit: number; only?: ReadonlySet<string> | undefined; deadline?: number | undefined },
  ): { hits: DocumentHit[]; total: number; timedOut: boolean } {
    const clauses = query.clauses.map((clause) => this.resolve(clause));
    if (clauses.length === 0) return { hits: [], total: 0, timedOut: false };
    const count = Math.max(1, this.documents.size);
    const averageLength = Math.max(1, this.totalWords / count);
    const idf = (df: number) => Math.log(1 + (count - df + 0.5) / (df + 0.5));
    const hits: (Omit<DocumentHit, 'spans'> & { found: ClauseMatch[] })[] = [];
    let timedOut = false;
    for (const document of this.documents.values()) {
      if (options.only !== undefined && !options.only.has(document.id)) continue;
      if (options.deadline !== undefined && performance.now() > options.deadline) {
        timedOut = true;
        break;
      }
      const norm = K1 * (1 - B + (B * document.starts.length) / averageLength);
      let score = 0;
      let matched = 0;
      let matchCount = 0;
      const found: ClauseMatch[] = [];
      const metaFields = new Set<'title' | 'authors' | 'container'>();
      const singleWords: ClauseMatch[] = [];
      for (const clause of clauses) {
        const match = matchClause(document, clause.alternatives);
        const clauseIdf = clause.alternatives.reduce(
          (sum, position) => sum + idf(frequencyOf(this.dictionary, position)),
          0,
        );
        let clauseScore = 0;
        if (match.tf > 0) {
          clauseScore += (clauseIdf * (match.tf * (K1 + 1))) / (match.tf + norm);
          matchCount += match.starts.length;
          found.push(match);
        }
        for (const field of ['title', 'authors', 'container'] as const) {
          if (metaMatches(this.dictionary, document.meta[field], clause.alternatives)) {
            clauseScore += META_BOOST[field] * Math.max(1, clauseIdf);
            metaFields.add(field);
          }
        }
        if (clauseScore > 0) matched += 1;
        score += clauseScore;
        if (!clause.source.quoted && clause.alternatives.length === 1) singleWords.push(match);
      }
      if (matched === 0) continue;
      if (singleWords.length > 1) {
        const together = adjacent(singleWords);
        if (together > 0)
          score += (PROXIMITY_BOOST * singleWords.length * (together * (K1 + 1))) / (together + norm);
      }
      const coordination = matched / clauses.length;
      hits.push({
        document,
        score: score * coordination * coordination,
        metaFields: [...metaFields],
        found,
        matchCount,
      });
    }
    hits.sort((a, b) => b.score - a.score || a.document.title.localeCompare(b.document.title));
    // Spans are made only for the documents returned.
    const shown = hits
      .slice(0, options.limit)
      .map(({ found, ...hit }) => ({ ...hit, spans: spansOf(hit.document, found) }));
    return { hits: shown, total: hits.length, timedOut };
  }

  /**
   * Every place in `document` where the phrase or word of `clause` occurs, in text order. Used by the
   * concordance; the clause is matched exactly as by {@link search}.
   */
  occurrences(document: IndexedDocument, clause: Clause): Span[] {
    const resolved = this.resolve(clause);
    const match = matchClause(document, resolved.alternatives);
    return match.starts.sort((a, b) => a - b).map((start) => spanOf(document, start, match.width));
  }

  /** A clause with each of its words widened to the term ids it stands for. */
  private resolve(clause: Clause): { source: Clause; alternatives: Expansion[][] } {
    const last = clause.terms.length - 1;
    return {
      source: clause,
      alternatives: clause.terms.map((term, index) =>
        this.dictionary.expand(term, { prefix: clause.prefix && index === last, fuzzy: clause.fuzzy }),
      ),
    };
  }
}

/** The document frequency a clause position stands for: its most frequent alternative's. */
function frequencyOf(dictionary: TermDictionary, alternatives: readonly Expansion[]): number {
  let df = 0;
  for (const { id } of alternatives) df = Math.max(df, dictionary.frequency(id));
  return df;
}

/** Where `value` stands in the ascending `list`, or -1: a binary search. */
function sortedIndexOf(list: Int32Array, value: number): number {
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const at = list[mid] ?? 0;
    if (at === value) return mid;
    if (at < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** Index of `id` in the sorted `uniq`, or -1. */
function termSlot(document: IndexedDocument, id: number): number {
  return sortedIndexOf(document.uniq, id);
}

/** The positions of term `id` in `document` (a view, ascending), or null. */
function positionsOf(document: IndexedDocument, id: number): Int32Array | null {
  const slot = termSlot(document, id);
  if (slot < 0) return null;
  return document.positions.subarray(document.offsets[slot] ?? 0, document.offsets[slot + 1] ?? 0);
}

/** Whether ascending `list` contains `value`. */
function includes(list: Int32Array, value: number): boolean {
  return sortedIndexOf(list, value) >= 0;
}

/** Where a clause (one list of alternatives per word) matches in `document`. */
function matchClause(document: IndexedDocument, alternatives: readonly Expansion[][]): ClauseMatch {
  const width = alternatives.length;
  const lists = alternatives.map((position) =>
    position
      .map(({ id, weight }) => ({ list: positionsOf(document, id), weight }))
      .filter((entry): entry is { list: Int32Array; weight: number } => entry.list !== null),
  );
  if (lists.some((position) => position.length === 0)) return { starts: [], width, tf: 0 };
  const starts: number[] = [];
  let tf = 0;
  const first = lists[0] ?? [];
  for (const { list, weight } of first) {
    for (const start of list) {
      let ok = true;
      for (let k = 1; k < width && ok; k++)
        ok = (lists[k] ?? []).some((entry) => includes(entry.list, start + k));
      if (ok) {
        starts.push(start);
        tf += weight;
      }
    }
  }
  if (first.length > 1) starts.sort((a, b) => a - b);
  return { starts, width, tf };
}

/** How often the words of `matches` (single-word clauses, in query order) stand next to each other. */
function adjacent(matches: readonly ClauseMatch[]): number {
  const [head, ...rest] = matches;
  if (head === undefined) return 0;
  const sets = rest.map((match) => new Set(match.starts));
  let together = 0;
  for (const start of head.starts) if (sets.every((set, k) => set.has(start + k + 1))) together += 1;
  return together;
}

/** Whether a metadata field's terms contain the clause (its words in a row). Fields are a few words long. */
function metaMatches(
  dictionary: TermDictionary,
  field: readonly string[],
  alternatives: readonly Expansion[][],
): boolean {
  if (field.length < alternatives.length) return false;
  outer: for (let i = 0; i + alternatives.length <= field.length; i++) {
    for (let k = 0; k < alternatives.length; k++) {
      const id = dictionary.idOf(field[i + k] ?? '');
      if (!(alternatives[k] ?? []).some((alternative) => alternative.id === id)) continue outer;
    }
    return true;
  }
  return false;
}

/** The spans of every clause's matches, in text order, at most {@link MAX_SPANS_PER_DOCUMENT}. */
function spansOf(document: IndexedDocument, found: readonly ClauseMatch[]): Span[] {
  const spans: Span[] = [];
  for (const match of found) {
    for (const start of match.starts) {
      if (spans.length >= MAX_SPANS_PER_DOCUMENT) break;
      spans.push(spanOf(document, start, match.width));
    }
  }
  return spans.sort((a, b) => a.start - b.start || a.end - b.end);
}

/** The text span of a match of `width` words starting at word `start`. */
function spanOf(document: IndexedDocument, start: number, width: number): Span {
  const last = start + width - 1;
  return {
    start: document.starts[start] ?? 0,
    end: (document.starts[last] ?? 0) + (document.lengths[last] ?? 0),
  };
}

/** Builds a document's segment, interning its terms (text and metadata) in `dictionary`. */
export function buildSegment(
  dictionary: TermDictionary,
  entry: { id: string; key: string; title: string; text: string; meta: MetaTerms },
): IndexedDocument {
  const steps = segmentSteps(dictionary, entry);
  for (let step = steps.next(); ; step = steps.next()) if (step.done === true) return step.value;
}

/** Characters of text tokenised between two pauses of {@link segmentSteps}. */
export const SEGMENT_STEP_CHARS = 32_000;

/**
 * {@link buildSegment} in steps: the generator pauses after every {@link SEGMENT_STEP_CHARS} characters
 * tokenised, so that a caller can let other work run while a very long document is indexed, and returns
 * the segment. The terms are interned as they are met; the segment is the caller's to add.
 */
export function* segmentSteps(
  dictionary: TermDictionary,
  entry: { id: string; key: string; title: string; text: string; meta: MetaTerms },
): Generator<void, IndexedDocument, void> {
  let capacity = Math.max(16, entry.text.length >> 3);
  let termIds = new Int32Array(capacity);
  let starts = new Int32Array(capacity);
  let lengths = new Uint16Array(capacity);
  let n = 0;
  const visit = (term: string, start: number, end: number): void => {
    if (n === capacity) {
      capacity *= 2;
      termIds = grow(termIds, capacity);
      starts = grow(starts, capacity);
      lengths = grow(lengths, capacity);
    }
    termIds[n] = dictionary.intern(term);
    starts[n] = start;
    lengths[n] = Math.min(65_535, end - start);
    n += 1;
  };
  for (let at = 0; at < entry.text.length;) {
    at = forEachTokenFrom(entry.text, at, at + SEGMENT_STEP_CHARS, visit);
    if (at < entry.text.length) yield;
  }
  // Sort word positions by (term, position) in one numeric sort of combined keys.
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = (termIds[i] ?? 0) * 0x4000000 + i;
  keys.sort();
  const positions = new Int32Array(n);
  const uniqList: number[] = [];
  const offsetList: number[] = [];
  let previous = -1;
  for (let i = 0; i < n; i++) {
    const key = keys[i] ?? 0;
    const term = Math.floor(key / 0x4000000);
    positions[i] = key - term * 0x4000000;
    if (term !== previous) {
      uniqList.push(term);
      offsetList.push(i);
      previous = term;
    }
  }
  offsetList.push(n);
  const uniq = Int32Array.from(uniqList);
  return {
    id: entry.id,
    key: entry.key,
    title: entry.title,
    text: entry.text,
    meta: entry.meta,
    uniq,
    offsets: Int32Array.from(offsetList),
    positions,
    starts: starts.slice(0, n),
    lengths: lengths.slice(0, n),
    metaOnly: metaOnlyIds(dictionary, entry.meta, uniq),
  };
}

/** The ids of the metadata's terms that the text does not contain, interning them. */
export function metaOnlyIds(dictionary: TermDictionary, meta: MetaTerms, uniq: Int32Array): Int32Array {
  const ids = new Set<number>();
  for (const term of [...meta.title, ...meta.authors, ...meta.container]) {
    const id = dictionary.intern(term);
    if (!includes(uniq, id)) ids.add(id);
  }
  return Int32Array.from([...ids].sort((a, b) => a - b));
}

function grow<T extends Int32Array | Uint16Array>(array: T, capacity: number): T {
  const grown = new (array.constructor as new (length: number) => T)(capacity);
  grown.set(array);
  return grown;
}

/** The metadata terms of a CSL item: its title, its authors' and editors' names, its container. */
export function metaTermsOf(csl: {
  title?: string | undefined;
  author?:
    { family?: string | undefined; given?: string | undefined; literal?: string | undefined }[] | undefined;
  'container-title'?: string | undefined;
}): MetaTerms {
  const names = (csl.author ?? []).map((name) =>
    [name.given, name.family, name.literal].filter(Boolean).join(' '),
  );
  return {
    title: terms(csl.title ?? ''),
    authors: terms(names.join(' ')),
    container: terms(csl['container-title'] ?? ''),
  };
}

/** Whether `term` is a stop word (re-exported for callers that build clauses themselves). */
export function isStopWord(term: string): boolean {
  return STOP_WORDS.has(term);
}
