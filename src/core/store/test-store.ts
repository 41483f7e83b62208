/**
 * Test support for the store: a library folder in a fresh temporary folder per test, and stores opened
 * on it that are closed after the test. Used only by `*.test.ts` files.
 */
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { useTempDir } from '../test-support';
import { LibraryStore, type LibraryStoreOptions } from './library-store';

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
      const store = await LibraryStore.open(path, { owner, ...options });
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
