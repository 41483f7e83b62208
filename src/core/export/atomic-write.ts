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

/** Bytes written at once: a binary export (a ZIP archive) is written a piece at a time too. */
const WRITE_CHUNK_BYTES = 1 << 20;

/** `content` as the pieces to write: UTF-8 of text a megabyte of characters at a time, or slices of bytes. */
function* pieces(content: string | Uint8Array): Generator<Uint8Array> {
  if (typeof content !== 'string') {
    for (let at = 0; at < content.byteLength; at += WRITE_CHUNK_BYTES)
      yield content.subarray(at, Math.min(content.byteLength, at + WRITE_CHUNK_BYTES));
    return;
  }
  for (let at = 0; at < content.length;) {
    let end = Math.min(content.length, at + WRITE_CHUNK_CHARS);
    // Never split a surrogate pair between two pieces: each piece must be valid UTF-16 on its own.
    const last = content.charCodeAt(end - 1);
    if (end < content.length && last >= 0xd800 && last <= 0xdbff) end -= 1;
    yield Buffer.from(content.slice(at, end), 'utf8');
    at = end;
  }
}

/**
 * Writes `content` (text, as UTF-8, or the bytes of a binary export) to `path` atomically and durably;
 * resolves to the number of bytes written.
 */
export async function writeFileAtomic(path: string, content: string | Uint8Array): Promise<number> {
  let written = 0;
  await writeDurably(
    path,
    async (handle) => {
      for (const bytes of pieces(content)) {
        await handle.writeFile(bytes);
        written += bytes.byteLength;
      }
    },
    { action: 'write the export to' },
  );
  return written;
}
