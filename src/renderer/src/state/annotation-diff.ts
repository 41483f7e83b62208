/** What changed between the annotations a view shows and the ones the store now holds. */
import type { Annotation } from '../../../shared/model';

/** Annotations to draw and ids to take away. */
export interface AnnotationDiff {
  readonly added: Annotation[];
  readonly removed: string[];
}

/**
 * Compares the ids a view shows (`shown`) with the store's list (`current`). Linear in both sizes,
 * so a view can follow every change without redrawing what stayed.
 */
export function diffAnnotations(shown: ReadonlySet<string>, current: readonly Annotation[]): AnnotationDiff {
  const currentIds = new Set<string>();
  const added: Annotation[] = [];
  for (const annotation of current) {
    currentIds.add(annotation.id);
    if (!shown.has(annotation.id)) added.push(annotation);
  }
  const removed = [...shown].filter((id) => !currentIds.has(id));
  return { added, removed };
}
