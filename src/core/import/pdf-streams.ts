/**
 * What the compressed streams of a PDF unpack to, measured before pdfjs reads the file. pdfjs inflates
 * every stream it needs whole, into memory, with no limit: a content stream of a megabyte that inflates
 * to a gibibyte (a "flate bomb") costs gigabytes and minutes. So every stream that pdfjs may decode to
 * read text (content streams, forms, fonts, object streams; not images, which text extraction never
 * decodes) is measured here, with the work bounded by the limit itself: Flate data is inflated by
 * zlib with the limit as the most it may produce, LZW and run-length data are measured without
 * building their output, and ASCII hex and base-85 wrappers are undone first. The streams of an
 * encrypted PDF ({@link isEncryptedPdf}) cannot be measured here: reading one is bounded as it runs
 * instead (`pdf-worker-host.ts`).
 */
import { inflateSync, constants as zlib } from 'node:zlib';

/** Where {@link measurePdfStreams} stops. */
export interface StreamLimits {
  /** Bytes one stream may unpack to. */
  readonly streamBytes: number;
  /** Bytes all the streams together may unpack to. */
  readonly totalBytes: number;
}

/** What was found: nothing over the limits, or the first stream over one. */
export type StreamMeasure =
  | { readonly over: null; readonly totalBytes: number }
  | { readonly over: 'stream'; readonly objectNumber: number | null; readonly bytes: number }
  | { readonly over: 'total'; readonly totalBytes: number };

const STREAM = Buffer.from('stream', 'latin1');
const ENDSTREAM = Buffer.from('endstream', 'latin1');
const OBJ = Buffer.from('obj', 'latin1');

/** One stream found in the file. */
interface FoundStream {
  readonly start: number;
  readonly end: number;
  readonly objectNumber: number | null;
  readonly filters: readonly string[];
  readonly image: boolean;
  readonly objectStream: boolean;
}

/**
 * Measures the streams of `pdf` against `limits`; see the module comment. A stream whose dictionary
 * calls it an image is left out unless a page names it as its `/Contents` (pdfjs reads a page's
 * contents whatever their dictionary says), looked for in the file and in its object streams.
 */
export function measurePdfStreams(pdf: Uint8Array, limits: StreamLimits): StreamMeasure {
  const bytes = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  const streams = findStreams(bytes);
  const contents = contentObjects(bytes.toString('latin1'));
  let total = 0;
  const measure = (stream: FoundStream): StreamMeasure | null => {
    const room = Math.min(limits.streamBytes, limits.totalBytes - total);
    const decoded = decode(bytes.subarray(stream.start, stream.end), stream.filters, room);
    if (decoded.size > room) {
      if (decoded.size > limits.streamBytes)
        return { over: 'stream', objectNumber: stream.objectNumber, bytes: decoded.size };
      return { over: 'total', totalBytes: total + decoded.size };
    }
    total += decoded.size;
    if (stream.objectStream && decoded.data !== null) {
      for (const number of contentObjects(Buffer.from(decoded.data).toString('latin1'))) contents.add(number);
    }
    return null;
  };
  for (const stream of streams) {
    if (stream.image) continue;
    const over = measure(stream);
    if (over !== null) return over;
  }
  for (const stream of streams) {
    if (!stream.image || stream.objectNumber === null || !contents.has(stream.objectNumber)) continue;
    const over = measure(stream);
    if (over !== null) return over;
  }
  return { over: null, totalBytes: total };
}

/** Every `stream … endstream` of the file, with what its dictionary says about it. */
function findStreams(bytes: Buffer): FoundStream[] {
  const streams: FoundStream[] = [];
  let from = 0;
  for (;;) {
    const keyword = bytes.indexOf(STREAM, from);
    if (keyword < 0) break;
    from = keyword + STREAM.length;
    // "endstream" contains "stream"; so do names such as /Downstream.
    if (keyword >= 3 && bytes.toString('latin1', keyword - 3, keyword) === 'end') continue;
    let start = keyword + STREAM.length;
    if (bytes[start] === 0x0d) start += 1;
    if (bytes[start] !== 0x0a && bytes[start - 1] !== 0x0d) continue;
    if (bytes[start] === 0x0a) start += 1;
    const dictionary = dictionaryBefore(bytes, keyword);
    const text = dictionary?.text ?? '';
    const end = streamEnd(bytes, start, text);
    from = Math.max(from, end);
    streams.push({
      start,
      end,
      objectNumber: dictionary?.objectNumber ?? null,
      // A dictionary not found, or a /Filter not understood, may still be Flate: it is tried.
      filters: dictionary === null ? ['Unknown'] : filtersOf(text),
      image: /\/Subtype\s*\/Image\b/.test(text),
      objectStream: /\/Type\s*\/ObjStm\b/.test(text),
    });
  }
  return streams;
}

/** The object numbers that `text` names as a page's `/Contents` (one reference or an array of them). */
function contentObjects(text: string): Set<number> {
  const numbers = new Set<number>();
  // A name may be written with #xx escapes (/Con#74ents), which pdfjs undoes.
  const unescaped = text.includes('#')
    ? text.replace(/#([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
    : text;
  for (const match of unescaped.matchAll(/\/Contents\s*(\[[^\]]*\]|\d+\s+\d+\s+R)/g)) {
    for (const reference of (match[1] ?? '').matchAll(/(\d+)\s+\d+\s+R/g)) numbers.add(Number(reference[1]));
  }
  return numbers;
}

/** The stream's dictionary (from its object's `obj` keyword, at most 64 KB back) and its object number. */
function dictionaryBefore(
  bytes: Buffer,
  keyword: number,
): { text: string; objectNumber: number | null } | null {
  const earliest = Math.max(0, keyword - 65_536);
  const found = bytes.subarray(earliest, keyword).lastIndexOf(OBJ);
  const obj = found < 0 ? -1 : earliest + found;
  const from = obj >= 0 ? obj : earliest;
  const text = bytes.toString('latin1', from, keyword);
  if (!text.includes('<<')) return null;
  const number =
    obj >= 0 ? /(\d+)\s+\d+\s+$/.exec(bytes.toString('latin1', Math.max(0, obj - 24), obj)) : null;
  return { text, objectNumber: number === null ? null : Number(number[1]) };
}

/**
 * The stream's filters, in order (`/Filter /FlateDecode` or `/Filter [/A85 /Fl]`; abbreviations and
 * `#xx` escapes undone); `Unknown` for a `/Filter` that cannot be read here (an indirect one).
 */
function filtersOf(dictionary: string): string[] {
  const filter = /\/Filter\s*(\[[^\]]*\]|\/[^\s/[\]<>()]+)?/.exec(dictionary);
  if (filter === null) return [];
  if (filter[1] === undefined) return ['Unknown'];
  const names = filter[1].match(/\/[^\s/[\]<>()]+/g) ?? [];
  const full: Record<string, string> = {
    Fl: 'FlateDecode',
    LZW: 'LZWDecode',
    AHx: 'ASCIIHexDecode',
    A85: 'ASCII85Decode',
    RL: 'RunLengthDecode',
  };
  return names.map((raw) => {
    const name = raw
      .slice(1)
      .replace(/#([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    return full[name] ?? name;
  });
}

/** Where the stream's data ends: at its direct `/Length` when `endstream` follows there, else before the next `endstream`. */
function streamEnd(bytes: Buffer, start: number, dictionary: string): number {
  const length = /\/Length\s+(\d+)(?![\d.])(?!\s+\d+\s+R)/.exec(dictionary);
  if (length !== null) {
    const end = start + Number(length[1]);
    if (end <= bytes.byteLength) {
      const after = bytes.toString('latin1', end, Math.min(bytes.byteLength, end + 16));
      if (/^\s*endstream/.test(after)) return end;
    }
  }
  const found = bytes.indexOf(ENDSTREAM, start);
  return found < 0 ? bytes.byteLength : found;
}

/**
 * What `data` decodes to through `filters`: its size, or some size over `room` as soon as that is
 * certain, and the bytes when they were made (null when measured without them). Decoding stops at the
 * first filter that is not measured here (images' DCT, JPX, CCITT, JBIG2, which only shrink or are
 * never decoded for text), counting the data as it is then; an `Unknown` filter is tried as Flate;
 * damaged data counts what decoded before the damage (pdfjs does the same).
 */
function decode(
  data: Uint8Array,
  filters: readonly string[],
  room: number,
): { size: number; data: Uint8Array | null } {
  let current: Uint8Array = data;
  for (const [index, filter] of filters.entries()) {
    const last = index === filters.length - 1;
    switch (filter) {
      case 'ASCIIHexDecode':
        current = asciiHex(current);
        break;
      case 'ASCII85Decode':
        current = ascii85(current);
        break;
      case 'FlateDecode':
      case 'Unknown': {
        const inflated = inflateCapped(current, room);
        if (inflated === null) return { size: room + 1, data: null };
        // Not Flate after all: the data is counted as it is.
        if (filter === 'Unknown' && inflated.byteLength === 0)
          return { size: current.byteLength, data: current };
        current = inflated;
        break;
      }
      case 'LZWDecode':
        // Measured without building the output; in a chain (never seen in practice), bounded by LZW's ratio.
        return {
          size: last ? lzwSize(current, room) : Math.min(room + 1, current.byteLength * 4096),
          data: null,
        };
      case 'RunLengthDecode':
        return {
          size: last ? runLengthSize(current, room) : Math.min(room + 1, current.byteLength * 128),
          data: null,
        };
      default:
        return { size: current.byteLength, data: current };
    }
    if (current.byteLength > room) return { size: current.byteLength, data: null };
  }
  return { size: current.byteLength, data: current };
}

/** `data` inflated (zlib or raw deflate, as pdfjs accepts), or null when it would pass `room` bytes. */
function inflateCapped(data: Uint8Array, room: number): Uint8Array | null {
  try {
    // Z_SYNC_FLUSH: a stream cut short yields what it holds, as pdfjs reads it.
    return inflateSync(data, { maxOutputLength: Math.max(1, room), finishFlush: zlib.Z_SYNC_FLUSH });
  } catch (error) {
    if (error instanceof RangeError) return null;
    return new Uint8Array(0);
  }
}

function asciiHex(data: Uint8Array): Uint8Array {
  const out: number[] = [];
  let high = -1;
  for (const byte of data) {
    if (byte === 0x3e) break;
    const digit =
      byte >= 0x30 && byte <= 0x39
        ? byte - 0x30
        : byte >= 0x41 && byte <= 0x46
          ? byte - 55
          : byte >= 0x61 && byte <= 0x66
            ? byte - 87
            : -1;
    if (digit < 0) continue;
    if (high < 0) high = digit;
    else {
      out.push(high * 16 + digit);
      high = -1;
    }
  }
  if (high >= 0) out.push(high * 16);
  return Uint8Array.from(out);
}

function ascii85(data: Uint8Array): Uint8Array {
  const out: number[] = [];
  let group: number[] = [];
  const flush = (count: number): void => {
    let value = 0;
    for (let i = 0; i < 5; i += 1) value = value * 85 + (group[i] ?? 84);
    for (let i = 0; i < count - 1; i += 1) out.push((value >>> (24 - 8 * i)) & 0xff);
  };
  for (const byte of data) {
    if (byte === 0x7e) break; // ~> ends the data
    if (byte === 0x7a && group.length === 0) {
      out.push(0, 0, 0, 0);
      continue;
    }
    if (byte < 0x21 || byte > 0x75) continue;
    group.push(byte - 0x21);
    if (group.length === 5) {
      flush(5);
      group = [];
    }
  }
  if (group.length > 0) flush(group.length);
  return Uint8Array.from(out);
}

/** The length of LZW data decoded (as PDF writes it: MSB first, 9–12 bit codes, early change), without decoding it. */
function lzwSize(data: Uint8Array, room: number): number {
  const lengths = new Uint16Array(4096);
  for (let code = 0; code < 256; code += 1) lengths[code] = 1;
  let next = 258;
  let width = 9;
  let previous = -1;
  let size = 0;
  let buffer = 0;
  let bits = 0;
  for (const byte of data) {
    buffer = ((buffer << 8) | byte) >>> 0;
    bits += 8;
    while (bits >= width) {
      const code = (buffer >>> (bits - width)) & ((1 << width) - 1);
      bits -= width;
      if (code === 256) {
        next = 258;
        width = 9;
        previous = -1;
        continue;
      }
      if (code === 257) return size;
      // A code not yet defined is the previous string plus its first byte.
      const length = code < next ? (lengths[code] ?? 1) : previous >= 0 ? (lengths[previous] ?? 0) + 1 : 1;
      size += length;
      if (size > room) return size;
      if (previous >= 0 && next < 4096) {
        lengths[next] = (lengths[previous] ?? 0) + 1;
        next += 1;
      }
      previous = code;
      if (next + 1 >= 1 << width && width < 12) width += 1;
    }
  }
  return size;
}

/** The length of run-length data decoded, without decoding it. */
function runLengthSize(data: Uint8Array, room: number): number {
  let size = 0;
  for (let at = 0; at < data.byteLength;) {
    const length = data[at] ?? 128;
    if (length === 128) break;
    if (length < 128) {
      size += length + 1;
      at += length + 2;
    } else {
      size += 257 - length;
      at += 2;
    }
    if (size > room) return size;
  }
  return size;
}

const ENCRYPT = Buffer.from('/Encrypt', 'latin1');

/**
 * Whether `pdf` names an `/Encrypt` dictionary (in its trailer or a cross-reference stream): then its
 * streams and strings are encrypted, and {@link measurePdfStreams} cannot measure what they unpack to.
 */
export function isEncryptedPdf(pdf: Uint8Array): boolean {
  const bytes = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  for (let at = bytes.indexOf(ENCRYPT); at >= 0; at = bytes.indexOf(ENCRYPT, at + ENCRYPT.length)) {
    const next = bytes[at + ENCRYPT.length] ?? 0x20;
    // Not /EncryptMetadata or another longer name.
    if (!/[A-Za-z0-9_.#-]/.test(String.fromCharCode(next))) return true;
  }
  return false;
}
