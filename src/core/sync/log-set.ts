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
import { errnoCode, ioError } from '../store/fs-errors';
import { OwnChangeLog, readChangeLog, type DamagedLine } from './change-log';
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

/** When a device compacts its own log: past this many lines, if that is more than twice what the state needs. */
export const COMPACTION_LINES = 2000;

interface ForeignFile {
  size: number;
  mtimeMs: number;
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
  /** The devices whose changes this device's own log holds: itself, and any copied in from conflict copies. */
  private readonly ownLogDevices: Set<string>;

  /** `name` is the file's path under each device's folder, e.g. `library.jsonl`. */
  constructor(root: string, name: string, writer: Writer) {
    this.root = root;
    this.name = name;
    this.writer = writer;
    this.ownLogDevices = new Set([writer.deviceId]);
    this.own = new OwnChangeLog(join(root, DEVICES_DIR, writer.deviceId, name), writer.hooks);
  }

  /** Path of this device's own file. */
  get ownPath(): string {
    return this.own.path;
  }

  /**
   * Reads every device's file. Throws `library-corrupt` when this device's own file is damaged (the
   * rest of the library is readable, but this log cannot be written until it is restored), `io` when a
   * file cannot be read.
   */
  async load(): Promise<void> {
    const own = await this.own.read(this.writer.clock);
    for (const entry of own.entries) {
      this.replica.apply(entry);
      this.ownLogDevices.add(entry.d);
    }
    this.ownDamage = own.damaged;
    await this.refresh();
  }

  /** Damage in this device's own file, which blocks writing to it. */
  ownDamage: DamagedLine[] = [];

  /**
   * Reads again the other devices' files that changed since they were last read (size or time), and
   * any new ones. Resolves to the keys of the entities that changed.
   */
  async refresh(): Promise<Set<string>> {
    const changed = new Set<string>();
    for (const device of await listDevices(this.root)) {
      if (device === this.writer.deviceId) continue;
      const path = join(this.root, DEVICES_DIR, device, this.name);
      let info;
      try {
        info = await stat(path);
      } catch (error) {
        if (errnoCode(error) === 'ENOENT' || errnoCode(error) === 'ENOTDIR') continue;
        throw ioError('read', path, error);
      }
      const known = this.foreign.get(path);
      if (known !== undefined && known.size === info.size && known.mtimeMs === info.mtimeMs) continue;
      this.foreign.set(path, { size: info.size, mtimeMs: info.mtimeMs });
      const read = await readChangeLog(path);
      this.recordDamage(path, read.damaged);
      for (const entry of read.entries) this.merge(entry, changed);
    }
    return changed;
  }

  /**
   * Merges the changes of a conflict copy at `path` and copies them into this device's own log, so
   * they are kept once the copy is moved aside. Resolves to the keys that changed and how many changes
   * the copy held.
   */
  async absorb(path: string): Promise<{ changed: Set<string>; entries: number; damaged: DamagedLine[] }> {
    const read = await readChangeLog(path);
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
   * when that at least halves it. Resolves to whether it did.
   */
  async compact(): Promise<boolean> {
    if (this.own.lineCount === 0) return false;
    const entries = this.replica.entriesOf(this.ownLogDevices);
    if (entries.length * 2 > this.own.lineCount) return false;
    await this.own.rewrite(entries);
    return true;
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
