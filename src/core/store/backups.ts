/**
 * Rolling snapshots, taken each time a library is opened and closed, of this device's library log (in
 * `backups/<device>/`) and of each of its annotation logs (`backups/<device>/annotations/<id>/`), so a
 * reader can go back to how they were at any of the last few openings (`scholia check --repair`).
 */
import { constants } from 'node:fs';
import { copyFile, mkdir, readFile, readdir, rm, stat } from 'node:fs/promises';
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
  await pruneSnapshots(backupsDir, options.keep ?? BACKUPS_KEPT, options.now ?? new Date());
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

async function pruneSnapshots(backupsDir: string, keep: number, now: Date): Promise<void> {
  const snapshots = (await listSnapshots(backupsDir)).reverse();
  const excess = await excessSnapshots(backupsDir, snapshots, keep, now, (name) => name);
  await Promise.all(excess.map((name) => rm(join(backupsDir, name), { force: true })));
}

/** Of one log's snapshots, the newest kept whatever their age or size. */
export const SNAPSHOTS_ALWAYS_KEPT = 3;
/** Beyond {@link SNAPSHOTS_ALWAYS_KEPT}, snapshots older than this are deleted. */
export const SNAPSHOTS_MAX_AGE_MS = 90 * 24 * 60 * 60 * 1000;
/** Beyond {@link SNAPSHOTS_ALWAYS_KEPT}, snapshots are deleted once one log's snapshots take more than this. */
export const SNAPSHOTS_MAX_BYTES = 256 * 1024 * 1024;

/**
 * The snapshots in `folder` (`newestFirst`) that rotation deletes: all but the newest `keep`, and of
 * those beyond the newest {@link SNAPSHOTS_ALWAYS_KEPT}, the ones older than
 * {@link SNAPSHOTS_MAX_AGE_MS} or past {@link SNAPSHOTS_MAX_BYTES} taken together with the newer ones.
 * `asLibrarySnapshot` gives the name a snapshot's time is read from.
 */
async function excessSnapshots(
  folder: string,
  newestFirst: readonly string[],
  keep: number,
  now: Date,
  asLibrarySnapshot: (name: string) => string,
): Promise<string[]> {
  const cutoff = now.getTime() - SNAPSHOTS_MAX_AGE_MS;
  const sizes = await Promise.all(
    newestFirst.map((name) =>
      stat(join(folder, name)).then(
        (info) => info.size,
        () => 0,
      ),
    ),
  );
  let total = 0;
  return newestFirst.filter((name, index) => {
    total += sizes[index] ?? 0;
    if (index < Math.min(keep, SNAPSHOTS_ALWAYS_KEPT)) return false;
    if (index >= keep || total > SNAPSHOTS_MAX_BYTES) return true;
    const time = Date.parse(snapshotTime(asLibrarySnapshot(name)) ?? '');
    return Number.isFinite(time) && time < cutoff;
  });
}

/**
 * When the snapshot named `name` was taken, as an ISO time (from its name), or `null` for a name that
 * is not a snapshot's.
 */
export function snapshotTime(name: string): string | null {
  const match = /^library-(\d{4}-\d\d-\d\d)T(\d\d)-(\d\d)-(\d\d)-(\d{3})Z/.exec(name);
  if (match === null) return null;
  const [, day, hours, minutes, seconds, ms] = match;
  return `${day ?? ''}T${hours ?? ''}:${minutes ?? ''}:${seconds ?? ''}.${ms ?? ''}Z`;
}

/** How many snapshots of each of this device's annotation logs are kept at most. */
export const ANNOTATION_BACKUPS_KEPT = 10;

const ANNOTATION_SNAPSHOT = /^annotations-(\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z)(-\d+)?\.jsonl$/;

/** The snapshots of one annotation log in `folder`, oldest first. None when there is no folder. */
export async function listAnnotationSnapshots(folder: string): Promise<string[]> {
  const names = await readdir(folder).catch(() => [] as string[]);
  const key = (name: string): string => name.replace(/\.jsonl$/, '').replace(/Z$/, 'Z-0');
  return names
    .filter((name) => ANNOTATION_SNAPSHOT.test(name))
    .sort((a, b) => key(a).localeCompare(key(b), 'en', { numeric: true }));
}

/**
 * Snapshots each of this device's annotation logs in `logsDir` (`<id>.jsonl`) into
 * `backupsDir/<id>/annotations-<UTC time>.jsonl`, unless its newest snapshot is as it is (a log only
 * grows until it is compacted, so the same size and a snapshot newer than the log mean the same
 * content, which saves reading every log at every opening). Then deletes, per log, all but the newest
 * {@link ANNOTATION_BACKUPS_KEPT}, and of those beyond the newest {@link SNAPSHOTS_ALWAYS_KEPT}
 * the ones older than {@link SNAPSHOTS_MAX_AGE_MS} or past {@link SNAPSHOTS_MAX_BYTES}. A log that fails is skipped, and so
 * are the documents in `skip` (logs found lost or damaged, whose snapshot would push sound ones out).
 */
export async function snapshotAnnotationLogs(
  logsDir: string,
  backupsDir: string,
  now: Date = new Date(),
  skip: ReadonlySet<string> = new Set(),
): Promise<void> {
  const names = (await readdir(logsDir).catch(() => [] as string[])).filter(
    (name) => name.endsWith('.jsonl') && !name.startsWith('.') && !skip.has(name.slice(0, -'.jsonl'.length)),
  );
  for (const name of names) {
    const source = join(logsDir, name);
    const folder = join(backupsDir, name.slice(0, -'.jsonl'.length));
    try {
      const info = await stat(source);
      if (info.size === 0) continue;
      const newest = (await listAnnotationSnapshots(folder)).at(-1);
      const last = newest === undefined ? null : await stat(join(folder, newest)).catch(() => null);
      if (last !== null && last.size === info.size && last.mtimeMs >= info.mtimeMs) continue;
      await mkdir(folder, { recursive: true });
      const stamp = now.toISOString().replace(/[:.]/g, '-');
      for (let n = 0; ; n++) {
        try {
          await copyFile(
            source,
            join(folder, `annotations-${stamp}${n === 0 ? '' : `-${String(n)}`}.jsonl`),
            constants.COPYFILE_EXCL,
          );
          break;
        } catch (error) {
          if (errnoCode(error) !== 'EEXIST' || n >= 100) throw error;
        }
      }
      const snapshots = (await listAnnotationSnapshots(folder)).reverse();
      const excess = await excessSnapshots(folder, snapshots, ANNOTATION_BACKUPS_KEPT, now, (snapshot) =>
        snapshot.replace(/^annotations-/, 'library-'),
      );
      await Promise.all(excess.map((snapshot) => rm(join(folder, snapshot), { force: true })));
    } catch {
      // A snapshot is a precaution: failing to take one must not stop the library opening.
    }
  }
}
