/**
 * An index of the library's annotations for annotation search: the words of each annotation's quote
 * and comment (folded by the corpus tokenizer, held in a {@link TermDictionary}) with, for each word,
 * the annotations holding it, and for each tag the annotations carrying it.
 *
 * A query asks it for candidates: the annotations that can match every clause (each word of a clause,
 * widened by prefix or spelling as the clause asks, in the quote or comment, or a tag whose name holds
 * the clause). Candidates are a superset of the matches; the search then checks each with
 * {@link matchAnnotation}, the exact rule, so results are the same as checking every annotation.
 *
 * It follows the store without events: the store gives each document's annotations as a list that is
 * replaced, never changed, when they change, so a document whose list is not the one indexed is indexed
 * again (only the annotations that are new objects are tokenised). Tag names are read at each query,
 * so renaming a tag needs nothing here. The first query indexes the library in slices of a few
 * milliseconds, so it never holds the event loop long.
 */
import type { Annotation } from '../../shared/model';
import type { LibraryStore } from '../store/library-store';
import type { Clause } from './query';
import { pauser } from '../util/sliced-work';
import { TermDictionary, withinDistance } from './term-dictionary';
import { terms } from './tokenize';

/** Where a clause matched an annotation. */
export type MatchedIn = 'quote' | 'comment' | 'tag';

/** An annotation's words, folded. */
export interface FoldedAnnotation {
  quote: readonly string[];
  comment: readonly string[];
}

/** The words of an annotation's quote and comment. */
export function foldAnnotation(annotation: Annotation): FoldedAnnotation {
  return { quote: terms(annotation.selectors[0].exact), comment: terms(annotation.comment) };
}

/** Whether `words` contain the clause's terms in a row (the last as a prefix, or fuzzily, as asked). */
export function containsClause(words: readonly string[], clause: Clause): boolean {
  const n = clause.terms.length;
  const last = n - 1;
  outer: for (let i = 0; i + n <= words.length; i++) {
    for (let k = 0; k < n; k++) {
      const word = words[i + k] ?? '';
      const term = clause.terms[k] ?? '';
      if (!termMatches(word, term, clause, k === last)) continue outer;
    }
    return true;
  }
  return false;
}

function termMatches(word: string, term: string, clause: Clause, last: boolean): boolean {
  return (
    word === term ||
    (clause.prefix && last && word.startsWith(term)) ||
    (clause.fuzzy && term.length >= 4 && withinDistance(term, word, fuzzyLimit(term)))
  );
}

function fuzzyLimit(term: string): number {
  return term.length >= 8 ? 2 : 1;
}

/**
 * Where every clause matches an annotation (`[]` for no clauses, in the order first found), or null
 * when one does not. `tagTerms` holds the words of each tag's name.
 */
export function matchAnnotation(
  annotation: Annotation,
  folded: FoldedAnnotation,
  clauses: readonly Clause[],
  tagTerms: ReadonlyMap<string, readonly string[]>,
): MatchedIn[] | null {
  if (clauses.length === 0) return [];
  const where = new Set<MatchedIn>();
  for (const clause of clauses) {
    let found = false;
    if (containsClause(folded.quote, clause)) {
      where.add('quote');
      found = true;
    }
    if (containsClause(folded.comment, clause)) {
      where.add('comment');
      found = true;
    }
    if (annotation.tagIds.some((id) => containsClause(tagTerms.get(id) ?? [], clause))) {
      where.add('tag');
      found = true;
    }
    if (!found) return null;
  }
  return [...where];
}

/** One indexed annotation. */
export interface IndexedAnnotation {
  annotation: Annotation;
  folded: FoldedAnnotation;
  /** Its slot: the number postings hold for it. */
  slot: number;
  /** The distinct term ids of its quote and comment. */
  termIds: Int32Array;
}

interface IndexedDocumentAnnotations {
  /** The store's list this was indexed from. */
  source: readonly Annotation[];
  entries: Map<Annotation, IndexedAnnotation>;
}

/**
 * A group of posting lists, any of which lets an annotation through (the annotations holding one of
 * the terms a query word was widened to), and how many slots they hold together.
 */
interface Alternatives {
  lists: ReadonlySet<number>[];
  size: number;
}

/** See the module comment. */
export class AnnotationIndex {
  readonly dictionary = new TermDictionary();
  private readonly documents = new Map<string, IndexedDocumentAnnotations>();
  private readonly slots: (IndexedAnnotation | undefined)[] = [];
  private readonly freeSlots: number[] = [];
  private readonly postings = new Map<number, Set<number>>();
  private readonly byTag = new Map<string, Set<number>>();
  private refreshing: Promise<void> = Promise.resolve();

  /** How many annotations are indexed. */
  get size(): number {
    return this.slots.length - this.freeSlots.length;
  }

  /**
   * Brings the index up to date with the annotations of documents `ids` (each must exist) and drops
   * documents no longer in the library. Gives the event loop a turn every `sliceMs`. Refreshes run one
   * after another.
   */
  refresh(store: LibraryStore, ids: readonly string[], sliceMs?: number): Promise<void> {
    const run = this.refreshing.then(() => this.refreshNow(store, ids, sliceMs));
    this.refreshing = run.catch(() => undefined);
    return run;
  }

  private async refreshNow(store: LibraryStore, ids: readonly string[], sliceMs?: number): Promise<void> {
    const pause = pauser(sliceMs);
    for (const id of [...this.documents.keys()]) {
      if (store.getDocument(id) === null) this.dropDocument(id);
    }
    for (const id of ids) {
      const list = (await store.readAnnotations(id)) ?? [];
      const indexed = this.documents.get(id);
      if (indexed?.source === list) continue;
      const entries = new Map<Annotation, IndexedAnnotation>();
      for (const annotation of list) {
        const known = indexed?.entries.get(annotation);
        if (known !== undefined) {
          entries.set(annotation, known);
          indexed?.entries.delete(annotation);
          continue;
        }
        entries.set(annotation, this.add(annotation));
        await pause();
      }
      for (const gone of indexed?.entries.values() ?? []) this.remove(gone);
      this.documents.set(id, { source: list, entries });
      await pause();
    }
  }

  /** The indexed annotations of a document, in the order the store lists them (empty when not indexed). */
  annotationsOf(documentId: string): IndexedAnnotation[] {
    return [...(this.documents.get(documentId)?.entries.values() ?? [])];
  }

  /** The indexed annotation in `slot`. */
  at(slot: number): IndexedAnnotation | undefined {
    return this.slots[slot];
  }

  /**
   * The slots of the annotations that may match every clause (a superset of the matches), or null when
   * the clauses narrow nothing (check every annotation). `tagTerms` holds the words of each tag's name.
   */
  candidates(
    clauses: readonly Clause[],
    tagTerms: ReadonlyMap<string, readonly string[]>,
  ): Set<number> | null {
    let result: Set<number> | null = null;
    const perClause = clauses
      .map((clause) => this.clauseCandidates(clause, tagTerms))
      .filter((set): set is Set<number> => set !== null)
      .sort((a, b) => a.size - b.size);
    for (const set of perClause) {
      if (result === null) {
        result = new Set(set);
        continue;
      }
      for (const slot of result) if (!set.has(slot)) result.delete(slot);
    }
    return result;
  }

  /** The annotations that may match `clause`: in their words, or through a tag. Null: it narrows nothing. */
  private clauseCandidates(
    clause: Clause,
    tagTerms: ReadonlyMap<string, readonly string[]>,
  ): Set<number> | null {
    if (clause.terms.length === 0 || clause.terms.some((term) => term === '')) return null;
    const groups = clause.terms.map((term, k) =>
      this.alternatives(term, clause, k === clause.terms.length - 1),
    );
    groups.sort((a, b) => a.size - b.size);
    const result = new Set<number>();
    const first = groups[0];
    if (first !== undefined) {
      for (const list of first.lists) for (const slot of list) result.add(slot);
      for (const group of groups.slice(1)) {
        // A widened word with far more annotations than are left narrows little: the check does the rest.
        if (group.size > 8 * result.size) break;
        for (const slot of result) if (!group.lists.some((list) => list.has(slot))) result.delete(slot);
      }
    }
    for (const [tagId, words] of tagTerms) {
      if (!containsClause(words, clause)) continue;
      for (const slot of this.byTag.get(tagId) ?? []) result.add(slot);
    }
    return result;
  }

  /** The posting lists of every indexed word `term` matches (as `termMatches` decides). */
  private alternatives(term: string, clause: Clause, last: boolean): Alternatives {
    const ids = new Set<number>();
    const exact = this.dictionary.idOf(term);
    if (exact >= 0) ids.add(exact);
    if (clause.prefix && last) for (const id of this.dictionary.idsWithPrefix(term)) ids.add(id);
    if (clause.fuzzy && term.length >= 4)
      for (const id of this.dictionary.idsNear(term, fuzzyLimit(term))) ids.add(id);
    const lists: Set<number>[] = [];
    let size = 0;
    for (const id of ids) {
      const list = this.postings.get(id);
      if (list === undefined || list.size === 0) continue;
      lists.push(list);
      size += list.size;
    }
    return { lists, size };
  }

  private add(annotation: Annotation): IndexedAnnotation {
    const folded = foldAnnotation(annotation);
    const distinct = new Set<number>();
    for (const word of folded.quote) distinct.add(this.dictionary.intern(word));
    for (const word of folded.comment) distinct.add(this.dictionary.intern(word));
    const termIds = Int32Array.from(distinct);
    const slot = this.freeSlots.pop() ?? this.slots.length;
    const entry: IndexedAnnotation = { annotation, folded, slot, termIds };
    this.slots[slot] = entry;
    this.dictionary.count(termIds, 1);
    for (const id of termIds) {
      let list = this.postings.get(id);
      if (list === undefined) this.postings.set(id, (list = new Set()));
      list.add(slot);
    }
    for (const tagId of annotation.tagIds) {
      let list = this.byTag.get(tagId);
      if (list === undefined) this.byTag.set(tagId, (list = new Set()));
      list.add(slot);
    }
    return entry;
  }

  private remove(entry: IndexedAnnotation): void {
    if (this.slots[entry.slot] !== entry) return;
    this.dictionary.count(entry.termIds, -1);
    for (const id of entry.termIds) this.postings.get(id)?.delete(entry.slot);
    for (const tagId of entry.annotation.tagIds) {
      const list = this.byTag.get(tagId);
      list?.delete(entry.slot);
      if (list?.size === 0) this.byTag.delete(tagId);
    }
    this.slots[entry.slot] = undefined;
    this.freeSlots.push(entry.slot);
  }

  private dropDocument(id: string): void {
    for (const entry of this.documents.get(id)?.entries.values() ?? []) this.remove(entry);
    this.documents.delete(id);
  }
}
