/**
 * The character encoding of a saved web page, found as a browser finds it in a file: a byte order mark
 * first, else the `<meta charset>` or `<meta http-equiv="Content-Type" content="…; charset=…">` in the
 * first 1024 bytes (the WHATWG "prescan"), else UTF-8. A declared label is resolved as the Encoding
 * standard resolves it (`latin1` and `iso-8859-1` are windows-1252); one that no decoder here knows is
 * ignored, so the page is read as UTF-8 and refused with the usual message if it is not.
 *
 * One departure from a browser: a page that declares a legacy encoding but whose bytes are valid UTF-8,
 * non-ASCII ones included, is read as UTF-8. That is a page re-saved by an editor that kept the old
 * declaration; real windows-1252 text is practically never valid UTF-8.
 */
import { isUtf8 } from '../util/strict-utf8';

/** How much of the start of a page the `<meta>` prescan looks at, as in browsers. */
export const CHARSET_PRESCAN_BYTES = 1024;

/** How the encoding was found. */
export type CharsetSource = 'bom' | 'meta' | 'default';

/** The encoding to decode a page with (a WHATWG encoding name, e.g. `utf-8`, `windows-1252`). */
export interface HtmlCharset {
  encoding: string;
  source: CharsetSource;
  /** The label as the page wrote it, when it came from a `<meta>`. */
  declared?: string;
}

/** The encoding of the HTML page `bytes`. */
export function htmlCharset(bytes: Uint8Array): HtmlCharset {
  const bom = bomEncoding(bytes);
  if (bom !== null) return { encoding: bom, source: 'bom' };
  const declared = prescanMetaCharset(bytes.subarray(0, CHARSET_PRESCAN_BYTES));
  if (declared === null) return { encoding: 'utf-8', source: 'default' };
  const encoding = resolveEncodingLabel(declared);
  if (encoding === null) return { encoding: 'utf-8', source: 'default', declared };
  if (encoding !== 'utf-8' && hasNonAscii(bytes) && isUtf8(bytes)) {
    return { encoding: 'utf-8', source: 'meta', declared };
  }
  return { encoding, source: 'meta', declared };
}

/** The encoding a byte order mark at the start of `bytes` names, or null. */
export function bomEncoding(bytes: Uint8Array): string | null {
  const [a, b, c] = bytes;
  if (a === 0xef && b === 0xbb && c === 0xbf) return 'utf-8';
  if (a === 0xfe && b === 0xff) return 'utf-16be';
  if (a === 0xff && b === 0xfe) return 'utf-16le';
  return null;
}

/**
 * The encoding name a `<meta>` label resolves to, or null for a label no decoder knows. A page cannot
 * declare itself UTF-16 in a `<meta>` (it could not have been read to find it): that means UTF-8.
 */
export function resolveEncodingLabel(label: string): string | null {
  const trimmed = label.trim().toLowerCase();
  if (trimmed === 'x-user-defined') return 'windows-1252';
  let encoding: string;
  try {
    encoding = new TextDecoder(trimmed).encoding;
  } catch {
    return null;
  }
  return encoding === 'utf-16le' || encoding === 'utf-16be' ? 'utf-8' : encoding;
}

/**
 * The charset label of the first `<meta>` in `head` that declares one (`charset="…"`, or
 * `http-equiv="content-type"` with `content="…charset=…"`), skipping comments; null when none does.
 */
export function prescanMetaCharset(head: Uint8Array): string | null {
  // Latin-1 maps each byte to one character, so positions and ASCII letters are kept whatever the encoding.
  const text = new TextDecoder('latin1').decode(head).replace(/<!--[\s\S]*?(?:-->|$)/g, ' ');
  const metas = /<meta[\s/]((?:[^>"']|"[^"]*"|'[^']*')*)>/gi;
  for (const meta of text.matchAll(metas)) {
    const attributes = attributesOf(meta[1] ?? '');
    const charset = attributes.get('charset');
    if (charset !== undefined && charset !== '') return charset;
    const content = attributes.get('content');
    if (attributes.get('http-equiv')?.toLowerCase() === 'content-type' && content !== undefined) {
      const fromContent = charsetInContent(content);
      if (fromContent !== null) return fromContent;
    }
  }
  return null;
}

/** A tag's attributes by lower-cased name; the first of a repeated name wins, as in HTML. */
function attributesOf(source: string): Map<string, string> {
  const attributes = new Map<string, string>();
  const attribute = /([^\s/>="']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']*)))?/g;
  for (const match of source.matchAll(attribute)) {
    const name = (match[1] ?? '').toLowerCase();
    if (!attributes.has(name)) attributes.set(name, match[2] ?? match[3] ?? match[4] ?? '');
  }
  return attributes;
}

/** The charset in a Content-Type value such as `text/html; charset=windows-1252`, or null. */
export function charsetInContent(content: string): string | null {
  const match = /charset\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s;"']+))/i.exec(content);
  if (match === null) return null;
  const value = match[1] ?? match[2] ?? match[3] ?? '';
  return value === '' ? null : value;
}

function hasNonAscii(bytes: Uint8Array): boolean {
  for (const byte of bytes) if (byte >= 0x80) return true;
  return false;
}
