/**
 * A device's change log: a JSON Lines file that only that device ever writes, one {@link LogEntry}
 * per line, each ended by `\n`:
 *
 * ```
 * {"v":2,"h":"0mhx3k2a80001","d":"k3v9x0m2p7qa","by":"Ana","k":"doc:…","s":{"note":"…"}}
 * {"v":2,"h":"0mhx3k2a80002","d":"k3v9x0m2p7qa","k":"tag:…","x":{"k3v9x0m2p7qa":"0mhx3k2a80000"}}
 * ```
 *
 * A change is durable once its line is appended and the file fdatasync'ed. A crash, or a sync engine
 * that has copied only part of the file so far, can leave a last line without its newline or that is
 * not valid JSON: that line is ignored (on the device's own log it is cut off before the next
 * append). A line may hold another device's change, copied in from a conflict copy that was folded in. Any other line that cannot be read is damage: in the device's own log it stops every write
 * to the log until the reader restores it; in another device's log it is skipped and reported, and
 * the file is never written (it is not this device's to write).
 *
 * Compaction rewrites the device's own log whole, durably (temp file, fsync, rename), with the same
 * state in fewer lines; no other device ever writes the file, so a sync engine never makes a conflict
 * copy of it.
 */
import { createHash } from 'node:crypto';
import type { Stats } from 'node:fs';
import { mkdir, open, readFile, stat, type FileHandle } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { z } from 'zod';
import { ScholiaError } from '../../shared/errors';
import { syncDirectory, writeDurably, type DurableWriteHooks } from '../store/durable-json-file';
import { errnoCode, ioError } from '../store/fs-errors';
import { isUtf8 } from '../util/strict-utf8';
import { isStamp, type HybridClock } from './hlc';
import type { LogEntry } from './replica';

/** The format version of a change-log line. */
export const CHANGE_LOG_VERSION = 2;

const Stamp = z.string().refine(isStamp, 'not a change stamp');
const DeviceId = z.string().regex(/^[a-z0-9]{1,64}$/, 'not a device id');

/** A line of a change log, as JSON. Every line read is checked against it (see `soundLine`). */
export const LineSchema = z.object({
  v: z.literal(CHANGE_LOG_VERSION),
  h: Stamp,
  d: DeviceId,
  by: z.string().max(200).optional(),
  k: z.string().min(1).max(400),
  s: z.record(z.string().max(400), z.unknown()).optional(),
  u: z.array(z.string().max(400)).optional(),
  x: z.record(DeviceId, Stamp).optional(),
  xr: z.record(DeviceId, Stamp).optional(),
});

/** A line of a log that could not be read. */
export interface DamagedLine {
  path: string;
  line: number;
  problem: string;
}

/** A place in a log: just after its first `lines` lines, which take its first `bytes` bytes. */
export interface LogPosition {
  bytes: number;
  lines: number;
}

/** What reading a log gave. */
export interface LogRead {
  /** The changes read: those after {@link start}. */
  entries: LogEntry[];
  /** Where reading began: the start of the file, or where an earlier read of it stopped. */
  start: LogPosition;
  /** Just after the last complete line (lines counted from the start of the file, damaged ones too). */
  end: LogPosition;
  /** Whether the file exists. */
  exists: boolean;
  /** Lines that are damaged (not a torn last line, which is simply left out). */
  damaged: DamagedLine[];
  /** Byte length of the readable lines at the start of the file. */
  validBytes: number;
  /** Whether bytes of a torn last line follow them. */
  torn: boolean;
}

const NEWLINE = 0x0a;

const FILE_START: LogPosition = { bytes: 0, lines: 0 };

/**
 * Reads the log at `path`: none when it does not exist. Lines written by another device than
 * `device` (when given) count as damage, since only one device writes a log. Throws `io` only when the
 * file cannot be read.
 */
export async function readChangeLog(path: string, device?: string): Promise<LogRead> {
  const bytes = await readLogBytes(path);
  return bytes === null ? absentLog() : parseChangeLog(bytes, path, device);
}

/** The bytes of the log at `path`, or `null` when it does not exist. Throws `io` when it cannot be read. */
export async function readLogBytes(path: string): Promise<Buffer | null> {
  try {
    return await readFile(path);
  } catch (error) {
    // A folder where the log should be holds no changes; it is reported by what it lacks, never removed.
    if (errnoCode(error) === 'ENOENT' || errnoCode(error) === 'ENOTDIR' || errnoCode(error) === 'EISDIR')
      return null;
    throw ioError('read', path, error);
  }
}

/** What reading a log that does not exist gives. */
export function absentLog(): LogRead {
  return {
    entries: [],
    start: FILE_START,
    end: FILE_START,
    exists: false,
    damaged: [],
    validBytes: 0,
    torn: false,
  };
}

/**
 * {@link readChangeLog} on bytes already read; from `from` when given (where an earlier read of the
 * same bytes ended), and only `limit` lines when given: then, unless the read is torn, more follow
 * while its end is short of the bytes' length.
 */
export function parseChangeLog(
  bytes: Buffer,
  path: string,
  device?: string,
  from: LogPosition = FILE_START,
  limit = Infinity,
): LogRead {
  const entries: LogEntry[] = [];
  const damaged: DamagedLine[] = [];
  let start = from.bytes;
  let validBytes = from.bytes;
  let line = from.lines;
  let lines = from.lines;
  const result = (torn: boolean): LogRead => ({
    entries,
    start: from,
    end: { bytes: validBytes, lines },
    exists: true,
    damaged,
    validBytes,
    torn,
  });
  for (let end = bytes.indexOf(NEWLINE, start); end >= 0; end = bytes.indexOf(NEWLINE, start)) {
    if (line - from.lines >= limit) return result(false);
    line += 1;
    const text = bytes.toString('utf8', start, end);
    let parsed = parseLine(text);
    if (typeof parsed !== 'string' && text.includes('\uFFFD') && !isUtf8(bytes.subarray(start, end)))
      parsed = NOT_UTF8;
    start = end + 1;
    if (typeof parsed === 'string') {
      // A whole line (one that ends in a newline) that does not read is damage, wherever it is: an append
      // cut short leaves no newline after what it wrote, which is the torn end read below.
      damaged.push({ path, line, problem: parsed });
    } else if (device !== undefined && parsed.d !== device) {
      damaged.push({
        path,
        line,
        problem: `it was written by device "${parsed.d}", not by "${device}", whose log this is`,
      });
    } else {
      entries.push(parsed);
    }
    validBytes = start;
    lines = line;
  }
  if (validBytes >= bytes.length) return result(false);
  if (tornAppend(bytes.subarray(validBytes))) return result(true);
  // An end that no append could have left (zeros over a whole file, garbled bytes) is damage, kept as it is.
  damaged.push({
    path,
    line: line + 1,
    problem: 'it ends in bytes that are not a change (the file was garbled or overwritten)',
  });
  return { ...result(false), end: { bytes: bytes.length, lines: line + 1 } };
}

const LINE_START = Buffer.from('{"v":', 'utf8');

/**
 * Whether `tail`, the end of a log after its last newline, is what an append cut short leaves: the
 * start of a line as {@link serializeEntry} writes it, or zeros (a file system that had made the file
 * longer but not yet written the bytes).
 */
function tornAppend(tail: Buffer): boolean {
  if (tail.every((byte) => byte === 0)) return true;
  const head = tail.subarray(0, LINE_START.length);
  return head.equals(LINE_START.subarray(0, head.length));
}

/**
 * Why a line holding bytes that are not UTF-8 is damage: read, they would become U+FFFD, and a
 * compaction would write that back in place of what the line held.
 */
const NOT_UTF8 = 'it holds bytes that are not UTF-8 text';

/** A fingerprint of a log's first `length` bytes: what a checkpoint keeps of each log it has read. */
export function logDigest(bytes: Buffer, length: number): string {
  return createHash('sha256').update(bytes.subarray(0, length)).digest('hex');
}

function parseLine(text: string): LogEntry | string {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return 'it is not valid JSON';
  }
  if (
    typeof raw === 'object' &&
    raw !== null &&
    'v' in raw &&
    typeof raw.v === 'number' &&
    raw.v > CHANGE_LOG_VERSION
  ) {
    return `it was written by a newer version of Scholia (format ${raw.v}); update Scholia on this computer`;
  }
  const sound = soundLine(raw);
  if (sound !== null) return sound;
  const parsed = LineSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue === undefined || issue.path.length === 0 ? 'the line' : issue.path.join('.');
    return `it is not a valid change (${where}: ${issue?.message ?? 'invalid'})`;
  }
  const { v: _version, ...entry } = parsed.data;
  return entry;
}

const DEVICE_ID = /^[a-z0-9]{1,64}$/;

/**
 * `raw` as a change when it is one {@link LineSchema} takes as it is (what every line Scholia writes
 * is), checked by hand because a log is read line by line and the schema costs more than the JSON;
 * `null` for anything else, which the schema then judges (and explains). Never accepts what the schema
 * refuses, and gives what it would: the known fields, in its order.
 */
function soundLine(raw: unknown): LogEntry | null {
  if (!isPlainRecord(raw) || raw['v'] !== CHANGE_LOG_VERSION) return null;
  const { h, d, by, k, s, u, x, xr } = raw;
  if (!isStamp(h) || typeof d !== 'string' || !DEVICE_ID.test(d)) return null;
  if (by !== undefined && (typeof by !== 'string' || by.length > 200)) return null;
  if (typeof k !== 'string' || k.length < 1 || k.length > 400) return null;
  const entry: Record<string, unknown> = { h, d };
  if (by !== undefined) entry['by'] = by;
  entry['k'] = k;
  if (s !== undefined) {
    if (!isPlainRecord(s)) return null;
    for (const field of Object.keys(s)) if (field.length > 400 || field === '__proto__') return null;
    entry['s'] = s;
  }
  if (u !== undefined) {
    if (!Array.isArray(u) || !u.every((field) => typeof field === 'string' && field.length <= 400))
      return null;
    entry['u'] = u;
  }
  for (const [name, seen] of [
    ['x', x],
    ['xr', xr],
  ] as const) {
    if (seen === undefined) continue;
    if (!isPlainRecord(seen)) return null;
    for (const device of Object.keys(seen))
      if (device === '__proto__' || !DEVICE_ID.test(device) || !isStamp(seen[device])) return null;
    entry[name] = seen;
  }
  return entry as unknown as LogEntry;
}

/** An object as JSON.parse makes one (not an array, not null). */
function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.getPrototypeOf(value) === Object.prototype
  );
}

/** One log entry as a line of the file. */
export function serializeEntry(entry: LogEntry): string {
  return `${JSON.stringify({ v: CHANGE_LOG_VERSION, ...entry })}\n`;
}

/** The reader-facing error for a damaged line of this device's own log. */
export function damagedLogError(damage: DamagedLine): ScholiaError {
  return new ScholiaError(
    'library-corrupt',
    `${basename(damage.path)} in ${dirname(damage.path)} is damaged at line ${damage.line}: ${damage.problem}. ` +
      'Scholia has not changed it and saves nothing more to it. Restore it from a backup (scholia check --repair), ' +
      'or open it in a text editor and delete the damaged line (each line is one change; losing it loses only that change).',
    { path: damage.path },
  );
}

/**
 * This device's own log file. {@link read} must come before the first {@link append}; calls must not
 * overlap (the store runs them in one queue per file).
 */
export class OwnChangeLog {
  /** Absolute path of the file. */
  readonly path: string;
  private state: { exists: boolean; validBytes: number; torn: boolean; lines: number } | null = null;
  private damage: DamagedLine | null = null;
  private handle: FileHandle | null = null;

  private readonly hooks: DurableWriteHooks | undefined;

  /** `hooks` are seams for tests: they run before each append and each rename of a rewrite, and may throw as a crash would. */
  constructor(path: string, hooks?: DurableWriteHooks) {
    this.path = path;
    this.hooks = hooks;
  }

  /** How many changes the file holds. */
  get lineCount(): number {
    return this.state?.lines ?? 0;
  }

  /** Byte length of the file's readable lines. */
  get byteLength(): number {
    return this.state?.validBytes ?? 0;
  }

  /**
   * The file's changes, and what the clock must observe. A damaged line is reported in the result
   * and blocks every later write (they throw `library-corrupt` naming the line) until a read finds
   * the file sound again.
   */
  async read(clock?: HybridClock): Promise<LogRead> {
    this.state = null;
    return this.adopt(await readChangeLog(this.path), clock);
  }

  /** As {@link read}, with the file read already (by {@link readLogBytes} and {@link parseChangeLog}). */
  adopt(read: LogRead, clock?: HybridClock): LogRead {
    this.damage = read.damaged[0] ?? null;
    this.changedOnDisk = null;
    this.state = {
      exists: read.exists,
      validBytes: read.validBytes,
      torn: read.torn,
      lines: read.entries.length,
    };
    if (clock !== undefined) for (const entry of read.entries) clock.observe(entry.h);
    return read;
  }

  /** Appends `entries` in one write made durable by one fdatasync. Nothing is written for none. */
  async append(entries: readonly LogEntry[]): Promise<void> {
    const state = this.state;
    if (state === null)
      throw new ScholiaError('internal', `${this.path} must be read before it is appended to.`);
    if (this.damage !== null) throw damagedLogError(this.damage);
    if (entries.length === 0) return;
    await this.assertAsLeft(state);
    await this.hooks?.beforeAppend?.(this.path);
    const bytes = Buffer.from(entries.map(serializeEntry).join(''), 'utf8');
    try {
      if (!state.exists) await mkdirFor(this.path);
      this.handle ??= await open(this.path, 'a');
      if (state.torn) {
        await this.handle.truncate(state.validBytes);
        state.torn = false;
      }
      await this.handle.appendFile(bytes);
      await this.handle.datasync();
      if (!state.exists) {
        await syncDirectory(dirname(this.path));
        state.exists = true;
      }
    } catch (error) {
      state.torn = true;
      await this.close();
      throw ioError('save', this.path, error);
    }
    state.validBytes += bytes.length;
    state.lines += entries.length;
  }

  /** Replaces the whole file with `entries`, durably (compaction). Refused while the file is damaged. */
  async rewrite(entries: readonly LogEntry[]): Promise<void> {
    if (this.damage !== null) throw damagedLogError(this.damage);
    if (this.state !== null) await this.assertAsLeft(this.state);
    await this.close();
    await mkdirFor(this.path);
    const text = entries.map(serializeEntry).join('');
    const beforeRename = this.hooks?.beforeRename;
    await writeDurably(this.path, (handle) => handle.writeFile(text, 'utf8'), {
      action: 'save',
      ...(beforeRename === undefined
        ? {}
        : { beforeRename: async (temp: string) => beforeRename(temp, this.path) }),
    });
    this.state = { exists: true, validBytes: Buffer.byteLength(text), torn: false, lines: entries.length };
  }

  /**
   * Refuses to write when the file is not as this log last read or wrote it: deleted, cut short,
   * grown or replaced by another program (a sync engine, a person, a disk tool) while the library was
   * open. Writing then would recreate a deleted file or append to a shortened one, so what it held
   * could no longer be told from what came after; it is left as it is, and every later write is
   * refused with the same message until the library is opened again (which checks it).
   */
  private async assertAsLeft(state: { exists: boolean; validBytes: number; torn: boolean }): Promise<void> {
    if (this.changedOnDisk !== null) throw this.changedOnDisk;
    let found: Stats | null;
    try {
      found = await stat(this.path);
    } catch (error) {
      if (errnoCode(error) !== 'ENOENT' && errnoCode(error) !== 'ENOTDIR')
        throw ioError('read', this.path, error);
      found = null;
    }
    const handle = this.handle === null ? null : await this.handle.stat().catch(() => null);
    const change = !state.exists
      ? found === null
        ? null
        : 'created'
      : found === null
        ? 'deleted'
        : !found.isFile()
          ? 'replaced by a folder'
          : handle !== null && (handle.ino !== found.ino || handle.dev !== found.dev)
            ? 'replaced'
            : found.size < state.validBytes
              ? 'cut short'
              : !state.torn && found.size > state.validBytes
                ? 'added to'
                : null;
    if (change === null) return;
    await this.close();
    this.changedOnDisk = new ScholiaError(
      'library-corrupt',
      `${this.path} was ${change} by another program while Scholia had the library open. Nothing more was written to it, so it is left as that program left it; what this computer saved before is still shown. Close the library and open it again: opening checks the file and offers what its backups can restore.`,
    );
    throw this.changedOnDisk;
  }

  private changedOnDisk: ScholiaError | null = null;

  /**
   * Refuses every write with `error` until the file is read again: for a file that opening found
   * lost or shortened, which must be restored (or set aside) before anything is added to it.
   */
  refuse(error: ScholiaError): void {
    this.changedOnDisk = error;
  }

  /** Closes the file if open; the next append opens it again. Never rejects. */
  async close(): Promise<void> {
    const handle = this.handle;
    this.handle = null;
    await handle?.close().catch(() => undefined);
  }
}

async function mkdirFor(path: string): Promise<void> {
  try {
    await mkdir(dirname(path), { recursive: true });
  } catch (error) {
    throw ioError('create the folder', dirname(path), error);
  }
}
