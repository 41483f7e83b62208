/**
 * The corpus index: an inverted index with positional postings over every document's text (its
 * plain-text projection) and metadata (title, authors, container), kept in memory.
 *
 * Postings are kept by term, so that a query reads only the documents holding its words: for each
 * term, the documents holding it, each with how often (its term frequency) and where (its word
 * positions, delta- and varint-encoded: `postings-codec.ts`). A query scores from the frequencies
 * alone; positions are decoded only where they are needed: to check a phrase, to count the query's
 * words standing together in a document holding them all, to show a document's matches (its spans,
 * made when first read) and for the concordance. A document's word spans (offset and length of each
 * word) are a byte a word, with a mark every 128 words.
 *
 * A document added or replaced first stands on its own ("fresh": its postings by term in arrays of
 * its own), and is searched as such; once the fresh documents hold a good share of the index they are
 * merged into the shared term lists (one byte array for all terms, term by term), dropping the entries
 * of documents removed since. Merging costs the size of the index, and as it happens only when the
 * fresh part has grown by a fixed share, adding documents one by one costs a constant factor of
 * building at once. Removing a document marks it gone at once (its entries are skipped until the next
 * merge), so updates after an import, an edit or a deletion cost what that document costs.
 *
 * Matching (see `query.ts` for the syntax) finds, per document, where each clause occurs: a word
 * (widened by prefix or spelling through the {@link TermDictionary}) or a phrase (positions of its
 * first word followed by the others). Ranking is BM25 over the text, plus a boost for matches in the
 * metadata (title most) and for the query's words standing together as typed.
 */
import { STOP_WORDS, forEachTokenFrom, terms } from './tokenize';
import type { Clause, ParsedQuery } from './query';
import { TermDictionary, type Expansion } from './term-dictionary';
import {
  ByteReader,
  ByteWriter,
  LayoutReader,
  MAX_WORD_LENGTH,
  decodeAscending,
  encodeAscending,
  encodeLayout,
  putVarint,
  readAscending,
  varintSize,
  writeAscending,
} from './postings-codec';

/** A document's metadata as the index keeps it: folded terms per field. */
export interface MetaTerms {
  title: string[];
  authors: string[];
  container: string[];
}

/** What the index holds for one document (its postings are the index's, by term). */
export interface IndexedDocument {
  id: string;
  /** What the document was indexed from (see `documentKey`); a different key means re-index. */
  key: string;
  title: string;
  text: string;
  meta: MetaTerms;
  /** How many words the text has. */
  words: number;
  /** Where each word stands in `text`: see `encodeLayout` in `postings-codec.ts`. */
  layout: Uint8Array;
  /** Marks of `layout`, every 128 words. */
  marks: Int32Array;
  /** Ids of the metadata terms that do not occur in the text (ascending), so they count as present. */
  metaOnly: Int32Array;
}

/**
 * A document's postings by term, as built: term `uniq[u]` has its entry at `bytes[offsets[u]] …
 * bytes[offsets[u+1]]`: how often it occurs (a varint), then its positions (ascending, delta-encoded).
 */
export interface LocalPostings {
  /** Distinct term ids, ascending. */
  uniq: Int32Array;
  offsets: Int32Array;
  bytes: Uint8Array;
}

/** A document as built, with its own postings: what {@link CorpusIndex.putIndexed} takes. */
export interface Segment extends IndexedDocument {
  postings: LocalPostings;
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
  /** Every text match, in text order (at most {@link MAX_SPANS_PER_DOCUMENT}); made when first read. */
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

/** Fresh documents are merged once their postings exceed this many bytes and {@link MERGE_SHARE}. */
const MERGE_MIN_BYTES = 1 << 20;
/** … of the merged term lists' bytes. */
const MERGE_SHARE = 1 / 4;
/** Words of removed documents whose entries are dropped by a merge once they are half the index. */
const MERGE_MIN_WORDS = 1 << 16;
/** Bytes of term lists read or written between two pauses of {@link CorpusIndex.mergeSteps}. */
const MERGE_STEP_BYTES = 1 << 19;
/** Terms whose document-to-entry map is kept between lookups (see {@link Merged.entryOf}). */
const CACHED_TERMS = 256;

/** Where a clause matched in one document, and how much it counts. */
interface ClauseMatch {
  /** Word positions where a match starts (null until read, for a word's matches). */
  starts: number[] | null;
  /** Number of words each match spans. */
  width: number;
  /** Weighted count of matches. */
  tf: number;
  /** Number of matches. */
  count: number;
  /** The clause's terms, for reading `starts` when asked. */
  alternatives: readonly Expansion[][];
}

/** An indexed document and where its postings are. */
interface Entry {
  document: IndexedDocument;
  /** Its number in the term lists (reused only once no list holds it any more). */
  slot: number;
  /** Order of arrival: results that score the same keep it. */
  seq: number;
  /** Its postings while it is fresh; null once merged into the term lists. */
  local: LocalPostings | null;
  /** Its distinct term ids (delta-encoded), once merged, for counting them out when it is removed. */
  terms: Uint8Array | null;
  termCount: number;
}

/**
 * The merged term lists, never changed once made (a merge makes new ones), so that matches read
 * later from a search's results stay right whatever the index does meanwhile. Term `t`'s entries lie
 * at `bytes[starts[t]] … bytes[starts[t+1]]`; an entry is the document's slot, its term frequency, when
 * above 1 the byte length of its positions, and its positions (ascending, delta-encoded).
 */
class Merged {
  readonly bytes: Uint8Array;
  readonly starts: Int32Array;
  private readonly cache = new Map<number, Map<number, number>>();

  constructor(bytes: Uint8Array, starts: Int32Array) {
    this.bytes = bytes;
    this.starts = starts;
  }

  /** How many terms have lists (later terms have none). */
  get terms(): number {
    return this.starts.length - 1;
  }

  /** Where term `term`'s entry for `slot` continues after the slot (at its frequency), or -1. */
  entryOf(term: number, slot: number): number {
    if (term >= this.terms) return -1;
    let map = this.cache.get(term);
    if (map === undefined) {
      map = new Map();
      const reader = new ByteReader(this.bytes, this.starts[term] ?? 0);
      const end = this.starts[term + 1] ?? 0;
      while (reader.at < end) {
        const at = reader.varint();
        map.set(at, reader.at);
        skipEntry(reader);
      }
      if (this.cache.size >= CACHED_TERMS) this.cache.clear();
      this.cache.set(term, map);
    }
    return map.get(slot) ?? -1;
  }
}

/**
 * Copies `source[from, to)` into `target` at `at` and returns the offset after it. Most terms' lists
 * are a few bytes long, for which a loop beats making a subarray.
 */
function copyBytes(source: Uint8Array, from: number, to: number, target: Uint8Array, at: number): number {
  if (to - from > 32) {
    target.set(source.subarray(from, to), at);
    return at + to - from;
  }
  let into = at;
  for (let i = from; i < to; i++) target[into++] = source[i] ?? 0;
  return into;
}

/** Moves `reader` (standing at an entry's frequency) past the rest of the entry. */
function skipEntry(reader: ByteReader): void {
  const tf = reader.varint();
  if (tf === 1) reader.skipVarint();
  else {
    const length = reader.varint();
    reader.at += length;
  }
}

const EMPTY_MERGED = new Merged(new Uint8Array(0), new Int32Array(1));

/** See the module comment. */
export class CorpusIndex {
  readonly dictionary: TermDictionary;
  private readonly documents = new Map<string, Entry>();
  /** Entry by slot; a hole for a slot free or of a removed document. */
  private bySlot: (Entry | undefined)[] = [];
  private freeSlots: number[] = [];
  /** Slots of removed documents whose entries the term lists still hold (skipped), until a merge. */
  private removedSlots: number[] = [];
  private removedWords = 0;
  private fresh: Entry[] = [];
  private freshBytes = 0;
  private merged: Merged = EMPTY_MERGED;
  /** Metadata term id → slots of the documents whose metadata holds it. */
  private readonly metaPostings = new Map<number, number[]>();
  private totalWords = 0;
  private seq = 0;
  /** Changes with every document put or removed and every merge (a merge in steps checks it). */
  private version = 0;

  constructor(dictionary: TermDictionary = new TermDictionary()) {
    this.dictionary = dictionary;
  }

  /** How many documents are indexed. */
  get size(): number {
    return this.documents.size;
  }

  /** The indexed documents, in the order they were added. */
  *all(): IterableIterator<IndexedDocument> {
    for (const entry of this.documents.values()) yield entry.document;
  }

  /** The indexed document `id`, if any. */
  get(id: string): IndexedDocument | undefined {
    return this.documents.get(id)?.document;
  }

  /** Indexes (or re-indexes) a document from its projection text and metadata. */
  put(entry: { id: string; key: string; title: string; text: string; meta: MetaTerms }): void {
    this.putIndexed(buildSegment(this.dictionary, entry));
  }

  /**
   * Adds an already built segment, replacing any document with the same id. A merge due after it
   * runs at once, unless `merge` is false: then the caller runs {@link mergeSteps} when it likes.
   */
  putIndexed(segment: Segment, options: { merge?: boolean } = {}): void {
    const { postings, ...document } = segment;
    this.remove(document.id);
    const entry = this.add(document, this.takeSlot(), postings, null, postings.uniq.length);
    this.dictionary.count(postings.uniq, 1);
    this.fresh.push(entry);
    this.freshBytes += postings.bytes.length;
    this.version += 1;
    if (options.merge !== false && this.mergeDue()) this.merge();
  }

  /** Removes document `id`; false when it was not indexed. */
  remove(id: string): boolean {
    const entry = this.documents.get(id);
    if (entry === undefined) return false;
    this.documents.delete(id);
    this.bySlot[entry.slot] = undefined;
    const { document } = entry;
    this.dictionary.count(
      entry.local?.uniq ?? decodeAscending(entry.terms ?? new Uint8Array(0), entry.termCount),
      -1,
    );
    this.dictionary.count(document.metaOnly, -1);
    this.totalWords -= document.words;
    for (const id of metaIds(this.dictionary, document.meta)) {
      const slots = this.metaPostings.get(id) ?? [];
      const at = slots.indexOf(entry.slot);
      if (at >= 0) slots.splice(at, 1);
      if (slots.length === 0) this.metaPostings.delete(id);
    }
    if (entry.local !== null) {
      this.fresh.splice(this.fresh.indexOf(entry), 1);
      this.freshBytes -= entry.local.bytes.length;
      this.freeSlots.push(entry.slot);
    } else {
      this.removedSlots.push(entry.slot);
      this.removedWords += document.words;
    }
    this.version += 1;
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
    const slots = this.bySlot.length;
    // Which documents can match at all, read from the term lists without positions.
    const candidate = new Uint8Array(slots);
    const candidates: Entry[] = [];
    const mark = (slot: number): void => {
      if (candidate[slot] === 1) return;
      const entry = this.bySlot[slot];
      if (entry === undefined || (options.only !== undefined && !options.only.has(entry.document.id))) return;
      candidate[slot] = 1;
      candidates.push(entry);
    };
    const prepared = clauses.map(({ source, alternatives }) => {
      const width = alternatives.length;
      const clauseIdf = alternatives.reduce(
        (sum, position) => sum + idf(frequencyOf(this.dictionary, position)),
        0,
      );
      const metaSlots = new Set<number>();
      for (const { id } of alternatives[0] ?? [])
        for (const slot of this.metaPostings.get(id) ?? []) metaSlots.add(slot);
      for (const slot of metaSlots) mark(slot);
      let tf: Float64Array | null = null;
      let counts: Int32Array | null = null;
      let reach: Uint8Array | null = null;
      if (width === 1) {
        // A word: its weighted frequency in each document, alternative by alternative (as its matches
        // are counted when read one by one, so that scores come out the same to the last bit).
        const tfs = new Float64Array(slots);
        const found = new Int32Array(slots);
        for (const { id, weight } of alternatives[0] ?? []) {
          this.forEachPosting(id, (slot, frequency) => {
            let sum = tfs[slot] ?? 0;
            if (weight === 1 && sum === 0) sum = frequency;
            else for (let i = 0; i < frequency; i++) sum += weight;
            tfs[slot] = sum;
            found[slot] = (found[slot] ?? 0) + frequency;
            mark(slot);
          });
        }
        tf = tfs;
        counts = found;
      } else if (width > 1 && width < 256 && alternatives.every((position) => position.length > 0)) {
        // A phrase: the documents holding some alternative of every word, checked with positions later.
        const reached = new Uint8Array(slots);
        alternatives.forEach((position, k) => {
          for (const { id } of position)
            this.forEachPosting(id, (slot) => {
              if (reached[slot] === k) reached[slot] = k + 1;
            });
        });
        for (let slot = 0; slot < slots; slot++) if (reached[slot] === width) mark(slot);
        reach = reached;
      }
      return { source, alternatives, width, clauseIdf, metaSlots, tf, counts, reach };
    });
    candidates.sort((a, b) => a.seq - b.seq);
    const merged = this.merged;
    const hits: (Omit<DocumentHit, 'spans'> & { found: ClauseMatch[]; entry: Entry })[] = [];
    let timedOut = false;
    for (const entry of candidates) {
      if (options.deadline !== undefined && performance.now() > options.deadline) {
        timedOut = true;
        break;
      }
      const { document, slot } = entry;
      const norm = K1 * (1 - B + (B * document.words) / averageLength);
      let score = 0;
      let matched = 0;
      let matchCount = 0;
      const found: ClauseMatch[] = [];
      const metaFields = new Set<'title' | 'authors' | 'container'>();
      const singleWords: ClauseMatch[] = [];
      for (const clause of prepared) {
        const { alternatives, width, clauseIdf } = clause;
        let match: ClauseMatch;
        if (clause.tf !== null) {
          const n = clause.counts?.[slot] ?? 0;
          match = { starts: n === 0 ? [] : null, width, tf: clause.tf[slot] ?? 0, count: n, alternatives };
        } else if (clause.reach !== null && clause.reach[slot] === width) {
          match = matchClause(merged, entry, alternatives);
        } else {
          match = { starts: [], width, tf: 0, count: 0, alternatives };
        }
        let clauseScore = 0;
        if (match.tf > 0) {
          clauseScore += (clauseIdf * (match.tf * (K1 + 1))) / (match.tf + norm);
          matchCount += match.count;
          found.push(match);
        }
        if (clause.metaSlots.has(slot)) {
          for (const field of ['title', 'authors', 'container'] as const) {
            if (metaMatches(this.dictionary, document.meta[field], alternatives)) {
              clauseScore += META_BOOST[field] * Math.max(1, clauseIdf);
              metaFields.add(field);
            }
          }
        }
        if (clauseScore > 0) matched += 1;
        score += clauseScore;
        if (!clause.source.quoted && width === 1) singleWords.push(match);
      }
      if (matched === 0) continue;
      if (singleWords.length > 1 && singleWords.every((match) => match.count > 0)) {
        // Words of one term each (the usual case) are read as they are walked, without arrays, and
        // only as far as the walk goes; others (prefixes, misspellings) as arrays of all their matches.
        const cursors = singleWords.every((match) => match.alternatives[0]?.length === 1)
          ? singleWords.map((match) => cursorOf(merged, entry, match.alternatives[0]?.[0]?.id ?? -1))
          : null;
        const together =
          cursors !== null && cursors.every((cursor) => cursor !== null)
            ? adjacentCursors(cursors)
            : adjacent(singleWords.map((match) => startsOf(merged, entry, match)));
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
        entry,
      });
    }
    hits.sort((a, b) => b.score - a.score || a.document.title.localeCompare(b.document.title));
    const shown = hits.slice(0, options.limit).map(({ found, entry, ...hit }) => {
      // Spans are made when read: most callers read them for a few documents only. Everything they
      // are made from (the document, its postings, the merged lists) is never changed, only replaced.
      let spans: Span[] | null = null;
      const local = entry.local;
      const frozen: Entry = { ...entry, local };
      return Object.defineProperty(hit, 'spans', {
        enumerable: true,
        get: () => (spans ??= spansOf(merged, frozen, found)),
      }) as DocumentHit;
    });
    return { hits: shown, total: hits.length, timedOut };
  }

  /**
   * Every place in `document` where the phrase or word of `clause` occurs, in text order. Used by the
   * concordance; the clause is matched exactly as by {@link search}.
   */
  occurrences(document: IndexedDocument, clause: Clause): Span[] {
    const entry = this.documents.get(document.id);
    if (entry === undefined || entry.document !== document) return [];
    const resolved = this.resolve(clause);
    const match = matchClause(this.merged, entry, resolved.alternatives);
    const layout = new LayoutReader(document);
    const starts = match.starts ?? [];
    // Usually in order already (one term): sorting is then only a check.
    let sorted = true;
    for (let i = 1; i < starts.length && sorted; i++) sorted = (starts[i - 1] ?? 0) <= (starts[i] ?? 0);
    if (!sorted) starts.sort((a, b) => a - b);
    const spans: Span[] = new Array<Span>(starts.length);
    for (let i = 0; i < starts.length; i++) spans[i] = spanOf(layout, starts[i] ?? 0, match.width);
    return spans;
  }

  /**
   * Whether enough fresh documents or removed ones' entries have gathered that a merge is due: fresh
   * postings over `share` of the merged lists (a quarter unless given; a caller adding many documents
   * may ask for more, merging less often while it adds them, and once at the end).
   */
  mergeDue(share = MERGE_SHARE): boolean {
    return (
      this.freshBytes > Math.max(MERGE_MIN_BYTES, this.merged.bytes.length * share) ||
      this.removedWords > Math.max(MERGE_MIN_WORDS, this.totalWords / 2)
    );
  }

  /** Merges the fresh documents into the term lists now, dropping the entries of removed documents. */
  merge(): void {
    const steps = this.mergeSteps();
    for (let step = steps.next(); step.done !== true; step = steps.next());
  }

  /**
   * {@link merge} in steps: the generator pauses after every stretch of about {@link MERGE_STEP_BYTES}
   * bytes, so that a caller can let other work run (searches included: the index stays as it was until
   * the last step puts the new lists in place). A merge overtaken by a change to the index (a document
   * put or removed between two steps) is given up, leaving the index as it is: the next merge does it.
   */
  *mergeSteps(): Generator<void, void, void> {
    const version = this.version;
    const old = this.merged;
    const fresh = [...this.fresh];
    const removedSlots = [...this.removedSlots];
    const terms = Math.max(old.terms, this.dictionary.size);
    const purge = new Uint8Array(this.bySlot.length);
    for (const slot of removedSlots) purge[slot] = 1;
    const purging = removedSlots.length > 0;
    let work = 0;
    // Sizes first, so the new lists are one array of exactly the size needed.
    const sizes = new Int32Array(terms + 1);
    const reader = new ByteReader(old.bytes);
    for (let term = 0; term < old.terms; term++) {
      const start = old.starts[term] ?? 0;
      const end = old.starts[term + 1] ?? 0;
      if (!purging) {
        sizes[term] = end - start;
        continue;
      }
      let size = 0;
      reader.at = start;
      while (reader.at < end) {
        const from = reader.at;
        const slot = reader.varint();
        skipEntry(reader);
        if (purge[slot] !== 1) size += reader.at - from;
      }
      sizes[term] = size;
      work += end - start + 16;
      if (work > MERGE_STEP_BYTES) {
        work = 0;
        yield;
      }
    }
    for (const entry of fresh) {
      const local = entry.local;
      if (local === null) continue;
      const slotBytes = varintSize(entry.slot);
      const localReader = new ByteReader(local.bytes);
      for (let u = 0; u < local.uniq.length; u++) {
        const from = local.offsets[u] ?? 0;
        const to = local.offsets[u + 1] ?? 0;
        localReader.at = from;
        const tf = localReader.varint();
        const positionBytes = to - localReader.at;
        const term = local.uniq[u] ?? 0;
        sizes[term] = (sizes[term] ?? 0) + slotBytes + (to - from) + (tf > 1 ? varintSize(positionBytes) : 0);
      }
      work += local.uniq.length * 32;
      if (work > MERGE_STEP_BYTES) {
        work = 0;
        yield;
      }
    }
    const starts = new Int32Array(terms + 1);
    for (let term = 0; term < terms; term++) starts[term + 1] = (starts[term] ?? 0) + (sizes[term] ?? 0);
    const bytes = new Uint8Array(starts[terms] ?? 0);
    const cursor = starts.slice(0, terms);
    for (let term = 0; term < old.terms; term++) {
      const start = old.starts[term] ?? 0;
      const end = old.starts[term + 1] ?? 0;
      work += end - start + 16;
      if (!purging) {
        cursor[term] = copyBytes(old.bytes, start, end, bytes, cursor[term] ?? 0);
      } else {
        reader.at = start;
        let at = cursor[term] ?? 0;
        while (reader.at < end) {
          const from = reader.at;
          const slot = reader.varint();
          skipEntry(reader);
          if (purge[slot] !== 1) at = copyBytes(old.bytes, from, reader.at, bytes, at);
        }
        cursor[term] = at;
      }
      if (work > MERGE_STEP_BYTES) {
        work = 0;
        yield;
      }
    }
    const termLists: Uint8Array[] = [];
    for (const entry of fresh) {
      const local = entry.local;
      if (local === null) continue;
      const localReader = new ByteReader(local.bytes);
      for (let u = 0; u < local.uniq.length; u++) {
        const from = local.offsets[u] ?? 0;
        const to = local.offsets[u + 1] ?? 0;
        localReader.at = from;
        const tf = localReader.varint();
        const term = local.uniq[u] ?? 0;
        let at = putVarint(bytes, cursor[term] ?? 0, entry.slot);
        at = putVarint(bytes, at, tf);
        if (tf > 1) at = putVarint(bytes, at, to - localReader.at);
        cursor[term] = copyBytes(local.bytes, localReader.at, to, bytes, at);
      }
      termLists.push(encodeAscending(local.uniq));
      work += local.bytes.length + local.uniq.length * 48;
      if (work > MERGE_STEP_BYTES) {
        work = 0;
        yield;
      }
    }
    if (this.version !== version) return;
    fresh.forEach((entry, i) => {
      entry.terms = termLists[i] ?? null;
      entry.local = null;
    });
    this.merged = new Merged(bytes, starts);
    this.fresh = [];
    this.freshBytes = 0;
    this.freeSlots.push(...removedSlots);
    this.removedSlots = [];
    this.removedWords = 0;
    this.version += 1;
  }

  /**
   * The parts the index file holds: the merged lists, and each document (in order) with its slot and
   * either its own postings (fresh) or its term ids (merged).
   */
  parts(): {
    bytes: Uint8Array;
    starts: Int32Array;
    documents: {
      document: IndexedDocument;
      slot: number;
      local: LocalPostings | null;
      terms: Uint8Array | null;
      termCount: number;
    }[];
  } {
    return {
      bytes: this.merged.bytes,
      starts: this.merged.starts,
      documents: [...this.documents.values()].map(({ document, slot, local, terms, termCount }) => ({
        document,
        slot,
        local,
        terms,
        termCount,
      })),
    };
  }

  /**
   * An index made of the parts {@link parts} gave (read back from disk, and checked there). Slots
   * in the lists that no document has are of documents removed before saving: they stay skipped.
   */
  static fromParts(
    dictionary: TermDictionary,
    parts: ReturnType<CorpusIndex['parts']>,
    listedSlots: readonly number[],
  ): CorpusIndex {
    const index = new CorpusIndex(dictionary);
    index.merged = new Merged(parts.bytes, parts.starts);
    for (const { document, slot, local, terms, termCount } of parts.documents) {
      const entry = index.add(document, slot, local, terms, termCount);
      index.dictionary.count(local?.uniq ?? decodeAscending(terms ?? new Uint8Array(0), termCount), 1);
      if (local !== null) {
        index.fresh.push(entry);
        index.freshBytes += local.bytes.length;
      }
    }
    const used = new Set(parts.documents.map(({ slot }) => slot));
    const removed = new Set(listedSlots.filter((slot) => !used.has(slot)));
    let last = -1;
    for (const slot of used) last = Math.max(last, slot);
    for (const slot of removed) last = Math.max(last, slot);
    for (let slot = 0; slot <= last; slot++) {
      if (removed.has(slot)) index.removedSlots.push(slot);
      else if (!used.has(slot)) index.freeSlots.push(slot);
    }
    index.bySlot.length = last + 1;
    return index;
  }

  /** Records a document under `slot` (counting its metadata terms, not its text terms). */
  private add(
    document: IndexedDocument,
    slot: number,
    local: LocalPostings | null,
    terms: Uint8Array | null,
    termCount: number,
  ): Entry {
    const entry: Entry = { document, slot, seq: this.seq++, local, terms, termCount };
    this.documents.set(document.id, entry);
    this.bySlot[slot] = entry;
    this.dictionary.count(document.metaOnly, 1);
    this.totalWords += document.words;
    for (const id of metaIds(this.dictionary, document.meta)) {
      const slots = this.metaPostings.get(id);
      if (slots === undefined) this.metaPostings.set(id, [slot]);
      else slots.push(slot);
    }
    return entry;
  }

  private takeSlot(): number {
    return this.freeSlots.pop() ?? this.bySlot.length;
  }

  /** Calls `visit` with the slot and frequency of every present document holding term `id`. */
  private forEachPosting(id: number, visit: (slot: number, frequency: number) => void): void {
    const merged = this.merged;
    if (id < merged.terms) {
      const reader = new ByteReader(merged.bytes, merged.starts[id] ?? 0);
      const end = merged.starts[id + 1] ?? 0;
      const bySlot = this.bySlot;
      while (reader.at < end) {
        const slot = reader.varint();
        const tf = reader.varint();
        if (tf === 1) reader.skipVarint();
        else {
          const length = reader.varint();
          reader.at += length;
        }
        if (bySlot[slot] !== undefined) visit(slot, tf);
      }
    }
    for (const entry of this.fresh) {
      const local = entry.local;
      if (local === null) continue;
      const u = sortedIndexOf(local.uniq, id);
      if (u >= 0) visit(entry.slot, new ByteReader(local.bytes, local.offsets[u] ?? 0).varint());
    }
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

/** The ids of a document's metadata terms, each once. */
function metaIds(dictionary: TermDictionary, meta: MetaTerms): Set<number> {
  const ids = new Set<number>();
  for (const term of [...meta.title, ...meta.authors, ...meta.container]) {
    const id = dictionary.idOf(term);
    if (id >= 0) ids.add(id);
  }
  return ids;
}

/** The document frequency a clause position stands for: its most frequent alternative's. */
function frequencyOf(dictionary: TermDictionary, alternatives: readonly Expansion[]): number {
  let df = 0;
  for (const { id } of alternatives) df = Math.max(df, dictionary.frequency(id));
  return df;
}

/** Where `value` stands in the ascending `list`, or -1: a binary search. */
function sortedIndexOf(list: ArrayLike<number>, value: number): number {
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

/** The positions of term `id` in the document of `entry` (ascending), or null. */
function positionsOf(merged: Merged, entry: Entry, id: number): Int32Array | null {
  const local = entry.local;
  let reader: ByteReader;
  if (local !== null) {
    const u = sortedIndexOf(local.uniq, id);
    if (u < 0) return null;
    reader = new ByteReader(local.bytes, local.offsets[u] ?? 0);
    const tf = reader.varint();
    return readAscending(reader, tf, new Int32Array(tf));
  }
  const at = merged.entryOf(id, entry.slot);
  if (at < 0) return null;
  reader = new ByteReader(merged.bytes, at);
  const tf = reader.varint();
  if (tf > 1) reader.skipVarint();
  return readAscending(reader, tf, new Int32Array(tf));
}

/** One term's positions in one document, decoded one at a time as they are walked. */
class PositionCursor {
  private readonly reader: ByteReader;
  private left: number;
  /** The position last read (-1 before the first). */
  value = -1;

  constructor(reader: ByteReader, count: number) {
    this.reader = reader;
    this.left = count;
  }

  /** Reads the next position; false when there is none. */
  next(): boolean {
    if (this.left === 0) return false;
    this.left -= 1;
    this.value = this.value < 0 ? this.reader.varint() : this.value + this.reader.varint();
    return true;
  }

  /** Reads on to the first position at or after `wanted`; false when there is none. */
  reach(wanted: number): boolean {
    while (this.value < wanted) if (!this.next()) return false;
    return true;
  }
}

/** A cursor over the positions of term `id` in the document of `entry`, or null. */
function cursorOf(merged: Merged, entry: Entry, id: number): PositionCursor | null {
  const local = entry.local;
  if (local !== null) {
    const u = sortedIndexOf(local.uniq, id);
    if (u < 0) return null;
    const reader = new ByteReader(local.bytes, local.offsets[u] ?? 0);
    return new PositionCursor(reader, reader.varint());
  }
  const at = merged.entryOf(id, entry.slot);
  if (at < 0) return null;
  const reader = new ByteReader(merged.bytes, at);
  const tf = reader.varint();
  if (tf > 1) reader.skipVarint();
  return new PositionCursor(reader, tf);
}

/** {@link adjacent} over cursors: stops reading as soon as no further match is possible. */
function adjacentCursors(cursors: readonly PositionCursor[]): number {
  const [head, ...rest] = cursors;
  if (head === undefined) return 0;
  let together = 0;
  outer: while (head.next()) {
    const start = head.value;
    for (let k = 0; k < rest.length; k++) {
      const cursor = rest[k];
      if (cursor === undefined || !cursor.reach(start + k + 1)) break outer;
      if (cursor.value !== start + k + 1) continue outer;
    }
    together += 1;
  }
  return together;
}

/** Whether ascending `list` contains `value`. */
function includes(list: ArrayLike<number>, value: number): boolean {
  return sortedIndexOf(list, value) >= 0;
}

/** Where a clause (one list of alternatives per word) matches in the document of `entry`. */
function matchClause(merged: Merged, entry: Entry, alternatives: readonly Expansion[][]): ClauseMatch {
  const width = alternatives.length;
  const lists = alternatives.map((position) =>
    position
      .map(({ id, weight }) => ({ list: positionsOf(merged, entry, id), weight }))
      .filter((item): item is { list: Int32Array; weight: number } => item.list !== null),
  );
  if (lists.some((position) => position.length === 0))
    return { starts: [], width, tf: 0, count: 0, alternatives };
  const starts: number[] = [];
  let tf = 0;
  const first = lists[0] ?? [];
  for (const { list, weight } of first) {
    for (const start of list) {
      let ok = true;
      for (let k = 1; k < width && ok; k++)
        ok = (lists[k] ?? []).some((item) => includes(item.list, start + k));
      if (ok) {
        starts.push(start);
        tf += weight;
      }
    }
  }
  if (first.length > 1) starts.sort((a, b) => a - b);
  return { starts, width, tf, count: starts.length, alternatives };
}

/**
 * The starts of `match` (ascending), read from the postings the first time they are needed. A word's
 * matches are its positions as decoded, without a copy when it has one alternative in the document.
 */
function startsOf(merged: Merged, entry: Entry, match: ClauseMatch): ArrayLike<number> {
  if (match.starts !== null) return match.starts;
  if (match.width === 1) {
    const lists: Int32Array[] = [];
    for (const { id } of match.alternatives[0] ?? []) {
      const list = positionsOf(merged, entry, id);
      if (list !== null) lists.push(list);
    }
    if (lists.length === 1) return lists[0] ?? [];
    const all: number[] = [];
    for (const list of lists) for (const start of list) all.push(start);
    match.starts = all.sort((a, b) => a - b);
    return match.starts;
  }
  match.starts = matchClause(merged, entry, match.alternatives).starts ?? [];
  return match.starts;
}

/**
 * How often the words of `matches` (single-word clauses' starts, ascending, in query order) stand next
 * to each other: one pass over the lists together, as their positions only grow.
 */
function adjacent(matches: readonly ArrayLike<number>[]): number {
  const [head, ...rest] = matches;
  if (head === undefined) return 0;
  const at = new Int32Array(rest.length);
  let together = 0;
  outer: for (let i = 0; i < head.length; i++) {
    const start = head[i] ?? 0;
    for (let k = 0; k < rest.length; k++) {
      const list = rest[k] ?? [];
      const wanted = start + k + 1;
      let p = at[k] ?? 0;
      while (p < list.length && (list[p] ?? 0) < wanted) p++;
      at[k] = p;
      if (p >= list.length) break outer;
      if (list[p] !== wanted) continue outer;
    }
    together += 1;
  }
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
function spansOf(merged: Merged, entry: Entry, found: readonly ClauseMatch[]): Span[] {
  const starts: number[] = [];
  const widths: number[] = [];
  for (const match of found) {
    const matchStarts = startsOf(merged, entry, match);
    for (let i = 0; i < matchStarts.length && starts.length < MAX_SPANS_PER_DOCUMENT; i++) {
      starts.push(matchStarts[i] ?? 0);
      widths.push(match.width);
    }
  }
  // Read the layout in word order, so that each stretch of it is decoded once.
  const order = starts.map((_, i) => i).sort((a, b) => (starts[a] ?? 0) - (starts[b] ?? 0));
  const layout = new LayoutReader(entry.document);
  const spans = order.map((i) => spanOf(layout, starts[i] ?? 0, widths[i] ?? 1));
  return spans.sort((a, b) => a.start - b.start || a.end - b.end);
}

/** The text span of a match of `width` words starting at word `start`. */
function spanOf(layout: LayoutReader, start: number, width: number): Span {
  layout.seek(start);
  const from = layout.start;
  if (width > 1) layout.seek(start + width - 1);
  return { start: from, end: layout.start + layout.length };
}

/** Builds a document's segment, interning its terms (text and metadata) in `dictionary`. */
export function buildSegment(
  dictionary: TermDictionary,
  entry: { id: string; key: string; title: string; text: string; meta: MetaTerms },
): Segment {
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
): Generator<void, Segment, void> {
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
    lengths[n] = Math.min(MAX_WORD_LENGTH, end - start);
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
  const groupStarts: number[] = [];
  let previous = -1;
  for (let i = 0; i < n; i++) {
    const key = keys[i] ?? 0;
    const term = Math.floor(key / 0x4000000);
    positions[i] = key - term * 0x4000000;
    if (term !== previous) {
      uniqList.push(term);
      groupStarts.push(i);
      previous = term;
    }
  }
  groupStarts.push(n);
  const writer = new ByteWriter(n * 2 + 16);
  const offsets = new Int32Array(uniqList.length + 1);
  for (let u = 0; u < uniqList.length; u++) {
    const from = groupStarts[u] ?? 0;
    const to = groupStarts[u + 1] ?? 0;
    offsets[u] = writer.length;
    writer.varint(to - from);
    writeAscending(writer, positions, from, to);
  }
  offsets[uniqList.length] = writer.length;
  const uniq = Int32Array.from(uniqList);
  const { layout, marks } = encodeLayout(starts, lengths, n);
  return {
    id: entry.id,
    key: entry.key,
    title: entry.title,
    text: entry.text,
    meta: entry.meta,
    words: n,
    layout,
    marks,
    metaOnly: metaOnlyIds(dictionary, entry.meta, uniq),
    postings: { uniq, offsets, bytes: writer.finish() },
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
