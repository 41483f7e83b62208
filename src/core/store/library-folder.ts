/**
 * Making a library folder ready for a store: the folder layout, the lock, no temp files left by an
 * interrupted write, and library.json read (or created), migrated and backed up.
 */
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Low } from 'lowdb';
import { snapshotLibraryFile } from './backups';
import { removeTempFiles, type DurableJsonFile, type DurableWriteHooks } from './durable-json-file';
import { emptyLibraryFile, type LibraryFile } from './file-schemas';
import { ioError } from './fs-errors';
import { LIBRARY_LAYOUT, libraryFileAdapter, type LibraryFileOptions } from './library-layout';
import { acquireLibraryLock, type ReleaseLock } from './lock';
import { defaultMigrations, type MigrationRegistry } from './migrations';

/** What {@link prepareLibraryFolder} needs to know. */
export interface LibraryFolderOptions {
  /** Who opens the library, as other programs will be told. */
  owner: string;
  migrations?: MigrationRegistry | undefined;
  hooks?: DurableWriteHooks | undefined;
  /** How many snapshots of library.json to keep in `backups/` (default 10). */
  backupsKept?: number | undefined;
}

/** A library folder ready for use, held by this process until `releaseLock` is called. */
export interface PreparedLibraryFolder {
  /** Absolute path of the folder. */
  root: string;
  db: Low<LibraryFile>;
  libraryFile: DurableJsonFile<LibraryFile>;
  releaseLock: ReleaseLock;
  fileOptions: LibraryFileOptions;
}

const {
  libraryFile: LIBRARY_FILE,
  documents: DOCUMENTS_DIR,
  annotations: ANNOTATIONS_DIR,
  backups: BACKUPS_DIR,
} = LIBRARY_LAYOUT;

/**
 * Prepares (creating if absent) the library folder `dir`: takes its lock, creates its sub-folders,
 * removes temp files left by an interrupted write, reads, validates and migrates library.json, and
 * snapshots it into `backups/`. Throws `library-locked` when another process has it open,
 * `library-corrupt` when library.json is unreadable (the file is left as it is), `io` when the folder
 * cannot be used; the lock is released again when it throws.
 */
export async function prepareLibraryFolder(
  dir: string,
  options: LibraryFolderOptions,
): Promise<PreparedLibraryFolder> {
  const root = resolve(dir);
  try {
    await mkdir(root, { recursive: true });
  } catch (error) {
    throw ioError('create the library folder', root, error);
  }
  const releaseLock = await acquireLibraryLock(root, options.owner);
  try {
    await Promise.all(
      [DOCUMENTS_DIR, ANNOTATIONS_DIR, BACKUPS_DIR].map((name) =>
        mkdir(join(root, name), { recursive: true }).catch((error: unknown) => {
          throw ioError('create the folder', join(root, name), error);
        }),
      ),
    );
    await Promise.all([root, join(root, DOCUMENTS_DIR), join(root, ANNOTATIONS_DIR)].map(removeTempFiles));
    const fileOptions: LibraryFileOptions = {
      migrations: options.migrations ?? defaultMigrations,
      hooks: options.hooks,
    };
    const migration = { happened: false };
    const libraryPath = join(root, LIBRARY_FILE);
    const libraryFile = libraryFileAdapter(root, fileOptions, () => (migration.happened = true));
    const db = new Low(libraryFile, emptyLibraryFile());
    const existing = await libraryFile.read();
    if (existing === null) {
      await libraryFile.write(db.data);
    } else {
      db.data = existing;
      // The snapshot copies the file as it is on disk, so a migration can always be undone.
      await snapshotLibraryFile(libraryPath, join(root, BACKUPS_DIR), {
        ...(options.backupsKept === undefined ? {} : { keep: options.backupsKept }),
      });
      if (migration.happened) await libraryFile.write(existing);
    }
    return { root, db, libraryFile, releaseLock, fileOptions };
  } catch (error) {
    await releaseLock();
    throw error;
  }
}
