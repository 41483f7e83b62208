/**
 * The smallest external store React can read with `useSyncExternalStore`: an immutable snapshot that
 * is replaced, never mutated, and a set of listeners told after each replacement.
 */
import type { Unsubscribe } from '../../../shared/api';

/** A value that changes over time and says when it did. */
export interface ReadableStore<T> {
  /** The current snapshot; the same object until the next change. Safe to pass around unbound. */
  readonly getSnapshot: () => T;
  /** Calls `listener` after every change; returns a function that stops it. Safe to pass around unbound. */
  readonly subscribe: (listener: () => void) => Unsubscribe;
}

/** A {@link ReadableStore} whose owner replaces the snapshot with {@link ObservableStore.set}. */
export class ObservableStore<T> implements ReadableStore<T> {
  private snapshot: T;
  private readonly listeners = new Set<() => void>();

  constructor(initial: T) {
    this.snapshot = initial;
  }

  getSnapshot = (): T => this.snapshot;

  subscribe = (listener: () => void): Unsubscribe => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Replaces the snapshot and tells every listener, synchronously. */
  set(next: T): void {
    if (Object.is(next, this.snapshot)) return;
    this.snapshot = next;
    for (const listener of [...this.listeners]) listener();
  }

  /** Replaces the snapshot with `update(current)`. */
  update(update: (current: T) => T): void {
    this.set(update(this.snapshot));
  }
}
