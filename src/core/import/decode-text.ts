/**
 * Turning a text file's bytes into a string Scholia can trust: UTF-8 (or, for a web page, the encoding
 * it declares; see `html-charset.ts`), no binary content, no byte order mark, `\n` line endings, NFC
 * normalisation (so that a quote typed by the reader matches the same letters in the text however the
 * file composed its accents).
 */
import { importFailed } from './import-error';
import type { SourceFile } from './read-source';
import { firstInvalidUtf8Offset } from './utf8';

/** How much of the start of a file the binary check looks at. */
export const BINARY_SNIFF_BYTES = 64 * 1024;

/**
 * The share of control bytes (other than tab, line feed, form feed and carriage return) above which a
 * file is taken for binary. Text has almost none; even a log full of terminal colour codes stays far below.
 */
export const MAX_CONTROL_SHARE = 0.1;

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * Decodes a text file. Throws `import-failed`, naming the file, when it is empty, binary, UTF-16,
 * not valid UTF-8 (saying at which byte and line), or contains nothing but blank space.
 *
 * `encoding` (a WHATWG encoding name) is another encoding the file is known to be in: a web page's
 * declared charset or byte order mark. UTF-16 is then accepted too.
 */
export function decodeText(file: SourceFile, encoding = 'utf-8'): string {
  const { bytes, name } = file;
  if (bytes.byteLength === 0) {
    throw importFailed(
      file,
      `"${name}" is empty: there is no text to import. Check that it is the file you meant.`,
    );
  }
  const sniff = bytes.subarray(0, BINARY_SNIFF_BYTES);
  if (encoding !== 'utf-8') return finish(file, decodeAs(file, encoding));
  if (isUtf16(sniff)) {
    throw importFailed(
      file,
      `"${name}" is saved as UTF-16 text. Open it in a text editor, save it as UTF-8, and import it again.`,
    );
  }
  const binaryReason = binaryEvidence(sniff);
  if (binaryReason !== null) {
    throw importFailed(
      file,
      `"${name}" looks like a binary file, not text (${binaryReason}). ` +
        'If it comes from a word processor or is a PDF, save or export it as plain text (.txt) first.',
    );
  }
  let text: string;
  try {
    // With ignoreBOM false the decoder consumes a leading UTF-8 byte order mark.
    text = decoder.decode(bytes);
  } catch (error) {
    throw importFailed(file, invalidUtf8Message(name, bytes), error);
  }
  return finish(file, text);
}

/** `text` with `\n` line endings and NFC; refused when it is nothing but blank space. */
function finish(file: SourceFile, decoded: string): string {
  const text = decoded.replace(/\r\n?/g, '\n').normalize('NFC');
  if (text.trim() === '') {
    const { name } = file;
    throw importFailed(
      file,
      `"${name}" contains only blank space: there is no text to import. Check that it is the file you meant.`,
    );
  }
  return text;
}

/**
 * `file` decoded as `encoding` (not UTF-8). UTF-16 is not checked for binary content (its ASCII has
 * NUL bytes); a single- or multi-byte legacy encoding is.
 */
function decodeAs(file: SourceFile, encoding: string): string {
  const { bytes, name } = file;
  if (!encoding.startsWith('utf-16')) {
    const binaryReason = binaryEvidence(bytes.subarray(0, BINARY_SNIFF_BYTES));
    if (binaryReason !== null) {
      throw importFailed(file, `"${name}" looks like a binary file, not text (${binaryReason}).`);
    }
  }
  try {
    // ignoreBOM false: a byte order mark is consumed, not kept as text.
    const text = new TextDecoder(encoding, { fatal: true, ignoreBOM: false }).decode(bytes);
    return encoding === 'windows-1252' ? withWindows1252Punctuation(text) : text;
  } catch (error) {
    throw importFailed(
      file,
      `"${name}" says its text is in the ${encoding} encoding, but it contains bytes that are not ${encoding} text. ` +
        'Open it in a browser or text editor, save it as UTF-8, and import it again.',
      error,
    );
  }
}

/** What windows-1252 puts at bytes 0x80–0x9F (curly quotes, dashes, €…); five bytes stay themselves. */
const WINDOWS_1252_C1 =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

/**
 * Some Node versions decode `windows-1252` as Latin-1, leaving bytes 0x80–0x9F as C1 control
 * characters instead of the punctuation they are. Maps them; text decoded correctly has none to map.
 */
export function withWindows1252Punctuation(text: string): string {
  return text.replace(/[\u0080-\u009f]/g, (char) => WINDOWS_1252_C1.charAt(char.charCodeAt(0) - 0x80));
}

function isUtf16(sniff: Uint8Array): boolean {
  const [first, second] = sniff;
  return (first === 0xff && second === 0xfe) || (first === 0xfe && second === 0xff);
}

/** Why `sniff` looks binary, or `null` when it looks like text. */
function binaryEvidence(sniff: Uint8Array): string | null {
  let controls = 0;
  for (const byte of sniff) {
    if (byte === 0) return 'it contains NUL bytes';
    if ((byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0c && byte !== 0x0d) || byte === 0x7f) {
      controls += 1;
    }
  }
  if (controls > sniff.length * MAX_CONTROL_SHARE) {
    return `${Math.round((controls / sniff.length) * 100)}% of its first bytes are control characters`;
  }
  return null;
}

function invalidUtf8Message(name: string, bytes: Uint8Array): string {
  const offset = firstInvalidUtf8Offset(bytes);
  let where = '';
  if (offset >= 0) {
    let line = 1;
    for (let i = 0; i < offset; i += 1) if (bytes[i] === 0x0a) line += 1;
    where = ` (the first bad byte is at offset ${offset}, on line ${line})`;
  }
  return (
    `"${name}" is not valid UTF-8 text${where}. It is probably in an older encoding such as ` +
    'Windows-1252 or Latin-1: open it in a text editor, save it as UTF-8, and import it again.'
  );
}
