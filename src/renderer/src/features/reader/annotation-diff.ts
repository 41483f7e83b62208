/** What changed between the annotations a view shows and the ones the store now holds. */
import type { Annotation } from '../../../../shared/model';

/** Annotations to draw and ids to take away. */
export interface AnnotationDiff {
  readonly added: Annotation[];
  readonly removed: string[];
  /** Annotations shown already that the store has replaced (a new colour or extent): to draw again. */
  readonly changed: Annotation[];
}

/**
 * Compares the ids a view shows (`shown`) with the store's list (`current`). Linear in both sizes,
 * so a view can follow every change without redrawing what stayed.
 */
export function diffAnnotations(
  shown: ReadonlySet<string> | ReadonlyMap<string, Annotation>,
  current: readonly Annotation[],
): AnnotationDiff {
  const currentIds = new Set<string>();
  const added: Annotation[] = [];
  const changed: Annotation[] = [];
  const versions = shown instanceof Map ? (shown as ReadonlyMap<string, Annotation>) : null;
  for (const annotation of current) {
    currentIds.add(annotation.id);
    if (!shown.has(annotation.id)) added.push(annotation);
    else if (versions !== null) {
      const before = versions.get(annotation.id);
      // A shown id without its annotation (the view opened with it) is known but not yet compared.
      if (before !== undefined && before !== annotation && drawnDifferently(before, annotation))
        changed.push(annotation);
    }
  }
  const removed = [...shown.keys()].filter((id) => !currentIds.has(id));
  return { added, removed, changed };
}

/** Whether the text shows `after` otherwise than `before`: another colour or another passage. */
function drawnDifferently(before: Annotation, after: Annotation): boolean {
  const [bq, bp] = before.selectors;
  const [aq, ap] = after.selectors;
  return (
    before.color !== after.color ||
    bp.start !== ap.start ||
    bp.end !== ap.end ||
    bq.exact !== aq.exact ||
    before.orphanedAt !== after.orphanedAt
  );
}
