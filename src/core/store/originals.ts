/**
 * The original files of imported documents, kept as `originals/<id>.<ext>` in the library folder so a
 * document can be imported again later (with a better importer, or after its text was edited away).
 * An original is written durably (temp file, fsync, rename, fsync of the folder) before the document
 * that names it is listed, and removed after the document is unlisted.
 */
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeDurably } from './durable-json-file';
import { ioError } from './fs-errors';

/** The folder of originals inside a library folder. */
export const ORIGINALS_FOLDER = 'originals';

/** The name an original gets: the document's id and the imported file's extension (lower-case; `bin` when unusable). */
export function originalFileName(documentId: string, sourceName: string): string {
  const dot = sourceName.lastIndexOf('.');
  const extension = dot > 0 ? sourceName.slice(dot + 1).toLowerCase() : '';
  return `${documentId}.${/^[a-z0-9]{1,10}$/.test(extension) ? extension : 'bin'}`;
}

/** Where the original named `fileName` lives in the library `dir`. */
export function originalPath(dir: string, fileName: string): string {
  return join(dir, ORIGINALS_FOLDER, fileName);
}

/** Writes an original durably; on failure nothing of it is left. Throws an `io` error naming the path. */
export async function writeOriginal(dir: string, fileName: string, bytes: Uint8Array): Promise<void> {
  const target = originalPath(dir, fileName);
  try {
    await mkdir(join(dir, ORIGINALS_FOLDER), { recursive: true });
  } catch (error) {
    throw ioError('save', target, error);
  }
  await writeDurably(target, (handle) => handle.writeFile(bytes), { action: 'save' });
}

/** Removes an original; a missing one is fine. */
export async function removeOriginal(dir: string, fileName: string): Promise<void> {
  await rm(originalPath(dir, fileName), { force: true });
}
