/**
 * One log as every device keeps it: `devices/<device>/<name>` for each device that shares the library
 * folder (the library log, or one document's annotation log), merged into one {@link Replica}.
 *
 * This device appends only to its own file. Other devices' files are read and never written; they
 * are read again when they change (a sync engine delivered a newer copy), and since merging is
 * idempotent, reading a file again only adds what is new. A conflict copy of any of these files (see
 * `conflict-copies.ts`) is merged the same way, its changes copied into this device's own log so they
 * stay on disk once the copy is moved aside. Entries in a log may come from other devices this way; a
 * file is still only ever written by its own device.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { DurableWriteHooks } from '../store/durable-json-file';
import type { ScholiaError } from '../../shared/errors';
import { errnoCode, ioError } from '../store/fs-errors';
import { pauser } from '../util/sliced-work';
import {
  absentLog,
  logDigest,
  OwnChangeLog,
  parseChangeLog,
  readChangeLog,
  readLogBytes,
  type DamagedLine,
  type LogPosition,
  type LogRead,
} from './change-log';
import type { EntityChange } from './entity-codecs';
import type { HybridClock } from './hlc';
import { Replica, type LogEntry } from './replica';

/** The folder, under the library, that holds one folder per device. */
export const DEVICES_DIR = 'devices';

/** The device writing, and the clock it stamps changes with. */
export interface Writer {
  readonly deviceId: string;
  /** The reader's name on this device. */
  readonly readerName: () => string;
  readonly clock: HybridClock;
  /** Seams for tests: run before each append to, and each rewrite of, one of this device's logs; throwing acts as a crash. */
  readonly hooks?: DurableWriteHooks | undefined;
  /** When this device compacts a log (default {@link COMPACTION_LINES}). */
  readonly compactionLines?: number | undefined;
}

/** How many lines of a file are read and merged at most between two turns of the event loop. */
const SLICE_LINES = 500;

/** When a device compacts its own log: past this many lines, if that is more than twice what the state needs. */
export const COMPACTION_LINES = 2000;

interface ForeignFile {
  size: number;
  mtimeMs: number;
}

/** How far a checkpoint read a log, and a digest of those bytes (see `change-log.ts`, {@link logDigest}). */
export interface LogPrefix extends LogPosition {
  digest: string;
}

/**
 * What a checkpoint keeps of a {@link LogSet} (see `library-checkpoint.ts`): how far a load read each
 * device's file, so that a later {@link LogSet.load} can tell which changes came after. A set whose
 * files have damaged lines makes none.
 */
export interface LogSetCheckpoint {
  /** For each device whose file was read. */
  files: Record<string, LogPrefix>;
}

/** See the module comment. */
export class LogSet {
  /** The merged state. */
  readonly replica = new Replica();
  /** Damaged lines found in other devices' files (skipped, never written). */
  readonly damaged: DamagedLine[] = [];
  private readonly root: string;
  private readonly name: string;
  private readonly writer: Writer;
  private readonly own: OwnChangeLog;
  private readonly foreign = new Map<string, ForeignFile>();
  private readonly foreignEnds = new Map<string, { bytes: number; whole: boolean }>();
  /** The devices whose changes this device's own log holds: itself, and any copied in from conflict copies. */
  private readonly ownLogDevices: Set<string>;
  /** With `checkpoints`: how far {@link load} read each device's file, until anything changes the set. */
  private loadedFiles: Map<string, LogPrefix> | null = null;
  private readonly checkpoints: boolean;

  /**
   * `name` is the file's path under each device's folder, e.g. `library.jsonl`. With `checkpoints`, a
   * load notes how far it read each file, for {@link checkpoint}.
   */
  constructor(root: string, name: string, writer: Writer, options: { checkpoints?: boolean } = {}) {
    this.root = root;
    this.name = name;
    this.writer = writer;
    this.checkpoints = options.checkpoints ?? false;
    this.ownLogDevices = new Set([writer.deviceId]);
    this.own = new OwnChangeLog(join(root, DEVICES_DIR, writer.deviceId, name), writer.hooks);
  }

  /** Path of this device's own file. */
  get ownPath(): string {
    return this.own.path;
  }

  /**
   * Reads every device's file (all at once). Damage in this device's own file is reported in
   * {@link ownDamage} (the rest is readable, but the file cannot be written until it is restored);
   * throws `io` when a file cannot be read.
   *
   * With `checkpoint` (what {@link checkpoint} gave after an earlier load, or a promise of it, which the
   * files are read meanwhile), when every file it read still begins with the bytes it read, resolves to
   * the keys of the entities that the changes after those bytes (and in files it did not read) changed:
   * every other entity is as it was at that load. To `null` otherwise.
   */
  async load(
    checkpoint?: LogSetCheckpoint | null | Promise<LogSetCheckpoint | null | undefined>,
  ): Promise<Set<string> | null> {
    const [ownBytes, foreign, given] = await Promise.all([
      readLogBytes(this.own.path),
      this.readForeign(),
      checkpoint,
    ]);
    const files = [...foreign];
    if (ownBytes !== null)
      files.unshift({ device: this.writer.deviceId, path: this.own.path, bytes: ownBytes });
    let known = given === null || given === undefined ? null : knownPrefixes(given, files);
    const changed = new Set<string>();
    const loaded = new Map<string, LogPrefix>();
    const pause = pauser();
    let own = absentLog();
    for (const { device, path, bytes } of files) {
      const isOwn = device === this.writer.deviceId;
      // The lines a checkpoint read are sound (it is made only then), so they are the first changes.
      const skipped = known === null ? Infinity : (known.get(device) ?? 0);
      const read = await this.mergeFile(bytes, path, pause, (entry, index) => {
        if (this.replica.apply(entry) && index >= skipped) changed.add(entry.k);
        if (isOwn) this.ownLogDevices.add(entry.d);
      });
      if (read.damaged.some((damage) => damage.line <= skipped) || read.end.lines < skipped) known = null;
      if (isOwn) own = read;
      else this.recordDamage(path, read.damaged);
      if (this.checkpoints) loaded.set(device, { ...read.end, digest: logDigest(bytes, read.end.bytes) });
    }
    this.own.adopt(own);
    this.ownDamage = own.damaged;
    if (this.checkpoints) this.loadedFiles = loaded;
    return known === null ? null : changed;
  }

  /**
   * Reads `bytes` (the file at `path`) a slice at a time, calling `pause` (which gives the event loop a
   * turn when its time is up) after each, since a file may hold many thousands of changes: the clock
   * observes each change, and `merge` gets it with its index among the file's changes. Resolves to what
   * reading the file whole gives.
   */
  private async mergeFile(
    bytes: Buffer,
    path: string,
    pause: () => Promise<boolean>,
    merge: (entry: LogEntry, index: number) => void,
  ): Promise<LogRead> {
    const entries: LogEntry[] = [];
    const damaged: DamagedLine[] = [];
    let at: LogPosition | undefined;
    for (;;) {
      const read = parseChangeLog(bytes, path, undefined, at, SLICE_LINES);
      damaged.push(...read.damaged);
      for (const entry of read.entries) {
        this.writer.clock.observe(entry.h);
        merge(entry, entries.length);
        entries.push(entry);
      }
      await pause();
      if (read.torn || read.end.bytes >= bytes.length)
        return { ...read, entries, damaged, start: { bytes: 0, lines: 0 } };
      at = read.end;
    }
  }

  /**
   * How far {@link load} read each file, for a later load (see {@link load}): made with `checkpoints`,
   * `null` once anything has changed the set since, or while a file has damaged lines.
   */
  checkpoint(): LogSetCheckpoint | null {
    if (this.loadedFiles === null || this.ownDamage.length > 0 || this.damaged.length > 0) return null;
    return { files: Object.fromEntries(this.loadedFiles) };
  }

  /** Damage in this device's own file, which blocks writing to it. */
  ownDamage: DamagedLine[] = [];

  /**
   * Reads again the other devices' files that changed since they were last read (size or time), and
   * any new ones. Resolves to the keys of the entities that changed.
   */
  async refresh(): Promise<Set<string>> {
    const changed = new Set<string>();
    const pause = pauser();
    for (const { path, bytes } of await this.readForeign()) {
      this.loadedFiles = null;
      const read = await this.mergeFile(bytes, path, pause, (entry) => {
        if (this.replica.apply(entry)) changed.add(entry.k);
      });
      this.recordDamage(path, read.damaged);
    }
    return changed;
  }

  /**
   * The other devices' files that are new or changed (size or time) since they were last read, read
   * all at once; in device order.
   */
  private async readForeign(): Promise<Array<{ device: string; path: string; bytes: Buffer }>> {
    const devices = (await listDevices(this.root)).filter((device) => device !== this.writer.deviceId);
    const found = await Promise.all(
      devices.map(async (device) => {
        const path = join(this.root, DEVICES_DIR, device, this.name);
        let info;
        try {
          info = await stat(path);
        } catch (error) {
          if (errnoCode(error) === 'ENOENT' || errnoCode(error) === 'ENOTDIR') return null;
          throw ioError('read', path, error);
        }
        const known = this.foreign.get(path);
        if (known !== undefined && known.size === info.size && known.mtimeMs === info.mtimeMs) return null;
        const bytes = await readLogBytes(path);
        return bytes === null ? null : { device, path, bytes, info };
      }),
    );
    const read: Array<{ device: string; path: string; bytes: Buffer }> = [];
    for (const file of found) {
      if (file === null) continue;
      this.foreign.set(file.path, { size: file.info.size, mtimeMs: file.info.mtimeMs });
      this.foreignEnds.set(file.device, {
        bytes: file.bytes.length,
        whole: file.bytes.length === 0 || file.bytes[file.bytes.length - 1] === 0x0a,
      });
      read.push({ device: file.device, path: file.path, bytes: file.bytes });
    }
    return read;
  }

  /**
   * Merges the changes of a conflict copy at `path` and copies them into this device's own log, so
   * they are kept once the copy is moved aside. Resolves to the keys that changed and how many changes
   * the copy held.
   */
  async absorb(path: string): Promise<{ changed: Set<string>; entries: number; damaged: DamagedLine[] }> {
    const read = await readChangeLog(path);
    this.loadedFiles = null;
    const changed = new Set<string>();
    // Every entry is copied, not only those that change something here: a log that relays a device's
    // later changes must relay its earlier ones too, or a deletion elsewhere could count them as seen.
    for (const entry of read.entries) {
      this.writer.clock.observe(entry.h);
      if (this.replica.apply(entry)) changed.add(entry.k);
    }
    await this.own.append(read.entries);
    for (const entry of read.entries) this.ownLogDevices.add(entry.d);
    return { changed, entries: read.entries.length, damaged: read.damaged };
  }

  /**
   * Stamps `changes` as this device's, appends them to its own log in one durable write, and merges
   * them. Resolves to the entries written.
   */
  async commit(changes: readonly EntityChange[]): Promise<LogEntry[]> {
    if (changes.length === 0) return [];
    this.loadedFiles = null;
    const by = this.writer.readerName();
    const entries = changes.map((change): LogEntry => ({
      h: this.writer.clock.next(),
      d: this.writer.deviceId,
      by,
      ...change,
    }));
    await this.own.append(entries);
    for (const entry of entries) this.replica.apply(entry);
    return entries;
  }

  /** Adds entries already stamped (a migration's or a legacy copy's) to this device's log and merges them. */
  async commitStamped(entries: readonly LogEntry[]): Promise<void> {
    this.loadedFiles = null;
    for (const entry of entries) this.writer.clock.observe(entry.h);
    await this.own.append(entries);
    for (const entry of entries) {
      this.replica.apply(entry);
      this.ownLogDevices.add(entry.d);
    }
  }

  /** Whether this device's own log has grown past its compaction limit. */
  get compactionDue(): boolean {
    return this.own.lineCount > (this.writer.compactionLines ?? COMPACTION_LINES);
  }

  /**
   * Rewrites this device's own log with only what it still contributes (see {@link Replica.entriesOf}),
   * when that at least halves it, after `beforeRewrite` (which forgets what recorded the longer log).
   * Resolves to whether it did.
   */
  async compact(beforeRewrite?: () => Promise<void>): Promise<boolean> {
    if (this.own.lineCount === 0) return false;
    const entries = this.replica.entriesOf(this.ownLogDevices);
    if (entries.length * 2 > this.own.lineCount) return false;
    this.loadedFiles = null;
    await beforeRewrite?.();
    await this.own.rewrite(entries);
    return true;
  }

  /**
   * Each other device's file as last read, by device: how long it was, and whether it ended where a
   * line does (a file cut short ends in a torn line).
   */
  get foreignFiles(): ReadonlyMap<string, { bytes: number; whole: boolean }> {
    return this.foreignEnds;
  }

  /** How long this device's own file is, as last read or written. */
  get ownLength(): { bytes: number; lines: number } {
    return { bytes: this.own.byteLength, lines: this.own.lineCount };
  }

  /** Refuses every write to this device's own file with `error` (see {@link OwnChangeLog.refuse}). */
  refuseWrites(error: ScholiaError): void {
    this.own.refuse(error);
  }

  /** Closes this device's file. Never rejects. */
  close(): Promise<void> {
    return this.own.close();
  }

  private merge(entry: LogEntry, changed: Set<string>): void {
    this.writer.clock.observe(entry.h);
    if (this.replica.apply(entry)) changed.add(entry.k);
  }

  private recordDamage(path: string, damaged: readonly DamagedLine[]): void {
    for (let index = this.damaged.length - 1; index >= 0; index--)
      if (this.damaged[index]?.path === path) this.damaged.splice(index, 1);
    this.damaged.push(...damaged);
  }
}

/**
 * For each device `checkpoint` read the file of, how many lines it read, when each of those files
 * (`files`) is there and still begins with the bytes it read; `null` when one does not, or is gone.
 */
function knownPrefixes(
  checkpoint: LogSetCheckpoint,
  files: ReadonlyArray<{ device: string; bytes: Buffer }>,
): Map<string, number> | null {
  const known = new Map<string, number>();
  const prefixes: unknown = checkpoint.files;
  if (typeof prefixes !== 'object' || prefixes === null) return null;
  for (const [device, prefix] of Object.entries(prefixes as Record<string, unknown>)) {
    const file = files.find((candidate) => candidate.device === device);
    if (file === undefined || typeof prefix !== 'object' || prefix === null) return null;
    const { bytes, lines, digest } = prefix as Partial<LogPrefix>;
    if (
      typeof bytes !== 'number' ||
      typeof lines !== 'number' ||
      !Number.isSafeInteger(bytes) ||
      !Number.isSafeInteger(lines) ||
      bytes < 0 ||
      lines < 0 ||
      bytes > file.bytes.length ||
      logDigest(file.bytes, bytes) !== digest
    )
      return null;
    known.set(device, lines);
  }
  return known;
}

/** The device folders in the library's `devices/`, sorted; none when it does not exist. */
export async function listDevices(root: string): Promise<string[]> {
  try {
    const names = await readdir(join(root, DEVICES_DIR), { withFileTypes: true });
    return names
      .filter((entry) => entry.isDirectory() && /^[a-z0-9]{1,64}$/.test(entry.name))
      .map((entry) => entry.name)
      .sort();
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return [];
    throw ioError('read the folder', join(root, DEVICES_DIR), error);
  }
}
