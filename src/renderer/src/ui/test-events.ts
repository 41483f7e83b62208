/**
 * Test support: the `library-changed` events of an in-memory API, as core sends them. Used only by
 * `*.test.ts` files.
 */
import type { ApiEventName, ApiEvents, Unsubscribe } from '../../../shared/api';

/** Listeners of `library-changed`, told what core would tell them. */
export class TestEvents {
  private readonly listeners = new Set<(payload: ApiEvents['library-changed']) => void>();

  /** The API's `on`: listens to `library-changed` (other events never come). */
  readonly on = <E extends ApiEventName>(
    event: E,
    listener: (payload: ApiEvents[E]) => void,
  ): Unsubscribe => {
    if (event !== 'library-changed') return () => undefined;
    const typed = listener as (payload: ApiEvents['library-changed']) => void;
    this.listeners.add(typed);
    return () => this.listeners.delete(typed);
  };

  /** Tells the listeners what core would. */
  emit(payload: ApiEvents['library-changed']): void {
    for (const listener of this.listeners) listener(payload);
  }

  /** How many listeners there are. */
  get listening(): number {
    return this.listeners.size;
  }
}
