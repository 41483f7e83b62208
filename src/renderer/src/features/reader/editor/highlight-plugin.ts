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
import { Mapping, type StepMap } from 'prosemirror-transform';
import type { DecorationSet, EditorView } from 'prosemirror-view';
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
  // A state whose list has been mapped already is a plain starting point.
  const pending = value instanceof MappedHighlights && !value.mapped ? value : null;
  const base = pending === null ? value.highlights : pending.base;
  const steps = pending === null ? tr.mapping.maps : [...pending.steps, ...tr.mapping.maps];
  const selectedId = survives(base, value.selectedId, tr, pending);
  // The decorations drawn map the same way (an inline decoration neither grows at its edges nor
  // survives losing all its text), and mapping them touches only what the edit changed, where drawing
  // afresh would walk every block of the document: a keystroke stays cheap in a long book.
  const decorations = value.decorations.map(tr.mapping, tr.doc);
  const next = new MappedHighlights(base, steps, selectedId, value.window, decorations);
  // The list is mapped when first read; past a few dozen steps it is mapped at once, so that the
  // steps waiting never pile up.
  if (steps.length > MAX_PENDING_STEPS) next.settle();
  return next;
}

/** How many mapping steps a state may keep waiting before it maps its highlights. */
const MAX_PENDING_STEPS = 64;

/** Maps `highlights` through `steps`; a highlight that loses all its text is dropped. */
function mapHighlights(highlights: readonly Highlight[], steps: readonly StepMap[]): Highlight[] {
  const mapping = new Mapping([...steps]);
  const mapped: Highlight[] = [];
  for (const h of highlights) {
    // Like an inline decoration, a highlight does not grow at either edge, and goes with its words.
    const from = mapping.map(h.from, 1);
    const to = mapping.map(h.to, -1);
    if (from < to) mapped.push(from === h.from && to === h.to ? h : { ...h, from, to });
  }
  return mapped;
}

/** `selectedId` if the selected highlight still has text after `tr`, else null; maps that one alone. */
function survives(
  base: readonly Highlight[],
  selectedId: string | null,
  tr: Transaction,
  pending: MappedHighlights | null,
): string | null {
  if (selectedId === null) return null;
  const selected = base.find((h) => h.id === selectedId);
  if (selected === undefined) return null;
  const mapping = new Mapping([...(pending?.steps ?? []), ...tr.mapping.maps]);
  return mapping.map(selected.from, 1) < mapping.map(selected.to, -1) ? selectedId : null;
}

/**
 * The state after edits of the text: the highlights of the state before, with the mapping steps of the
 * edits since, mapped into the current list only when someone reads it. Typing thus costs the mapping
 * of the decorations drawn, not of every highlight of the book, for each keystroke.
 */
class MappedHighlights implements HighlightState {
  private list: readonly Highlight[] | null = null;

  constructor(
    readonly base: readonly Highlight[],
    readonly steps: readonly StepMap[],
    readonly selectedId: string | null,
    readonly window: DrawingWindow,
    readonly decorations: DecorationSet,
  ) {}

  /** Maps the list now. */
  settle(): void {
    this.list ??= mapHighlights(this.base, this.steps);
  }

  /** Whether the list has been mapped (read) already. */
  get mapped(): boolean {
    return this.list !== null;
  }

  get highlights(): readonly Highlight[] {
    this.list ??= mapHighlights(this.base, this.steps);
    return this.list;
  }
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
 * Selects the highlight clicked on, or none for a click beside every highlight. Only a click on a
 * highlight's own element selects it; `pos` alone cannot tell a click on the last highlighted letter
 * from one on the letter after it. A double or triple click (`repeated`) selects only a highlight not
 * selected yet, and otherwise is left to the browser, which selects the word or the paragraph.
 * Returns whether the click was taken.
 */
function clickHighlight(view: EditorView, pos: number, event: MouseEvent, repeated: boolean): boolean {
  const onHighlight = event.target instanceof Element && event.target.closest('mark.hl') !== null;
  const id = onHighlight ? (highlightIdsAt(view.state, pos)[0] ?? null) : null;
  const selected = highlightState(view.state).selectedId;
  if (repeated && (id === null || id === selected)) return false;
  if (id !== selected) {
    const change: HighlightChange = { kind: 'select', id };
    // The click put the caret at `pos`; the state must agree before the view redraws, or it
    // would restore whatever passage was selected before.
    const caret = Selection.near(view.state.doc.resolve(pos));
    view.dispatch(view.state.tr.setSelection(caret).setMeta(highlightPluginKey, change));
  }
  return id !== null;
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
        return clickHighlight(view, pos, event, false);
      },
      // ProseMirror counts a click soon after another at the same place as a double (or triple)
      // click, even with Escape pressed between them: on a highlight not selected, it opens it.
      handleDoubleClick(view, pos, event) {
        return clickHighlight(view, pos, event, true);
      },
      handleTripleClick(view, pos, event) {
        return clickHighlight(view, pos, event, true);
      },
    },
  });
}
