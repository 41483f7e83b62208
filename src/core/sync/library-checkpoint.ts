/**
 * The checkpoint of a library's logs, `local/<device>/library-checkpoint.json`: this computer's own (a
 * sync engine is told not to copy `local/`, and only the process holding the library's lock writes
 * it), so that opening a library does not work out every document, tag and reading list from the
 * logs again (checking each against its schema), which is most of what reading them costs.
 *
 * It holds what reading every device's `library.jsonl` whole gave when the library was last closed:
 * for each log, how many bytes and lines were read and a SHA-256 of those bytes, and what was worked
 * out from their merge (documents, tags, reading lists, settings, entities left out as invalid).
 * Opening still reads every log whole and merges every line, so the merge is exactly what it is
 * without a checkpoint; when every log the checkpoint read still begins with those bytes (a log only
 * grows, until its own device compacts it), only the entities that the lines after them (and any new
 * log) changed are worked out again, and the rest taken from the checkpoint: what is worked out of an
 * entity depends on nothing but its merged changes. In any other case (a log compacted or gone, a
 * checkpoint of another version of Scholia, or damaged) everything is worked out again, as if there
 * were none. A log with damaged lines is never checkpointed, so damage is always found, and reported.
 *
 * Layout: a header line `{"format":1,"log":2,"schema":1,"crc32":…}` (this format, the change-log
 * format and the library's schema version, and a CRC-32 of the rest), then the checkpoint as JSON.
 * It is written when the library is closed, from a fresh read of every log rather than from the
 * session's state, so that it holds exactly what reading those bytes gives: to a temp file renamed over
 * the old one, so a kill leaves the old file or the new one (a temp file left is removed at the next
 * opening). It is not fsync'ed: it is only a shortcut, and one a power cut left short or empty fails
 * its CRC and is not used.
 *
 * {@link CHECKPOINT_FORMAT} must change whenever what is worked out from the logs changes (the entity
 * codecs, the schemas of documents, tags and reading lists, `library-log.ts`), so that a checkpoint of
 * an older Scholia is not taken for one of this; since every close writes it afresh, one that was
 * would last a session.
 */
import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { crc32 } from 'node:zlib';
import { ioError } from '../store/fs-errors';
import { CURRENT_SCHEMA_VERSION } from '../store/migrations';
import { CHANGE_LOG_VERSION } from './change-log';
import { HybridClock } from './hlc';
import { LibraryLog, type LibraryCheckpoint } from './library-log';

/** The format of the checkpoint file; see the module comment for when it must change. */
export const CHECKPOINT_FORMAT = 1;

/** The checkpoint's name in this computer's own folder of a library (`local/<device>/`). */
export const CHECKPOINT_FILE_NAME = 'library-checkpoint.json';

/** Where the checkpoint of the library logs lives in `localDir`, this computer's own folder of a library. */
export function libraryCheckpointPath(localDir: string): string {
  return join(localDir, CHECKPOINT_FILE_NAME);
}

interface Header {
  format: number;
  log: number;
  schema: number;
  crc32: number;
}

/**
 * The checkpoint at `path`, or `null` when there is none or it cannot be used (unreadable, damaged,
 * or of another version): then the logs are read whole. Never rejects.
 */
export async function readLibraryCheckpoint(path: string): Promise<LibraryCheckpoint | null> {
  try {
    const bytes = await readFile(path);
    const newline = bytes.indexOf(0x0a);
    if (newline < 0) return null;
    const header = JSON.parse(bytes.toString('utf8', 0, newline)) as Partial<Header> | null;
    if (
      header?.format !== CHECKPOINT_FORMAT ||
      header.log !== CHANGE_LOG_VERSION ||
      header.schema !== CURRENT_SCHEMA_VERSION
    )
      return null;
    const body = bytes.subarray(newline + 1);
    if (crc32(body) !== header.crc32) return null;
    const checkpoint = JSON.parse(body.toString('utf8')) as unknown;
    return typeof checkpoint === 'object' && checkpoint !== null ? (checkpoint as LibraryCheckpoint) : null;
  } catch {
    return null;
  }
}

/**
 * Reads every library log in the library `root` whole, as device `deviceId` opening it would, and
 * writes what that gave as the checkpoint at `path`. Call it only while holding the library's lock,
 * with no write to this device's library log under way. Resolves to whether it wrote one (not while a
 * log has damaged lines; a checkpoint already there is left, since it still holds what its bytes gave).
 * Throws `io` when a log cannot be read or the checkpoint cannot be written.
 */
export async function writeLibraryCheckpoint(root: string, deviceId: string, path: string): Promise<boolean> {
  // A clock of its own: reading here must not move the session's, and nothing is stamped.
  const writer = { deviceId, readerName: () => '', clock: new HybridClock() };
  const log = new LibraryLog(root, writer, () => undefined, { checkpoints: true });
  await log.load();
  const checkpoint = log.checkpoint();
  await log.close();
  if (checkpoint === null) return false;
  const body = Buffer.from(JSON.stringify(checkpoint), 'utf8');
  const header: Header = {
    format: CHECKPOINT_FORMAT,
    log: CHANGE_LOG_VERSION,
    schema: CURRENT_SCHEMA_VERSION,
    crc32: crc32(body),
  };
  const text = Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`, 'utf8'), body]);
  // Named as every temp file of Scholia's is, so that opening removes one a kill left.
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temp, text, { flag: 'wx' });
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw ioError('save', path, error);
  }
  return true;
}
