/**
 * How long work holds the event loop: what the UI, or another request to the process holding the
 * library, would wait for.
 */
import { performance } from 'node:perf_hooks';

/**
 * Runs `work` while a 1 ms timer samples the event loop: its result, its duration and the longest gap
 * between ticks (how long the loop was held at once).
 */
export async function measured<T>(
  work: () => Promise<T>,
): Promise<{ value: T; ms: number; longestBlock: number }> {
  let last = performance.now();
  let longest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 1);
  const started = performance.now();
  let value: T;
  try {
    value = await work();
  } finally {
    clearInterval(timer);
  }
  const ended = performance.now();
  return { value, ms: ended - started, longestBlock: Math.max(longest, ended - last) };
}
