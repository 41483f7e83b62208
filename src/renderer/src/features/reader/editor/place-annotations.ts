/**
 * Placing a document's annotations in its text: each annotation's selectors are anchored in the
 * plain-text projection (exact position, then quote, then a fuzzy match near where it was) and the
 * offsets turned into ProseMirror positions. What cannot be placed is
 * returned as an orphan, so the reader can be shown it rather than lose it. A margin note at a point
 * has nothing to draw in the text: placed, it is neither (the margin shows it, see
 * `margin/passage-places.ts`); unplaceable, it is an orphan.
 */
import { isPointTarget, type Annotation } from '../../../../../shared/model';
import type { Projection } from '../../../../../shared/projection';
import { anchorAll } from '../../../../../shared/anchoring';
import type { Highlight } from './highlight-decoration';
import { rangeForOffsets } from './passage-selectors';

/** Annotations sorted into those drawn in the text and those that could not be placed. */
export interface PlacedAnnotations {
  readonly highlights: Highlight[];
  readonly orphans: Annotation[];
}

/** Places `annotations` in the text `projection` describes. Keeps the order they came in. */
export function placeAnnotations(
  projection: Projection,
  annotations: readonly Annotation[],
): PlacedAnnotations {
  const highlights: Highlight[] = [];
  const orphans: Annotation[] = [];
  // An annotation an edit of the text orphaned stays listed until the reader places it again.
  const anchors = anchorAll(
    projection.text,
    annotations.filter((a) => a.orphanedAt === undefined),
  );
  for (const annotation of annotations) {
    const anchor = anchors.get(annotation.id) ?? { status: 'orphan' };
    if (anchor.status === 'orphan') {
      orphans.push(annotation);
      continue;
    }
    if (isPointTarget(annotation.selectors)) continue;
    const { from, to } = rangeForOffsets(projection, anchor);
    // A passage made only of block separators has no character to draw on.
    // One found in edited words rather than where it was is marked as moved.
    const moved = anchor.status === 'fuzzy' ? { moved: true } : {};
    if (from < to) highlights.push({ id: annotation.id, color: annotation.color, from, to, ...moved });
    else orphans.push(annotation);
  }
  return { highlights, orphans };
}
