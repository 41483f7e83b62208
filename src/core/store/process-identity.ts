/**
 * Telling a process apart from a later one that got the same process id: the library lock records
 * its holder's identity, so that a lock whose pid now belongs to another program (after a reboot, in a
 * container that restarted) is known to be stale.
 *
 * - Linux: the process's start time, field 22 of `/proc/<pid>/stat` (clock ticks since boot), and the
 *   boot id from `/proc/sys/kernel/random/boot_id`.
 * - macOS and other Unixes: the start time `ps -o lstart= -p <pid>` prints (to the second), no boot id.
 * - Windows, or when neither can be read (e.g. `/proc` mounted with `hidepid`): nothing; such a pid is
 *   judged by whether it is running alone.
 *
 * A start time is an opaque token prefixed with how it was measured (`linux:`, `ps:`), so tokens made
 * in different ways are never compared.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** What distinguishes one run of a process from another with the same pid. */
export interface ProcessIdentity {
  /** When the process started, as an opaque token (`linux:<ticks since boot>`, `ps:<date>`). */
  startTime?: string;
  /** The id of the running boot of the machine (Linux only). */
  bootId?: string;
}

/**
 * The start time of the process field 22 of a `/proc/<pid>/stat` line gives, or `undefined` when the
 * line is malformed. The command name (field 2) is in parentheses and may itself hold spaces and `)`.
 */
export function parseProcStatStartTime(stat: string): string | undefined {
  const close = stat.lastIndexOf(')');
  if (close < 0) return undefined;
  // After the name come field 3 (state) onwards, so field 22 is the 20th of them.
  const field = stat
    .slice(close + 1)
    .trim()
    .split(/\s+/)[19];
  return field !== undefined && /^\d+$/.test(field) ? field : undefined;
}

/** This boot's id, or `undefined` where there is none (not Linux, or not readable). */
export async function currentBootId(): Promise<string | undefined> {
  if (process.platform !== 'linux') return undefined;
  const text = await readFile('/proc/sys/kernel/random/boot_id', 'utf8').catch(() => '');
  const id = text.trim();
  return id === '' ? undefined : id;
}

/**
 * When the process `pid` started, or `undefined` when that cannot be told (no such process, not
 * visible to this user, or a platform without a cheap way to ask). `platform` is for tests.
 */
export async function processStartTime(
  pid: number,
  platform: NodeJS.Platform = process.platform,
): Promise<string | undefined> {
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  if (platform === 'linux') {
    const stat = await readFile(`/proc/${String(pid)}/stat`, 'utf8').catch(() => null);
    const ticks = stat === null ? undefined : parseProcStatStartTime(stat);
    if (ticks !== undefined) return `linux:${ticks}`;
    // No readable /proc (not mounted, hidepid): `ps` may still tell.
  }
  if (platform === 'win32') return undefined;
  return psStartTime(pid);
}

/** The start time `ps` prints for `pid`, in the C locale so that it reads the same every time. */
async function psStartTime(pid: number): Promise<string | undefined> {
  try {
    const { stdout } = await execFileAsync('ps', ['-o', 'lstart=', '-p', String(pid)], {
      env: { ...process.env, LC_ALL: 'C', LANG: 'C' },
      timeout: 2000,
      windowsHide: true,
    });
    const line = stdout.trim().replace(/\s+/g, ' ');
    return line === '' ? undefined : `ps:${line}`;
  } catch {
    // No such process (ps exits 1), or no `ps` at all.
    return undefined;
  }
}

/** This process's identity, to record in a lock it takes. */
export async function ownIdentity(): Promise<ProcessIdentity> {
  const [startTime, bootId] = await Promise.all([processStartTime(process.pid), currentBootId()]);
  return { ...(startTime === undefined ? {} : { startTime }), ...(bootId === undefined ? {} : { bootId }) };
}

/**
 * Whether the process `pid` on this machine is not the one `recorded` describes: the machine booted
 * again since, or the pid now belongs to a process that started at another time. `false` when that
 * cannot be told (nothing recorded, or nothing to compare it with): the pid is then trusted.
 */
export async function isAnotherProcess(pid: number, recorded: ProcessIdentity): Promise<boolean> {
  if (recorded.bootId !== undefined) {
    const bootId = await currentBootId();
    if (bootId !== undefined && bootId !== recorded.bootId) return true;
  }
  if (recorded.startTime === undefined) return false;
  const startTime = await processStartTime(pid);
  if (startTime === undefined || methodOf(startTime) !== methodOf(recorded.startTime)) return false;
  return startTime !== recorded.startTime;
}

function methodOf(startTime: string): string {
  return startTime.slice(0, startTime.indexOf(':') + 1);
}
