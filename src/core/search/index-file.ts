/**
 * The search index on disk: `search/index.bin` in this computer's own folder of the library
 * (`local/<device>/`, which a sync engine is told not to copy), so that opening a library loads
 * the index instead of rebuilding it.
 *
 * Layout: the magic line `SCHOLIA-SEARCH-INDEX\n`, a 32-bit little-endian length, a JSON header (format
 * and tokeniser versions, the term dictionary, and per document its id, key, title, metadata terms and
 * array lengths), padding to a multiple of 4 bytes, then each document's arrays in header order (distinct
 * terms, offsets, positions, word starts as 32-bit integers, word lengths as 16-bit, its text as UTF-8),
 * each padded to 4 bytes. The header carries a CRC-32 of everything after it.
 *
 * Reading checks the magic, the versions, the checksum and every length, and throws
 * {@link IndexFileError} on any mismatch: the caller rebuilds the index. Writing is durable (temp file,
 * fsync, rename), so a crash leaves the old file or the new one.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { z } from 'zod';
import { CorpusIndex, type IndexedDocument } from './corpus-index';
import { TermDictionary } from './term-dictionary';
import { TOKENIZER_VERSION } from './tokenize';
import { writeDurably } from '../store/durable-json-file';

/** The format of `search/index.bin`; a file of another format is rebuilt. */
export const INDEX_FORMAT_VERSION = 1;

const MAGIC = Buffer.from('SCHOLIA-SEARCH-INDEX\n', 'utf8');

/** Where the index lives in `dir`, this computer's own folder of a library. */
export function indexFilePath(dir: string): string {
  return join(dir, 'search', 'index.bin');
}

/** Why a file could not be used: it is of another version, or damaged. */
export class IndexFileError extends Error {
  readonly reason: 'outdated' | 'corrupt';
  constructor(reason: 'outdated' | 'corrupt', message: string) {
    super(message);
    this.reason = reason;
  }
}

const HeaderSchema = z.object({
  format: z.number(),
  tokenizer: z.number(),
  checksum: z.number(),
  terms: z.array(z.string()),
  documents: z.array(
    z.object({
      id: z.string(),
      key: z.string(),
      title: z.string(),
      meta: z.object({
        title: z.array(z.string()),
        authors: z.array(z.string()),
        container: z.array(z.string()),
      }),
      uniq: z.number().int().nonnegative(),
      words: z.number().int().nonnegative(),
      textBytes: z.number().int().nonnegative(),
      metaOnly: z.number().int().nonnegative(),
    }),
  ),
});

const pad4 = (n: number) => (n + 3) & ~3;

/**
 * The bytes of `index`'s file, as a list of pieces to write one after the other. The arrays are views
 * of the index's own memory, not copies, so this is quick and light even for a large index.
 */
export function serializeIndex(index: CorpusIndex): Buffer[] {
  const steps = serializeSteps(index);
  for (let step = steps.next(); ; step = steps.next()) if (step.done === true) return step.value;
}

/** Terms written to the header between two pauses of {@link serializeSteps}. */
const TERMS_PER_STEP = 40_000;

/**
 * {@link serializeIndex} in steps: the generator pauses after each document's text is encoded and
 * checksummed and after each stretch of the term list, so that a caller can let other work run while a
 * large index is prepared for saving, and returns the pieces. The documents are those indexed when it
 * starts; the terms, those known when it ends (every term of those documents among them).
 */
export function* serializeSteps(index: CorpusIndex): Generator<void, Buffer[], void> {
  const documents = [...index.all()];
  const textBytes: number[] = [];
  const parts: Buffer[] = [];
  let checksum = 0;
  const add = (bytes: Buffer): void => {
    parts.push(bytes);
    checksum = crc32(bytes, checksum);
  };
  const view = (array: Int32Array | Uint16Array) => {
    // Empty pieces are left out: zlib's crc32 of an empty view of an empty buffer drops the running value.
    if (array.byteLength === 0) return;
    const bytes = Buffer.from(array.buffer, array.byteOffset, array.byteLength);
    add(bytes);
    const padding = pad4(bytes.length) - bytes.length;
    if (padding > 0) add(Buffer.alloc(padding));
  };
  for (const document of documents) {
    view(document.uniq);
    view(document.offsets);
    view(document.positions);
    view(document.starts);
    view(document.lengths);
    view(document.metaOnly);
    const text = Buffer.from(document.text, 'utf8');
    textBytes.push(text.length);
    if (text.length > 0) add(text);
    if (pad4(text.length) > text.length) add(Buffer.alloc(pad4(text.length) - text.length));
    yield;
  }
  // The term list is the bulk of the header: it is written a stretch at a time.
  const terms = index.dictionary.terms;
  const termChunks: string[] = [];
  for (let at = 0; at < terms.length; at += TERMS_PER_STEP) {
    termChunks.push(JSON.stringify(terms.slice(at, at + TERMS_PER_STEP)).slice(1, -1));
    yield;
  }
  // The term list's place in the header, as JSON writes it (a value no document field can start with).
  const PLACE = '"\\u0000terms\\u0000"';
  const rest = JSON.stringify({
    format: INDEX_FORMAT_VERSION,
    tokenizer: TOKENIZER_VERSION,
    checksum,
    terms: '\u0000terms\u0000',
    documents: documents.map((document, i) => ({
      id: document.id,
      key: document.key,
      title: document.title,
      meta: document.meta,
      uniq: document.uniq.length,
      words: document.starts.length,
      textBytes: textBytes[i] ?? 0,
      metaOnly: document.metaOnly.length,
    })),
  } satisfies Omit<z.infer<typeof HeaderSchema>, 'terms'> & { terms: string });
  const at = rest.indexOf(PLACE);
  const header = Buffer.from(
    `${rest.slice(0, at)}[${termChunks.filter((chunk) => chunk !== '').join(',')}]${rest.slice(at + PLACE.length)}`,
    'utf8',
  );
  const start = pad4(MAGIC.length + 4 + header.length);
  const prefix = Buffer.alloc(start);
  MAGIC.copy(prefix, 0);
  prefix.writeUInt32LE(header.length, MAGIC.length);
  header.copy(prefix, MAGIC.length + 4);
  return [prefix, ...parts];
}

/** The index held in `bytes`. Throws {@link IndexFileError} when they are not a current, intact index. */
export function deserializeIndex(bytes: Buffer): CorpusIndex {
  const steps = deserializeSteps(bytes);
  for (let step = steps.next(); ; step = steps.next()) if (step.done === true) return step.value;
}

/** Bytes checksummed between two pauses of {@link deserializeSteps}. */
const CHECKSUM_BYTES_PER_STEP = 4 << 20;

/**
 * {@link deserializeIndex} in steps: the generator pauses after each stretch of the checksum and after
 * each document, so that a caller can let other work run while a large index is read, and returns it.
 */
export function* deserializeSteps(bytes: Buffer): Generator<void, CorpusIndex, void> {
  if (bytes.length < MAGIC.length + 4 || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw new IndexFileError('corrupt', 'The file is not a Scholia search index.');
  }
  const headerLength = bytes.readUInt32LE(MAGIC.length);
  const headerEnd = MAGIC.length + 4 + headerLength;
  if (headerEnd > bytes.length) throw new IndexFileError('corrupt', 'The index file is cut short.');
  let raw: unknown;
  try {
    raw = JSON.parse(bytes.toString('utf8', MAGIC.length + 4, headerEnd));
  } catch {
    throw new IndexFileError('corrupt', 'The index file’s header is not valid JSON.');
  }
  const parsed = HeaderSchema.safeParse(raw);
  if (!parsed.success) throw new IndexFileError('corrupt', 'The index file’s header is not as expected.');
  const header = parsed.data;
  if (header.format !== INDEX_FORMAT_VERSION || header.tokenizer !== TOKENIZER_VERSION) {
    throw new IndexFileError('outdated', 'The index was made by another version of Scholia.');
  }
  // Typed arrays need aligned memory; a buffer from a pool may start anywhere.
  const aligned = bytes.byteOffset % 4 === 0 ? bytes : copyAligned(bytes);
  const bodyStart = pad4(headerEnd);
  let checksum = 0;
  for (let at = bodyStart; at < aligned.length; at += CHECKSUM_BYTES_PER_STEP) {
    checksum = crc32(aligned.subarray(at, Math.min(aligned.length, at + CHECKSUM_BYTES_PER_STEP)), checksum);
    yield;
  }
  if (checksum !== header.checksum) {
    throw new IndexFileError('corrupt', 'The index file is damaged (its checksum does not match).');
  }
  const dictionary = TermDictionary.of(header.terms);
  const index = new CorpusIndex(dictionary);
  let at = bodyStart;
  const take = <T>(
    make: (buffer: ArrayBufferLike, offset: number, length: number) => T,
    length: number,
    size: number,
  ): T => {
    if (at + length * size > aligned.length)
      throw new IndexFileError('corrupt', 'The index file is cut short.');
    const array = make(aligned.buffer, aligned.byteOffset + at, length);
    at += pad4(length * size);
    return array;
  };
  const int32 = (length: number) => take((b, o, l) => new Int32Array(b, o, l), length, 4);
  for (const entry of header.documents) {
    const uniq = int32(entry.uniq);
    const offsets = int32(entry.uniq + 1);
    const positions = int32(entry.words);
    const starts = int32(entry.words);
    const lengths = take((b, o, l) => new Uint16Array(b, o, l), entry.words, 2);
    const metaOnly = int32(entry.metaOnly);
    if (at + entry.textBytes > aligned.length)
      throw new IndexFileError('corrupt', 'The index file is cut short.');
    const text = aligned.toString('utf8', at, at + entry.textBytes);
    at += pad4(entry.textBytes);
    const document: IndexedDocument = {
      id: entry.id,
      key: entry.key,
      title: entry.title,
      text,
      meta: entry.meta,
      uniq,
      offsets,
      positions,
      starts,
      lengths,
      metaOnly,
    };
    checkSegment(document, dictionary.size);
    index.putIndexed(document);
    yield;
  }
  return index;
}

/** A copy of `bytes` in memory of its own (so at offset 0: `Buffer.from` may share a pool). */
function copyAligned(bytes: Buffer): Buffer {
  const copy = Buffer.alloc(bytes.length);
  bytes.copy(copy);
  return copy;
}

/** Throws when a segment's numbers do not fit together (a damaged file whose checksum still matched). */
function checkSegment(document: IndexedDocument, terms: number): void {
  const words = document.starts.length;
  const last = document.uniq.length;
  const fits =
    document.offsets[0] === 0 &&
    document.offsets[last] === words &&
    document.uniq.every((id) => id >= 0 && id < terms) &&
    document.metaOnly.every((id) => id >= 0 && id < terms) &&
    document.positions.every((position) => position >= 0 && position < words) &&
    document.starts.every(
      (start, i) => start >= 0 && start + (document.lengths[i] ?? 0) <= document.text.length,
    );
  if (!fits) throw new IndexFileError('corrupt', `The index of document "${document.id}" is inconsistent.`);
}

/**
 * Reads the index of library folder `dir`; null when there is none. Throws {@link IndexFileError}.
 * `pause` is awaited between the steps of reading it back (see {@link deserializeSteps}).
 */
export async function readIndexFile(
  dir: string,
  pause: () => Promise<unknown> = () => Promise.resolve(),
): Promise<CorpusIndex | null> {
  let bytes: Buffer;
  try {
    bytes = await readFile(indexFilePath(dir));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new IndexFileError('corrupt', `The index file cannot be read: ${(error as Error).message}`);
  }
  const steps = deserializeSteps(bytes);
  for (let step = steps.next(); ; step = steps.next()) {
    if (step.done === true) return step.value;
    await pause();
  }
}

/**
 * Writes `pieces` (from {@link serializeIndex}) as the index of library folder `dir`, durably. Creates `search/` inside `dir` only.
 * `guard` runs the quick steps that touch the folder (making `search/`, the rename) and resolves to
 * false when they must not run any more (the library was closed); the slow write of the temp file runs
 * outside it. Resolves to whether the file was written.
 */
export async function writeIndexFile(
  dir: string,
  pieces: readonly Buffer[],
  guard: (step: () => Promise<void>) => Promise<boolean> = async (step) => {
    await step();
    return true;
  },
): Promise<boolean> {
  const folder = join(dir, 'search');
  const made = await guard(async () => {
    await mkdir(folder).catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    });
  });
  if (!made) return false;
  // Piece by piece, so that no 80 MB copy is made and the event loop turns between writes.
  return writeDurably(
    indexFilePath(dir),
    async (handle) => {
      for (const piece of pieces) {
        for (let done = 0; done < piece.length;) {
          done += (await handle.write(piece, done, piece.length - done)).bytesWritten;
        }
      }
    },
    { replace: guard },
  );
}
