/**
 * Test support for the store: a library folder in a fresh temporary folder per test, and stores opened
 * on it that are closed after the test. Used only by `*.test.ts` files.
 */
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterEach } from 'vitest';
import { useTempDir } from '../test-support';
import { serializeEntry } from '../sync/change-log';
import type { DeviceIdentity } from '../sync/device';
import { HybridClock } from '../sync/hlc';
import { LibraryLog } from '../sync/library-log';
import type { LogEntry } from '../sync/replica';
import type { Annotation } from '../../shared/model';
import type { LibraryFile } from './file-schemas';
import { LibraryStore, type LibraryStoreOptions } from './library-store';

/** The computer the store tests run as, unless a test names another. */
export const TEST_DEVICE: DeviceIdentity = {
  id: 'testdevice0a',
  name: 'Test computer',
  readerName: 'Tester',
};

/**
 * `annotation` as a store returns it once `device` saved it (and no other computer changed it since):
 * made and last changed by that computer's reader there, as the store works out from its change log.
 */
export function savedOn(annotation: Annotation, device: DeviceIdentity = TEST_DEVICE): Annotation {
  const author = { deviceId: device.id, reader: device.readerName };
  return { ...annotation, createdBy: author, modifiedBy: author };
}

/** A library folder for each test, and the stores opened on it. See {@link useStoreFolder}. */
export interface StoreFolder {
  /** The temporary folder holding the library folder (and any crash copies). */
  readonly root: string;
  /** The library folder. */
  readonly dir: string;
  /** Opens a store on the library folder (or on `folder`); it is closed after the test. */
  open: (folder?: string, options?: Partial<LibraryStoreOptions>) => Promise<LibraryStore>;
  /** Closes every store opened so far. */
  closeAll: () => Promise<void>;
}

/**
 * Registers hooks that give each test of the calling file a library folder in a fresh temporary folder
 * named `prefix…`; stores opened through it are owned by `owner` and closed before the folder is removed.
 */
export function useStoreFolder(prefix: string, owner: string): StoreFolder {
  const temp = useTempDir(prefix);
  const opened: LibraryStore[] = [];
  const folder: StoreFolder = {
    get root() {
      return temp.path;
    },
    get dir() {
      return join(temp.path, 'library');
    },
    async open(path = folder.dir, options = {}) {
      const store = await LibraryStore.open(path, { owner, device: TEST_DEVICE, ...options });
      opened.push(store);
      return store;
    },
    async closeAll() {
      for (const store of opened.splice(0)) await store.close();
    },
  };
  // Registered after the folder's hooks, so it runs before the folder is removed.
  afterEach(() => folder.closeAll());
  return folder;
}

/**
 * What the library folder `dir` holds, as every device's logs merge it (read without opening the
 * library, so no file is written): the documents, codebook, reading lists and settings.
 */
export async function libraryOnDisk(dir: string): Promise<LibraryFile> {
  const log = new LibraryLog(
    dir,
    { deviceId: 'readonlyview', readerName: () => 'Tester', clock: new HybridClock() },
    () => undefined,
  );
  await log.load();
  return log.data;
}

/**
 * Appends `entries` to device `deviceId`'s log `name` (e.g. `library.jsonl`, `annotations/<id>.jsonl`)
 * as that device, another computer sharing the folder, would have written them.
 */
export async function appendAsDevice(
  dir: string,
  deviceId: string,
  name: string,
  entries: ReadonlyArray<Omit<LogEntry, 'd'>>,
): Promise<void> {
  const path = join(dir, 'devices', deviceId, name);
  await mkdir(dirname(path), { recursive: true });
  await appendFile(path, entries.map((entry) => serializeEntry({ ...entry, d: deviceId })).join(''));
}
