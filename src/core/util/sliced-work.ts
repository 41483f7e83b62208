/**
 * Work done in steps, so a long computation in the process holding the library never keeps other
 * requests waiting: the work is a generator that yields between small pieces (a document tokenised in
 * part, a passage written, a few annotations indexed) and returns its result. It can be run to the end
 * at once ({@link runSteps}), or in slices that give the event loop a turn whenever a slice's time is up
 * ({@link runInSlices}); both give the same result.
 */
import { performance } from 'node:perf_hooks';

/** Work in steps: yields between pieces, returns the result. */
export type Steps<T> = Generator<void, T, void>;

/** The longest stretch of work between two turns of the event loop, unless a caller says otherwise. */
export const DEFAULT_SLICE_MS = 8;

/** Gives the event loop a turn (timers, I/O and other requests run), then resolves. */
export function nextTurn(): Promise<void> {
  return new Promise<void>((resolve) => setImmediate(resolve));
}

/**
 * A function that gives the event loop a turn when more than `sliceMs` has passed since the last one,
 * and resolves to whether it did.
 */
export function pauser(sliceMs: number = DEFAULT_SLICE_MS): () => Promise<boolean> {
  let slice = performance.now();
  return async () => {
    if (performance.now() - slice <= sliceMs) return false;
    await nextTurn();
    slice = performance.now();
    return true;
  };
}

/** Runs `steps` to the end without pausing and returns the result. */
export function runSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done === true) return step.value;
  }
}

/** Runs `steps` to the end, giving the event loop a turn every `sliceMs` or so, and resolves to the result. */
export async function runInSlices<T>(steps: Steps<T>, sliceMs: number = DEFAULT_SLICE_MS): Promise<T> {
  const pause = pauser(sliceMs);
  for (;;) {
    const step = steps.next();
    if (step.done === true) return step.value;
    await pause();
  }
}
