/**
 * Reopening a document where the reader left it: the place at the top of the screen is remembered as
 * the reader scrolls (`reading-places.ts`), and when the document opens again the text is scrolled
 * back to it, once the view holds that part of the text. A document opened at a chosen place (a
 * search result) goes there instead, and a reader who scrolls before the place is reached keeps
 * their own scrolling.
 */
import type { EditorView } from 'prosemirror-view';
import { useEffect } from 'react';
import { offsetToPos, posToOffset, type Projection } from '../../../../shared/projection';
import { readingPlaceOf, rememberReadingPlace } from './reading-places';

/** How far below the top of the screen the remembered line is placed (and read), in CSS pixels. */
const TOP_GAP_PX = 24;
/** How long scrolling must pause before the place is written down. */
const SAVE_DELAY_MS = 400;
/** Scrolling by more than this before the place is reached means the reader has moved on. */
const OWN_SCROLL_PX = 48;

/** The offset of the text at the top of the screen, or null when no text is there. */
function offsetAtTop(view: EditorView, projection: Projection): number | null {
  if (window.scrollY < TOP_GAP_PX) return 0;
  const box = view.dom.getBoundingClientRect();
  const found = view.posAtCoords({
    left: box.left + Math.min(24, box.width / 2),
    top: Math.max(box.top, 0) + TOP_GAP_PX,
  });
  if (found === null) return null;
  return posToOffset(projection, Math.min(found.pos, view.state.doc.content.size));
}

/**
 * Remembers where `documentId` is being read in `view`, and scrolls back there when it opens, unless
 * `hasTarget` (the document was opened at a chosen place). `whenComplete` resolves once a long text
 * is all in the view.
 */
export function useReadingPlace(
  view: EditorView | null,
  projection: Projection,
  documentId: string,
  whenComplete: Promise<undefined> | null,
  hasTarget: boolean,
): void {
  useEffect(() => {
    if (view === null) return;
    let restored = false;
    let cancelled = false;
    const place = hasTarget ? null : readingPlaceOf(window.localStorage, documentId);
    const startY = window.scrollY;
    if (place === null || place.offset === 0 || place.offset > projection.text.length) {
      restored = true;
    } else {
      const pos = offsetToPos(projection, place.offset);
      const show = (): void => {
        restored = true;
        if (cancelled || view.isDestroyed || pos > view.state.doc.content.size) return;
        if (Math.abs(window.scrollY - startY) > OWN_SCROLL_PX) return;
        const top = view.coordsAtPos(pos).top + window.scrollY - TOP_GAP_PX;
        window.scrollTo({ top: Math.max(0, top), behavior: 'instant' });
      };
      if (pos <= view.state.doc.content.size) requestAnimationFrame(show);
      else void whenComplete?.then(() => requestAnimationFrame(show));
    }

    let timer: ReturnType<typeof setTimeout> | null = null;
    const save = (): void => {
      timer = null;
      // Before the place is back the screen shows the start; while the text is edited its offsets move.
      if (!restored || view.isDestroyed || view.editable) return;
      const offset = offsetAtTop(view, projection);
      if (offset !== null) rememberReadingPlace(window.localStorage, documentId, offset);
    };
    const onScroll = (): void => {
      if (timer !== null) clearTimeout(timer);
      timer = setTimeout(save, SAVE_DELAY_MS);
    };
    const flush = (): void => {
      if (timer === null) return;
      clearTimeout(timer);
      save();
    };
    window.addEventListener('scroll', onScroll, { passive: true });
    window.addEventListener('pagehide', flush);
    return () => {
      cancelled = true;
      flush();
      window.removeEventListener('scroll', onScroll);
      window.removeEventListener('pagehide', flush);
    };
  }, [view, projection, documentId, whenComplete, hasTarget]);
}
