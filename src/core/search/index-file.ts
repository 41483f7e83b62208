/**
 * The search index on disk: `search/index.bin` in this computer's own folder of the library
 * (`local/<device>/`, which a sync engine is told not to copy), so that opening a library loads
 * the index instead of rebuilding it.
 *
 * Layout: the magic line `SCHOLIA-SEARCH-INDEX\n`, a 32-bit little-endian length, a JSON header (format
 * and tokeniser versions, the term dictionary, per document its id, key, title, metadata terms, slot
 * and array lengths, and the length of the merged term lists), padding to a multiple of 4 bytes, then
 * each document's arrays in header order (word layout, layout marks, metadata-only terms, then either
 * its own postings, for a document not yet merged, or its term ids, and its text as UTF-8), then the
 * merged term lists (their starts, their bytes), each piece padded to 4 bytes. The arrays are the
 * index's own memory as it is (`corpus-index.ts`), so saving and loading copy and check, never
 * re-encode. The header carries a CRC-32 of everything after it.
 *
 * Reading checks the magic, the versions, the checksum and every length and entry, and throws
 * {@link IndexFileError} on any mismatch: the caller rebuilds the index (a file of format 1, from
 * before postings were kept by term, is "outdated" and rebuilt). Writing is durable (temp file,
 * fsync, rename), so a crash leaves the old file or the new one.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { z } from 'zod';
import { CorpusIndex, type IndexedDocument, type LocalPostings } from './corpus-index';
import { ByteReader, layoutFits } from './postings-codec';
import { TermDictionary } from './term-dictionary';
import { TOKENIZER_VERSION } from './tokenize';
import { writeDurably } from '../store/durable-json-file';

/** The format of `search/index.bin`; a file of another format is rebuilt. */
export const INDEX_FORMAT_VERSION = 2;

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

const count = z.number().int().nonnegative();

/** Only the versions, read first, so that a file of another format is told apart from a damaged one. */
const VersionSchema = z.object({ format: z.number(), tokenizer: z.number() });

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
      slot: count,
      words: count,
      textBytes: count,
      layoutBytes: count,
      marks: count,
      metaOnly: count,
      termCount: count,
      /** Bytes of its own postings (not yet merged), or null once merged. */
      localBytes: count.nullable(),
      /** Bytes of its term ids once merged, or null. */
      termBytes: count.nullable(),
    }),
  ),
  merged: z.object({ terms: count, bytes: count }),
});

type Header = z.infer<typeof HeaderSchema>;

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
/** Bytes checksummed between two pauses of {@link serializeSteps} and {@link deserializeSteps}. */
const CHECKSUM_BYTES_PER_STEP = 4 << 20;

/**
 * {@link serializeIndex} in steps: the generator pauses after each document's text is encoded and
 * checksummed, after each stretch of the merged lists and of the term list, so that a caller can let
 * other work run while a large index is prepared for saving, and returns the pieces. The documents are
 * those indexed when it starts (the arrays it writes are never changed, only replaced); the terms,
 * those known when it ends (every term of those documents among them).
 */
export function* serializeSteps(index: CorpusIndex): Generator<void, Buffer[], void> {
  const { bytes: mergedBytes, starts: mergedStarts, documents } = index.parts();
  const textBytes: number[] = [];
  const parts: Buffer[] = [];
  let checksum = 0;
  const add = (bytes: Buffer): void => {
    parts.push(bytes);
    checksum = crc32(bytes, checksum);
  };
  const view = (array: Int32Array | Uint8Array) => {
    // Empty pieces are left out: zlib's crc32 of an empty view of an empty buffer drops the running value.
    if (array.byteLength === 0) return;
    const bytes = Buffer.from(array.buffer, array.byteOffset, array.byteLength);
    add(bytes);
    const padding = pad4(bytes.length) - bytes.length;
    if (padding > 0) add(Buffer.alloc(padding));
  };
  for (const { document, local, terms } of documents) {
    view(document.layout);
    view(document.marks);
    view(document.metaOnly);
    if (local !== null) {
      view(local.uniq);
      view(local.offsets);
      view(local.bytes);
    } else view(terms ?? new Uint8Array(0));
    const text = Buffer.from(document.text, 'utf8');
    textBytes.push(text.length);
    if (text.length > 0) add(text);
    if (pad4(text.length) > text.length) add(Buffer.alloc(pad4(text.length) - text.length));
    yield;
  }
  view(mergedStarts);
  for (let at = 0; at < mergedBytes.length; at += CHECKSUM_BYTES_PER_STEP) {
    add(
      Buffer.from(
        mergedBytes.buffer,
        mergedBytes.byteOffset + at,
        Math.min(CHECKSUM_BYTES_PER_STEP, mergedBytes.length - at),
      ),
    );
    yield;
  }
  if (pad4(mergedBytes.length) > mergedBytes.length)
    add(Buffer.alloc(pad4(mergedBytes.length) - mergedBytes.length));
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
    documents: documents.map(({ document, slot, local, terms: termIds, termCount }, i) => ({
      id: document.id,
      key: document.key,
      title: document.title,
      meta: document.meta,
      slot,
      words: document.words,
      textBytes: textBytes[i] ?? 0,
      layoutBytes: document.layout.length,
      marks: document.marks.length,
      metaOnly: document.metaOnly.length,
      termCount,
      localBytes: local === null ? null : local.bytes.length,
      termBytes: local === null ? (termIds?.length ?? 0) : null,
    })),
    merged: { terms: mergedStarts.length - 1, bytes: mergedBytes.length },
  } satisfies Omit<Header, 'terms'> & { terms: string });
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

/** Terms of the merged lists, and bytes, checked between two pauses of {@link deserializeSteps}. */
const TERMS_CHECKED_PER_STEP = 20_000;
const BYTES_CHECKED_PER_STEP = 1 << 20;

/**
 * {@link deserializeIndex} in steps: the generator pauses after each stretch of the checksum, after
 * each document and after each stretch of the merged lists checked, so that a caller can let other
 * work run while a large index is read, and returns it.
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
  const versions = VersionSchema.safeParse(raw);
  if (!versions.success) throw new IndexFileError('corrupt', 'The index file’s header is not as expected.');
  if (versions.data.format !== INDEX_FORMAT_VERSION || versions.data.tokenizer !== TOKENIZER_VERSION) {
    throw new IndexFileError('outdated', 'The index was made by another version of Scholia.');
  }
  const parsed = HeaderSchema.safeParse(raw);
  if (!parsed.success) throw new IndexFileError('corrupt', 'The index file’s header is not as expected.');
  const header = parsed.data;
  const bodyStart = pad4(headerEnd);
  let checksum = 0;
  for (let at = bodyStart; at < bytes.length; at += CHECKSUM_BYTES_PER_STEP) {
    checksum = crc32(bytes.subarray(at, Math.min(bytes.length, at + CHECKSUM_BYTES_PER_STEP)), checksum);
    yield;
  }
  if (checksum !== header.checksum) {
    throw new IndexFileError('corrupt', 'The index file is damaged (its checksum does not match).');
  }
  const dictionary = TermDictionary.of(header.terms);
  const termCount = dictionary.size;
  let at = bodyStart;
  /** The next `length` bytes, copied: the file's buffer (texts and all) is not kept alive by a view. */
  const take = (length: number): Uint8Array => {
    if (at + length > bytes.length) throw new IndexFileError('corrupt', 'The index file is cut short.');
    const copy = new Uint8Array(length);
    copy.set(bytes.subarray(at, at + length));
    at += pad4(length);
    return copy;
  };
  const int32 = (length: number): Int32Array => {
    const raw32 = take(length * 4);
    // Little-endian on disk, as on every machine Scholia runs on.
    return new Int32Array(raw32.buffer, 0, length);
  };
  // Slots number the documents held, and those removed since the last merge: far more is damage (and
  // would make every search allocate for them).
  const slotLimit = header.documents.length * 4 + 4096;
  const documents: ReturnType<CorpusIndex['parts']>['documents'] = [];
  const slots = new Map<number, { words: number; termCount: number; merged: boolean; seen: number }>();
  for (const entry of header.documents) {
    const layout = take(entry.layoutBytes);
    const marks = int32(entry.marks);
    const metaOnly = int32(entry.metaOnly);
    let local: LocalPostings | null = null;
    let terms: Uint8Array | null = null;
    if (entry.localBytes !== null) {
      const uniq = int32(entry.termCount);
      const offsets = int32(entry.termCount + 1);
      local = { uniq, offsets, bytes: take(entry.localBytes) };
    } else terms = take(entry.termBytes ?? 0);
    if (at + entry.textBytes > bytes.length)
      throw new IndexFileError('corrupt', 'The index file is cut short.');
    const text = bytes.toString('utf8', at, at + entry.textBytes);
    at += pad4(entry.textBytes);
    const document: IndexedDocument = {
      id: entry.id,
      key: entry.key,
      title: entry.title,
      text,
      meta: entry.meta,
      words: entry.words,
      layout,
      marks,
      metaOnly,
    };
    const fits =
      entry.slot < slotLimit &&
      !slots.has(entry.slot) &&
      layoutFits(document, entry.words, text.length) &&
      ascendingIn(metaOnly, termCount) &&
      (local !== null
        ? localFits(local, termCount, entry.words)
        : termsFit(terms, entry.termCount, termCount));
    if (!fits) throw new IndexFileError('corrupt', `The index of document "${entry.id}" is inconsistent.`);
    slots.set(entry.slot, {
      words: entry.words,
      termCount: entry.termCount,
      merged: local === null,
      seen: 0,
    });
    documents.push({ document, slot: entry.slot, local, terms, termCount: entry.termCount });
    yield;
  }
  const starts = int32(header.merged.terms + 1);
  const merged = take(header.merged.bytes);
  if (at !== pad4(bytes.length) && at !== bytes.length)
    throw new IndexFileError('corrupt', 'The index file is longer than its header says.');
  // The merged lists: every entry whole, of a merged document or of one removed before saving.
  const bad = () => new IndexFileError('corrupt', 'The index’s term lists are inconsistent.');
  if (header.merged.terms > termCount || starts[0] !== 0 || starts[header.merged.terms] !== merged.length)
    throw bad();
  const removed = new Set<number>();
  const reader = new ByteReader(merged);
  let checkedAt = 0;
  let checkedTerm = 0;
  for (let term = 0; term < header.merged.terms; term++) {
    const end = starts[term + 1] ?? 0;
    if (end < (starts[term] ?? 0)) throw bad();
    reader.at = starts[term] ?? 0;
    while (reader.at < end) {
      const slot = reader.varint();
      const owner = slots.get(slot);
      if (owner?.merged === false || slot >= slotLimit) throw bad();
      if (owner === undefined) removed.add(slot);
      else owner.seen += 1;
      const tf = reader.varint();
      if (tf === 0) throw bad();
      if (tf > 1) {
        const length = reader.varint();
        if (reader.at + length > end) throw bad();
      }
      if (!positionsFit(reader, tf, owner?.words ?? Infinity) || reader.at > end) throw bad();
    }
    if (reader.at - checkedAt > BYTES_CHECKED_PER_STEP || term - checkedTerm > TERMS_CHECKED_PER_STEP) {
      checkedAt = reader.at;
      checkedTerm = term;
      yield;
    }
  }
  for (const owner of slots.values()) if (owner.merged && owner.seen !== owner.termCount) throw bad();
  return CorpusIndex.fromParts(dictionary, { bytes: merged, starts, documents }, [...removed]);
}

/** Whether `ids` are ascending term ids below `terms`. */
function ascendingIn(ids: Int32Array, terms: number): boolean {
  let previous = -1;
  for (const id of ids) {
    if (id <= previous || id >= terms) return false;
    previous = id;
  }
  return true;
}

/** Whether `count` ascending positions below `words` follow at `reader` (which then stands after them). */
function positionsFit(reader: ByteReader, count: number, words: number): boolean {
  let position = -1;
  for (let i = 0; i < count; i++) {
    if (reader.at >= reader.bytes.length) return false;
    const value = reader.varint();
    if (i > 0 && value === 0) return false;
    position = i === 0 ? value : position + value;
    if (position >= words) return false;
  }
  return true;
}

/** Whether a document's own postings are whole: ascending terms, each entry a count and its positions. */
function localFits(local: LocalPostings, terms: number, words: number): boolean {
  const { uniq, offsets, bytes } = local;
  if (!ascendingIn(uniq, terms) || offsets[0] !== 0 || offsets[uniq.length] !== bytes.length) return false;
  const reader = new ByteReader(bytes);
  for (let u = 0; u < uniq.length; u++) {
    const end = offsets[u + 1] ?? 0;
    if (end < (offsets[u] ?? 0)) return false;
    reader.at = offsets[u] ?? 0;
    const tf = reader.varint();
    if (tf === 0 || !positionsFit(reader, tf, words) || reader.at !== end) return false;
  }
  return true;
}

/** Whether a merged document's term ids are `count` ascending ids below `terms`, exactly. */
function termsFit(bytes: Uint8Array | null, count: number, terms: number): boolean {
  if (bytes === null) return false;
  const reader = new ByteReader(bytes);
  let id = -1;
  for (let i = 0; i < count; i++) {
    if (reader.at >= bytes.length) return false;
    const value = reader.varint();
    if (i > 0 && value === 0) return false;
    id = i === 0 ? value : id + value;
    if (id >= terms) return false;
  }
  return reader.at === bytes.length;
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
