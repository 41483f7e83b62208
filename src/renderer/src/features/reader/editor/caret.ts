/**
 * Caret browsing in the reading view. The view is not editable, so the browser draws no caret there;
 * this plugin keeps one of its own (a head and an anchor in its state), draws it as a thin blinking
 * bar (a widget decoration), and mirrors the passage between anchor and head into the page's
 * selection, so every action that reads the page's selection (Highlight, Add note, Change extent,
 * Copy, the floating Highlight button) works on it as on a passage selected with the mouse.
 *
 * {@link toggleCaret} turns the caret on and off (the reader's F7 action, as in browsers); a
 * Shift+arrow turns it on from the passage selected (or from the top of the page). While it is on:
 * ←/→ move by character, Ctrl+←/→ (⌥ on a Mac) by word, ↑/↓ by line, Home/End to the line's ends
 * (⌘←/→ on a Mac), Ctrl+↑/↓ (⌥ on a Mac) by paragraph, Ctrl+Home/End (⌘↑/↓ on a Mac) to the text's
 * ends, Page Up/Down by a screen; Shift with any of them extends the selection from the anchor;
 * Escape collapses a selection (and is otherwise left to the app's layers, so it never leaves the
 * text); a click puts the caret where it lands. While it is off, the keys scroll the page as before.
 * In edit mode the view is editable and the browser's own caret takes over.
 */
import { Plugin, PluginKey, TextSelection, type EditorState, type Transaction } from 'prosemirror-state';
import { Decoration, DecorationSet, type EditorView } from 'prosemirror-view';
import {
  characterStep,
  nearestCaretPos,
  paragraphStep,
  textEdge,
  wordStep,
  type Direction,
} from './caret-motion';
import { isEditing } from './text-editing';

/** The caret's state. */
export interface CaretState {
  /** Whether caret browsing is on. */
  readonly on: boolean;
  /** Where the selection started (equal to `head` when nothing is selected). */
  readonly anchor: number;
  /** Where the caret is. */
  readonly head: number;
  /** How many times the caret has moved (so its bar blinks afresh, and live regions speak again). */
  readonly moves: number;
  /** What a screen reader should hear of the latest move, or an empty string. */
  readonly announcement: string;
}

const OFF: CaretState = { on: false, anchor: 0, head: 0, moves: 0, announcement: '' };

/** A change of the caret: what the plugin's state becomes. */
interface CaretChange {
  readonly next: CaretState;
}

/** The caret plugin's key. */
export const caretPluginKey = new PluginKey<CaretState>('reader-caret');

/** The caret's state in `state` (off when the state has no caret plugin). */
export function caretState(state: EditorState): CaretState {
  return caretPluginKey.getState(state) ?? OFF;
}

/** What a screen reader should hear of the caret's latest move in `state`. */
export function caretAnnouncement(state: EditorState): string {
  const caret = caretState(state);
  // The same words twice in a row (passing two spaces, say) must still be spoken.
  return caret.announcement === '' ? '' : `${caret.announcement}${caret.moves % 2 === 0 ? '' : '\u00a0'}`;
}

const MAX_SPOKEN = 200;

function spoken(text: string): string {
  const flat = text
    .replace(/\uFFFC/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (flat.length <= MAX_SPOKEN) return flat === '' ? 'space' : flat;
  return `${flat.slice(0, MAX_SPOKEN / 2)} … ${flat.slice(-MAX_SPOKEN / 2)}`;
}

/** What a screen reader hears when the caret goes from `before` to `after` in `doc`. */
export function describeMove(state: EditorState, before: CaretState, after: CaretState): string {
  const { doc } = state;
  const between = (a: number, b: number): string => doc.textBetween(Math.min(a, b), Math.max(a, b), ' ', ' ');
  if (!after.on) return 'Caret browsing off';
  if (!before.on) {
    return after.anchor === after.head
      ? 'Caret browsing on. Arrow keys move the caret; Shift with them selects.'
      : `Caret browsing on. Selected: ${spoken(between(after.anchor, after.head))}`;
  }
  if (after.anchor === after.head) {
    if (before.anchor !== before.head) return 'Selection cleared';
    return after.head === before.head ? '' : spoken(between(before.head, after.head));
  }
  if (after.anchor !== before.anchor) return `Selected: ${spoken(between(after.anchor, after.head))}`;
  // Moving the head away from the anchor selects what it passes; moving it back unselects.
  const grew = Math.abs(after.head - after.anchor) > Math.abs(before.head - before.anchor);
  const crossed = (before.head - before.anchor) * (after.head - after.anchor) < 0;
  if (crossed) return `Selected: ${spoken(between(after.anchor, after.head))}`;
  return `${spoken(between(before.head, after.head))}, ${grew ? 'selected' : 'unselected'}`;
}

function onMac(): boolean {
  return typeof navigator !== 'undefined' && /Mac OS X|Macintosh/.test(navigator.userAgent);
}

/** The caret as a thin bar; `aria-hidden`, since the page's selection is what assistive technology reads. */
function caretElement(): HTMLElement {
  const bar = document.createElement('span');
  bar.className = 'reader-caret';
  bar.setAttribute('aria-hidden', 'true');
  bar.dataset.testid = 'reader-caret';
  return bar;
}

function caretDecorations(state: EditorState): DecorationSet {
  const caret = caretState(state);
  // While the text is edited the browser's own caret is the one.
  if (!caret.on || caret.head > state.doc.content.size || isEditing(state)) return DecorationSet.empty;
  return DecorationSet.create(state.doc, [
    Decoration.widget(caret.head, caretElement, {
      // A new key each move draws a new bar, whose blinking starts afresh: the caret is seen at once.
      key: `caret-${caret.moves}`,
      side: caret.head < caret.anchor ? 1 : -1,
      ignoreSelection: true,
    }),
  ]);
}

/** The page's selection in `view` as positions (anchor, head), or null when it is not in the text. */
function pageSelection(view: EditorView): { anchor: number; head: number } | null {
  const selection = view.dom.ownerDocument.getSelection();
  if (selection === null || selection.rangeCount === 0) return null;
  const { anchorNode, focusNode } = selection;
  if (anchorNode === null || focusNode === null) return null;
  if (!view.dom.contains(anchorNode) || !view.dom.contains(focusNode)) return null;
  try {
    const doc = view.state.doc;
    const anchor = nearestCaretPos(doc, view.posAtDOM(anchorNode, selection.anchorOffset));
    const head = nearestCaretPos(doc, view.posAtDOM(focusNode, selection.focusOffset));
    return anchor === null || head === null ? null : { anchor, head };
  } catch {
    return null;
  }
}

/** Shows the caret's passage as the page's selection (a collapsed selection at the caret when none). */
function writePageSelection(view: EditorView, caret: CaretState): void {
  const selection = view.dom.ownerDocument.getSelection();
  if (selection === null) return;
  const now = pageSelection(view);
  if (now !== null && now.anchor === caret.anchor && now.head === caret.head) return;
  try {
    const anchor = view.domAtPos(caret.anchor, caret.head < caret.anchor ? 1 : -1);
    const head = view.domAtPos(caret.head, caret.head < caret.anchor ? 1 : -1);
    selection.setBaseAndExtent(anchor.node, anchor.offset, head.node, head.offset);
  } catch {
    // A position the view has not drawn (there are none once the text is loaded): leave the page as it is.
  }
}

/** The height of whatever is stuck to the top of the window (the reader's header) over the text. */
function topInset(view: EditorView, x: number): number {
  const page = view.dom.ownerDocument;
  const browserWindow = page.defaultView;
  if (browserWindow === null) return 0;
  for (let element = page.elementFromPoint(x, 1); element !== null; element = element.parentElement) {
    if (view.dom.contains(element)) return 0;
    const position = browserWindow.getComputedStyle(element).position;
    if (position === 'sticky' || position === 'fixed')
      return Math.max(0, element.getBoundingClientRect().bottom);
  }
  return 0;
}

/** Scrolls the page so that the caret at `pos`, with a line and a half around it, is on screen. */
export function keepInView(view: EditorView, pos: number): void {
  const browserWindow = view.dom.ownerDocument.defaultView;
  if (browserWindow === null) return;
  let rect: { top: number; bottom: number; left: number };
  try {
    rect = view.coordsAtPos(pos);
  } catch {
    return;
  }
  const margin = Math.max(16, (rect.bottom - rect.top) * 1.5);
  const x = Math.min(Math.max(rect.left, 0), browserWindow.innerWidth - 1);
  const top = topInset(view, x) + margin;
  const bottom = browserWindow.innerHeight - margin;
  let by = 0;
  if (rect.top < top) by = rect.top - top;
  else if (rect.bottom > bottom) by = rect.bottom - bottom;
  if (by !== 0) browserWindow.scrollBy({ top: by, behavior: 'instant' });
}

/**
 * Where the browser's own caret would go from `pos` by a line or to the line's end: the page's
 * selection is put there and moved (`Selection.modify`, which knows the layout), then put back.
 */
function browserStep(
  view: EditorView,
  pos: number,
  direction: Direction,
  granularity: 'line' | 'lineboundary',
): number {
  const selection = view.dom.ownerDocument.getSelection();
  if (selection === null) return pos;
  try {
    const at = view.domAtPos(pos, direction);
    selection.collapse(at.node, at.offset);
    selection.modify('move', direction === 1 ? 'forward' : 'backward', granularity);
    const moved = pageSelection(view);
    if (moved === null) return pos;
    return moved.head;
  } catch {
    return pos;
  }
}

/**
 * The column a run of ↑ and ↓ keeps to, with the caret it was last used for: passing a short line
 * does not pull the caret to the left for the lines after it, as in every editor.
 */
const goalColumns = new WeakMap<EditorView, { head: number; x: number }>();

/** One line up or down from `pos`, at the run's column where that line reaches it. */
function lineStep(view: EditorView, pos: number, direction: Direction): number {
  let x: number;
  try {
    const kept = goalColumns.get(view);
    x = kept !== undefined && kept.head === pos ? kept.x : view.coordsAtPos(pos).left;
  } catch {
    return browserStep(view, pos, direction, 'line');
  }
  let head = browserStep(view, pos, direction, 'line');
  if (head !== pos) {
    try {
      // The new line must be on screen to be asked where the column falls on it.
      keepInView(view, head);
      const line = view.coordsAtPos(head);
      const found = view.posAtCoords({ left: x, top: (line.top + line.bottom) / 2 });
      const at = found === null ? null : nearestCaretPos(view.state.doc, found.pos, direction);
      if (at !== null && Math.abs(view.coordsAtPos(at).top - line.top) < 2) head = at;
    } catch {
      // The browser's own step stands.
    }
  }
  goalColumns.set(view, { head, x });
  return head;
}

/** Where the caret starts when turned on: at the passage selected, else at the first line on screen. */
function startingCaret(view: EditorView, previous: CaretState): CaretState {
  const doc = view.state.doc;
  const selected = pageSelection(view);
  const browserWindow = view.dom.ownerDocument.defaultView;
  const moves = previous.moves + 1;
  if (selected !== null) {
    if (selected.anchor !== selected.head) return { ...selected, on: true, moves, announcement: '' };
    try {
      const rect = view.coordsAtPos(selected.head);
      if (browserWindow !== null && rect.top >= 0 && rect.bottom <= browserWindow.innerHeight)
        return { ...selected, on: true, moves, announcement: '' };
    } catch {
      // Fall back to the top of the page.
    }
  }
  const box = view.dom.getBoundingClientRect();
  const x = Math.max(box.left + 1, 1);
  const found = view.posAtCoords({ left: x, top: topInset(view, x) + 24 });
  const head = nearestCaretPos(doc, found?.pos ?? 0) ?? textEdge(doc, -1);
  return { on: true, anchor: head, head, moves, announcement: '' };
}

type Motion = (view: EditorView, pos: number) => number;

/**
 * A screen on from `pos`: the page scrolls by a screen (less two lines, so the reader keeps their
 * place) and the caret goes to where it was on the screen, as a browser's caret does.
 */
function pageStep(view: EditorView, pos: number, direction: Direction): number {
  const browserWindow = view.dom.ownerDocument.defaultView;
  if (browserWindow === null) return pos;
  keepInView(view, pos);
  let rect: { top: number; bottom: number; left: number };
  try {
    rect = view.coordsAtPos(pos);
  } catch {
    return pos;
  }
  const line = rect.bottom - rect.top;
  const inset = topInset(view, Math.max(0, rect.left));
  const before = browserWindow.scrollY;
  browserWindow.scrollBy({
    top: direction * Math.max(line, browserWindow.innerHeight - inset - 2 * line),
    behavior: 'instant',
  });
  if (browserWindow.scrollY === before) return textEdge(view.state.doc, direction);
  const found = view.posAtCoords({ left: rect.left + 1, top: (rect.top + rect.bottom) / 2 });
  return (found === null ? null : nearestCaretPos(view.state.doc, found.pos, direction)) ?? pos;
}

/** The motion a key press asks for, or null when the key is not one of the caret's. */
function motionOf(event: KeyboardEvent, mac: boolean): Motion | null {
  const { key } = event;
  const word = mac ? event.altKey && !event.metaKey && !event.ctrlKey : event.ctrlKey && !event.altKey;
  const far = mac ? event.metaKey && !event.altKey && !event.ctrlKey : event.ctrlKey && !event.altKey;
  const plain = !event.altKey && !event.ctrlKey && !event.metaKey;
  const locale = (view: EditorView): string | undefined =>
    view.dom.closest('[lang]')?.getAttribute('lang') ?? undefined;
  const horizontal = key === 'ArrowRight' ? 1 : key === 'ArrowLeft' ? -1 : 0;
  const vertical = key === 'ArrowDown' ? 1 : key === 'ArrowUp' ? -1 : 0;
  if (horizontal !== 0) {
    if (plain) return (view, pos) => characterStep(view.state.doc, pos, horizontal);
    if (word) return (view, pos) => wordStep(view.state.doc, pos, horizontal, locale(view));
    if (mac && far) return (view, pos) => browserStep(view, pos, horizontal, 'lineboundary');
    return null;
  }
  if (vertical !== 0) {
    if (plain) return (view, pos) => lineStep(view, pos, vertical);
    // Ctrl (⌥ on a Mac) goes by paragraph; ⌘ on a Mac to the text's ends.
    if (word) return (view, pos) => paragraphStep(view.state.doc, pos, vertical);
    if (mac && far) return (view) => textEdge(view.state.doc, vertical);
    return null;
  }
  if ((key === 'PageDown' || key === 'PageUp') && plain) {
    return (view, pos) => pageStep(view, pos, key === 'PageDown' ? 1 : -1);
  }
  if (key === 'Home' || key === 'End') {
    const direction = key === 'End' ? 1 : -1;
    if (plain) return (view, pos) => browserStep(view, pos, direction, 'lineboundary');
    if (event.ctrlKey || event.metaKey) return (view) => textEdge(view.state.doc, direction);
  }
  return null;
}

function change(state: EditorState, next: CaretState): Transaction {
  const tr = state.tr.setMeta(caretPluginKey, { next } satisfies CaretChange);
  if (next.on) {
    // The editor's own selection follows, so that ProseMirror never writes an older one to the page.
    try {
      tr.setSelection(TextSelection.create(state.doc, next.anchor, next.head));
    } catch {
      // A position outside the text (the text is still arriving): the page's selection is enough.
    }
  }
  return tr;
}

/** Moves the caret in `view` to `next` (with its announcement), showing it and keeping it on screen. */
function moveTo(view: EditorView, next: Omit<CaretState, 'announcement' | 'moves'>): void {
  const before = caretState(view.state);
  const after: CaretState = { ...next, moves: before.moves + 1, announcement: '' };
  view.dispatch(change(view.state, { ...after, announcement: describeMove(view.state, before, after) }));
}

/** Turns caret browsing on (at the passage selected, or the top of the page) or off in `view`. */
export function toggleCaret(view: EditorView): void {
  const before = caretState(view.state);
  const after = before.on ? { ...before, on: false, moves: before.moves + 1 } : startingCaret(view, before);
  view.dispatch(change(view.state, { ...after, announcement: describeMove(view.state, before, after) }));
}

/**
 * Views whose caret just took the page's selection: drawing the caret anew may replace the text
 * nodes that selection is in, so it is written back even while another element (the find bar's
 * field) has the keyboard.
 */
const followed = new WeakSet<EditorView>();

/** Follows the page's selection while the caret is on: a click moves the caret, a drag selects. */
function followPageSelection(view: EditorView): void {
  if (view.isDestroyed || view.editable) return;
  const caret = caretState(view.state);
  if (!caret.on) return;
  const selected = pageSelection(view);
  if (selected === null) {
    // The selection was cleared (a highlight was made of it): the caret stays where it was.
    const selection = view.dom.ownerDocument.getSelection();
    if (
      caret.anchor !== caret.head &&
      (selection === null || selection.rangeCount === 0 || selection.isCollapsed)
    )
      view.dispatch(change(view.state, { ...caret, anchor: caret.head, moves: caret.moves + 1 }));
    return;
  }
  if (selected.anchor === caret.anchor && selected.head === caret.head) return;
  followed.add(view);
  view.dispatch(change(view.state, { ...caret, ...selected, moves: caret.moves + 1, announcement: '' }));
}

/** Handles a key press in the reading view; returns whether it was the caret's. */
export function handleCaretKey(view: EditorView, event: KeyboardEvent, mac: boolean = onMac()): boolean {
  if (view.editable || event.isComposing || event.defaultPrevented) return false;
  // A click just now may not have been heard of yet (the page tells of it after the key).
  followPageSelection(view);
  const caret = caretState(view.state);
  if (event.key === 'Escape') {
    if (!caret.on || caret.anchor === caret.head || event.altKey || event.ctrlKey || event.metaKey)
      return false;
    moveTo(view, { on: true, anchor: caret.head, head: caret.head });
    return true;
  }
  const motion = motionOf(event, mac);
  if (motion === null) return false;
  // With the caret off, the arrows scroll as ever; Shift+arrow starts selecting from the keyboard.
  if (!caret.on && !event.shiftKey) return false;
  const from = caret.on ? caret : startingCaret(view, caret);
  const head = motion(view, from.head);
  const anchor = event.shiftKey ? from.anchor : head;
  moveTo(view, { on: true, anchor, head });
  return true;
}

/** The caret browsing plugin of the reading view. */
export function caretPlugin(): Plugin<CaretState> {
  return new Plugin<CaretState>({
    key: caretPluginKey,
    state: {
      init: () => OFF,
      apply(tr, value) {
        const meta = tr.getMeta(caretPluginKey) as CaretChange | undefined;
        if (meta !== undefined) return meta.next;
        if (!value.on || !tr.docChanged) return value;
        return {
          ...value,
          anchor: tr.mapping.map(value.anchor),
          head: tr.mapping.map(value.head),
        };
      },
    },
    props: {
      decorations: caretDecorations,
      attributes: (state): Record<string, string> => (caretState(state).on ? { 'data-caret': 'on' } : {}),
      handleDOMEvents: {
        // The view is not editable, so ProseMirror's own key handling (handleKeyDown) is not called.
        keydown(view, event) {
          if (!handleCaretKey(view, event)) return false;
          event.preventDefault();
          return true;
        },
        // The text gets the keyboard back (the find bar closed): the caret takes what was selected
        // meanwhile, before any redraw puts its older selection back on the page.
        focus(view) {
          followPageSelection(view);
          return false;
        },
      },
    },
    view(view) {
      const page = view.dom.ownerDocument;
      const onSelectionChange = (): void => followPageSelection(view);
      page.addEventListener('selectionchange', onSelectionChange);
      return {
        update(updated, previous) {
          const caret = caretState(updated.state);
          const before = caretState(previous);
          const adopted = followed.delete(updated);
          if (caret === before || !caret.on || updated.editable) return;
          if (page.activeElement !== updated.dom && !adopted) return;
          writePageSelection(updated, caret);
          if (!adopted && (caret.head !== before.head || !before.on)) keepInView(updated, caret.head);
        },
        destroy() {
          page.removeEventListener('selectionchange', onSelectionChange);
        },
      };
    },
  });
}
