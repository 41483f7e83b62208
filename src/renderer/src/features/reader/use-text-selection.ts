/**
 * Whether the reader has selected a passage of the text, and where it is on the page, for the
 * Highlight buttons. Work happens on `selectionchange` only, at most once per frame; nothing runs
 * while the reader scrolls.
 */
import type { EditorView } from 'prosemirror-view';
import { useEffect, useState } from 'react';
import { selectedRange, selectionRect } from './editor/dom-selection';

/** The selected passage's last line box, in page coordinates, or null when nothing is selected. */
export interface TextSelectionPlace {
  readonly top: number;
  readonly left: number;
  readonly bottom: number;
  readonly right: number;
}

/** The place of the passage selected in `view`, or null. */
export function useTextSelection(view: EditorView | null): TextSelectionPlace | null {
  const [place, setPlace] = useState<TextSelectionPlace | null>(null);

  useEffect(() => {
    if (view === null) return;
    let frame = 0;
    const measure = (): void => {
      frame = 0;
      const rect = selectedRange(view) === null ? null : selectionRect(view);
      setPlace(
        rect === null
          ? null
          : {
              top: rect.top + window.scrollY,
              left: rect.left + window.scrollX,
              bottom: rect.bottom + window.scrollY,
              right: rect.right + window.scrollX,
            },
      );
    };
    const onChange = (): void => {
      if (frame === 0) frame = requestAnimationFrame(measure);
    };
    document.addEventListener('selectionchange', onChange);
    return () => {
      document.removeEventListener('selectionchange', onChange);
      if (frame !== 0) cancelAnimationFrame(frame);
    };
  }, [view]);

  return place;
}
