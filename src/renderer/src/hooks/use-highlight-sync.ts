/**
 * Keeps the view's highlights in step with the annotation store: whatever the store gains is placed
 * and drawn, whatever it loses is taken away, one decoration at a time. Returns the annotations that
 * could not be placed, for the reader to see.
 */
import type { EditorView } from 'prosemirror-view';
import { useEffect, useState } from 'react';
import type { Annotation } from '../../../shared/model';
import type { Projection } from '../../../shared/projection';
import { addHighlights, removeHighlights } from '../editor/highlight-commands';
import { placeAnnotations } from '../editor/place-annotations';
import { diffAnnotations } from '../state/annotation-diff';
import type { AnnotationStore } from '../state/annotation-store';

/** What the view started with. */
export interface HighlightSyncStart {
  readonly projection: Projection;
  readonly orphans: readonly Annotation[];
  readonly annotationIds: ReadonlySet<string>;
}

/** Follows `store` into `view`; returns the current orphans. */
export function useHighlightSync(
  view: EditorView | null,
  store: AnnotationStore,
  start: HighlightSyncStart,
): readonly Annotation[] {
  const [orphans, setOrphans] = useState<readonly Annotation[]>(start.orphans);

  useEffect(() => {
    if (view === null) return;
    const shown = new Set(start.annotationIds);
    const sync = (): void => {
      const { added, removed } = diffAnnotations(shown, store.getSnapshot().annotations);
      if (added.length === 0 && removed.length === 0) return;
      for (const id of removed) shown.delete(id);
      for (const annotation of added) shown.add(annotation.id);
      const placed = placeAnnotations(start.projection, added);
      removeHighlights(removed)(view.state, view.dispatch);
      addHighlights(placed.highlights)(view.state, view.dispatch);
      if (removed.length > 0 || placed.orphans.length > 0) {
        const gone = new Set(removed);
        setOrphans((current) => [...current.filter((a) => !gone.has(a.id)), ...placed.orphans]);
      }
    };
    // Changes made between opening and the view's creation are caught up with at once.
    sync();
    return store.subscribe(sync);
  }, [view, store, start]);

  return orphans;
}
