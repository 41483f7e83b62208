/**
 * Where every annotation is before and after an edit of the text, as the selectors
 * `updateDocumentText` takes. A passage is where the highlight plugin holds it (mapped through every
 * keystroke) and is described afresh on the new text; a margin note at a point is carried through
 * the edit's mapping; an annotation whose passage the edit deleted entirely, or that could not be
 * placed before the edit, gets `null` (kept as an orphan with its old quote, never dropped). A passage
 * deleted and then brought back at its place (the deletion undone before Done) is found there again:
 * the highlight plugin lets go of a passage once its text is deleted.
 */
import type { Node as ProseMirrorNode } from 'prosemirror-model';
import type { EditorState } from 'prosemirror-state';
import type { Mapping } from 'prosemirror-transform';
import { anchorSelectors, describePoint } from '../../../../../shared/anchoring';
import { exactOccurrences } from '../../../../../shared/anchoring/match-quote';
import { isPointTarget, type Annotation, type Selectors } from '../../../../../shared/model';
import { offsetToPos, posToOffset, projectDocument, type Projection } from '../../../../../shared/projection';
import type { Highlight } from './highlight-decoration';
import { highlightState } from './highlight-state';
import { selectorsForRange } from './passage-selectors';

/** One annotation's new place: selectors, or null to keep it as an orphan. */
export interface Placement {
  readonly id: string;
  readonly selectors: Selectors | null;
}

/** The annotations of a text as an edit of it begins. */
export interface EditBaseline {
  /** The text as it was. */
  readonly doc: ProseMirrorNode;
  /** Every annotation's place in that text, described afresh on it (null for orphans). */
  readonly placements: readonly Placement[];
  /** Where each margin note at a point was, as a ProseMirror position in `doc`. */
  readonly points: ReadonlyMap<string, number>;
  /** The highlights the view held in `doc`. */
  readonly highlights: readonly Highlight[];
}

function placedPoint(projection: Projection, annotation: Annotation): number | null {
  if (annotation.orphanedAt !== undefined) return null;
  const anchor = anchorSelectors(projection.text, annotation.selectors);
  return anchor.status === 'orphan' ? null : offsetToPos(projection, anchor.start, 1);
}

/**
 * The baseline of an edit of `state`'s document (which must hold the whole text), whose annotations
 * are `annotations`. Linear in the number of annotations, plus one projection of the text.
 */
export function editBaseline(state: EditorState, annotations: readonly Annotation[]): EditBaseline {
  const projection = projectDocument(state.doc);
  const { highlights } = highlightState(state);
  const ranges = new Map(highlights.map((h) => [h.id, h]));
  const points = new Map<string, number>();
  const placements = annotations.map((annotation): Placement => {
    if (isPointTarget(annotation.selectors)) {
      const pos = placedPoint(projection, annotation);
      if (pos === null) return { id: annotation.id, selectors: null };
      points.set(annotation.id, pos);
      return {
        id: annotation.id,
        selectors: describePoint(projection.text, posToOffset(projection, pos, 1)),
      };
    }
    const range = ranges.get(annotation.id);
    return {
      id: annotation.id,
      selectors: range === undefined ? null : selectorsForRange(projection, range),
    };
  });
  return { doc: state.doc, placements, points, highlights };
}

/**
 * The highlights of `baseline` that `state`, whose text is the baseline's again (every change was
 * undone), no longer holds: their words were deleted and put back, which the highlight plugin does
 * not follow. The view draws them again from these.
 */
export function highlightsToRestore(baseline: EditBaseline, state: EditorState): Highlight[] {
  const held = new Set(highlightState(state).highlights.map((h) => h.id));
  return baseline.highlights.filter((h) => !held.has(h.id));
}

/**
 * Every annotation's place in `state`'s document after an edit that began at `baseline`, `mapping`
 * leading from the baseline's text to this one. `annotations` is the document's list now: one the
 * baseline does not know (made elsewhere meanwhile) is anchored on the new text.
 */
export function placementsAfterEdit(
  baseline: EditBaseline,
  state: EditorState,
  mapping: Mapping,
  annotations: readonly Annotation[],
): Placement[] {
  const projection = projectDocument(state.doc);
  const ranges = new Map(highlightState(state).highlights.map((h) => [h.id, h]));
  const known = new Set(baseline.placements.map((p) => p.id));
  // The text as it was, projected only when a passage the edit deleted has to be looked for again.
  let before: Projection | null = null;
  const placements: Placement[] = [];
  for (const { id, selectors } of baseline.placements) {
    const point = baseline.points.get(id);
    if (point !== undefined) {
      const mapped = mapping.mapResult(point, 1);
      placements.push({
        id,
        selectors: mapped.deletedAcross
          ? null
          : describePoint(projection.text, posToOffset(projection, mapped.pos, 1)),
      });
      continue;
    }
    if (selectors === null) {
      placements.push({ id, selectors: null });
      continue;
    }
    const range = ranges.get(id);
    if (range !== undefined) {
      placements.push({ id, selectors: selectorsForRange(projection, range) });
      continue;
    }
    before ??= projectDocument(baseline.doc);
    placements.push({ id, selectors: cameBack(before, projection, mapping, selectors) });
  }
  for (const annotation of annotations) {
    if (known.has(annotation.id)) continue;
    placements.push({ id: annotation.id, selectors: anchoredAgain(projection, annotation) });
  }
  return placements;
}

/** `annotation`'s selectors described afresh where it anchors in `projection`, or null. */
export function anchoredAgain(projection: Projection, annotation: Annotation): Selectors | null {
  if (annotation.orphanedAt !== undefined) return null;
  const anchor = anchorSelectors(projection.text, annotation.selectors);
  if (anchor.status === 'orphan') return null;
  if (anchor.start === anchor.end) return describePoint(projection.text, anchor.start);
  return selectorsForRange(projection, {
    from: offsetToPos(projection, anchor.start, 1),
    to: offsetToPos(projection, anchor.end, -1),
  });
}

/**
 * Selectors for a passage the edit deleted, when its words stand again where it was (the deletion was
 * undone): the one occurrence of its quote in the stretch of the new text that replaced it, `before`
 * being the text the selectors were described on. Null when its words are not there, or are there
 * more than once.
 */
function cameBack(
  before: Projection,
  after: Projection,
  mapping: Mapping,
  selectors: Selectors,
): Selectors | null {
  const [{ exact }, { start, end }] = selectors;
  // What was inserted where the passage was lies between its start mapped leftwards and its end rightwards.
  const from = posToOffset(after, mapping.map(offsetToPos(before, start, 1), -1), 1);
  const to = posToOffset(after, mapping.map(offsetToPos(before, end, -1), 1), -1);
  const found = exactOccurrences(after.text, exact, from, to);
  const [at] = found;
  if (found.length !== 1 || at === undefined) return null;
  return selectorsForRange(after, {
    from: offsetToPos(after, at, 1),
    to: offsetToPos(after, at + exact.length, -1),
  });
}
