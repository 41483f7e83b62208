/**
 * The byte encodings of the corpus index: unsigned varints (7 bits a byte, low bits first, the high
 * bit set on every byte but the last), word positions as the first position then the gaps between
 * ascending positions (so a common word costs about one byte an occurrence), ascending term ids the
 * same way, and a document's word layout (where each word starts and how long it is) in about one
 * byte a word instead of six.
 *
 * Every decoder works on a plain `Uint8Array` and an offset, without allocating, because the index
 * decodes on the query path. Decoders trust their input: the index file is checked when it is read.
 */

/** Bytes that {@link putVarint} takes for `value`. */
export function varintSize(value: number): number {
  let size = 1;
  for (let rest = value >>> 7; rest !== 0; rest >>>= 7) size += 1;
  return size;
}

/** Writes `value` (0 … 2³²−1) at `at` in `bytes` and returns the offset after it. */
export function putVarint(bytes: Uint8Array, at: number, value: number): number {
  let rest = value >>> 0;
  while (rest >= 0x80) {
    bytes[at++] = (rest & 0x7f) | 0x80;
    rest >>>= 7;
  }
  bytes[at++] = rest;
  return at;
}

/** A read position in a byte array, moved on by each read (one object per decoding, not per value). */
export class ByteReader {
  bytes: Uint8Array;
  at: number;

  constructor(bytes: Uint8Array, at = 0) {
    this.bytes = bytes;
    this.at = at;
  }

  /** The varint at the read position. */
  varint(): number {
    const bytes = this.bytes;
    let byte = bytes[this.at++] ?? 0;
    if (byte < 0x80) return byte;
    let value = byte & 0x7f;
    let shift = 7;
    do {
      byte = bytes[this.at++] ?? 0;
      value += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte >= 0x80 && shift < 35);
    return value;
  }

  /** Moves past one varint without reading it. */
  skipVarint(): void {
    while ((this.bytes[this.at++] ?? 0) >= 0x80);
  }
}

/** A growing byte buffer for encoding. */
export class ByteWriter {
  private buffer: Uint8Array;
  /** Bytes written so far. */
  length = 0;

  constructor(capacity = 256) {
    this.buffer = new Uint8Array(Math.max(16, capacity));
  }

  /** Appends a varint. */
  varint(value: number): void {
    if (this.length + 5 > this.buffer.length) this.grow(this.length + 5);
    this.length = putVarint(this.buffer, this.length, value);
  }

  /** Appends one byte. */
  byte(value: number): void {
    if (this.length + 1 > this.buffer.length) this.grow(this.length + 1);
    this.buffer[this.length++] = value;
  }

  /** The bytes written, in an array of their own (exactly as long). */
  finish(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }

  private grow(needed: number): void {
    const grown = new Uint8Array(Math.max(needed, this.buffer.length * 2));
    grown.set(this.buffer.subarray(0, this.length));
    this.buffer = grown;
  }
}

/** Appends ascending `values` (`from` … `to`): the first as it is, then each gap to the one before. */
export function writeAscending(
  writer: ByteWriter,
  values: ArrayLike<number>,
  from = 0,
  to = values.length,
): void {
  let previous = 0;
  for (let i = from; i < to; i++) {
    const value = values[i] ?? 0;
    writer.varint(i === from ? value : value - previous);
    previous = value;
  }
}

/** Reads `count` ascending values written by {@link writeAscending} into `out` (from index 0). */
export function readAscending(reader: ByteReader, count: number, out: Int32Array): Int32Array {
  let value = 0;
  for (let i = 0; i < count; i++) {
    value = i === 0 ? reader.varint() : value + reader.varint();
    out[i] = value;
  }
  return out;
}

/** Ascending `values` encoded on their own (positions or term ids). */
export function encodeAscending(values: ArrayLike<number>): Uint8Array {
  const writer = new ByteWriter(values.length + 8);
  writeAscending(writer, values);
  return writer.finish();
}

/** The `count` values of {@link encodeAscending}'s `bytes`. */
export function decodeAscending(bytes: Uint8Array, count: number): Int32Array {
  return readAscending(new ByteReader(bytes), count, new Int32Array(count));
}

/**
 * Every this many words the layout records where it stands (the text offset and the byte), so that
 * finding one word's span decodes at most this many bytes.
 */
export const LAYOUT_STEP = 128;

/** The longest word length recorded (longer words are shown cut to it, as the index always did). */
export const MAX_WORD_LENGTH = 65_535;

/** Gaps up to this and lengths up to {@link PACKED_LENGTH} share one byte: `gap × 32 + length`. */
const PACKED_GAP = 6;
const PACKED_LENGTH = 31;
/** The byte that says a gap and a length follow as two varints. */
const ESCAPE = 0xff;

/** Where a document's words stand in its text, encoded (see {@link encodeLayout}). */
export interface WordLayout {
  /** Per word: `gap × 32 + length` in one byte, or {@link ESCAPE} and both as varints. */
  layout: Uint8Array;
  /** Per {@link LAYOUT_STEP} words: the end of the word before (text offset), and the byte in `layout`. */
  marks: Int32Array;
}

/**
 * The layout of `count` words whose text offsets are `starts` and lengths `lengths` (capped at
 * {@link MAX_WORD_LENGTH}): each word as the gap from the end of the one before (usually a space, a
 * comma and a space, a blank line) and its length, both small.
 */
export function encodeLayout(starts: Int32Array, lengths: Uint16Array, count: number): WordLayout {
  const writer = new ByteWriter(count + 16);
  const marks = new Int32Array(Math.ceil(count / LAYOUT_STEP) * 2);
  let end = 0;
  for (let i = 0; i < count; i++) {
    if (i % LAYOUT_STEP === 0) {
      marks[(i / LAYOUT_STEP) * 2] = end;
      marks[(i / LAYOUT_STEP) * 2 + 1] = writer.length;
    }
    const start = starts[i] ?? 0;
    const length = lengths[i] ?? 0;
    const gap = start - end;
    if (gap <= PACKED_GAP && length <= PACKED_LENGTH) writer.byte(gap * 32 + length);
    else {
      writer.byte(ESCAPE);
      writer.varint(gap);
      writer.varint(length);
    }
    end = start + length;
  }
  return { layout: writer.finish(), marks };
}

/**
 * Finds the spans of words in a layout, for word positions asked in ascending order (then each word
 * is decoded once at most); a position behind the last one asked goes back to its mark.
 */
export class LayoutReader {
  private readonly reader: ByteReader;
  private readonly marks: Int32Array;
  /** The word the reader stands before, and the end of the word before it. */
  private word = 0;
  private end = 0;
  /** The span of the word last read. */
  start = 0;
  length = 0;

  constructor(layout: WordLayout) {
    this.reader = new ByteReader(layout.layout);
    this.marks = layout.marks;
  }

  /** Reads word `position`: its span is then {@link start} and {@link length}. */
  seek(position: number): void {
    // LAYOUT_STEP is 128: a shift finds the mark.
    const mark = position >> 7;
    if (position < this.word || mark > this.word >> 7) {
      this.word = mark * LAYOUT_STEP;
      this.end = this.marks[mark * 2] ?? 0;
      this.reader.at = this.marks[mark * 2 + 1] ?? 0;
    }
    const reader = this.reader;
    const bytes = reader.bytes;
    // The words before the one asked for: only where they end matters.
    while (this.word < position) {
      const byte = bytes[reader.at++] ?? 0;
      if (byte === ESCAPE) this.end += reader.varint() + reader.varint();
      else this.end += (byte >> 5) + (byte & 31);
      this.word += 1;
    }
    if (this.word === position) {
      const byte = bytes[reader.at++] ?? 0;
      let gap: number;
      let length: number;
      if (byte === ESCAPE) {
        gap = reader.varint();
        length = reader.varint();
      } else {
        gap = byte >> 5;
        length = byte & 31;
      }
      this.start = this.end + gap;
      this.length = length;
      this.end = this.start + length;
      this.word += 1;
    }
  }
}

/**
 * Checks that `layout` holds exactly `count` words within a text of `textLength` characters, with its
 * marks where they belong: false for a damaged one.
 */
export function layoutFits(layout: WordLayout, count: number, textLength: number): boolean {
  if (layout.marks.length !== Math.ceil(count / LAYOUT_STEP) * 2) return false;
  const reader = new ByteReader(layout.layout);
  const bytes = layout.layout;
  let end = 0;
  for (let i = 0; i < count; i++) {
    if (reader.at >= bytes.length) return false;
    if (
      i % LAYOUT_STEP === 0 &&
      (layout.marks[(i / LAYOUT_STEP) * 2] !== end || layout.marks[(i / LAYOUT_STEP) * 2 + 1] !== reader.at)
    )
      return false;
    const byte = bytes[reader.at++] ?? 0;
    const gap = byte === ESCAPE ? reader.varint() : byte >> 5;
    const length = byte === ESCAPE ? reader.varint() : byte & 31;
    end += gap + length;
    if (end > textLength) return false;
  }
  return reader.at === bytes.length;
}
