/**
 * Performance marks for opening a document: `scholia:open-painted` once the view, with its
 * highlights, is in the DOM and a frame has been painted, and the measure `scholia:open` from
 * `scholia:open-start` (marked when opening began) to it.
 */
import type { EditorView } from 'prosemirror-view';
import { useEffect } from 'react';

/** Marks `scholia:open-start`; call when the reader asks to open a document. */
export function markOpenStart(): void {
  performance.mark('scholia:open-start');
}

/** Marks `scholia:open-painted` after the first frame painted with `view` in it. */
export function usePaintedMark(view: EditorView | null): void {
  useEffect(() => {
    if (view === null) return;
    let second = 0;
    // The first callback runs before the frame that shows the view is painted; the second after it.
    const first = requestAnimationFrame(() => {
      second = requestAnimationFrame(() => {
        performance.mark('scholia:open-painted');
        if (performance.getEntriesByName('scholia:open-start', 'mark').length > 0) {
          performance.measure('scholia:open', 'scholia:open-start', 'scholia:open-painted');
        }
      });
    });
    return () => {
      cancelAnimationFrame(first);
      cancelAnimationFrame(second);
    };
  }, [view]);
}
