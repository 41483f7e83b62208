/**
 * Pages in the reader: "Page starts here…" (key P) sets a page marker at the caret, "Remove page
 * marker" takes away the one the caret is at, and "Go to page…" brings a page into view. A marker
 * changes the text's marks only, and is saved the way the reader's edits of the text are
 * (`text-edits.ts`: one `updateDocumentText` with every annotation where it is, one undo step), so
 * it is refused while the text is being edited (Clean text) or is still loading.
 */
import type { Command, EditorState } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import { pageName } from '../../../../shared/pages';
import type { Action } from '../../app/actions/action';
import type { NoticeStore } from '../../app/notices/notice-store';
import type { UndoStack } from '../../app/undo/undo-stack';
import type { AnnotationStore } from './annotation-store';
import { caretPos } from './close-reading';
import { selectedRange } from './editor/dom-selection';
import { pageLabelsState } from './editor/page-labels';
import { nextPageName, pageStartPos } from './editor/page-marks';
import { pageAtPos, pageStartingAt, type PagePlace } from './editor/page-places';
import { revealPassage } from './editor/reveal-passage';
import type { Placement } from './editor/edit-placements';
import { saveTextEdit, type TextEdit, type TextEditApi } from './text-edits';

/** A page to name: where it starts, the page starting there already (if any), and a name to propose. */
export interface PageRequest {
  readonly pos: number;
  readonly existing: PagePlace | null;
  readonly suggested: string;
}

/** What the page actions work on. */
export interface PagesContext {
  /** The view showing the text, or null before it exists. */
  view(): EditorView | null;
  readonly notices: NoticeStore;
  /** Why the pages cannot be changed now (the text is being edited or still loading), or null. */
  blocked(): string | null;
  /** The document's page offset, which names its pages. */
  pageOffset(): number | undefined;
  /** Asks the reader to name the page `request` is about. */
  ask(request: PageRequest): void;
  /** Asks the reader which page to go to. */
  askPage(): void;
  /** Removes the page marker at `pos`. */
  remove(pos: number): void;
}

/** The pages of the text in `state` (none when it has no page labels plugin). */
export function pagesOf(state: EditorState): readonly PagePlace[] {
  return pageLabelsState(state)?.pages ?? [];
}

/** Where the reader is in `view`: the start of the passage selected, else the caret; or null. */
export function readerPlace(view: EditorView): number | null {
  return selectedRange(view)?.from ?? caretPos(view);
}

/** The page a marker set at `pos` would be about, or null where no text follows `pos`. */
export function pageRequestAt(
  state: EditorState,
  pos: number,
  pageOffset: number | undefined,
): PageRequest | null {
  const start = pageStartPos(state.doc, pos);
  if (start === null) return null;
  const pages = pagesOf(state);
  const existing = pageStartingAt(pages, start);
  if (existing !== null)
    return { pos: start, existing, suggested: existing.label ?? pageName(existing, pageOffset) ?? '' };
  const previous = pageAtPos(pages, start);
  const suggested = nextPageName(previous === null ? null : pageName(previous, pageOffset));
  return { pos: start, existing: null, suggested };
}

/** The page whose name (as the margin shows it) is `name`, ignoring case and spaces around it. */
export function findPage(
  pages: readonly PagePlace[],
  name: string,
  pageOffset: number | undefined,
): PagePlace | null {
  const wanted = name.trim().toLowerCase();
  return pages.find((page) => pageName(page, pageOffset)?.toLowerCase() === wanted) ?? null;
}

/** What the reader is told when a page named `name` is not in `pages`. */
export function missingPage(
  pages: readonly PagePlace[],
  name: string,
  pageOffset: number | undefined,
): string {
  const names = pages.map((page) => pageName(page, pageOffset)).filter((n): n is string => n !== null);
  const first = names[0];
  const last = names.at(-1);
  const range =
    first === undefined || last === undefined
      ? ''
      : first === last
        ? ` Its one page is ${first}.`
        : ` Its pages run from ${first} to ${last}.`;
  return `This text has no page “${name.trim()}”.${range}`;
}

/** The `page-starts-here` action (key P): names the page that starts at the caret. */
export function pageStartsHereAction(context: PagesContext): Action {
  return {
    name: 'page-starts-here',
    label: 'Page starts here…',
    shortcuts: [{ key: 'p' }],
    isEnabled: () => context.view() !== null,
    perform() {
      const view = context.view();
      if (view === null) return;
      const blocked = context.blocked();
      if (blocked !== null) {
        context.notices.show('info', blocked);
        return;
      }
      const pos = readerPlace(view);
      const request = pos === null ? null : pageRequestAt(view.state, pos, context.pageOffset());
      if (request === null) {
        context.notices.show(
          'info',
          'Click in the text just before the first word of the page, then press P (or Page starts here…).',
        );
        return;
      }
      context.ask(request);
    },
  };
}

/** The page marker at the caret in `view`, or null. */
function markerAtCaret(view: EditorView): PagePlace | null {
  const pos = readerPlace(view);
  const start = pos === null ? null : pageStartPos(view.state.doc, pos);
  return start === null ? null : pageStartingAt(pagesOf(view.state), start);
}

/** The `remove-page-marker` action: takes away the page marker at the caret. */
export function removePageMarkerAction(context: PagesContext): Action {
  return {
    name: 'remove-page-marker',
    label: 'Remove page marker',
    shortcuts: [],
    isEnabled() {
      const view = context.view();
      return view !== null && markerAtCaret(view) !== null;
    },
    perform() {
      const view = context.view();
      const marker = view === null ? null : markerAtCaret(view);
      if (marker === null) return;
      const blocked = context.blocked();
      if (blocked !== null) context.notices.show('info', blocked);
      else context.remove(marker.pos);
    },
  };
}

/** The `go-to-page` action: asks for a page and brings it into view. */
export function goToPageAction(context: PagesContext): Action {
  return {
    name: 'go-to-page',
    label: 'Go to page…',
    shortcuts: [],
    isEnabled() {
      const view = context.view();
      return view !== null && pagesOf(view.state).length > 0;
    },
    perform: () => context.askPage(),
  };
}

/**
 * Scrolls `view` to the page starting at `pos` and puts the caret there, so the page actions apply
 * to it. Waits for the text to load that far (`whenComplete`) when it has not yet.
 */
export function showPage(view: EditorView, pos: number, whenComplete: Promise<undefined> | null): void {
  const show = (): void => {
    if (view.isDestroyed || pos > view.state.doc.content.size) return;
    view.focus();
    const at = view.domAtPos(pos, 1);
    view.dom.ownerDocument.getSelection()?.collapse(at.node, at.offset);
    revealPassage(view, pos, pos);
  };
  if (pos <= view.state.doc.content.size) {
    // At once, so a key pressed next applies to the page, and again once the closing dialog has given
    // the focus back, which may move the caret.
    show();
    requestAnimationFrame(show);
  } else void whenComplete?.then(show);
}

/** What saving a change of the pages needs. */
export interface PageMarkTarget {
  readonly view: EditorView;
  readonly documentId: string;
  /** The text revision shown. */
  readonly baseRevision: number;
  readonly annotations: AnnotationStore;
  readonly api: TextEditApi;
  readonly undo: UndoStack;
}

/**
 * Saves the text of `target.view` as `command` changes its marks, with every annotation where it is
 * (its current selectors; an orphan stays an orphan), as one step of the undo stack. Rejects with
 * core's error, saving nothing, when the text changed meanwhile; throws a `RangeError` when `command`
 * does not apply (check it first).
 */
export async function savePageMarks(
  target: PageMarkTarget,
  command: Command,
  label = 'Change page markers',
): Promise<void> {
  const { view } = target;
  const before = view.state.doc;
  let after = before;
  if (!command(view.state, (tr) => (after = tr.doc)))
    throw new RangeError('The page marker does not apply at this place of the text.');
  // The plain text is the same, so every annotation's selectors still hold, before and after.
  const placements: Placement[] = target.annotations.getSnapshot().annotations.map((annotation) => ({
    id: annotation.id,
    selectors: annotation.orphanedAt === undefined ? annotation.selectors : null,
  }));
  const edit: TextEdit = {
    documentId: target.documentId,
    baseRevision: target.baseRevision,
    before: { doc: before.toJSON() as TextEdit['before']['doc'], placements },
    after: { doc: after.toJSON() as TextEdit['after']['doc'], placements },
  };
  await saveTextEdit(target.api, target.undo, edit, true, label);
}
