/**
 * Turning a text file's bytes into a string Scholia can trust: UTF-8 only, no binary content, no byte
 * order mark, `\n` line endings, NFC normalisation (so that a quote typed by the reader matches the
 * same letters in the text however the file composed its accents).
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
 */
export function decodeText(file: SourceFile): string {
  const { bytes, name } = file;
  if (bytes.byteLength === 0) {
    throw importFailed(
      file,
      `"${name}" is empty: there is no text to import. Check that it is the file you meant.`,
    );
  }
  const sniff = bytes.subarray(0, BINARY_SNIFF_BYTES);
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
  text = text.replace(/\r\n?/g, '\n').normalize('NFC');
  if (text.trim() === '') {
    throw importFailed(
      file,
      `"${name}" contains only blank space: there is no text to import. Check that it is the file you meant.`,
    );
  }
  return text;
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
