/**
 * Watching a library folder for what a sync engine brings in from other computers while the library
 * is open: their change logs, new text revisions, conflict copies. Each burst of file changes (and,
 * as a safety net for engines and file systems whose notifications get lost, a look every few
 * seconds) makes the store read again what changed; the views showing it hear of it through the
 * ordinary `library-changed` events, so they refresh the way they do after a local change.
 */
import { watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import type { LibraryEvents } from './events';
import type { LibraryStore, RemoteChanges, SyncNotice } from './store/library-store';

/** How the watch behaves; the defaults suit an open app. */
export interface LibraryWatchOptions {
  /** Quiet time after the last file event before the folder is read again (default 250 ms). */
  settleMs?: number;
  /** The look taken even without file events (default every 3 s). */
  pollMs?: number;
  /** Told each notice for the reader (conflict copies folded in, damage found). */
  onNotice?: (notice: SyncNotice) => void;
}

/** A running watch; {@link stop} ends it. */
export interface LibraryWatch {
  /** Reads the folder again now (as a file event would), resolving when done. */
  check(): Promise<void>;
  /** Stops watching; a check under way finishes first. Safe to call twice. */
  stop(): Promise<void>;
}

/** Starts watching the folder of `store`, emitting what changes through `events`. */
export function watchLibrary(
  store: LibraryStore,
  events: LibraryEvents,
  options: LibraryWatchOptions = {},
): LibraryWatch {
  const settleMs = options.settleMs ?? 250;
  const watchers: FSWatcher[] = [];
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> = Promise.resolve();
  let again = false;

  const check = (): Promise<void> => {
    if (stopped) return running;
    again = true;
    running = running.then(async () => {
      while (again && !stopped) {
        again = false;
        const changes = await store.refreshFromDisk().catch(() => null);
        if (changes === null) continue;
        announce(events, changes);
        for (const notice of changes.notices) options.onNotice?.(notice);
      }
    });
    return running;
  };
  const soon = (): void => {
    if (stopped) return;
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      void check();
    }, settleMs);
  };
  for (const folder of [store.dir, join(store.dir, 'devices'), join(store.dir, 'documents')]) {
    try {
      // Recursive, so each device's annotation logs are seen too; where that is not supported the poll covers it.
      const watcher = watch(folder, { recursive: folder !== store.dir, persistent: false }, soon);
      watcher.on('error', () => watcher.close());
      watchers.push(watcher);
    } catch {
      // A folder that cannot be watched (missing, or too many watches) is covered by the poll.
    }
  }
  const poll = setInterval(() => void check(), options.pollMs ?? 3000);
  poll.unref();
  return {
    check,
    async stop() {
      if (stopped) return running;
      stopped = true;
      clearInterval(poll);
      if (timer !== null) clearTimeout(timer);
      for (const watcher of watchers) watcher.close();
      await running;
    },
  };
}

/** Emits the `library-changed` events that tell views what another computer changed. */
function announce(events: LibraryEvents, changes: RemoteChanges): void {
  for (const documentId of changes.documents)
    events.emit('library-changed', { scope: 'documents', documentId });
  for (const documentId of changes.texts) {
    if (!changes.documents.has(documentId))
      events.emit('library-changed', { scope: 'documents', documentId });
  }
  for (const documentId of changes.annotations)
    events.emit('library-changed', { scope: 'annotations', documentId });
  if (changes.tags) events.emit('library-changed', { scope: 'tags' });
  if (changes.settings) events.emit('library-changed', { scope: 'settings' });
  if (changes.links) events.emit('library-changed', { scope: 'links' });
  // Reading lists are announced as a change to the documents, as their own operations do.
  if (changes.collections && changes.documents.size === 0)
    events.emit('library-changed', { scope: 'documents' });
}
