/**
 * The library's event channel: core emits {@link ApiEvents} (import progress, library changed) and
 * every connected front end (IPC, the browser-mode server, the CLI) listens.
 */
import type { ApiEventName, ApiEvents, Unsubscribe } from '../shared/api';

/** A typed emitter over {@link ApiEvents}. */
export interface LibraryEvents {
  /** Calls `listener` with every later `event`; returns a function that stops it. */
  on<E extends ApiEventName>(event: E, listener: (payload: ApiEvents[E]) => void): Unsubscribe;
  /**
   * Calls every listener of `event` with `payload`, in the order they subscribed. A listener that
   * throws is reported through `onListenerError` and does not keep the others from being called.
   */
  emit<E extends ApiEventName>(event: E, payload: ApiEvents[E]): void;
}

type AnyListener = (payload: never) => void;

/**
 * Creates an emitter. `onListenerError` receives what a listener throws (default: `console.error`),
 * because a broken view must not make a saved change look failed.
 */
export function createLibraryEvents(
  onListenerError: (error: unknown, event: ApiEventName) => void = (error, event) => {
    console.error(`A listener of "${event}" failed:`, error);
  },
): LibraryEvents {
  const listeners = new Map<ApiEventName, Set<AnyListener>>();
  return {
    on(event, listener) {
      let set = listeners.get(event);
      if (set === undefined) {
        set = new Set();
        listeners.set(event, set);
      }
      const entry: AnyListener = listener;
      set.add(entry);
      return () => {
        set.delete(entry);
      };
    },
    emit(event, payload) {
      const set = listeners.get(event);
      if (set === undefined) return;
      // A copy, so listeners that unsubscribe (or subscribe) while being called do not disturb the loop.
      for (const listener of [...set]) {
        try {
          (listener as (payload: ApiEvents[typeof event]) => void)(payload);
        } catch (error) {
          onListenerError(error, event);
        }
      }
    },
  };
}
