/**
 * Changes to annotations that the reader can take back: each goes through the annotation store (so
 * through the API) and, once saved, records an undo entry whose halves also go through the API, by
 * putting back the annotation exactly as it was before or after.
 */
import type { Annotation, Selectors } from '../../../../shared/model';
import type { AnnotationPatch, AnnotationStore, NewAnnotation } from './annotation-store';
import type { UndoStack } from '../../app/undo/undo-stack';

/** Changes annotation `id` by `patch` and records the step as `label`. Rejects (changing nothing) when refused. */
export async function changeAnnotation(
  store: AnnotationStore,
  undo: UndoStack,
  id: string,
  patch: AnnotationPatch,
  label: string,
): Promise<Annotation> {
  const before = store.get(id);
  const after = await store.change(id, patch);
  if (before !== null) {
    undo.record({
      label,
      undo: async () => {
        await store.restore([before]);
      },
      redo: async () => {
        await store.restore([after]);
      },
    });
  }
  return after;
}

/** Creates an annotation on `selectors` and records the step as `label`; undo deletes it, redo brings it back. */
export async function createAnnotation(
  store: AnnotationStore,
  undo: UndoStack,
  selectors: Selectors,
  options: NewAnnotation,
  label: string,
): Promise<Annotation> {
  const created = await store.create(selectors, options);
  undo.record({
    label,
    undo: () => store.remove(created.id),
    redo: async () => {
      await store.restore([created]);
    },
  });
  return created;
}
