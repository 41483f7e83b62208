/**
 * Deleting an annotation so that the reader can take it back: once core has deleted it, an undo entry
 * is recorded whose undo puts the annotation back exactly as it was (id, colour, tags, comment and
 * times, through `restoreAnnotations`) and whose redo deletes it again.
 */
import type { AnnotationStore } from './annotation-store';
import type { UndoStack } from '../../app/undo/undo-stack';

/** Deletes annotation `id` and records the step as `label`. Rejects, recording nothing, when refused. */
export async function deleteAnnotation(
  store: AnnotationStore,
  undo: UndoStack,
  id: string,
  label: string,
): Promise<void> {
  const deleted = store.get(id);
  await store.remove(id);
  if (deleted === null) return;
  undo.record({
    label,
    undo: async () => {
      await store.restore([deleted]);
    },
    redo: () => store.remove(deleted.id),
  });
}
