/**
 * Keeps the view's highlights in step with the annotation store: whatever the store gains is placed
 * and drawn, whatever it loses is taken away, and whatever it changed (a colour, an extent) is
 * placed and drawn again, one decoration at a time. Returns the annotations that could not be
 * placed, for the reader to see.
 */
import type { EditorView } from 'prosemirror-view';
import { useEffect, useState } from 'react';
import type { Annotation } from '../../../../shared/model';
import type { Projection } from '../../../../shared/projection';
import { addHighlights, removeHighlights } from './editor/highlight-commands';
import { placeAnnotations } from './editor/place-annotations';
import { diffAnnotations } from './annotation-diff';
import type { AnnotationStore } from './annotation-store';

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
    // Each shown id with the annotation it was drawn from (unknown for those the view opened with).
    const shown = new Map<string, Annotation | undefined>(
      [...start.annotationIds].map((id) => [id, undefined]),
    );
    for (const annotation of store.getSnapshot().annotations)
      if (shown.has(annotation.id)) shown.set(annotation.id, annotation);
    const sync = (): void => {
      const { added, removed, changed } = diffAnnotations(
        shown as ReadonlyMap<string, Annotation>,
        store.getSnapshot().annotations,
      );
      for (const annotation of store.getSnapshot().annotations)
        if (shown.has(annotation.id)) shown.set(annotation.id, annotation);
      if (added.length === 0 && removed.length === 0 && changed.length === 0) return;
      for (const id of removed) shown.delete(id);
      for (const annotation of added) shown.set(annotation.id, annotation);
      const placed = placeAnnotations(start.projection, [...added, ...changed]);
      // A changed annotation that can no longer be placed is taken out of the text and listed.
      const unplaced = placed.orphans.filter((a) => changed.includes(a)).map((a) => a.id);
      removeHighlights([...removed, ...unplaced])(view.state, view.dispatch);
      addHighlights(placed.highlights)(view.state, view.dispatch);
      const placedIds = new Set(placed.highlights.map((h) => h.id));
      if (removed.length > 0 || placed.orphans.length > 0 || placedIds.size > 0) {
        const gone = new Set([...removed, ...placedIds, ...placed.orphans.map((a) => a.id)]);
        setOrphans((current) => {
          const kept = current.filter((a) => !gone.has(a.id));
          return kept.length === current.length && placed.orphans.length === 0
            ? current
            : [...kept, ...placed.orphans];
        });
      }
    };
    // Changes made between opening and the view's creation are caught up with at once.
    sync();
    return store.subscribe(sync);
  }, [view, store, start]);

  return orphans;
}
