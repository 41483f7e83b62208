/**
 * Hybrid logical clock stamps: the order in which changes made on different computers are applied.
 *
 * A stamp is the wall-clock millisecond and a counter, written as a fixed-width base-36 string so
 * that comparing two stamps as strings compares them in time: `ms` in 9 digits, then the counter in 4
 * (`"0mhx3k2a80001"`). A clock never goes backwards: each stamp it issues is later than every stamp it
 * issued or observed before, even when the machine's clock is set back, so a change made after seeing
 * another change always sorts after it. Ties between devices (the same stamp on two computers) are
 * broken by the device id, so every computer orders every pair of changes the same way.
 */

const MS_DIGITS = 9;
const COUNTER_DIGITS = 4;
const MAX_COUNTER = 36 ** COUNTER_DIGITS - 1;
const STAMP_PATTERN = /^[0-9a-z]{13}$/;

/** Whether `value` has the form of a stamp. */
export function isStamp(value: unknown): value is string {
  return typeof value === 'string' && STAMP_PATTERN.test(value);
}

/** The stamp of millisecond `ms` with counter `counter`. */
export function stampOf(ms: number, counter: number): string {
  return ms.toString(36).padStart(MS_DIGITS, '0') + counter.toString(36).padStart(COUNTER_DIGITS, '0');
}

/** The wall-clock millisecond a stamp was made at. */
export function stampTime(stamp: string): number {
  return Number.parseInt(stamp.slice(0, MS_DIGITS), 36);
}

/** Orders two changes: by stamp, then by device id. Negative when `(a, da)` comes first. */
export function compareStamps(a: string, da: string, b: string, db: string): number {
  if (a !== b) return a < b ? -1 : 1;
  if (da !== db) return da < db ? -1 : 1;
  return 0;
}

/** A hybrid logical clock for one device. */
export class HybridClock {
  private ms = 0;
  private counter = 0;
  private readonly wallClock: () => number;

  /** `wallClock` returns the current time in milliseconds (replaced in tests). */
  constructor(wallClock: () => number = Date.now) {
    this.wallClock = wallClock;
  }

  /** A stamp later than every stamp this clock has issued or observed. */
  next(): string {
    const wall = this.wallClock();
    if (wall > this.ms) {
      this.ms = wall;
      this.counter = 0;
    } else if (this.counter < MAX_COUNTER) {
      this.counter += 1;
    } else {
      // 1.6 million changes in one millisecond: borrow the next millisecond rather than overflow.
      this.ms += 1;
      this.counter = 0;
    }
    return stampOf(this.ms, this.counter);
  }

  /** Takes note of a stamp seen in a change from any device, so later stamps sort after it. */
  observe(stamp: string): void {
    if (!isStamp(stamp)) return;
    const ms = stampTime(stamp);
    const counter = Number.parseInt(stamp.slice(MS_DIGITS), 36);
    if (ms > this.ms || (ms === this.ms && counter > this.counter)) {
      this.ms = ms;
      this.counter = counter;
    }
  }
}
