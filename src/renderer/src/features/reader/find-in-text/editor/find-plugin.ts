/**
 * The find-in-text plugin: the matches of the reader's find (see `find-matches.ts`), drawn as
 * decorations of their own, apart from the highlights, with the current one drawn stronger.
 *
 * The matches are kept as spans of the whole text's projection, so they stay valid while the rest of
 * a long text is appended. Like highlights (see `drawing-window.ts`), only the matches in the blocks
 * around the reader's place are drawn: a common word in a long book occurs tens of thousands of times,
 * and drawing them all would make every redraw slow. The window follows the reader's scrolling and
 * jumps to the current match. An edit of the text (not an append) clears the find: its matches no
 * longer describe the text.
 */
import type { Node as ProseMirrorNode } from 'prosemirror-model';
import { Plugin, PluginKey, type EditorState, type Transaction } from 'prosemirror-state';
import { Decoration, DecorationSet, type EditorView } from 'prosemirror-view';
import type { TextSpan } from '../../../../../../shared/find';
import { offsetToPos, posToOffset, type Projection } from '../../../../../../shared/projection';
import {
  blockStart,
  INITIAL_WINDOW,
  windowAround,
  WINDOW_MARGIN_BLOCKS,
  type DrawingWindow,
} from '../../editor/drawing-window';
import { matchesBetween } from './find-matches';
import { followingScroll, visibleBlocks } from '../../editor/follow-viewport';
import { appendedBlocks } from '../../editor/progressive-text';

/** The plugin's state. */
export interface FindState {
  /** The projection the matches count in (null when nothing is being found). */
  readonly projection: Projection | null;
  /** Every match, in text order. */
  readonly matches: readonly TextSpan[];
  /** The index of the current match, or -1. */
  readonly current: number;
  /** The top-level blocks where matches are drawn. */
  readonly window: DrawingWindow;
  readonly decorations: DecorationSet;
}

/** A change carried as transaction metadata under {@link findPluginKey}. */
export type FindChange =
  | {
      readonly kind: 'set';
      readonly projection: Projection;
      readonly matches: readonly TextSpan[];
      readonly current: number;
    }
  | { readonly kind: 'current'; readonly current: number }
  | { readonly kind: 'window'; readonly window: DrawingWindow }
  | { readonly kind: 'clear' };

/** The key under which the plugin keeps its state. */
export const findPluginKey = new PluginKey<FindState>('find-in-text');

/** Most decorations drawn at once, however dense the matches in the window. */
export const MAX_DRAWN_MATCHES = 4_000;

/** The positions of match `span` in `doc`, or null when its text is not loaded yet. */
export function matchPositions(
  doc: ProseMirrorNode,
  projection: Projection,
  span: TextSpan,
): { readonly from: number; readonly to: number } | null {
  if (span.end > projection.text.length) return null;
  const from = offsetToPos(projection, span.start, 1);
  const to = offsetToPos(projection, span.end, -1);
  if (to > doc.content.size || from >= to) return null;
  return { from, to };
}

/** The decorations for the matches of `state` that meet the blocks of `window` and are loaded in `doc`. */
export function drawMatches(
  doc: ProseMirrorNode,
  projection: Projection | null,
  matches: readonly TextSpan[],
  current: number,
  window: DrawingWindow,
): DecorationSet {
  if (projection === null || matches.length === 0) return DecorationSet.empty;
  const size = doc.content.size;
  const fromPos = Math.min(blockStart(doc, window.first), size);
  const toPos = Math.min(blockStart(doc, window.last), size);
  const { first, last } = matchesBetween(
    matches,
    posToOffset(projection, fromPos, 1),
    posToOffset(projection, toPos, -1),
  );
  const decorations: Decoration[] = [];
  for (let i = first; i < last && decorations.length < MAX_DRAWN_MATCHES; i += 1) {
    const at = matchPositions(doc, projection, matches[i] as TextSpan);
    if (at === null) break;
    decorations.push(
      Decoration.inline(
        at.from,
        at.to,
        {
          class: i === current ? 'find-match find-match-current' : 'find-match',
          ...(i === current ? { 'data-testid': 'find-current' } : {}),
        },
        { current: i === current },
      ),
    );
  }
  return DecorationSet.create(doc, decorations);
}

const EMPTY: FindState = {
  projection: null,
  matches: [],
  current: -1,
  window: INITIAL_WINDOW,
  decorations: DecorationSet.empty,
};

/** The window that holds match `current` of `value`: the value's own when it does. */
function windowHolding(doc: ProseMirrorNode, value: FindState, current: number): DrawingWindow {
  const span = value.matches[current];
  if (value.projection === null || span === undefined) return value.window;
  const at = matchPositions(doc, value.projection, span);
  if (at === null) return value.window;
  const block = doc.resolve(at.from).index(0);
  if (block >= value.window.first && block < value.window.last) return value.window;
  return { first: Math.max(0, block - WINDOW_MARGIN_BLOCKS), last: block + WINDOW_MARGIN_BLOCKS };
}

function redraw(doc: ProseMirrorNode, value: Omit<FindState, 'decorations'>): FindState {
  return {
    ...value,
    decorations: drawMatches(doc, value.projection, value.matches, value.current, value.window),
  };
}

function apply(tr: Transaction, value: FindState): FindState {
  const change = tr.getMeta(findPluginKey) as FindChange | undefined;
  if (change !== undefined) {
    switch (change.kind) {
      case 'clear':
        return { ...EMPTY, window: value.window };
      case 'window':
        return redraw(tr.doc, { ...value, window: change.window });
      case 'set': {
        const next = {
          ...value,
          projection: change.projection,
          matches: change.matches,
          current: change.current,
        };
        return redraw(tr.doc, { ...next, window: windowHolding(tr.doc, next, change.current) });
      }
      case 'current':
        return redraw(tr.doc, {
          ...value,
          current: change.current,
          window: windowHolding(tr.doc, value, change.current),
        });
    }
  }
  if (!tr.docChanged || value.matches.length === 0) return value;
  const appended = appendedBlocks(tr);
  if (appended === null) return { ...EMPTY, window: value.window };
  return value.window.first < appended.to && value.window.last > appended.from
    ? redraw(tr.doc, value)
    : value;
}

/** The find state of `state` (an empty one when the state has no find plugin). */
export function findState(state: EditorState): FindState {
  return findPluginKey.getState(state) ?? EMPTY;
}

/** Moves the find window of `view` to the blocks on screen when it has fallen behind them. */
function followVisible(view: EditorView): void {
  const value = findState(view.state);
  if (value.matches.length === 0) return;
  const visible = visibleBlocks(view);
  if (visible === null) return;
  const next = windowAround(visible, value.window);
  if (next === null) return;
  const change: FindChange = { kind: 'window', window: next };
  view.dispatch(view.state.tr.setMeta(findPluginKey, change));
}

/** The plugin; add it to a state with {@link withFindPlugin}. */
export function findPlugin(): Plugin<FindState> {
  return new Plugin<FindState>({
    key: findPluginKey,
    state: { init: () => EMPTY, apply },
    props: {
      decorations: (state) => findPluginKey.getState(state)?.decorations ?? DecorationSet.empty,
    },
    view: (view) => followingScroll(view, followVisible),
  });
}

/** Adds the find plugin to `view`'s state, unless it has it already. */
export function withFindPlugin(view: EditorView): void {
  if (findPluginKey.getState(view.state) !== undefined) return;
  view.updateState(view.state.reconfigure({ plugins: [...view.state.plugins, findPlugin()] }));
}

/** A transaction setting `change` on `view`'s find. */
export function dispatchFind(view: EditorView, change: FindChange): void {
  if (view.isDestroyed) return;
  view.dispatch(view.state.tr.setMeta(findPluginKey, change));
}
