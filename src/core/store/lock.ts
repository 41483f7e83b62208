/**
 * The library lock: one process at a time may open a library folder, so two writers never race on
 * its files. The lock is the file `<library>/.lock`, created exclusively, naming its holder.
 *
 * A lock whose process is no longer running on this machine (the app crashed, the machine rebooted)
 * is stale and is taken over. A lock held from another machine (a library in a synced folder) cannot
 * be checked, so it is respected.
 */
import { randomBytes } from 'node:crypto';
import { open, readFile, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { ScholiaError } from '../../shared/errors';
import { errnoCode, ioError } from './fs-errors';

/** The name of the lock file inside a library folder. */
export const LOCK_FILE_NAME = '.lock';

/** Who holds a library, as written in its lock file. */
export const LockHolderSchema = z.object({
  pid: z.number().int().positive(),
  hostname: z.string(),
  /** A reader-facing name of the program, e.g. `the Scholia app`, `the scholia command line`. */
  owner: z.string(),
  startedAt: z.string(),
});
/** The content of a lock file. */
export type LockHolder = z.infer<typeof LockHolderSchema>;

/** Gives the lock back. Safe to call more than once; never removes a lock another process has taken over. */
export type ReleaseLock = () => Promise<void>;

/** A lock file this young with unreadable content is probably still being written by its creator. */
const FRESH_LOCK_MS = 2000;
const ATTEMPTS = 50;

/**
 * Takes the lock of the library folder `dir` (which must exist) for `owner`. Throws `library-locked`,
 * naming the holder, when a running process holds it; takes over a stale lock; throws `io` when the
 * lock file cannot be written.
 */
export async function acquireLibraryLock(dir: string, owner: string): Promise<ReleaseLock> {
  const path = join(dir, LOCK_FILE_NAME);
  const mine: LockHolder = {
    pid: process.pid,
    hostname: hostname(),
    owner,
    startedAt: new Date().toISOString(),
  };
  const text = `${JSON.stringify(mine, null, 2)}\n`;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    if (await createExclusively(path, text)) return releaser(path, text);
    const found = await readLock(path);
    if (found === null) continue;
    if (found.holder !== null && isRunning(found.holder)) throw lockedError(dir, found.holder);
    if (found.holder === null && Date.now() - found.mtimeMs < FRESH_LOCK_MS) {
      await sleep(50);
      continue;
    }
    await takeOver(path, found.text);
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
  text: string;
  holder: LockHolder | null;
  mtimeMs: number;
}

/** The lock file's content, or `null` when there is none (any more). */
async function readLock(path: string): Promise<FoundLock | null> {
  try {
    const [text, info] = await Promise.all([readFile(path, 'utf8'), stat(path)]);
    return { text, holder: parseHolder(text), mtimeMs: info.mtimeMs };
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return null;
    throw ioError('read the lock file', path, error);
  }
}

function parseHolder(text: string): LockHolder | null {
  try {
    const parsed = LockHolderSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Whether the holder's process is still running; a holder on another machine is assumed to be. */
function isRunning(holder: LockHolder): boolean {
  if (holder.hostname !== hostname() || holder.pid === process.pid) return true;
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return errnoCode(error) !== 'ESRCH';
  }
}

/**
 * Moves a stale lock out of the way. If another process replaced it with a live lock in the meantime,
 * that lock is what got moved: it is put back, and the next attempt will find it.
 */
async function takeOver(path: string, staleText: string): Promise<void> {
  const aside = `${path}.stale-${randomBytes(6).toString('hex')}`;
  try {
    await rename(path, aside);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return;
    throw ioError('replace the stale lock file', path, error);
  }
  const moved = await readFile(aside, 'utf8').catch(() => staleText);
  if (moved !== staleText) {
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
      'Close it first, or choose another library with --library DIR.',
    { path: join(dir, LOCK_FILE_NAME) },
  );
}
