/**
 * Keeps the highlight plugin's drawing window around the blocks on screen: on every scroll and
 * resize it finds the visible top-level blocks, and moves the window when the reader comes within a
 * third of its margin of either edge. The check is a pair of binary searches over the blocks'
 * boxes; the window moves about once every forty blocks scrolled, and inside the scroll event, so
 * the frame that shows new text already shows its highlights.
 */
import { Plugin, type PluginView } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import { windowAround, type DrawingWindow } from './drawing-window';
import { highlightPluginKey, highlightState, type HighlightChange } from './highlight-state';

/** The first index in `[0, count)` for which `test` holds (`count` when none), `test` being monotone. */
function firstWhere(count: number, test: (index: number) => boolean): number {
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (test(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * The top-level blocks of `view` that are at least partly inside the browser window's viewport,
 * as `first` to `last` (exclusive; equal when none is, at the blocks nearest to it). Null when the
 * view's element does not hold exactly one element per top-level block (this schema draws no
 * top-level widgets, so that means the view is not showing its document).
 */
export function visibleBlocks(view: EditorView): DrawingWindow | null {
  const blocks = view.dom.children;
  const count = blocks.length;
  if (count !== view.state.doc.childCount) return null;
  const height = view.dom.ownerDocument.defaultView?.innerHeight ?? 0;
  const box = (index: number): DOMRect => (blocks[index] as Element).getBoundingClientRect();
  const first = firstWhere(count, (i) => box(i).bottom > 0);
  const last = firstWhere(count, (i) => box(i).top >= height);
  return { first: Math.min(first, last), last };
}

/** Moves the drawing window of `view` to the blocks on screen, when it has fallen behind them. */
export function followVisibleBlocks(view: EditorView): void {
  const visible = visibleBlocks(view);
  if (visible === null) return;
  const next = windowAround(visible, highlightState(view.state).window);
  if (next === null) return;
  const change: HighlightChange = { kind: 'window', window: next };
  view.dispatch(view.state.tr.setMeta(highlightPluginKey, change));
}

/**
 * A plugin's view that calls `follow` whenever the page of `view` scrolls or its window is resized
 * (and, with `atFirstFrame`, once after the first layout), until the view is destroyed.
 */
export function followingScroll(
  view: EditorView,
  follow: (view: EditorView) => void,
  atFirstFrame = false,
): PluginView {
  const page = view.dom.ownerDocument;
  const browserWindow = page.defaultView;
  const onMove = (): void => {
    if (!view.isDestroyed) follow(view);
  };
  // Capture: scroll events do not bubble, and the text may scroll inside any ancestor.
  page.addEventListener('scroll', onMove, { capture: true, passive: true });
  browserWindow?.addEventListener('resize', onMove, { passive: true });
  const frame = atFirstFrame ? browserWindow?.requestAnimationFrame(onMove) : undefined;
  return {
    destroy() {
      page.removeEventListener('scroll', onMove, { capture: true });
      browserWindow?.removeEventListener('resize', onMove);
      if (frame !== undefined) browserWindow?.cancelAnimationFrame(frame);
    },
  };
}

/** The plugin that moves the highlight plugin's drawing window as the reader scrolls. */
export function followViewport(): Plugin {
  return new Plugin({
    // The view may open somewhere other than at the top; its blocks have boxes after the first layout.
    view: (view) => followingScroll(view, followVisibleBlocks, true),
  });
}
