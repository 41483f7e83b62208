/**
 * Re-attaching an orphan: the reader selects the passage in the text where an annotation that could
 * not be placed belongs, and gives it that passage (`updateAnnotation` with new selectors, which also
 * clears `orphanedAt`). Undo puts the annotation back as it was, as an orphan with its old quote.
 */
import type { Annotation } from '../../../../shared/model';
import type { AnnotationStore } from './annotation-store';
import type { UndoStack } from '../../app/undo/undo-stack';
import type { Selectors } from '../../../../shared/model';

/**
 * The annotation as it is put back by an undo: as it was, orphaned. One that anchoring alone could not
 * place (it never had `orphanedAt`) is marked orphaned now, since its old selectors no longer fit the
 * text and core accepts them only on an orphan.
 */
export function asOrphan(annotation: Annotation, now: string): Annotation {
  return annotation.orphanedAt === undefined ? { ...annotation, orphanedAt: now } : annotation;
}

/** Gives orphan `orphan` the passage `selectors` and records the step. Rejects, changing nothing, when refused. */
export async function reattachAnnotation(
  store: AnnotationStore,
  undo: UndoStack,
  orphan: Annotation,
  selectors: Selectors,
): Promise<Annotation> {
  const after = await store.change(orphan.id, { selectors });
  const before = asOrphan(orphan, new Date().toISOString());
  undo.record({
    label: 'Re-attach highlight',
    undo: async () => {
      await store.restore([before]);
    },
    redo: async () => {
      await store.restore([after]);
    },
  });
  return after;
}
