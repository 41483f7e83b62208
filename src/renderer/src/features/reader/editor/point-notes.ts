/**
 * Margin notes at a point (an empty quote between two characters) drawn in the text as a small
 * marker, so the reader sees where a note sits. The markers are widget decorations held in a
 * plugin's state: placed when the notes are (by anchoring their position and the text around them),
 * then mapped through every transaction, so they follow the words while the text is edited.
 */
import type { Node as ProseMirrorNode } from 'prosemirror-model';
import { Plugin, PluginKey, type Command, type EditorState } from 'prosemirror-state';
import { Decoration, DecorationSet } from 'prosemirror-view';
import { anchorSelectors } from '../../../../../shared/anchoring';
import { isPointTarget, type Annotation } from '../../../../../shared/model';
import { offsetToPos, type Projection } from '../../../../../shared/projection';

/** A point note placed in the text. */
export interface PointNote {
  readonly id: string;
  readonly pos: number;
  /** The note's comment, shown as the marker's tooltip. */
  readonly comment: string;
}

const pointNotesKey = new PluginKey<DecorationSet>('point-notes');

/** The point notes among `annotations` that can be placed in the text `projection` describes. */
export function placePointNotes(projection: Projection, annotations: readonly Annotation[]): PointNote[] {
  const notes: PointNote[] = [];
  for (const annotation of annotations) {
    if (!isPointTarget(annotation.selectors) || annotation.orphanedAt !== undefined) continue;
    const anchor = anchorSelectors(projection.text, annotation.selectors);
    if (anchor.status === 'orphan') continue;
    notes.push({
      id: annotation.id,
      pos: offsetToPos(projection, anchor.start, 1),
      comment: annotation.comment,
    });
  }
  return notes;
}

function marker(note: PointNote): () => HTMLElement {
  return () => {
    const element = document.createElement('span');
    element.className = 'point-note-marker';
    element.setAttribute('role', 'img');
    const preview = note.comment.trim().slice(0, 120);
    element.setAttribute('aria-label', preview === '' ? 'Margin note' : `Margin note: ${preview}`);
    element.title = preview === '' ? 'Margin note' : preview;
    return element;
  };
}

function decorationsFor(doc: ProseMirrorNode, notes: readonly PointNote[]): DecorationSet {
  const size = doc.content.size;
  return DecorationSet.create(
    doc,
    notes
      .filter((note) => note.pos >= 0 && note.pos <= size)
      .map((note) =>
        Decoration.widget(note.pos, marker(note), {
          key: `point-note-${note.id}-${note.comment.length}`,
          side: -1,
          pointNoteId: note.id,
        }),
      ),
  );
}

/** The plugin drawing point notes; starts with none. */
export function pointNotesPlugin(): Plugin<DecorationSet> {
  return new Plugin<DecorationSet>({
    key: pointNotesKey,
    state: {
      init: () => DecorationSet.empty,
      apply(tr, set) {
        const notes = tr.getMeta(pointNotesKey) as readonly PointNote[] | undefined;
        if (notes !== undefined) return decorationsFor(tr.doc, notes);
        return tr.docChanged ? set.map(tr.mapping, tr.doc) : set;
      },
    },
    props: {
      decorations: (state) => pointNotesKey.getState(state),
    },
  });
}

/** Draws exactly `notes` (replacing those drawn before). Does not apply to a state without the plugin. */
export function setPointNotes(notes: readonly PointNote[]): Command {
  return (state, dispatch) => {
    if (pointNotesKey.getState(state) === undefined) return false;
    dispatch?.(state.tr.setMeta(pointNotesKey, notes).setMeta('addToHistory', false));
    return true;
  };
}

/** Where the point notes of `state` are drawn now, by annotation id. */
export function pointNotePositions(state: EditorState): Map<string, number> {
  const set = pointNotesKey.getState(state) ?? DecorationSet.empty;
  return new Map(
    set
      .find()
      .map((decoration) => [(decoration.spec as { pointNoteId: string }).pointNoteId, decoration.from]),
  );
}
