/**
 * The corpus index's term dictionary: every term ever indexed, with an id and the number of documents
 * holding it (document frequency), plus the two ways a query term is widened to other terms: by prefix
 * (binary search in the terms sorted) and by spelling (bounded Levenshtein distance).
 */

/** The most terms a prefix or a fuzzy word is widened to: the most frequent ones are kept. */
export const MAX_EXPANSIONS = 50;

/** A term a query word was widened to, and how much a match on it counts (1 for the word itself). */
export interface Expansion {
  id: number;
  weight: number;
}

/** See the module comment. Terms are never removed; a term no document holds has frequency 0. */
export class TermDictionary {
  private readonly ids = new Map<string, number>();
  private readonly list: string[] = [];
  private frequencies = new Int32Array(1024);
  private sorted: number[] | null = null;

  /** A dictionary holding `terms` (ids are their indices), all with frequency 0. */
  static of(terms: readonly string[]): TermDictionary {
    const dictionary = new TermDictionary();
    for (const term of terms) dictionary.intern(term);
    return dictionary;
  }

  /** How many terms there are (ids are `0 … size-1`). */
  get size(): number {
    return this.list.length;
  }

  /** Every term, by id. */
  get terms(): readonly string[] {
    return this.list;
  }

  /** The id of `term`, adding it when new. */
  intern(term: string): number {
    const known = this.ids.get(term);
    if (known !== undefined) return known;
    const id = this.list.length;
    this.list.push(term);
    this.ids.set(term, id);
    if (id >= this.frequencies.length) {
      const grown = new Int32Array(this.frequencies.length * 2);
      grown.set(this.frequencies);
      this.frequencies = grown;
    }
    this.sorted = null;
    return id;
  }

  /** The id of `term`, or -1. */
  idOf(term: string): number {
    return this.ids.get(term) ?? -1;
  }

  /** The term with id `id`. */
  term(id: number): string {
    return this.list[id] ?? '';
  }

  /** In how many documents term `id` occurs. */
  frequency(id: number): number {
    return this.frequencies[id] ?? 0;
  }

  /** Adds `delta` to the document frequency of each term in `ids`. */
  count(ids: Int32Array, delta: 1 | -1): void {
    for (const id of ids) this.frequencies[id] = (this.frequencies[id] ?? 0) + delta;
  }

  /**
   * The terms `word` stands for: itself (weight 1) when some document holds it, and, when asked, the
   * longer terms it begins (weight 0.7) and the terms a small edit away (weight 0.5; one edit for
   * words of 4–7 letters, two from 8). At most {@link MAX_EXPANSIONS} widened terms, most frequent first.
   */
  expand(word: string, options: { prefix: boolean; fuzzy: boolean }): Expansion[] {
    const found = new Map<number, number>();
    const exact = this.idOf(word);
    if (exact >= 0 && this.frequency(exact) > 0) found.set(exact, 1);
    const widened: Expansion[] = [];
    if (options.prefix)
      for (const id of this.withPrefix(word)) if (id !== exact) widened.push({ id, weight: 0.7 });
    if (options.fuzzy && word.length >= 4) {
      const limit = word.length >= 8 ? 2 : 1;
      for (const id of this.near(word, limit)) if (id !== exact) widened.push({ id, weight: 0.5 });
    }
    widened.sort((a, b) => this.frequency(b.id) - this.frequency(a.id));
    for (const expansion of widened) {
      if (found.size >= MAX_EXPANSIONS + (exact >= 0 ? 1 : 0)) break;
      if (!found.has(expansion.id)) found.set(expansion.id, expansion.weight);
    }
    return [...found].map(([id, weight]) => ({ id, weight }));
  }

  /** Ids of every term some document holds that begins with `prefix` (no cap: for exact matching). */
  idsWithPrefix(prefix: string): number[] {
    return this.withPrefix(prefix, Infinity);
  }

  /** Ids of every term some document holds within `limit` edits of `word`. */
  idsNear(word: string, limit: number): number[] {
    return this.near(word, limit);
  }

  /** Ids of the terms some document holds that begin with `prefix` (at most `max`, 5,000 unless given). */
  private withPrefix(prefix: string, max = 5_000): number[] {
    const sorted = this.sortedIds();
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.term(sorted[mid] ?? 0) < prefix) lo = mid + 1;
      else hi = mid;
    }
    const ids: number[] = [];
    for (let i = lo; i < sorted.length && ids.length < max; i++) {
      const id = sorted[i] ?? 0;
      if (!this.term(id).startsWith(prefix)) break;
      if (this.frequency(id) > 0) ids.push(id);
    }
    return ids;
  }

  /** Ids of the terms some document holds within `limit` edits of `word`. */
  private near(word: string, limit: number): number[] {
    const ids: number[] = [];
    const row = new Int32Array(MAX_WORD + 2);
    const previous = new Int32Array(MAX_WORD + 2);
    // The letters of `word`, counted in 64 buckets by char code, as a quick filter: every edit leaves
    // at most one letter of a term unmatched by the word's letters, so a term with more than `limit`
    // such letters is more than `limit` edits away, and the dynamic programme is spared for it.
    const letters = new Int32Array(64);
    for (let i = 0; i < word.length; i++) {
      const bucket = word.charCodeAt(i) & 63;
      letters[bucket] = (letters[bucket] ?? 0) + 1;
    }
    for (let id = 0; id < this.list.length; id++) {
      const term = this.list[id] ?? '';
      if (Math.abs(term.length - word.length) > limit || this.frequency(id) === 0) continue;
      if (!lettersWithin(letters, term, limit)) continue;
      if (withinDistance(word, term, limit, row, previous)) ids.push(id);
    }
    return ids;
  }

  private sortedIds(): number[] {
    if (this.sorted === null) {
      const ids = this.list.map((_, id) => id);
      ids.sort((a, b) => {
        const x = this.term(a);
        const y = this.term(b);
        return x < y ? -1 : x > y ? 1 : 0;
      });
      this.sorted = ids;
    }
    return this.sorted;
  }
}

const MAX_WORD = 64;

/**
 * Whether at most `limit` letters of `term` are left over once matched against the letter counts
 * `letters` (by char code modulo 64, so the test never refuses a term it should keep). Leaves
 * `letters` as it found it.
 */
function lettersWithin(letters: Int32Array, term: string, limit: number): boolean {
  let extra = 0;
  let i = 0;
  for (; i < term.length; i++) {
    const bucket = term.charCodeAt(i) & 63;
    const left = (letters[bucket] ?? 0) - 1;
    letters[bucket] = left;
    if (left < 0 && ++extra > limit) {
      i += 1;
      break;
    }
  }
  for (let j = 0; j < i; j++) {
    const bucket = term.charCodeAt(j) & 63;
    letters[bucket] = (letters[bucket] ?? 0) + 1;
  }
  return extra <= limit;
}

/**
 * Whether the Levenshtein distance between `a` and `b` is at most `limit`: the classic two-row dynamic
 * programme, abandoned as soon as a whole row exceeds the limit. `row` and `previous` are scratch space.
 */
export function withinDistance(
  a: string,
  b: string,
  limit: number,
  row?: Int32Array,
  previous?: Int32Array,
): boolean {
  if (a.length > MAX_WORD || b.length > MAX_WORD) return a === b;
  let prev = previous ?? new Int32Array(MAX_WORD + 2);
  let cur = row ?? new Int32Array(MAX_WORD + 2);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let best = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const cost = ca === b.charCodeAt(j - 1) ? 0 : 1;
      const value = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      cur[j] = value;
      if (value < best) best = value;
    }
    if (best > limit) return false;
    const swap = prev;
    prev = cur;
    cur = swap;
  }
  return (prev[b.length] ?? Infinity) <= limit;
}
