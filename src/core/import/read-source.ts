/**
 * Reading an import source into memory: a file on disk (`{kind: 'path'}`) or uploaded bytes
 * (`{kind: 'bytes'}`). The size limit is checked before a single byte is read, so a huge file
 * costs nothing but a `stat`.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { basename } from 'node:path';
import { MAX_IMPORT_BYTES, type ImportSource } from '../../shared/api';
import { ScholiaError } from '../../shared/errors';
import { importFailed, type SourceIdentity } from './import-error';

/** A source's bytes, with the names errors need. */
export interface SourceFile extends SourceIdentity {
  /** The file's complete original content. */
  readonly bytes: Uint8Array;
}

/** The base name and error label of a source, without touching the disk. */
export function identifySource(source: ImportSource): SourceIdentity {
  if (source.kind === 'path') return { name: basename(source.path), label: source.path };
  // Browsers may report a full client-side path ("C:\fakepath\x.txt"); only the last part is the name.
  const name = source.name.split(/[\\/]/).pop() ?? source.name;
  return { name: name === '' ? source.name : name, label: source.name };
}

/**
 * Reads a source's bytes. Throws `import-failed` when the path is missing, unreadable or not a
 * regular file, or when the content is larger than {@link MAX_IMPORT_BYTES}.
 */
export async function readSource(source: ImportSource): Promise<SourceFile> {
  const identity = identifySource(source);
  if (source.kind === 'bytes') {
    checkSize(identity, source.bytes.byteLength);
    return { ...identity, bytes: source.bytes };
  }
  let handle: FileHandle;
  try {
    handle = await open(source.path, 'r');
  } catch (error) {
    throw unreadable(identity, error);
  }
  try {
    // Stat the open handle, not the path, so the size checked is the size of the file then read.
    const stats = await handle.stat();
    if (stats.isDirectory()) {
      throw importFailed(
        identity,
        `"${identity.name}" is a folder, not a file. Open the folder and import the files inside it.`,
      );
    }
    if (!stats.isFile()) {
      throw importFailed(
        identity,
        `"${identity.name}" is not a regular file. Import a text or Markdown file saved on disk.`,
      );
    }
    checkSize(identity, stats.size);
    const bytes = await handle.readFile();
    return { ...identity, bytes };
  } catch (error) {
    if (isImportFailure(error)) throw error;
    throw unreadable(identity, error);
  } finally {
    await handle.close();
  }
}

function checkSize(identity: SourceIdentity, byteLength: number): void {
  if (byteLength <= MAX_IMPORT_BYTES) return;
  const limit = formatSize(MAX_IMPORT_BYTES);
  // Just over the limit rounds to the limit itself; say the exact size rather than "50 MB, larger than 50 MB".
  const size =
    formatSize(byteLength) === limit ? `${byteLength.toLocaleString('en')} bytes` : formatSize(byteLength);
  throw importFailed(
    identity,
    `"${identity.name}" is ${size}, larger than the ${limit} Scholia imports. ` +
      'Split it into smaller files (for example one per chapter) and import those.',
  );
}

/** A byte count as a reader would say it: `812 bytes`, `14.2 KB`, `50 MB`. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  const [value, unit] = bytes < 1024 * 1024 ? [bytes / 1024, 'KB'] : [bytes / (1024 * 1024), 'MB'];
  const rounded = Math.round(value * 10) / 10;
  return `${Number.isInteger(rounded) ? rounded.toFixed(0) : rounded.toFixed(1)} ${unit}`;
}

function isImportFailure(error: unknown): boolean {
  return error instanceof ScholiaError && error.code === 'import-failed';
}

function unreadable(identity: SourceIdentity, error: unknown): Error {
  const code = error instanceof Error && 'code' in error ? String(error.code) : '';
  const path = identity.label;
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return importFailed(
        identity,
        `Cannot find "${path}". It may have been moved, renamed or deleted; check the path and import it again.`,
        error,
      );
    case 'EACCES':
    case 'EPERM':
      return importFailed(
        identity,
        `Scholia is not allowed to read "${path}". Check the file's permissions, or copy it somewhere you own, and import it again.`,
        error,
      );
    case 'EISDIR':
      return importFailed(
        identity,
        `"${identity.name}" is a folder, not a file. Open the folder and import the files inside it.`,
        error,
      );
    default: {
      const reason = error instanceof Error ? error.message : String(error);
      return importFailed(
        identity,
        `Cannot read "${path}" (${reason}). Check that the disk is available and import it again.`,
        error,
      );
    }
  }
}
