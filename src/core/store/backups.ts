/**
 * Rolling snapshots of `library.json` in `<library>/backups/`, taken each time a library is opened,
 * so a reader can go back to how the library was at any of the last few openings.
 */
import { constants } from 'node:fs';
import { copyFile, readFile, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { errnoCode, ioError } from './fs-errors';

/** How many snapshots are kept; older ones are deleted. */
export const BACKUPS_KEPT = 10;

const SNAPSHOT = /^library-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z(-\d+)?\.json$/;

/**
 * Copies `source` into `backupsDir` as `library-<UTC time>.json`, then deletes all but the newest
 * `keep` snapshots. When the newest snapshot already has the same content nothing is copied, so
 * opening a library many times without changing it does not push older snapshots out. Resolves to
 * the path of the snapshot holding the current content. Throws `io` when the copy fails.
 */
export async function snapshotLibraryFile(
  source: string,
  backupsDir: string,
  options: { keep?: number; now?: Date } = {},
): Promise<string> {
  const newest = (await listSnapshots(backupsDir)).at(-1);
  if (newest !== undefined && (await sameContent(source, join(backupsDir, newest))))
    return join(backupsDir, newest);
  const stamp = (options.now ?? new Date()).toISOString().replace(/[:.]/g, '-');
  let target = '';
  for (let n = 0; ; n++) {
    target = join(backupsDir, `library-${stamp}${n === 0 ? '' : `-${String(n)}`}.json`);
    try {
      await copyFile(source, target, constants.COPYFILE_EXCL);
      break;
    } catch (error) {
      if (errnoCode(error) !== 'EEXIST' || n >= 100) throw ioError('back up', source, error);
    }
  }
  await pruneSnapshots(backupsDir, options.keep ?? BACKUPS_KEPT);
  return target;
}

/** The snapshots in `backupsDir`, oldest first (their names sort by time). */
export async function listSnapshots(backupsDir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(backupsDir);
  } catch (error) {
    throw ioError('list the folder', backupsDir, error);
  }
  return names.filter((name) => SNAPSHOT.test(name)).sort(compareSnapshotNames);
}

async function sameContent(a: string, b: string): Promise<boolean> {
  try {
    const [left, right] = await Promise.all([readFile(a), readFile(b)]);
    return left.equals(right);
  } catch {
    return false;
  }
}

function compareSnapshotNames(a: string, b: string): number {
  // `library-<time>.json` must sort before `library-<time>-1.json`, which plain string order does not do.
  const key = (name: string): string => name.replace(/\.json$/, '').replace(/Z$/, 'Z-0');
  return key(a).localeCompare(key(b), 'en', { numeric: true });
}

async function pruneSnapshots(backupsDir: string, keep: number): Promise<void> {
  const snapshots = await listSnapshots(backupsDir);
  const excess = snapshots.slice(0, Math.max(0, snapshots.length - keep));
  await Promise.all(excess.map((name) => rm(join(backupsDir, name), { force: true })));
}
