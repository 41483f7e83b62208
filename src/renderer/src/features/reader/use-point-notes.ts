/**
 * Keeps the markers of margin notes at a point in step with the annotation store: once the whole
 * text is in the view, and after every change of the store, the point notes are placed and drawn.
 * While the text is being edited the markers are left to follow the edit (the projection they would
 * be placed in is out of date until it is saved).
 */
import type { EditorView } from 'prosemirror-view';
import { useEffect } from 'react';
import type { Projection } from '../../../../shared/projection';
import { placePointNotes, setPointNotes } from './editor/point-notes';
import type { AnnotationStore } from './annotation-store';

/** Draws the point notes of `store` in `view`, whose text `projection` describes. */
export function usePointNotes(
  view: EditorView | null,
  store: AnnotationStore,
  projection: Projection,
  whenComplete: Promise<undefined> | null,
  editing: boolean,
): void {
  useEffect(() => {
    if (view === null || whenComplete === null || editing) return;
    let live = true;
    let last: unknown = null;
    const draw = (): void => {
      const { annotations } = store.getSnapshot();
      if (!live || view.isDestroyed || annotations === last) return;
      last = annotations;
      setPointNotes(placePointNotes(projection, annotations))(view.state, view.dispatch);
    };
    void whenComplete.then(draw);
    const stop = store.subscribe(() => {
      void whenComplete.then(draw);
    });
    return () => {
      live = false;
      stop();
    };
  }, [view, store, projection, whenComplete, editing]);
}
