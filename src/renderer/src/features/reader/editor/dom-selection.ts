/**
 * Reading what the reader selected in a non-editable view. The browser's selection is the source of
 * truth: ProseMirror mirrors it into the editor state only while both ends lie inside the text, and a
 * drag may well start in the header above it.
 */
import { Selection } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import type { PositionRange } from './passage-selectors';

/** The position of one end of a DOM range, clamped to the text when the end lies outside it. */
function boundaryPos(view: EditorView, text: Range, node: Node, offset: number): number | null {
  const where = text.comparePoint(node, offset);
  if (where < 0) return 0;
  if (where > 0) return view.state.doc.content.size;
  try {
    return view.posAtDOM(node, offset);
  } catch {
    // A boundary inside a node the view does not manage (there are none today) has no position.
    return null;
  }
}

/**
 * The part of the text the reader selected, as ProseMirror positions, or null when nothing (or
 * nothing inside the text) is selected.
 */
export function selectedRange(view: EditorView): PositionRange | null {
  const selection = view.dom.ownerDocument.getSelection();
  if (selection === null || selection.rangeCount === 0 || selection.isCollapsed) return null;
  const range = selection.getRangeAt(0);
  const text = view.dom.ownerDocument.createRange();
  text.selectNodeContents(view.dom);
  const from = boundaryPos(view, text, range.startContainer, range.startOffset);
  const to = boundaryPos(view, text, range.endContainer, range.endOffset);
  return from !== null && to !== null && from < to ? { from, to } : null;
}

/** Where the selected text is on screen (viewport coordinates), or null when nothing is selected. */
export function selectionRect(view: EditorView): DOMRect | null {
  const selection = view.dom.ownerDocument.getSelection();
  if (selection === null || selection.rangeCount === 0 || selection.isCollapsed) return null;
  const range = selection.getRangeAt(0);
  if (!range.intersectsNode(view.dom)) return null;
  const rects = range.getClientRects();
  return rects.length > 0 ? (rects[rects.length - 1] ?? null) : range.getBoundingClientRect();
}

/**
 * Clears the selection, so a passage just highlighted shows its new colour. The editor state's
 * mirror of it is collapsed too: the view writes that mirror back to the page whenever it redraws.
 */
export function clearSelection(view: EditorView): void {
  const { selection, doc } = view.state;
  if (!selection.empty) view.dispatch(view.state.tr.setSelection(Selection.near(doc.resolve(selection.to))));
  view.dom.ownerDocument.getSelection()?.removeAllRanges();
}
