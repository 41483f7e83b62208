/**
 * Opening a document at a place: once the reader shows the text up to the target (a span of the
 * projection, from a search result), the target is selected on the page, scrolled into view and flashed.
 */
import type { EditorView } from 'prosemirror-view';
import { useEffect } from 'react';
import type { TextSpan } from '../../../../shared/find';
import { offsetToPos, type Projection } from '../../../../shared/projection';
import { revealPassage } from './editor/reveal-passage';

/** Selects and reveals `target` in `view` once (when the view holds that part of the text). */
export function useRevealTarget(
  view: EditorView | null,
  projection: Projection,
  target: TextSpan | null,
  whenComplete: Promise<undefined> | null,
): void {
  const start = target?.start ?? -1;
  const end = target?.end ?? -1;
  useEffect(() => {
    if (view === null || start < 0 || end > projection.text.length || end <= start) return;
    let cancelled = false;
    const from = offsetToPos(projection, start, 1);
    const to = offsetToPos(projection, end, -1);
    const show = (): void => {
      if (cancelled || view.isDestroyed || to > view.state.doc.content.size) return;
      // The reading view is not editable, so ProseMirror leaves the page's selection alone: set it as a
      // reader's drag would, and the reader's own tools (Highlight, Add note) act on it.
      view.focus();
      const startAt = view.domAtPos(from, 1);
      const endAt = view.domAtPos(to, -1);
      const range = view.dom.ownerDocument.createRange();
      range.setStart(startAt.node, startAt.offset);
      range.setEnd(endAt.node, endAt.offset);
      const selection = view.dom.ownerDocument.getSelection();
      selection?.removeAllRanges();
      selection?.addRange(range);
      revealPassage(view, from, to);
    };
    if (to <= view.state.doc.content.size) requestAnimationFrame(show);
    else void whenComplete?.then(show);
    return () => {
      cancelled = true;
    };
  }, [view, projection, start, end, whenComplete]);
}
