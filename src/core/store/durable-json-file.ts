/**
 * A lowdb adapter that keeps one JSON file durable: a write that resolved survives a crash or a power
 * cut, and a crash in the middle of a write leaves the previous version intact.
 *
 * A write goes to a uniquely named temp file in the same folder, which is fsynced, renamed over the
 * target, and then the folder itself is fsynced so the rename is on disk too. Writes to one file run
 * one at a time; a write requested while another runs waits, and if several wait only the newest
 * content is written (every waiter resolves with it), so an older snapshot is never renamed over a
 * newer one and a burst of changes costs two writes, not one per change.
 *
 * Reading validates the file with a zod schema. A file that is not valid JSON or fails its schema is
 * reported as `library-corrupt` and is never overwritten by this adapter afterwards.
 */
import { randomBytes } from 'node:crypto';
import { open, readFile, readdir, rename, rm, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Adapter } from 'lowdb';
import type { z } from 'zod';
import { ScholiaError } from '../../shared/errors';
import { decodeUtf8Strictly } from '../util/strict-utf8';
import { errnoCode, ioError } from './fs-errors';

/** Seams for tests that simulate failures in the middle of a write. */
export interface DurableWriteHooks {
  /**
   * Runs after the new content is durable in the temp file and before the rename. If it throws, the
   * write stops there exactly as a crash would: the temp file stays behind and the target is untouched.
   */
  beforeRename?: (tempPath: string, targetPath: string) => void | Promise<void>;
  /** Runs before a change is appended to one of this device's change logs. If it throws, nothing is appended, as in a crash. */
  beforeAppend?: (path: string) => void | Promise<void>;
}

/** How a {@link DurableJsonFile} reads, validates and writes its file. */
export interface DurableJsonFileOptions<T> {
  /** What the file must contain (after `upgrade`); failing it makes the file `library-corrupt`. */
  schema: z.ZodType<T>;
  /** Names the kind of file in messages, e.g. `Scholia library file`. */
  description: string;
  /**
   * Brings older content up to the current format before validation (the migrations). It may throw a
   * `ScholiaError` with code `library-corrupt` to refuse the file; the file is then never overwritten.
   */
  upgrade?: (raw: unknown, path: string) => unknown;
  /** `pretty` (two-space indent) for small files people may open; `compact` for large ones. */
  format?: 'pretty' | 'compact';
  /** Replaces `format`: turns content into the file's text (which must parse back to the same content). */
  serialize?: (data: T) => string;
  /** What the reader should do about an unreadable file; follows "Scholia has not changed it." */
  recovery?: string;
  hooks?: DurableWriteHooks;
}

const TEMP_FILE = /^\..+\.[0-9a-f]{12}\.tmp$/;

/** Whether `name` (a base name) is a temp file left by an interrupted {@link DurableJsonFile} write. */
export function isTempFileName(name: string): boolean {
  return TEMP_FILE.test(name);
}

/**
 * Deletes temp files left in `dir` by interrupted writes. Call it only while holding the library lock,
 * when no write can be in progress. A missing folder has nothing to clean.
 */
export async function removeTempFiles(dir: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return;
    throw ioError('list the folder', dir, error);
  }
  await Promise.all(names.filter(isTempFileName).map((name) => rm(join(dir, name), { force: true })));
}

interface PendingWrite {
  text: string;
  resolve: () => void;
  reject: (error: unknown) => void;
  promise: Promise<void>;
}

/** A durable, validated lowdb `Adapter` for one JSON file. See the module comment for the guarantees. */
export class DurableJsonFile<T> implements Adapter<T> {
  /** Absolute path of the file. */
  readonly path: string;
  private readonly options: DurableJsonFileOptions<T>;
  private active: Promise<void> | null = null;
  private pending: PendingWrite | null = null;
  /** Set when the file on disk could not be read as valid content; writes are refused with it. */
  private refusal: ScholiaError | null = null;

  constructor(path: string, options: DurableJsonFileOptions<T>) {
    this.path = path;
    this.options = options;
  }

  /**
   * Reads and validates the file. Resolves to `null` when it does not exist; throws `library-corrupt`
   * when it is not valid JSON or not valid content (and from then on refuses to write it), `io` when
   * it cannot be read. Temp files from interrupted writes are not looked at.
   */
  async read(): Promise<T | null> {
    let bytes: Buffer;
    try {
      bytes = await readFile(this.path);
    } catch (error) {
      if (errnoCode(error) === 'ENOENT') return null;
      throw ioError('read', this.path, error);
    }
    let text: string;
    try {
      // Read strictly: bytes that are not UTF-8 would become U+FFFD, and a later save would write that back.
      text = decodeUtf8Strictly(bytes);
    } catch (error) {
      throw this.refuse(this.corrupt('holds bytes that are not UTF-8 text', error));
    }
    let raw: unknown;
    try {
      // A byte-order mark is what some editors add when a reader fixes a file by hand.
      raw = JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text);
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      throw this.refuse(this.corrupt(`is not valid JSON (${detail})`, error));
    }
    try {
      raw = this.options.upgrade === undefined ? raw : this.options.upgrade(raw, this.path);
    } catch (error) {
      if (error instanceof ScholiaError && error.code === 'library-corrupt') throw this.refuse(error);
      throw error;
    }
    const parsed = this.options.schema.safeParse(raw);
    if (!parsed.success) {
      const issues = parsed.error.issues
        .slice(0, 3)
        .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'top level'}: ${issue.message}`)
        .join('; ');
      throw this.refuse(this.corrupt(`is not a valid ${this.options.description} (${issues})`, parsed.error));
    }
    // The reader may have repaired the file since an earlier failed read.
    this.refusal = null;
    return parsed.data;
  }

  /**
   * Replaces the file's content with `data`, durably. The content is captured when called, so later
   * changes to `data` do not leak into this write. Rejects with `io` when the disk refuses (the old
   * file is then intact), or with the `library-corrupt` error of an earlier read.
   */
  write(data: T): Promise<void> {
    if (this.refusal !== null) return Promise.reject(this.refusal);
    const text = this.serialize(data);
    if (this.pending !== null) {
      // A newer snapshot supersedes the waiting one; its callers are satisfied by this write.
      this.pending.text = text;
      return this.pending.promise;
    }
    if (this.active === null) return this.start(text);
    this.pending = pendingWrite(text);
    return this.pending.promise;
  }

  /** Resolves once every write requested so far has finished (successfully or not). */
  async settled(): Promise<void> {
    while (this.active !== null) {
      await this.active.catch(() => undefined);
    }
  }

  private serialize(data: T): string {
    if (this.options.serialize !== undefined) return this.options.serialize(data);
    return `${this.options.format === 'compact' ? JSON.stringify(data) : JSON.stringify(data, null, 2)}\n`;
  }

  private start(text: string): Promise<void> {
    const run = this.writeNow(text).finally(() => {
      this.active = null;
      const next = this.pending;
      this.pending = null;
      if (next !== null) this.start(next.text).then(next.resolve, next.reject);
    });
    this.active = run;
    return run;
  }

  private async writeNow(text: string): Promise<void> {
    const hook = this.options.hooks?.beforeRename;
    await writeDurably(this.path, (handle) => handle.writeFile(text, 'utf8'), {
      action: 'save',
      beforeRename: hook && (async (temp) => hook(temp, this.path)),
    });
  }

  private corrupt(problem: string, cause: unknown): ScholiaError {
    const recovery =
      this.options.recovery ?? 'Restore it from a backup or move it aside, then open the library again.';
    return new ScholiaError(
      'library-corrupt',
      `${basename(this.path)} in ${dirname(this.path)} ${problem}. Scholia has not changed it. ${recovery}`,
      { path: this.path, cause },
    );
  }

  private refuse(error: ScholiaError): ScholiaError {
    this.refusal = error;
    return error;
  }
}

function pendingWrite(text: string): PendingWrite {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { text, resolve, reject, promise };
}

/** Makes a rename inside `dir` durable. Platforms and file systems that cannot fsync a folder are skipped. */
export async function syncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  let handle: FileHandle | undefined;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch (error) {
    const code = errnoCode(error);
    if (code !== 'EINVAL' && code !== 'ENOTSUP' && code !== 'EISDIR') throw ioError('save', dir, error);
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/** How {@link writeDurably} reports and orders its steps. */
export interface DurableWriteOptions {
  /**
   * The action a failure is reported as (`save`, `write the export to`): an `io` error naming the
   * file. Without it, the file system's own error is thrown.
   */
  readonly action?: string;
  /** Runs once the temp file is on disk, before the rename. If it throws, the temp file is left as a crash would leave it. */
  readonly beforeRename?: (temp: string) => Promise<void>;
  /**
   * Runs the rename and the folder's sync, or declines (resolves to false: the temp file is removed
   * and nothing is replaced), e.g. when the library was closed meanwhile.
   */
  readonly replace?: (step: () => Promise<void>) => Promise<boolean>;
}

/**
 * Replaces `path` durably: `fill` writes the new content into a uniquely named temp file in the same
 * folder, which is fsynced and renamed over `path`; then the folder is fsynced so the rename is on
 * disk too. A crash at any moment leaves the old file or the new one; a failure leaves no temp file.
 * Resolves to whether `path` was replaced (false only when `replace` declined).
 */
export async function writeDurably(
  path: string,
  fill: (handle: FileHandle) => Promise<void>,
  options: DurableWriteOptions = {},
): Promise<boolean> {
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const failure = (error: unknown): unknown =>
    options.action === undefined || error instanceof ScholiaError
      ? error
      : ioError(options.action, path, error);
  let handle: FileHandle | undefined;
  try {
    handle = await open(temp, 'wx');
    await fill(handle);
    await handle.sync();
    await handle.close();
    handle = undefined;
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await rm(temp, { force: true }).catch(() => undefined);
    throw failure(error);
  }
  await options.beforeRename?.(temp);
  const replace =
    options.replace ??
    (async (step: () => Promise<void>): Promise<boolean> => {
      await step();
      return true;
    });
  // Set inside the step: an object, so the check after it is not narrowed away.
  const done = { renamed: false };
  try {
    return await replace(async () => {
      await rename(temp, path);
      done.renamed = true;
      await syncDirectory(dir);
    });
  } catch (error) {
    throw failure(error);
  } finally {
    if (!done.renamed) await rm(temp, { force: true }).catch(() => undefined);
  }
}
