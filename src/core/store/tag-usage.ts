/**
 * How many annotations carry each tag, per document and across the library, kept in memory so that
 * listing the codebook with its counts does not read every annotations file each time.
 *
 * A document is counted once, from its whole list of annotations, the first time the counts are
 * needed (or when it is added, with none); from then on the store reports every change to its
 * annotations and the counts follow. Changes to a document not counted yet are ignored: its count is
 * taken from its list, as it then is, when it is first needed.
 */
import type { Annotation } from '../../shared/model';

/** The tag counts of the documents counted so far. */
export class TagUsageIndex {
  /** For each counted document: how many of its annotations carry each tag. */
  private readonly byDocument = new Map<string, Map<string, number>>();
  /** The sums of `byDocument` over all counted documents. */
  private readonly totals = new Map<string, number>();

  /** Whether document `documentId` has been counted. */
  has(documentId: string): boolean {
    return this.byDocument.has(documentId);
  }

  /** Counts document `documentId` afresh from its whole list of annotations. */
  setDocument(documentId: string, annotations: readonly Annotation[]): void {
    this.forget(documentId);
    const counts = new Map<string, number>();
    for (const annotation of annotations) {
      for (const tagId of new Set(annotation.tagIds)) add(counts, tagId, 1);
    }
    this.byDocument.set(documentId, counts);
    for (const [tagId, count] of counts) add(this.totals, tagId, count);
  }

  /**
   * Follows a change to document `documentId`'s annotations: `before` are the versions the change
   * replaced or removed, `after` the versions it put. Does nothing for a document not counted yet.
   */
  update(documentId: string, before: readonly Annotation[], after: readonly Annotation[]): void {
    const counts = this.byDocument.get(documentId);
    if (counts === undefined) return;
    const shift = (annotations: readonly Annotation[], by: 1 | -1): void => {
      for (const annotation of annotations) {
        for (const tagId of new Set(annotation.tagIds)) {
          add(counts, tagId, by);
          add(this.totals, tagId, by);
        }
      }
    };
    shift(before, -1);
    shift(after, 1);
  }

  /** Stops counting document `documentId` (it was removed). */
  forget(documentId: string): void {
    const counts = this.byDocument.get(documentId);
    if (counts === undefined) return;
    for (const [tagId, count] of counts) add(this.totals, tagId, -count);
    this.byDocument.delete(documentId);
  }

  /** How many annotations of the counted documents carry tag `tagId`. */
  passages(tagId: string): number {
    return this.totals.get(tagId) ?? 0;
  }

  /** The counted documents with at least one annotation carrying any of `tagIds`. */
  documentsWith(tagIds: Iterable<string>): string[] {
    const wanted = [...tagIds];
    return [...this.byDocument]
      .filter(([, counts]) => wanted.some((tagId) => (counts.get(tagId) ?? 0) > 0))
      .map(([documentId]) => documentId);
  }
}

/** Adds `by` to `key`'s count, dropping counts that reach zero so the maps hold only tags in use. */
function add(counts: Map<string, number>, key: string, by: number): void {
  const next = (counts.get(key) ?? 0) + by;
  if (next === 0) counts.delete(key);
  else counts.set(key, next);
}

/** How many documents' annotations {@link countDocuments} reads at once. */
const COUNTING_CONCURRENCY = 16;

/**
 * Counts into `index` every one of `documentIds` it has not counted yet, a few at a time; `count(id)`
 * reads one document's annotations and calls {@link TagUsageIndex.setDocument} (in that document's queue).
 */
export async function countDocuments(
  index: TagUsageIndex,
  documentIds: readonly string[],
  count: (documentId: string) => Promise<void>,
): Promise<void> {
  const uncounted = documentIds.filter((id) => !index.has(id));
  for (let i = 0; i < uncounted.length; i += COUNTING_CONCURRENCY) {
    await Promise.all(uncounted.slice(i, i + COUNTING_CONCURRENCY).map(count));
  }
}
