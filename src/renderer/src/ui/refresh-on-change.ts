/**
 * Keeping a store current: reload it when core says that part of the library changed, once a burst of
 * changes has ended (an import of forty files announces forty changes; the store reloads once).
 */
import type { ApiEvents, ScholiaApi, Unsubscribe } from '../../../shared/api';

/** How long a burst of change events may pause before the store reloads. */
export const REFRESH_DELAY_MS = 150;

/** A part of the library a `library-changed` event can be about. */
export type ChangeScope = ApiEvents['library-changed']['scope'];

/**
 * Calls `refresh` `delayMs` after the last `library-changed` event about one of `scopes`. Returns a
 * function that stops listening and drops a refresh not yet made.
 */
export function refreshOnChange(
  api: Pick<ScholiaApi, 'on'>,
  scopes: readonly ChangeScope[],
  refresh: () => void,
  delayMs = REFRESH_DELAY_MS,
): Unsubscribe {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const stop = api.on('library-changed', (change) => {
    if (!scopes.includes(change.scope)) return;
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      refresh();
    }, delayMs);
  });
  return () => {
    stop();
    if (timer !== null) clearTimeout(timer);
    timer = null;
  };
}

/**
 * How a store several views read follows core: from the first view that starts watching until the
 * last one stops, core is listened to once (with `listen`); the first one also has the store loaded
 * afresh (`load`), since nobody kept it current while nobody watched.
 */
export class SharedWatch {
  private watchers = 0;
  private stopListening: Unsubscribe | null = null;

  constructor(
    private readonly listen: () => Unsubscribe,
    private readonly load: () => void,
  ) {}

  /** Starts one view's watch; returns a function that ends it (calling it again does nothing). */
  watch(): Unsubscribe {
    this.watchers += 1;
    if (this.stopListening === null) {
      this.stopListening = this.listen();
      this.load();
    }
    let stopped = false;
    return () => {
      if (stopped) return;
      stopped = true;
      this.watchers -= 1;
      if (this.watchers > 0) return;
      this.stopListening?.();
      this.stopListening = null;
    };
  }
}

/**
 * The {@link SharedWatch} of a store that `refresh` loads: it loads when the first view starts watching,
 * and again after every burst of changes about `scopes` while any view watches.
 */
export function refreshingWatch(
  api: Pick<ScholiaApi, 'on'>,
  scopes: readonly ChangeScope[],
  refresh: () => void,
): SharedWatch {
  return new SharedWatch(() => refreshOnChange(api, scopes, refresh), refresh);
}
