/**
 * The highlight plugin: the reader's highlights as decorations held in plugin state.
 *
 * The set is built once when a document opens, mapped through every transaction that changes the
 * document, and changed only by adding or removing the decorations concerned (see
 * `highlight-commands.ts`). It also remembers which highlight the reader selected, and selects the
 * highlight the reader clicks.
 */
import type { Node as ProseMirrorNode } from 'prosemirror-model';
import { Plugin, Selection, type Transaction } from 'prosemirror-state';
import { DecorationSet } from 'prosemirror-view';
import { highlightDecoration, isHighlightSpec, type Highlight } from './highlight-decoration';
import { highlightIdsAt } from './highlight-queries';
import {
  decorationsOf,
  highlightPluginKey,
  highlightState,
  type HighlightChange,
  type HighlightState,
} from './highlight-state';

function fits(doc: ProseMirrorNode, h: Highlight): boolean {
  return h.from >= 0 && h.to <= doc.content.size && h.from < h.to;
}

/** Replaces highlight `id`'s decorations with ones drawn selected (or not). */
function restyle(
  decorations: DecorationSet,
  doc: ProseMirrorNode,
  id: string | null,
  selected: boolean,
): DecorationSet {
  if (id === null) return decorations;
  const pieces = decorationsOf(decorations, id);
  const redrawn = pieces.flatMap((piece) =>
    isHighlightSpec(piece.spec)
      ? [highlightDecoration({ id, color: piece.spec.color }, piece.from, piece.to, selected)]
      : [],
  );
  return decorations.remove(pieces).add(doc, redrawn);
}

function applyChange(value: HighlightState, change: HighlightChange, tr: Transaction): HighlightState {
  const { doc } = tr;
  switch (change.kind) {
    case 'add': {
      const added = change.highlights
        .filter((h) => fits(doc, h))
        .map((h) => highlightDecoration(h, h.from, h.to, h.id === value.selectedId));
      return { ...value, decorations: value.decorations.add(doc, added) };
    }
    case 'remove': {
      const ids = new Set(change.ids);
      const gone = value.decorations.find(
        undefined,
        undefined,
        (spec) => isHighlightSpec(spec) && ids.has(spec.annotationId),
      );
      return {
        decorations: value.decorations.remove(gone),
        selectedId: value.selectedId !== null && ids.has(value.selectedId) ? null : value.selectedId,
      };
    }
    case 'select': {
      if (change.id === value.selectedId) return value;
      const cleared = restyle(value.decorations, doc, value.selectedId, false);
      return { decorations: restyle(cleared, doc, change.id, true), selectedId: change.id };
    }
  }
}

/** Creates the plugin with `initial` highlights, drawn in one `DecorationSet.create`. */
export function highlightPlugin(initial: readonly Highlight[] = []): Plugin<HighlightState> {
  return new Plugin<HighlightState>({
    key: highlightPluginKey,
    state: {
      init(_config, state) {
        const decorations = initial
          .filter((h) => fits(state.doc, h))
          .map((h) => highlightDecoration(h, h.from, h.to, false));
        return { decorations: DecorationSet.create(state.doc, decorations), selectedId: null };
      },
      apply(tr, value) {
        const mapped: HighlightState = tr.docChanged
          ? { ...value, decorations: value.decorations.map(tr.mapping, tr.doc) }
          : value;
        const change = tr.getMeta(highlightPluginKey) as HighlightChange | undefined;
        return change === undefined ? mapped : applyChange(mapped, change, tr);
      },
    },
    props: {
      decorations(state) {
        return highlightPluginKey.getState(state)?.decorations;
      },
      handleClick(view, pos, event) {
        // Only a click on a highlight's own element selects it; `pos` alone cannot tell a click on
        // the last highlighted letter from one on the letter after it.
        const onHighlight = event.target instanceof Element && event.target.closest('mark.hl') !== null;
        const id = onHighlight ? (highlightIdsAt(view.state, pos)[0] ?? null) : null;
        if (id !== highlightState(view.state).selectedId) {
          const change: HighlightChange = { kind: 'select', id };
          // The click put the caret at `pos`; the state must agree before the view redraws, or it
          // would restore whatever passage was selected before.
          const caret = Selection.near(view.state.doc.resolve(pos));
          view.dispatch(view.state.tr.setSelection(caret).setMeta(highlightPluginKey, change));
        }
        return id !== null;
      },
    },
  });
}
