import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { chmod, mkdir, readdir, readFile, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { failure, useTempDir } from '../test-support';
import { acquireLibraryLock, FRESH_LOCK_MS, LOCK_FILE_NAME, readLibraryLock, type LockHolder } from './lock';
import { currentBootId, processStartTime } from './process-identity';

const onLinux = process.platform === 'linux';

const temp = useTempDir('scholia-lock-');
let children: ChildProcess[] = [];

// Registered after the folder's hooks, so it runs before the folder is removed.
afterEach(() => {
  for (const child of children) child.kill();
  children = [];
});

/** Starts another Node process that takes the lock with the real module and holds it until its stdin closes. */
async function holdLockInAnotherProcess(owner: string): Promise<ChildProcess> {
  const moduleUrl = pathToFileURL(join(import.meta.dirname, 'lock.ts')).href;
  const script = `
    const loaded = await import(${JSON.stringify(moduleUrl)});
    const { acquireLibraryLock } = loaded.acquireLibraryLock ? loaded : loaded.default;
    const release = await acquireLibraryLock(${JSON.stringify(temp.path)}, ${JSON.stringify(owner)});
    process.stdout.write('locked\\n');
    process.stdin.resume();
    process.stdin.on('end', () => release().then(() => process.exit(0)));
  `;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  children.push(child);
  let output = '';
  for await (const chunk of child.stdout) {
    output += String(chunk);
    if (output.includes('locked')) return child;
  }
  throw new Error(`the lock-holding process exited early: ${output}`);
}

/** Starts a Node process that only sleeps (it is not Scholia and holds no lock), and gives its pid. */
async function sleepingPid(): Promise<number> {
  const child = spawn(
    process.execPath,
    ['-e', 'setInterval(() => {}, 1 << 30); process.stdout.write("up")'],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  children.push(child);
  await once(child.stdout, 'data');
  if (child.pid === undefined) throw new Error('could not start a process');
  return child.pid;
}

/** A lock file as this machine's process `pid` would write it, with `more` fields. */
function lockOf(pid: number, more: Partial<LockHolder> = {}): LockHolder {
  return { pid, hostname: hostname(), owner: 'the Scholia app', startedAt: '2026-01-01T00:00:00Z', ...more };
}

async function expectTakenOver(): Promise<void> {
  const release = await acquireLibraryLock(temp.path, 'the scholia command line');
  expect(await readLibraryLock(temp.path)).toMatchObject({
    pid: process.pid,
    owner: 'the scholia command line',
  });
  await release();
}

async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await once(child, 'exit');
  if (child.pid === undefined) throw new Error('could not start a process');
  return child.pid;
}

async function writeLock(holder: LockHolder): Promise<void> {
  await writeFile(join(temp.path, LOCK_FILE_NAME), JSON.stringify(holder));
}

describe('acquireLibraryLock', () => {
  it('records who holds the library and removes the lock on release', async () => {
    const release = await acquireLibraryLock(temp.path, 'the Scholia app');
    expect(await readLibraryLock(temp.path)).toMatchObject({
      pid: process.pid,
      hostname: hostname(),
      owner: 'the Scholia app',
    });
    await release();
    expect(await readLibraryLock(temp.path)).toBeNull();
  });

  it('refuses a library held by a running process in another program, naming the holder', async () => {
    const child = await holdLockInAnotherProcess('the Scholia app');
    const error = await failure(acquireLibraryLock(temp.path, 'the scholia command line'));
    expect(error.code).toBe('library-locked');
    expect(error.message).toContain(
      `The library at ${temp.path} is in use by the Scholia app (process ${String(child.pid)}, since `,
    );
    expect(error.message).toContain(
      'Close the Scholia app first: the library is safe to open as soon as it has closed. ' +
        'Or choose another library with --library DIR.',
    );
  });

  it.runIf(onLinux)('records the holder’s process start time and boot id', async () => {
    const release = await acquireLibraryLock(temp.path, 'the Scholia app');
    const holder = await readLibraryLock(temp.path);
    expect(holder?.processStartTime).toMatch(/^linux:\d+$/);
    expect(holder?.processStartTime).toBe(await processStartTime(process.pid));
    expect(holder?.bootId).toBe(await currentBootId());
    await release();
  });

  it('can be taken once the other process has released it', async () => {
    const child = await holdLockInAnotherProcess('the Scholia app');
    child.stdin?.end();
    await once(child, 'exit');
    const release = await acquireLibraryLock(temp.path, 'the scholia command line');
    expect((await readLibraryLock(temp.path))?.owner).toBe('the scholia command line');
    await release();
  });

  it('refuses a second open from the same process', async () => {
    const release = await acquireLibraryLock(temp.path, 'the Scholia app');
    expect((await failure(acquireLibraryLock(temp.path, 'the Scholia app'))).code).toBe('library-locked');
    await release();
  });

  it('takes over a stale lock left by a process that is no longer running', async () => {
    await writeLock({
      pid: await deadPid(),
      hostname: hostname(),
      owner: 'a crashed Scholia',
      startedAt: '2026-01-01T00:00:00Z',
    });
    const release = await acquireLibraryLock(temp.path, 'the Scholia app');
    expect(await readLibraryLock(temp.path)).toMatchObject({ pid: process.pid, owner: 'the Scholia app' });
    await release();
  });

  it.runIf(onLinux)('respects a lock naming a running process with its start time and boot id', async () => {
    const pid = await sleepingPid();
    const processStartTimeOfPid = await processStartTime(pid);
    await writeLock(lockOf(pid, { processStartTime: processStartTimeOfPid, bootId: await currentBootId() }));
    const error = await failure(acquireLibraryLock(temp.path, 'the scholia command line'));
    expect(error.code).toBe('library-locked');
    expect(error.message).toContain(`in use by the Scholia app (process ${String(pid)}, since `);
    expect(error.message).toContain('safe to open as soon as it has closed');
  });

  it.runIf(onLinux)('takes over a lock whose pid now belongs to a process that started later', async () => {
    const pid = await sleepingPid();
    await writeLock(lockOf(pid, { processStartTime: 'linux:1', bootId: await currentBootId() }));
    await expectTakenOver();
  });

  it.runIf(onLinux)('takes over a lock left by an earlier process that had this very pid', async () => {
    await writeLock(lockOf(process.pid, { processStartTime: 'linux:1' }));
    await expectTakenOver();
  });

  it.runIf(onLinux)('takes over a lock taken before the machine last booted', async () => {
    const pid = await sleepingPid();
    await writeLock(lockOf(pid, { bootId: '00000000-0000-4000-8000-000000000000' }));
    await expectTakenOver();
  });

  it('judges a lock from an older version, without start time or boot id, by its pid as before', async () => {
    await writeLock(lockOf(await sleepingPid()));
    expect((await failure(acquireLibraryLock(temp.path, 'the scholia command line'))).code).toBe(
      'library-locked',
    );
    await writeLock(lockOf(await deadPid()));
    await expectTakenOver();
  });

  it('trusts a running pid whose start time was measured another way', async () => {
    await writeLock(lockOf(await sleepingPid(), { processStartTime: 'elsewhere:1' }));
    expect((await failure(acquireLibraryLock(temp.path, 'the scholia command line'))).code).toBe(
      'library-locked',
    );
  });

  it('takes over an old lock file whose content is unreadable', async () => {
    const path = join(temp.path, LOCK_FILE_NAME);
    await writeFile(path, '');
    const anHourAgo = new Date(Date.now() - 3_600_000);
    await utimes(path, anHourAgo, anHourAgo);
    const release = await acquireLibraryLock(temp.path, 'the Scholia app');
    expect((await readLibraryLock(temp.path))?.pid).toBe(process.pid);
    await release();
  });

  it('waits for a young unreadable lock file, then takes it over once it is older than the window', async () => {
    const path = join(temp.path, LOCK_FILE_NAME);
    await writeFile(path, '{"pid": ');
    const started = Date.now();
    await expectTakenOver();
    expect(Date.now() - started).toBeGreaterThanOrEqual(FRESH_LOCK_MS - 100);
  });

  it.skipIf(process.platform === 'win32' || process.getuid?.() === 0)(
    'takes over an old lock file that cannot be read at all',
    async () => {
      const path = join(temp.path, LOCK_FILE_NAME);
      await writeFile(path, JSON.stringify(lockOf(process.pid)));
      await chmod(path, 0o000);
      const anHourAgo = new Date(Date.now() - 3_600_000);
      await utimes(path, anHourAgo, anHourAgo);
      await expectTakenOver();
    },
  );

  it('moves a folder standing in place of the lock file aside, and takes the lock', async () => {
    await mkdir(join(temp.path, LOCK_FILE_NAME));
    await writeFile(join(temp.path, LOCK_FILE_NAME, 'kept.txt'), 'what someone put there');
    const release = await acquireLibraryLock(temp.path, 'the Scholia app');
    const [aside] = await readdir(join(temp.path, 'damaged'));
    expect(aside).toMatch(new RegExp(`^${LOCK_FILE_NAME.replace('.', '\\.')}\\.\\d{4}-`));
    expect(await readFile(join(temp.path, 'damaged', aside ?? '', 'kept.txt'), 'utf8')).toBe(
      'what someone put there',
    );
    await release();
  });

  it('respects a lock held from another machine, which it cannot check', async () => {
    await writeLock({
      pid: await deadPid(),
      hostname: 'study-laptop',
      owner: 'the Scholia app',
      startedAt: new Date().toISOString(),
    });
    const error = await failure(acquireLibraryLock(temp.path, 'the Scholia app'));
    expect(error.message).toContain('in use by the Scholia app on study-laptop');
  });

  it('does not remove a lock that another process took over after this one was presumed dead', async () => {
    const release = await acquireLibraryLock(temp.path, 'the Scholia app');
    const usurper: LockHolder = {
      pid: 1,
      hostname: hostname(),
      owner: 'another Scholia',
      startedAt: new Date().toISOString(),
    };
    await writeLock(usurper);
    await release();
    expect(JSON.parse(await readFile(join(temp.path, LOCK_FILE_NAME), 'utf8'))).toEqual(usurper);
  });
});
