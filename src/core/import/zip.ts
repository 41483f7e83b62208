/**
 * Reading ZIP packages (EPUB, DOCX) safely. Before anything is inflated, the entry count and every
 * entry's declared uncompressed size are checked against limits; fflate then inflates each entry into a
 * buffer of exactly its declared size, so an entry that lies about its size cannot grow past it. A
 * "zip bomb" (a few kilobytes that inflate to gigabytes) is refused with a clear error instead of
 * exhausting memory.
 */
import { unzipSync } from 'fflate';
import { ScholiaError } from '../../shared/errors';
import { importFailed } from './import-error';
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
  maxEntries: 10_000,
  maxEntryBytes: 64 * 1024 * 1024,
  maxTotalBytes: 256 * 1024 * 1024,
};

/** The wanted entries of a checked archive, inflated one at a time when asked for. */
export interface ZipEntries {
  has(name: string): boolean;
  /** The entry's bytes (inflated now), or undefined when there is no such wanted entry. */
  get(name: string): Uint8Array | undefined;
}

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
  let entries = 0;
  let total = 0;
  const names = new Set<string>();
  const refuse = (detail: string): Error =>
    importFailed(
      file,
      `"${file.name}" cannot be imported: ${detail} That is far more than any ${kind} needs, so it is probably damaged or ` +
        'a "zip bomb" meant to exhaust memory. Export the document again from the program that made it.',
    );
  const damaged = (error: unknown): Error =>
    error instanceof ScholiaError
      ? error
      : importFailed(
          file,
          `"${file.name}" is not a readable ${kind}: the file is damaged or incomplete (${error instanceof Error ? error.message : String(error)}). ` +
            'If it was downloaded, download it again; otherwise export it again from the program that made it.',
          error,
        );
  try {
    // A pass over the central directory only: nothing is inflated.
    unzipSync(file.bytes, {
      filter: (entry) => {
        entries += 1;
        if (entries > limits.maxEntries) {
          throw refuse(`it holds more than ${limits.maxEntries.toLocaleString('en')} files.`);
        }
        if (!wanted(entry.name)) return false;
        if (entry.originalSize > limits.maxEntryBytes) {
          throw refuse(`"${entry.name}" inside it would unpack to ${formatSize(entry.originalSize)}.`);
        }
        total += entry.originalSize;
        if (total > limits.maxTotalBytes) {
          throw refuse(`its text would unpack to more than ${formatSize(limits.maxTotalBytes)}.`);
        }
        names.add(entry.name);
        return false;
      },
    });
  } catch (error) {
    throw damaged(error);
  }
  return {
    has: (name) => names.has(name),
    get: (name) => {
      if (!names.has(name)) return undefined;
      try {
        // Each entry inflates into a buffer of its declared (and checked) size, which it cannot outgrow.
        return unzipSync(file.bytes, { filter: (entry) => entry.name === name })[name];
      } catch (error) {
        throw damaged(error);
      }
    },
  };
}
