/**
 * Editing commands of the rich-text fields: bold, italic, links, lists and quotes, as keys and as
 * typed shortcuts ("- ", "1. ", "> " at the start of a paragraph), and Enter and Backspace that
 * behave inside lists. Every command works on an `EditorState`, so it is testable without a view.
 */
import {
  baseKeymap,
  chainCommands,
  lift,
  liftEmptyBlock,
  splitBlock,
  toggleMark,
  wrapIn,
} from 'prosemirror-commands';
import { redo, undo } from 'prosemirror-history';
import type { Attrs, Mark, MarkType, NodeType } from 'prosemirror-model';
import { Plugin, type Command, type EditorState, type Transaction } from 'prosemirror-state';
import { canSplit, findWrapping } from 'prosemirror-transform';
import type { EditorView } from 'prosemirror-view';
import { safeHref } from '../../../../../shared/safe-link';
import { richTextSchema } from './schema';

const { nodes, marks } = richTextSchema;

/** Splits the list item the cursor is in at the cursor; in an empty item, ends the list instead. */
export const splitListItem: Command = (state, dispatch) => {
  const { $from, $to } = state.selection;
  if ($from.depth < 2 || !$from.sameParent($to)) return false;
  const item = $from.node(-1);
  if (item.type !== nodes.list_item || $from.parent.type !== nodes.paragraph) return false;
  // Enter in an empty last paragraph of an item leaves the list, as in every word processor.
  if ($from.parent.content.size === 0 && $from.index(-1) === item.childCount - 1)
    return liftEmptyBlock(state, dispatch);
  const tr = state.tr;
  if (!state.selection.empty) tr.deleteSelection();
  const pos = tr.mapping.map($from.pos);
  if (!canSplit(tr.doc, pos, 2)) return false;
  if (dispatch) dispatch(tr.split(pos, 2).scrollIntoView());
  return true;
};

/** Wraps the selected paragraphs in a list of `type` (bullet or ordered). */
export function wrapInList(type: NodeType, attrs: Attrs | null = null): Command {
  return (state, dispatch) => {
    const { $from, $to } = state.selection;
    const range = $from.blockRange($to);
    if (range === null) return false;
    const wrapping = findWrapping(range, type, attrs);
    if (wrapping === null) return false;
    if (dispatch) dispatch(state.tr.wrap(range, wrapping).scrollIntoView());
    return true;
  };
}

/** Whether mark `type` covers the selection (or is stored at the cursor). */
export function markActive(state: EditorState, type: MarkType): boolean {
  const { from, $from, to, empty } = state.selection;
  if (empty) return type.isInSet(state.storedMarks ?? $from.marks()) !== undefined;
  return state.doc.rangeHasMark(from, to, type);
}

/** The extent and target of the link at the cursor (or the selection's start), or null. */
export function linkAt(state: EditorState): { from: number; to: number; href: string } | null {
  const { $from } = state.selection;
  const start = $from.start();
  const runs: { from: number; to: number; mark: Mark }[] = [];
  $from.parent.forEach((node, offset) => {
    const mark = marks.link.isInSet(node.marks);
    if (mark === undefined) return;
    const last = runs.at(-1);
    const from = start + offset;
    if (last !== undefined && last.to === from && last.mark.eq(mark)) last.to = from + node.nodeSize;
    else runs.push({ from, to: from + node.nodeSize, mark });
  });
  const run = runs.find((r) => r.from <= $from.pos && $from.pos <= r.to);
  return run === undefined ? null : { from: run.from, to: run.to, href: String(run.mark.attrs.href) };
}

/**
 * Makes the selection a link to `href` (http, https or mailto only), or, with an empty selection,
 * inserts `text` (the address itself when not given) as a link. Returns false for any other target.
 */
export function setLink(href: string, text?: string): Command {
  return (state, dispatch) => {
    const safe = safeHref(href);
    if (safe === null) return false;
    const mark = marks.link.create({ href: safe, title: null });
    const existing = state.selection.empty ? linkAt(state) : null;
    if (dispatch) {
      const tr = state.tr;
      if (existing !== null) {
        tr.removeMark(existing.from, existing.to, marks.link).addMark(existing.from, existing.to, mark);
      } else if (state.selection.empty) {
        const label = text !== undefined && text.trim() !== '' ? text : safe.replace(/^mailto:/i, '');
        tr.insert(state.selection.from, richTextSchema.text(label, [...state.selection.$from.marks(), mark]));
      } else {
        tr.removeMark(state.selection.from, state.selection.to, marks.link);
        tr.addMark(state.selection.from, state.selection.to, mark);
      }
      dispatch(tr.scrollIntoView());
    }
    return true;
  };
}

/** Removes the link at the cursor, or every link in the selection. */
export const removeLink: Command = (state, dispatch) => {
  const range = state.selection.empty
    ? linkAt(state)
    : { from: state.selection.from, to: state.selection.to };
  if (range === null || !state.doc.rangeHasMark(range.from, range.to, marks.link)) return false;
  if (dispatch) dispatch(state.tr.removeMark(range.from, range.to, marks.link));
  return true;
};

/** A typed shortcut: text before the cursor in a paragraph that, once typed, becomes a block. */
interface BlockRule {
  readonly match: RegExp;
  readonly apply: (
    state: EditorState,
    start: number,
    end: number,
    match: RegExpExecArray,
  ) => Transaction | null;
}

function wrapRule(
  match: RegExp,
  type: NodeType,
  attrs: (m: RegExpExecArray) => Attrs | null = () => null,
): BlockRule {
  return {
    match,
    apply(state, start, end, m) {
      const tr = state.tr.delete(start, end);
      const $start = tr.doc.resolve(start);
      const range = $start.blockRange();
      const wrapping = range === null ? null : findWrapping(range, type, attrs(m));
      if (range === null || wrapping === null) return null;
      return tr.wrap(range, wrapping);
    },
  };
}

/** The typed shortcuts: "- ", "* " or "+ " start a bullet list, "1. " a numbered one, "> " a quote. */
export const blockRules: readonly BlockRule[] = [
  wrapRule(/^\s*[-*+] $/, nodes.bullet_list),
  wrapRule(/^(\d{1,9})[.)] $/, nodes.ordered_list, (m) => ({ order: Number(m[1]) })),
  wrapRule(/^\s*> $/, nodes.blockquote),
];

/**
 * What typing `text` at `from`–`to` turns into when it completes a typed shortcut, or null when it
 * is plain typing.
 */
export function applyBlockRules(
  state: EditorState,
  from: number,
  to: number,
  text: string,
): Transaction | null {
  const $from = state.doc.resolve(from);
  if ($from.parent.type !== nodes.paragraph || from !== to) return null;
  const before = $from.parent.textBetween(0, $from.parentOffset, undefined, '\ufffc') + text;
  for (const rule of blockRules) {
    const match = rule.match.exec(before);
    if (match === null) continue;
    const start = from - (before.length - text.length);
    const tr = rule.apply(state, start, from, match);
    if (tr !== null) return tr;
  }
  return null;
}

/** The plugin that turns typed shortcuts into lists and quotes. */
export function blockRulesPlugin(): Plugin {
  return new Plugin({
    props: {
      handleTextInput(view, from, to, text) {
        if (view.composing) return false;
        const tr = applyBlockRules(view.state, from, to, text);
        if (tr === null) return false;
        view.dispatch(tr);
        return true;
      },
    },
  });
}

/** What the field does when the reader asks for a link (Ctrl/⌘+K) in `view`: open its link form. */
export type RequestLink = (view: EditorView) => void;

/** The keys of a rich-text field, on top of ProseMirror's base keymap. */
export function richTextKeys(requestLink: RequestLink): Record<string, Command> {
  return {
    'Mod-z': undo,
    'Shift-Mod-z': redo,
    'Mod-y': redo,
    'Mod-b': toggleMark(marks.strong),
    'Mod-i': toggleMark(marks.em),
    'Mod-k': (_state, _dispatch, view) => {
      if (view !== undefined) requestLink(view);
      return true;
    },
    'Shift-Enter': (state, dispatch) => {
      if (dispatch) dispatch(state.tr.replaceSelectionWith(nodes.hard_break.create()).scrollIntoView());
      return true;
    },
    Enter: chainCommands(splitListItem, baseKeymap.Enter ?? splitBlock),
    'Mod-Shift-8': wrapInList(nodes.bullet_list),
    'Mod-Shift-7': wrapInList(nodes.ordered_list),
    'Mod-Shift-.': wrapIn(nodes.blockquote),
    'Shift-Tab': lift,
  };
}
