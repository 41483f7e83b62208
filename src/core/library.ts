/**
 * Opening a library: which folder (flag, environment, default), and the service and events over it.
 * This is the entry point of `core` for every front end (Electron main, the CLI, browser mode).
 */
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import type { ApiMethod, ScholiaService } from '../shared/api';
import { API_METHOD_NAMES } from '../shared/api-names';
import type { LibraryHealth, RepairAction } from '../shared/library-health';
import { createLibraryEvents, type LibraryEvents } from './events';
import { SearchKeeper } from './search/search-keeper';
import { createLibraryService, type LibraryServiceDependencies } from './service/library-service';
import { PathGrants } from './service/path-grants';
import { LibraryStore, type SyncNotice } from './store/library-store';
import type { MigrationRegistry } from './store/migrations';
import type { DeviceIdentity } from './sync/device';
import { watchLibrary, type LibraryWatchOptions } from './library-watch';

/** The environment variable that names the library folder when no `--library` flag is given. */
export const LIBRARY_ENV_VAR = 'SCHOLIA_LIBRARY';

/**
 * The library folder to use, as an absolute path: the `--library DIR` flag beats the
 * `SCHOLIA_LIBRARY` environment variable, which beats `defaultDir`. Empty values count as unset;
 * relative paths are resolved against the current working directory.
 */
export function resolveLibraryDir(options: {
  flag?: string | undefined;
  env: NodeJS.ProcessEnv;
  defaultDir: string;
}): string {
  const chosen = [options.flag, options.env[LIBRARY_ENV_VAR]].find(
    (value): value is string => value !== undefined && value.trim() !== '',
  );
  return resolve(chosen ?? options.defaultDir);
}

/**
 * The default library folder for front ends without Electron: `Scholia/library` in the user's data
 * folder — `$XDG_DATA_HOME` or `~/.local/share` on Linux, `~/Library/Application Support` on macOS,
 * `%APPDATA%` on Windows. The parameters exist for tests; callers pass nothing.
 */
export function defaultLibraryDir(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  home: string = homedir(),
): string {
  return join(userDataDir(platform, env, home), 'Scholia', 'library');
}

function userDataDir(platform: NodeJS.Platform, env: NodeJS.ProcessEnv, home: string): string {
  if (platform === 'darwin') return join(home, 'Library', 'Application Support');
  if (platform === 'win32') return nonEmpty(env['APPDATA']) ?? join(home, 'AppData', 'Roaming');
  // The XDG spec says a relative XDG_DATA_HOME is invalid and must be ignored.
  const xdg = nonEmpty(env['XDG_DATA_HOME']);
  return xdg !== undefined && isAbsolute(xdg) ? xdg : join(home, '.local', 'share');
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

/** Options for {@link openLibrary}. */
export interface OpenLibraryOptions extends LibraryServiceDependencies {
  /** Who opens the library, as another program trying to open it will be told, e.g. `the Scholia app`. */
  owner: string;
  /** Migrations for files from older versions (default: this build's). */
  migrations?: MigrationRegistry;
  /** This computer (default: the identity kept in the OS config folder, made on first use). */
  device?: DeviceIdentity;
  /**
   * Watch the folder for changes a sync engine brings from other computers, and announce them as
   * `library-changed` events (the app and browser mode; a one-shot command needs none).
   */
  watch?: boolean | LibraryWatchOptions;
}

/** An open library: the API service over it, its events, its folder, and how to close it. */
export interface OpenedLibrary {
  service: ScholiaService;
  events: LibraryEvents;
  /**
   * The paths outside the library the service may read (import) and write (export): only those the
   * front end grants here because the reader chose them (a native dialog, a drop, the command line).
   */
  grants: PathGrants;
  /** Absolute path of the library folder. */
  dir: string;
  /**
   * What the reader should be told about the library, each notice once: a conversion, conflict copies
   * of a sync engine folded in, a deleted document another computer kept, damage found.
   */
  takeNotices(): SyncNotice[];
  /** Finishes pending writes and releases the library's lock. Safe to call twice. */
  close(): Promise<void>;
}

/** One opening of the library: the store and everything over it. A repair closes one and opens the next. */
interface Session {
  store: LibraryStore;
  service: ScholiaService;
  /** What opening found, for the front end to take once. */
  pending: SyncNotice[];
  close(): Promise<void>;
}

async function openSession(
  dir: string,
  options: OpenLibraryOptions,
  events: LibraryEvents,
  grants: PathGrants,
  repair: () => Promise<LibraryHealth>,
): Promise<Session> {
  const store = await LibraryStore.open(dir, {
    owner: options.owner,
    ...(options.migrations === undefined ? {} : { migrations: options.migrations }),
    ...(options.device === undefined ? {} : { device: options.device }),
  });
  const search = new SearchKeeper(store, events);
  // What opening found is taken by the front end when it is ready; what is found later is told at once.
  const pending = store.takeNotices();
  store.onNotice((notice) => events.emit('library-notice', notice));
  const takeNotices = (): SyncNotice[] => pending.splice(0);
  const service = createLibraryService(store, events, { ...options, search, grants, repair, takeNotices });
  const watchOptions =
    options.watch === true
      ? {}
      : options.watch === false || options.watch === undefined
        ? null
        : options.watch;
  const watcher =
    watchOptions === null
      ? null
      : watchLibrary(store, events, {
          onNotice: (notice) => events.emit('library-notice', notice),
          ...watchOptions,
        });
  return {
    store,
    service,
    pending,
    async close() {
      await watcher?.stop();
      // The search index is saved while the library is still held, so no other process sees it half-written.
      await search.close();
      await store.close();
    },
  };
}

/**
 * Opens (creating if absent) the library folder `dir`. Throws `library-locked` when another process
 * has it open, `library-corrupt` when a file it cannot do without is unreadable, `io` when the folder
 * is unusable; each message names the folder or file and says what to do.
 *
 * The service stays the same object for as long as the library is open, across a repair
 * (`repairLibrary`), which waits for the calls under way, closes the library, restores from backups,
 * and opens it again; calls made meanwhile wait for it.
 */
export async function openLibrary(dir: string, options: OpenLibraryOptions): Promise<OpenedLibrary> {
  const events = createLibraryEvents();
  const grants = options.grants ?? new PathGrants();
  let underWay = 0;
  let idle: (() => void) | null = null;
  let repairing: Promise<LibraryHealth> | null = null;
  let closed = false;

  const repair = (): Promise<LibraryHealth> => {
    repairing ??= (async () => {
      if (underWay > 0) await new Promise<void>((resolve) => (idle = resolve));
      const device = session.store.device;
      await session.close();
      let repairs: RepairAction[] = [];
      try {
        repairs = await LibraryStore.repair(dir, { owner: options.owner, device });
      } finally {
        // Opened again whatever the repair did, so the library is never left closed under the app.
        session = await openSession(dir, { ...options, device }, events, grants, repair);
      }
      for (const notice of session.pending.splice(0)) events.emit('library-notice', notice);
      for (const scope of ['documents', 'annotations', 'tags', 'settings', 'links'] as const)
        events.emit('library-changed', { scope });
      return { problems: await session.store.check(), repairs };
    })().finally(() => {
      repairing = null;
    });
    return repairing;
  };

  let session = await openSession(dir, options, events, grants, repair);

  const call = async (method: ApiMethod, args: unknown): Promise<unknown> => {
    // A repair waits for the calls under way; it is itself one, so it is not counted.
    if (method === 'repairLibrary') return repair();
    while (repairing !== null) await repairing.catch(() => undefined);
    underWay += 1;
    try {
      // The method's own arguments, validated by the transport as ApiParsedArgs<method>.
      return await (session.service[method] as (args: unknown) => Promise<unknown>)(args);
    } finally {
      underWay -= 1;
      if (underWay === 0 && idle !== null) {
        idle();
        idle = null;
      }
    }
  };
  // Each method forwards to the service of the current session; the table is the API's, so the cast holds.
  const service = Object.fromEntries(
    API_METHOD_NAMES.map((method) => [method, (args: unknown) => call(method, args)]),
  ) as unknown as ScholiaService;

  const close = async () => {
    if (closed) return;
    closed = true;
    while (repairing !== null) await repairing.catch(() => undefined);
    await session.close();
  };
  return {
    service,
    events,
    grants,
    dir: session.store.dir,
    takeNotices: () => session.pending.splice(0),
    close,
  };
}
