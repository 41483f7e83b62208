/**
 * The page labels plugin: each page of the original named in the margin beside the line where it
 * starts ("45"), as a widget decoration that takes no part in the text, its selection or its copying.
 *
 * The plugin holds every page start of the whole text (found once, from the projection), mapped
 * through the transactions that edit the text. Like the highlights, only the labels inside the
 * highlight plugin's drawing window are drawn (`drawing-window.ts`): ProseMirror's view looks up
 * each block's decorations by scanning the set's blocks, so a thousand labels drawn at once would
 * cost every redraw of a long book. The labels are drawn afresh only when the window moves, when
 * blocks arrive inside it (`progressive-text.ts`: a page start beyond the loaded text waits, like a
 * highlight), or when the page offset that names them changes; an edit maps the labels drawn.
 */
import type { Node as ProseMirrorNode } from 'prosemirror-model';
import { Plugin, PluginKey, type Command, type EditorState, type Transaction } from 'prosemirror-state';
import { Decoration, DecorationSet, type EditorView } from 'prosemirror-view';
import { pageName } from '../../../../../shared/pages';
import { blockStart, type DrawingWindow } from './drawing-window';
import { highlightPluginKey } from './highlight-state';
import { firstPageFrom, type PagePlace } from './page-places';
import { appendedBlocks } from './progressive-text';

/** The plugin's state. */
export interface PageLabelsState {
  /** Every page start of the text, in reading order, at its position in the whole text. */
  readonly pages: readonly PagePlace[];
  /** The document's page offset (`DocumentMeta.pageOffset`), which names the pages. */
  readonly pageOffset: number | undefined;
  /** The top-level blocks whose labels are drawn: the highlight plugin's window. */
  readonly window: DrawingWindow;
  /** The labels drawn. */
  readonly decorations: DecorationSet;
}

/** A change carried as transaction metadata under the plugin's key. */
type PageLabelsChange = { readonly kind: 'offset'; readonly pageOffset: number | undefined };

/** What the labels do besides showing a page. */
export interface PageLabelsOptions {
  /** The reader clicked the label of the page starting at `pos`. */
  readonly onOpen?: (pos: number) => void;
}

/** The key under which the plugin keeps its state. */
export const pageLabelsKey = new PluginKey<PageLabelsState>('page-labels');

/** Where labels are drawn in a state without the highlight plugin: everywhere. */
const EVERYWHERE: DrawingWindow = { first: 0, last: Number.MAX_SAFE_INTEGER };

/** The class of a label's element, for the reader's style sheet and for tests. */
export const PAGE_LABEL_CLASS = 'page-label';

function label(name: string, options: PageLabelsOptions) {
  return (view: EditorView, getPos: () => number | undefined): HTMLElement => {
    const element = view.dom.ownerDocument.createElement('span');
    element.className = PAGE_LABEL_CLASS;
    element.textContent = name;
    element.title = `Page ${name}`;
    // The page list is reachable from the keyboard ("Go to page…"); read aloud, a label would break
    // into the middle of a sentence.
    element.setAttribute('aria-hidden', 'true');
    element.setAttribute('data-testid', 'page-label');
    const { onOpen } = options;
    if (onOpen !== undefined) {
      element.addEventListener('mousedown', (event) => event.preventDefault());
      element.addEventListener('click', (event) => {
        event.preventDefault();
        const pos = getPos();
        if (pos !== undefined) onOpen(pos);
      });
    }
    return element;
  };
}

/** The labels of `pages` that start inside `window`'s blocks and inside `doc`. */
function drawLabels(
  doc: ProseMirrorNode,
  pages: readonly PagePlace[],
  pageOffset: number | undefined,
  window: DrawingWindow,
  options: PageLabelsOptions,
): DecorationSet {
  const from = blockStart(doc, window.first);
  const to = blockStart(doc, window.last);
  const end = doc.content.size;
  const decorations: Decoration[] = [];
  for (let i = firstPageFrom(pages, from); i < pages.length; i += 1) {
    const page = pages[i] as PagePlace;
    if (page.pos >= to || page.pos > end) break;
    const name = pageName(page, pageOffset);
    if (name === null) continue;
    decorations.push(
      Decoration.widget(page.pos, label(name, options), {
        key: `page-${String(page.index)}-${name}`,
        // Before the page's first letter, outside the marks around it, and never part of a selection.
        side: -1,
        marks: [],
        ignoreSelection: true,
        stopEvent: () => true,
        pageIndex: page.index,
      }),
    );
  }
  return DecorationSet.create(doc, decorations);
}

function sameWindow(a: DrawingWindow, b: DrawingWindow): boolean {
  return a.first === b.first && a.last === b.last;
}

function mapPages(pages: readonly PagePlace[], tr: Transaction): PagePlace[] {
  return pages.map((page) => {
    const pos = tr.mapping.map(page.pos, 1);
    return pos === page.pos ? page : { ...page, pos };
  });
}

/**
 * Creates the plugin with `pages` (positions in the whole text, which the state's document may so
 * far hold only the beginning of), named with `pageOffset`.
 */
export function pageLabelsPlugin(
  pages: readonly PagePlace[],
  pageOffset: number | undefined,
  options: PageLabelsOptions = {},
): Plugin<PageLabelsState> {
  const windowOf = (state: EditorState): DrawingWindow =>
    highlightPluginKey.getState(state)?.window ?? EVERYWHERE;
  const redrawn = (
    doc: ProseMirrorNode,
    list: readonly PagePlace[],
    offset: number | undefined,
    window: DrawingWindow,
  ): PageLabelsState => ({
    pages: list,
    pageOffset: offset,
    window,
    decorations: drawLabels(doc, list, offset, window, options),
  });
  return new Plugin<PageLabelsState>({
    key: pageLabelsKey,
    state: {
      init: (_config, state) => redrawn(state.doc, pages, pageOffset, windowOf(state)),
      apply(tr, value, _before, state) {
        let next = value;
        let redraw = false;
        if (tr.docChanged) {
          const appended = appendedBlocks(tr);
          if (appended !== null) {
            // Appending moves no position: only blocks arriving inside the window need labels.
            redraw = value.window.first < appended.to && value.window.last > appended.from;
          } else {
            next = {
              ...value,
              pages: mapPages(value.pages, tr),
              decorations: value.decorations.map(tr.mapping, tr.doc),
            };
          }
        }
        const change = tr.getMeta(pageLabelsKey) as PageLabelsChange | undefined;
        const pageOffsetNow = change === undefined ? next.pageOffset : change.pageOffset;
        if (pageOffsetNow !== next.pageOffset) redraw = true;
        const window = windowOf(state);
        if (!sameWindow(window, next.window)) redraw = true;
        return redraw ? redrawn(tr.doc, next.pages, pageOffsetNow, window) : next;
      },
    },
    props: {
      decorations: (state) => pageLabelsKey.getState(state)?.decorations,
    },
  });
}

/** The plugin's state in `state`, or null when it has none. */
export function pageLabelsState(state: EditorState): PageLabelsState | null {
  return pageLabelsKey.getState(state) ?? null;
}

/** Names the pages with `pageOffset` from now on. Does not apply to a state without the plugin. */
export function setPageOffset(pageOffset: number | undefined): Command {
  return (state, dispatch) => {
    const value = pageLabelsKey.getState(state);
    if (value === undefined) return false;
    if (value.pageOffset === pageOffset) return true;
    const change: PageLabelsChange = { kind: 'offset', pageOffset };
    dispatch?.(state.tr.setMeta(pageLabelsKey, change).setMeta('addToHistory', false));
    return true;
  };
}

/** Adds the plugin to `view`'s state, unless it has it already. */
export function withPageLabels(
  view: EditorView,
  pages: readonly PagePlace[],
  pageOffset: number | undefined,
  options: PageLabelsOptions = {},
): void {
  if (pageLabelsKey.getState(view.state) !== undefined) return;
  const plugin = pageLabelsPlugin(pages, pageOffset, options);
  view.updateState(view.state.reconfigure({ plugins: [...view.state.plugins, plugin] }));
}
