/**
 * Annotations in text order, the one rule every list of passages follows (the margin, the API's
 * lists, search results, exports): by where the passage starts, then where it ends (the shorter of
 * two passages starting together first), then when it was made, then by id, so that ties always come
 * out alike whoever sorts.
 */
import type { Annotation } from './model';

/** The fields of an annotation its place in text order depends on. */
export type OrderedAnnotation = Pick<Annotation, 'id' | 'createdAt' | 'selectors'>;

/** Compares two annotations in text order: start, then end, then creation time, then id. */
export function compareTextOrder(a: OrderedAnnotation, b: OrderedAnnotation): number {
  const [, pa] = a.selectors;
  const [, pb] = b.selectors;
  return (
    pa.start - pb.start ||
    pa.end - pb.end ||
    a.createdAt.localeCompare(b.createdAt) ||
    a.id.localeCompare(b.id)
  );
}

/** A copy of `annotations` in text order ({@link compareTextOrder}). */
export function inTextOrder<T extends OrderedAnnotation>(annotations: readonly T[]): T[] {
  return [...annotations].sort(compareTextOrder);
}
