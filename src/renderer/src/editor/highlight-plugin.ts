/**
 * The highlight plugin: the reader's highlights held in plugin state, and drawn as decorations.
 *
 * The state keeps every highlight as a range of positions, mapped through every transaction that
 * changes the document and changed only by adding or removing the highlights concerned (see
 * `highlight-commands.ts`). Of these, the ones near the reader's place are drawn (see
 * `drawing-window.ts`). A highlight may lie beyond the end of a document that is still being loaded
 * (see `progressive-text.ts`): it waits, unmoved, until its text arrives. The plugin also remembers
 * which highlight the reader selected, and selects the highlight the reader clicks.
 */
import type { Node as ProseMirrorNode } from 'prosemirror-model';
import { Plugin, Selection, type Transaction } from 'prosemirror-state';
import type { Highlight } from './highlight-decoration';
import { highlightIdsAt } from './highlight-queries';
import {
  highlightPluginKey,
  highlightState,
  type HighlightChange,
  type HighlightState,
} from './highlight-state';
import { drawHighlights, INITIAL_WINDOW, type DrawingWindow } from './drawing-window';
import { appendedBlocks } from './progressive-text';

/** Reading order: by start, then end, then id (so that the order never depends on arrival). */
function byReadingOrder(a: Highlight, b: Highlight): number {
  return a.from - b.from || a.to - b.to || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

function isRange(h: Highlight): boolean {
  return h.from >= 0 && h.from < h.to;
}

function redrawn(
  doc: ProseMirrorNode,
  highlights: readonly Highlight[],
  selectedId: string | null,
  window: DrawingWindow,
): HighlightState {
  return { highlights, selectedId, window, decorations: drawHighlights(doc, highlights, window, selectedId) };
}

function afterDocChange(value: HighlightState, tr: Transaction): HighlightState {
  const appended = appendedBlocks(tr);
  if (appended !== null) {
    // Appending at the end moves no position: only blocks that arrive inside the window need drawing.
    return value.window.first < appended.to && value.window.last > appended.from
      ? redrawn(tr.doc, value.highlights, value.selectedId, value.window)
      : value;
  }
  const mapped: Highlight[] = [];
  for (const h of value.highlights) {
    // Like an inline decoration, a highlight does not grow at either edge, and goes with its words.
    const from = tr.mapping.map(h.from, 1);
    const to = tr.mapping.map(h.to, -1);
    if (from < to) mapped.push(from === h.from && to === h.to ? h : { ...h, from, to });
  }
  const selectedId = mapped.some((h) => h.id === value.selectedId) ? value.selectedId : null;
  return redrawn(tr.doc, mapped, selectedId, value.window);
}

function applyChange(value: HighlightState, change: HighlightChange, doc: ProseMirrorNode): HighlightState {
  const { highlights, selectedId, window } = value;
  switch (change.kind) {
    case 'add': {
      const added = change.highlights.filter(isRange);
      const ids = new Set(added.map((h) => h.id));
      const kept = highlights.filter((h) => !ids.has(h.id));
      return redrawn(doc, [...kept, ...added].sort(byReadingOrder), selectedId, window);
    }
    case 'remove': {
      const ids = new Set(change.ids);
      const kept = highlights.filter((h) => !ids.has(h.id));
      return redrawn(doc, kept, selectedId !== null && ids.has(selectedId) ? null : selectedId, window);
    }
    case 'select':
      return change.id === selectedId ? value : redrawn(doc, highlights, change.id, window);
    case 'window':
      return change.window.first === window.first && change.window.last === window.last
        ? value
        : redrawn(doc, highlights, selectedId, change.window);
  }
}

/**
 * Creates the plugin with `initial` highlights (positions in the whole text, which `doc` may so far
 * hold only the beginning of), drawn in `window`.
 */
export function highlightPlugin(
  initial: readonly Highlight[] = [],
  window: DrawingWindow = INITIAL_WINDOW,
): Plugin<HighlightState> {
  return new Plugin<HighlightState>({
    key: highlightPluginKey,
    state: {
      init(_config, state) {
        return redrawn(state.doc, initial.filter(isRange).sort(byReadingOrder), null, window);
      },
      apply(tr, value) {
        const mapped = tr.docChanged ? afterDocChange(value, tr) : value;
        const change = tr.getMeta(highlightPluginKey) as HighlightChange | undefined;
        return change === undefined ? mapped : applyChange(mapped, change, tr.doc);
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
