/**
 * Loading the rest of an opened text into its view, after the view has painted its beginning. Marks
 * `scholia:open-complete` (and the measure `scholia:open-load` from `scholia:open-start`) once the
 * view holds the whole text.
 */
import type { Node as ProseMirrorNode } from 'prosemirror-model';
import type { EditorView } from 'prosemirror-view';
import { useEffect, useMemo, useState } from 'react';
import { loadRest } from './editor/text-loader';

/** Where loading the text stands. */
export interface TextLoadState {
  /** Whether the view holds the whole text. */
  readonly complete: boolean;
  /**
   * Resolves once the view holds the whole text: what needs all of it (finding a passage far into
   * the book, for one) waits for this. Null until the view exists.
   */
  readonly whenComplete: Promise<undefined> | null;
}

/** A promise and the function that resolves it. */
function completionSignal(): { readonly promise: Promise<undefined>; readonly resolve: () => void } {
  let resolve = (): void => undefined;
  const promise = new Promise<undefined>((settle) => {
    resolve = () => settle(undefined);
  });
  return { promise, resolve };
}

function markComplete(): void {
  performance.mark('scholia:open-complete');
  if (performance.getEntriesByName('scholia:open-start', 'mark').length > 0) {
    performance.measure('scholia:open-load', 'scholia:open-start', 'scholia:open-complete');
  }
}

/**
 * Appends the rest of `text` to `view`, whose document is its beginning, until it is all there or
 * the view goes. `onError` hears, in words for the reader, why loading stopped short.
 */
export function useTextLoader(
  view: EditorView | null,
  text: ProseMirrorNode,
  onError: (message: string) => void,
): TextLoadState {
  const [completeView, setCompleteView] = useState<EditorView | null>(null);
  // One signal per view: a new document gets a new view.
  const completion = useMemo(() => (view === null ? null : completionSignal()), [view]);

  useEffect(() => {
    if (view === null || completion === null) return;
    const loader = loadRest(view, text);
    let live = true;
    loader.complete.then(
      () => {
        if (!live) return;
        markComplete();
        completion.resolve();
        setCompleteView(view);
      },
      () => {
        if (live)
          onError('The rest of this text could not be shown. Go back to the library and open it again.');
      },
    );
    return () => {
      live = false;
      loader.cancel();
    };
  }, [view, text, completion, onError]);

  return { complete: view !== null && completeView === view, whenComplete: completion?.promise ?? null };
}
