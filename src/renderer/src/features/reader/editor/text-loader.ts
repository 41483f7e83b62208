/**
 * Loading the rest of a text into a view that shows its beginning, one slice per frame: after each
 * frame is painted, one transaction appends the next blocks (see `progressive-text.ts`), sized so
 * that the work, including the browser's layout of the new blocks, takes about {@link SLICE_BUDGET_MS}.
 * The reader scrolls, selects and highlights meanwhile; nothing waits for the end but what needs
 * the whole text, through {@link TextLoader.complete}. Each slice is recorded as a performance
 * measure `scholia:text-slice` whose detail is the number of positions it appended (those of the
 * text loaded before are cleared, so they never pile up).
 */
import type { Node as ProseMirrorNode } from 'prosemirror-model';
import type { EditorView } from 'prosemirror-view';
import { appendBlocks, holdsAll } from './progressive-text';

/** The time one slice should take on the main thread, well inside a 50 ms task. */
export const SLICE_BUDGET_MS = 16;
/** Positions (roughly characters) of the first slice appended, before any has been timed. */
const FIRST_SLICE = 8_000;
/**
 * The least a slice appends, however long the last one took: late in a long book most of a slice's
 * time is the browser going over the blocks already there, and tiny slices would never finish.
 */
const MIN_SLICE = 4_000;
const MAX_SLICE = 400_000;
const SLICE_MEASURE = 'scholia:text-slice';

/** A text being loaded into a view. */
export interface TextLoader {
  /**
   * Resolves once the view holds the whole text (at once when it already did). Rejects when the
   * view's document stopped being the beginning of the text. Never settles once cancelled.
   */
  readonly complete: Promise<void>;
  /** Whether the view holds the whole text. */
  readonly done: boolean;
  /** Stops loading: the view is going away. */
  cancel(): void;
}

/** How long to wait between slices: until the next frame has been painted, when one will be. */
export type Pause = () => Promise<void>;

/** What loading needs of the view: its state, and a way to change it. */
export type LoadTarget = Pick<EditorView, 'state' | 'dispatch' | 'isDestroyed'>;

/** The part of the browser's Prioritized Task Scheduling API used here (not in TypeScript's DOM types). */
interface TaskScheduler {
  postTask(callback: () => void, options: { priority: 'background' }): Promise<unknown>;
}

/** Runs `callback` in a task of its own, after any waiting input, network answers and timers. */
function inBackgroundTask(callback: () => void): void {
  const scheduler = (globalThis as { scheduler?: TaskScheduler }).scheduler;
  if (scheduler !== undefined) {
    void scheduler.postTask(callback, { priority: 'background' });
    return;
  }
  const channel = new MessageChannel();
  channel.port1.onmessage = () => callback();
  channel.port2.postMessage(null);
}

/**
 * Resolves in a task after the next frame has been painted, so that every slice leaves the browser
 * a frame to answer scrolling, and lets the reader's own work (a key press, a highlight being saved)
 * go first. A hidden page paints no frames: it gets the next such task.
 */
export function afterNextPaint(): Promise<void> {
  return new Promise((resolve) => {
    const next = (): void => inBackgroundTask(resolve);
    if (document.visibilityState === 'hidden') next();
    else requestAnimationFrame(next);
  });
}

/**
 * Appends the blocks of `full` that `view` does not show yet, slice by slice, pausing with `pause`
 * before each slice. `view`'s document must be the beginning of `full`.
 */
export function loadRest(view: LoadTarget, full: ProseMirrorNode, pause: Pause = afterNextPaint): TextLoader {
  const stop = new AbortController();
  let done = holdsAll(view.state, full);
  performance.clearMeasures(SLICE_MEASURE);
  const complete = (async () => {
    let size = FIRST_SLICE;
    while (!done) {
      await pause();
      if (stop.signal.aborted || view.isDestroyed) return new Promise<never>(() => undefined);
      const started = performance.now();
      const tr = appendBlocks(view.state, full, size);
      if (tr === null) break;
      view.dispatch(tr);
      done = holdsAll(view.state, full);
      // The browser lays out the new blocks while the view reads the selection back, so the time
      // taken includes the layout: it is what a slice costs the reader.
      const ended = performance.now();
      performance.measure(SLICE_MEASURE, { start: started, end: ended, detail: size });
      const elapsed = Math.max(1, ended - started);
      // Slices grow by half at most, and may halve at once: one slow slice (a busy machine) must
      // not be followed by a long task.
      const scale = Math.min(1.5, Math.max(0.5, SLICE_BUDGET_MS / elapsed));
      size = Math.min(MAX_SLICE, Math.max(MIN_SLICE, Math.round(size * scale)));
    }
    done = true;
  })();
  return {
    complete,
    get done() {
      return done;
    },
    cancel() {
      stop.abort();
    },
  };
}
