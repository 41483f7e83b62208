/**
 * Writing an export file so that it is never half-written: the text goes to a temp file in the same
 * folder, which is flushed to disk and then renamed over the target, and the folder is flushed so the
 * rename is durable. A failure leaves the old file (if any) as it was and no temp file behind.
 */
import { mkdir, stat } from 'node:fs/promises';
import { ScholiaError } from '../../shared/errors';
import { writeDurably } from '../store/durable-json-file';
import { errnoCode, ioError } from '../store/fs-errors';

/** Checks that `dir` exists (creating it if `create`) and is a folder; throws `io` naming it otherwise. */
export async function prepareFolder(dir: string, create: boolean): Promise<void> {
  if (create) {
    try {
      await mkdir(dir, { recursive: true });
    } catch (error) {
      throw ioError('create the export folder', dir, error);
    }
  }
  let isFolder = false;
  try {
    isFolder = (await stat(dir)).isDirectory();
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') {
      throw new ScholiaError(
        'io',
        `The folder ${dir} does not exist. Choose an existing folder to export into.`,
        {
          path: dir,
        },
      );
    }
    throw ioError('open the export folder', dir, error);
  }
  if (!isFolder) {
    throw new ScholiaError('io', `${dir} is a file, not a folder. Choose a folder to export into.`, {
      path: dir,
    });
  }
}

/** Characters encoded and written at once: a large export is encoded a piece at a time, not in one block. */
const WRITE_CHUNK_CHARS = 1 << 20;

/** Writes `text` to `path` atomically and durably; resolves to the number of bytes written. */
export async function writeFileAtomic(path: string, text: string): Promise<number> {
  let written = 0;
  await writeDurably(
    path,
    async (handle) => {
      for (let at = 0; at < text.length;) {
        let end = Math.min(text.length, at + WRITE_CHUNK_CHARS);
        // Never split a surrogate pair between two pieces: each piece must be valid UTF-16 on its own.
        const last = text.charCodeAt(end - 1);
        if (end < text.length && last >= 0xd800 && last <= 0xdbff) end -= 1;
        const bytes = Buffer.from(text.slice(at, end), 'utf8');
        await handle.writeFile(bytes);
        written += bytes.byteLength;
        at = end;
      }
    },
    { action: 'write the export to' },
  );
  return written;
}
