/**
 * Where each annotation of the open text is, in ProseMirror positions: a passage where the highlight
 * plugin holds it (so it follows the text as the plugin maps it), a margin note at a point where its
 * context finds it (see `shared/anchoring/anchor-point.ts`). Annotations that are nowhere (orphans) are left out.
 */
import type { EditorState } from 'prosemirror-state';
import { anchorPoint } from '../../../../../shared/anchoring';
import { isPointTarget, type Annotation } from '../../../../../shared/model';
import { offsetToPos, type Projection } from '../../../../../shared/projection';
import type { Highlight } from '../editor/highlight-decoration';

/** An annotation's place in the text. */
export interface PassagePlace {
  readonly from: number;
  readonly to: number;
}

/** The places of `annotations`, keyed by id. Linear in the highlights and annotations. */
export function passagePlaces(
  highlights: readonly Highlight[],
  annotations: readonly Annotation[],
  projection: Projection,
): Map<string, PassagePlace> {
  const places = new Map<string, PassagePlace>();
  for (const h of highlights) places.set(h.id, { from: h.from, to: h.to });
  for (const annotation of annotations) {
    if (!isPointTarget(annotation.selectors) || annotation.orphanedAt !== undefined) continue;
    const anchor = anchorPoint(projection.text, annotation.selectors, annotation.selectors[1].start);
    if (anchor.status === 'orphan') continue;
    const pos = offsetToPos(projection, anchor.start, 1);
    places.set(annotation.id, { from: pos, to: pos });
  }
  return places;
}

/** Whether the whole of `place` is in the part of the text `state` holds so far. */
export function isLoaded(state: EditorState, place: PassagePlace): boolean {
  return place.to <= state.doc.content.size;
}
