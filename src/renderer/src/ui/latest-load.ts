/**
 * Loading a store's data through the API where only the latest request counts: an older answer that
 * arrives after a newer one is dropped, and a failure is kept in the snapshot (with a reason for the
 * reader) instead of being thrown, so views show it.
 */
import { errorMessage } from './error-message';
import type { ObservableStore } from './observable-store';

/** The part of a snapshot that says how its loading went. */
export interface LoadStatus {
  readonly status: 'loading' | 'ready' | 'failed';
  /** Why loading failed, for the reader, when `status` is `failed`. */
  readonly error: string | null;
}

/** The loads of one store. */
export class LatestLoad<S extends LoadStatus> {
  private requested = 0;
  private latest: Promise<void> = Promise.resolve();

  /** Loads into `store`; `fallback` says what failed when the error carries no message for the reader. */
  constructor(
    private readonly store: ObservableStore<S>,
    private readonly fallback: string,
  ) {}

  /**
   * Runs `load` and hands its result to `done` if no later load has been asked for meanwhile; a failure
   * of the latest load marks the store `failed` with its reason. Never rejects.
   */
  run<T>(load: () => Promise<T>, done: (value: T) => void): Promise<void> {
    const request = ++this.requested;
    let pending: Promise<T>;
    try {
      pending = load();
    } catch (thrown) {
      pending = Promise.reject(thrown instanceof Error ? thrown : new Error(String(thrown)));
    }
    this.latest = pending.then(
      (value) => {
        if (request === this.requested) done(value);
      },
      (thrown: unknown) => {
        if (request !== this.requested) return;
        const error = errorMessage(thrown, this.fallback);
        this.store.update((s) => ({ ...s, status: 'failed', error }));
      },
    );
    return this.latest;
  }

  /** Resolves once the latest load has ended (at once when none was asked for). Never rejects. */
  loaded(): Promise<void> {
    return this.latest;
  }

  /** Makes every load under way out of date: a newer value has come another way (a change's answer). */
  supersede(): void {
    this.requested += 1;
  }
}
