/**
 * Reading ZIP packages (EPUB, DOCX) safely. The central directory is read first, and nothing is
 * inflated until the entry count and every wanted entry's declared uncompressed size have been checked
 * against the limits (`limits.ts`). Each entry is then inflated on demand by zlib with its declared
 * size as the most it may produce: an entry that inflates to more than it declares (a zip bomb that
 * lies about its size) is refused with a message naming it, never cut short to its declared size, and
 * one that inflates to less is reported as damaged. A "zip bomb" (a few kilobytes that inflate to
 * gigabytes) is thus refused before it costs more than the limits allow.
 */
import { inflateRawSync } from 'node:zlib';
import { importFailed } from './import-error';
import { countInWords, IMPORT_LIMITS } from './limits';
import type { SourceFile } from './read-source';
import { formatSize } from './read-source';

/** Limits on what a package may unpack to. */
export interface ZipLimits {
  /** Entries in the archive (all of them, wanted or not). */
  readonly maxEntries: number;
  /** Declared uncompressed size of one wanted entry. */
  readonly maxEntryBytes: number;
  /** Declared uncompressed size of all wanted entries together. */
  readonly maxTotalBytes: number;
}

/** Generous for any real book or Word file; small enough that unpacking never exhausts memory. */
export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntries: IMPORT_LIMITS.zipEntries,
  maxEntryBytes: IMPORT_LIMITS.zipEntryBytes,
  maxTotalBytes: IMPORT_LIMITS.zipTotalBytes,
};

/** The wanted entries of a checked archive, inflated one at a time when asked for. */
export interface ZipEntries {
  has(name: string): boolean;
  /** The names of the wanted entries, in the archive's order. */
  names(): string[];
  /**
   * The entry's bytes (inflated now), or undefined when there is no such wanted entry. Throws
   * `import-failed` when the entry inflates to more or less than it declares, or is damaged.
   */
  get(name: string): Uint8Array | undefined;
}

/** One entry of the central directory. */
interface DirectoryEntry {
  readonly name: string;
  readonly method: number;
  readonly encrypted: boolean;
  readonly compressedSize: number;
  readonly size: number;
  readonly localHeader: number;
}

/** Thrown while reading the directory: the archive is not a ZIP file, or is damaged. */
class DamagedZip extends Error {}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

const utf8 = new TextDecoder('utf-8', { fatal: true });
const latin1 = new TextDecoder('latin1');

/**
 * Checks the entries of `file` for which `wanted(name)` is true against `limits`, and returns a reader
 * that inflates each on demand, so a long book is unpacked chapter by chapter rather than in one
 * long step. Throws `import-failed` naming the file when it is not a ZIP archive, is damaged or
 * truncated, or exceeds `limits`; `kind` ("EPUB book", "Word document") is what messages call it.
 */
export function unzipEntries(
  file: SourceFile,
  kind: string,
  wanted: (name: string) => boolean,
  limits: ZipLimits = DEFAULT_ZIP_LIMITS,
): ZipEntries {
  const bomb = (detail: string): Error =>
    importFailed(
      file,
      `"${file.name}" cannot be imported: ${detail} That is far more than any ${kind} needs, so it is probably damaged or ` +
        'a "zip bomb" meant to exhaust memory. Export the document again from the program that made it.',
    );
  const lie = (name: string, size: number): Error =>
    importFailed(
      file,
      `"${file.name}" cannot be imported: "${name}" inside it declares ${formatSize(size)} but unpacks to more, as a ` +
        '"zip bomb" meant to exhaust memory does. Scholia reads no part of such a file. Export the document again ' +
        'from the program that made it.',
    );
  const damaged = (detail: string, cause?: unknown): Error =>
    importFailed(
      file,
      `"${file.name}" is not a readable ${kind}: the file is damaged or incomplete (${detail}). ` +
        'If it was downloaded, download it again; otherwise export it again from the program that made it.',
      cause,
    );
  let directory: Map<string, DirectoryEntry>;
  try {
    directory = readDirectory(file.bytes, limits.maxEntries, () =>
      bomb(`it holds more than ${countInWords(limits.maxEntries)} files.`),
    );
  } catch (error) {
    if (error instanceof DamagedZip) throw damaged(error.message, error);
    throw error;
  }
  let total = 0;
  const entries = new Map<string, DirectoryEntry>();
  for (const entry of directory.values()) {
    if (!wanted(entry.name)) continue;
    if (entry.size > limits.maxEntryBytes) {
      throw bomb(`"${entry.name}" inside it would unpack to ${formatSize(entry.size)}.`);
    }
    total += entry.size;
    if (total > limits.maxTotalBytes) {
      throw bomb(`its text would unpack to more than ${formatSize(limits.maxTotalBytes)}.`);
    }
    entries.set(entry.name, entry);
  }
  return {
    has: (name) => entries.has(name),
    names: () => [...entries.keys()],
    get: (name) => {
      const entry = entries.get(name);
      return entry === undefined ? undefined : inflateEntry(file.bytes, entry, { lie, damaged });
    },
  };
}

/** The entry's content, inflated to at most its declared size. */
function inflateEntry(
  bytes: Uint8Array,
  entry: DirectoryEntry,
  errors: { lie(name: string, size: number): Error; damaged(detail: string, cause?: unknown): Error },
): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const at = entry.localHeader;
  if (at + 30 > bytes.byteLength || view.getUint32(at, true) !== LOCAL) {
    throw errors.damaged(`"${entry.name}" is missing from it`);
  }
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  const end = start + entry.compressedSize;
  if (end > bytes.byteLength) throw errors.damaged(`"${entry.name}" is cut short`);
  if (entry.encrypted) throw errors.damaged(`"${entry.name}" is encrypted`);
  const data = bytes.subarray(start, end);
  if (entry.method === 0) {
    if (entry.compressedSize !== entry.size)
      throw errors.damaged(`"${entry.name}" is not the size it declares`);
    return data.slice();
  }
  if (entry.method !== 8)
    throw errors.damaged(`"${entry.name}" is compressed in an unknown way (method ${entry.method})`);
  let inflated: Buffer;
  try {
    // maxOutputLength: zlib stops as soon as the output would pass the declared size.
    inflated = inflateRawSync(data, { maxOutputLength: Math.max(1, entry.size) });
  } catch (error) {
    if (
      error instanceof RangeError ||
      (error instanceof Error && 'code' in error && error.code === 'ERR_BUFFER_TOO_LARGE')
    ) {
      throw errors.lie(entry.name, entry.size);
    }
    throw errors.damaged(
      `"${entry.name}" cannot be unpacked: ${error instanceof Error ? error.message : String(error)}`,
      error,
    );
  }
  if (inflated.byteLength !== entry.size) {
    throw errors.damaged(
      `"${entry.name}" unpacks to ${formatSize(inflated.byteLength)}, not the ${formatSize(entry.size)} it declares`,
    );
  }
  return new Uint8Array(inflated.buffer, inflated.byteOffset, inflated.byteLength);
}

/**
 * The archive's central directory, by entry name (an archive naming an entry twice is damaged).
 * Reads at most `maxEntries` entries and calls `tooMany` for more. Throws {@link DamagedZip}.
 */
function readDirectory(
  bytes: Uint8Array,
  maxEntries: number,
  tooMany: () => Error,
): Map<string, DirectoryEntry> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (at: number): number => view.getUint16(at, true);
  const u32 = (at: number): number => view.getUint32(at, true);
  const u64 = (at: number): number => Number(view.getBigUint64(at, true));
  // The end-of-central-directory record is in the last 22 + 65,535 bytes (its comment is at most that).
  let end = bytes.byteLength - 22;
  const earliest = Math.max(0, bytes.byteLength - 22 - 0xffff);
  while (end >= earliest && u32(end) !== EOCD) end -= 1;
  if (end < earliest) throw new DamagedZip('it is not a ZIP archive');
  let count = u16(end + 10);
  let offset = u32(end + 16);
  if (end >= 20 && u32(end - 20) === ZIP64_LOCATOR) {
    const record = u64(end - 12);
    if (record + 56 > bytes.byteLength || u32(record) !== ZIP64_EOCD)
      throw new DamagedZip('its ZIP64 directory is missing');
    count = u64(record + 32);
    offset = u64(record + 48);
  }
  if (count > maxEntries) throw tooMany();
  const directory = new Map<string, DirectoryEntry>();
  let at = offset;
  for (let index = 0; index < count; index += 1) {
    if (at + 46 > bytes.byteLength || u32(at) !== CENTRAL) throw new DamagedZip('its directory is cut short');
    const flags = u16(at + 8);
    const nameLength = u16(at + 28);
    const extraLength = u16(at + 30);
    const commentLength = u16(at + 32);
    const nameEnd = at + 46 + nameLength;
    if (nameEnd + extraLength > bytes.byteLength) throw new DamagedZip('its directory is cut short');
    const rawName = bytes.subarray(at + 46, nameEnd);
    let compressedSize = u32(at + 20);
    let size = u32(at + 24);
    let localHeader = u32(at + 42);
    // ZIP64: sizes and offset too large for 32 bits are in the extra field, in this order.
    if (size === 0xffffffff || compressedSize === 0xffffffff || localHeader === 0xffffffff) {
      for (let field = nameEnd; field + 4 <= nameEnd + extraLength;) {
        const id = u16(field);
        const length = u16(field + 2);
        if (id === 0x0001) {
          let value = field + 4;
          const next = (): number => {
            const read = value + 8 <= field + 4 + length ? u64(value) : 0xffffffff;
            value += 8;
            return read;
          };
          if (size === 0xffffffff) size = next();
          if (compressedSize === 0xffffffff) compressedSize = next();
          if (localHeader === 0xffffffff) localHeader = next();
          break;
        }
        field += 4 + length;
      }
    }
    const name = entryName(rawName, (flags & 0x0800) !== 0);
    // Readers disagree on which of two entries of one name counts: mammoth's might read the one not checked.
    if (directory.has(name)) throw new DamagedZip(`it holds "${name}" twice`);
    directory.set(name, {
      name,
      method: u16(at + 10),
      encrypted: (flags & 1) !== 0,
      compressedSize,
      size,
      localHeader,
    });
    at = nameEnd + extraLength + commentLength;
  }
  return directory;
}

/** An entry's name: UTF-8 when flagged or valid as such (most tools write UTF-8 without the flag), else Latin-1. */
function entryName(raw: Uint8Array, flaggedUtf8: boolean): string {
  try {
    return utf8.decode(raw);
  } catch {
    return flaggedUtf8 ? new TextDecoder('utf-8').decode(raw) : latin1.decode(raw);
  }
}
