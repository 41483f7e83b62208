/**
 * The library lock: one process at a time may open a library folder, so two writers never race on
 * its files. The lock is the file `<library>/.lock`, created exclusively, naming its holder.
 *
 * A lock from this machine is stale, and is taken over, when its process is no longer running (the
 * app crashed), when the machine booted again since it was taken, or when its pid now belongs to a
 * process that started at another time than the holder (the pid was reused: after a reboot, in a
 * container that restarted). The holder's start time and boot id are recorded for that (see
 * `process-identity.ts`); where they cannot be read (Windows) or a lock predates them, the pid alone
 * decides, and a running pid is trusted. A lock held from another machine (a library in a synced
 * folder) cannot be checked, so it is respected.
 *
 * Scholia writes its lock in one go right after creating it, so a lock file that still cannot be read
 * (its content is not a lock, or the file itself cannot be read) once it is older than
 * {@link FRESH_LOCK_MS} was not written by a running Scholia: it is stale and is taken over. A younger
 * one is waited for. Anything other than a file at the lock's path is not taken over: the reader is told
 * to remove it.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { ScholiaError } from '../../shared/errors';
import { errnoCode, ioError } from './fs-errors';
import { isAnotherProcess, ownIdentity } from './process-identity';

/** The name of the lock file inside a library folder. */
export const LOCK_FILE_NAME = '.lock';

/** Who holds a library, as written in its lock file. */
export const LockHolderSchema = z.object({
  pid: z.number().int().positive(),
  hostname: z.string(),
  /** A reader-facing name of the program, e.g. `the Scholia app`, `the scholia command line`. */
  owner: z.string(),
  startedAt: z.string(),
  /**
   * When the holder's process started, as `process-identity.ts` measures it; absent in locks from
   * older versions and where it cannot be read.
   */
  processStartTime: z.string().optional(),
  /** The machine's boot id when the lock was taken (Linux only). */
  bootId: z.string().optional(),
});
/** The content of a lock file. */
export type LockHolder = z.infer<typeof LockHolderSchema>;

/** Gives the lock back. Safe to call more than once; never removes a lock another process has taken over. */
export type ReleaseLock = () => Promise<void>;

/** A lock file this young with unreadable content is probably still being written by its creator. */
export const FRESH_LOCK_MS = 2000;
const ATTEMPTS = 50;

/**
 * Takes the lock of the library folder `dir` (which must exist) for `owner`. Throws `library-locked`,
 * naming the holder, when a running process holds it; takes over a stale lock; throws `io` when the
 * lock file cannot be written.
 */
export async function acquireLibraryLock(dir: string, owner: string): Promise<ReleaseLock> {
  const path = join(dir, LOCK_FILE_NAME);
  const identity = await ownIdentity();
  const mine: LockHolder = {
    pid: process.pid,
    hostname: hostname(),
    owner,
    startedAt: new Date().toISOString(),
    ...(identity.startTime === undefined ? {} : { processStartTime: identity.startTime }),
    ...(identity.bootId === undefined ? {} : { bootId: identity.bootId }),
  };
  const text = `${JSON.stringify(mine, null, 2)}\n`;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    if (await createExclusively(path, text)) return releaser(path, text);
    const found = await readLock(path);
    if (found === null) continue;
    if (found.holder !== null && (await isHeld(found.holder))) throw lockedError(dir, found.holder);
    if (found.holder === null && Date.now() - found.info.mtimeMs < FRESH_LOCK_MS) {
      await sleep(50);
      continue;
    }
    await takeOver(path, found);
  }
  throw new ScholiaError(
    'library-locked',
    `Scholia could not take the lock of the library at ${dir}: other programs keep opening it. Close them and try again.`,
    { path },
  );
}

/** Who holds the library at `dir`, or `null` when nobody does (or the lock file is unreadable). */
export async function readLibraryLock(dir: string): Promise<LockHolder | null> {
  return (await readLock(join(dir, LOCK_FILE_NAME)))?.holder ?? null;
}

async function createExclusively(path: string, text: string): Promise<boolean> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'wx');
  } catch (error) {
    if (errnoCode(error) === 'EEXIST') return false;
    throw ioError('create the lock file', path, error);
  }
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(path, { force: true });
    throw ioError('write the lock file', path, error);
  }
  await handle.close();
  return true;
}

interface FoundLock {
  /** The file's content, or `null` when the file cannot be read. */
  text: string | null;
  holder: LockHolder | null;
  info: Stats;
}

/**
 * The lock file's content, or `null` when there is none (any more). A file that cannot be read is
 * found with no text; anything but a file at the lock's path is moved to `damaged/` beside it.
 */
async function readLock(path: string): Promise<FoundLock | null> {
  let info: Stats;
  try {
    info = await stat(path);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return null;
    throw ioError('read the lock file', path, error);
  }
  if (!info.isFile()) {
    // No Scholia makes anything but a file here: what stands in its place is kept aside, not deleted.
    const aside = join(
      dirname(path),
      'damaged',
      `${basename(path)}.${new Date().toISOString().replace(/[:.]/g, '-')}`,
    );
    try {
      await mkdir(dirname(aside), { recursive: true });
      await rename(path, aside);
    } catch (error) {
      throw new ScholiaError(
        'io',
        `${path} is not a lock file Scholia wrote, and it could not be moved aside: remove it, then open the library again.`,
        { path, cause: error },
      );
    }
    return null;
  }
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return null;
    return { text: null, holder: null, info };
  }
  return { text, holder: parseHolder(text), info };
}

function parseHolder(text: string): LockHolder | null {
  try {
    const parsed = LockHolderSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * Whether the holder still holds the lock: its process is running and is the one that took it. A
 * holder on another machine is assumed to. A process whose identity cannot be checked is judged by
 * its pid alone.
 */
async function isHeld(holder: LockHolder): Promise<boolean> {
  if (holder.hostname !== hostname()) return true;
  const recorded = {
    ...(holder.processStartTime === undefined ? {} : { startTime: holder.processStartTime }),
    ...(holder.bootId === undefined ? {} : { bootId: holder.bootId }),
  };
  // This very process, unless the lock was left by an earlier one that had the same pid.
  if (holder.pid === process.pid) return !(await isAnotherProcess(holder.pid, recorded));
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    if (errnoCode(error) === 'ESRCH') return false;
  }
  return !(await isAnotherProcess(holder.pid, recorded));
}

/**
 * Moves a stale lock out of the way. If another process replaced it with a live lock in the meantime,
 * that lock is what got moved: it is put back, and the next attempt will find it.
 */
async function takeOver(path: string, stale: FoundLock): Promise<void> {
  const aside = `${path}.stale-${randomBytes(6).toString('hex')}`;
  try {
    await rename(path, aside);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return;
    throw ioError('replace the stale lock file', path, error);
  }
  const movedInfo = await stat(aside).catch(() => null);
  const sameFile =
    movedInfo === null || (movedInfo.ino === stale.info.ino && movedInfo.dev === stale.info.dev);
  const moved = stale.text === null ? null : await readFile(aside, 'utf8').catch(() => stale.text);
  if (!sameFile || moved !== stale.text) {
    await rename(aside, path).catch(() => undefined);
    return;
  }
  await rm(aside, { force: true });
}

function releaser(path: string, text: string): ReleaseLock {
  let released = false;
  return async () => {
    if (released) return;
    released = true;
    const current = await readFile(path, 'utf8').catch(() => null);
    if (current === text) await rm(path, { force: true });
  };
}

function lockedError(dir: string, holder: LockHolder): ScholiaError {
  const where = holder.hostname === hostname() ? '' : ` on ${holder.hostname}`;
  const started = new Date(holder.startedAt);
  const since = Number.isNaN(started.getTime()) ? holder.startedAt : started.toLocaleString();
  return new ScholiaError(
    'library-locked',
    `The library at ${dir} is in use by ${holder.owner}${where} (process ${holder.pid}, since ${since}). ` +
      `Close ${holder.owner}${where} first: the library is safe to open as soon as it has closed. ` +
      'Or choose another library with --library DIR.',
    { path: join(dir, LOCK_FILE_NAME) },
  );
}
