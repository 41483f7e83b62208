import { describe, expect, it } from 'vitest';
import { projectDocument } from '../../shared/projection';
import { failureOf as failure } from '../test-support';
import { convertHtml } from './html';
import { CHARSET_PRESCAN_BYTES, htmlCharset, prescanMetaCharset, resolveEncodingLabel } from './html-charset';
import { fileOf } from './test-fixtures';

/** windows-1252's bytes for the characters above ASCII that these tests use. */
const CP1252: Record<string, number> = {
  '€': 0x80,
  '…': 0x85,
  '‘': 0x91,
  '’': 0x92,
  '“': 0x93,
  '”': 0x94,
  '–': 0x96,
  '—': 0x97,
  '™': 0x99,
};

/** `text` encoded as windows-1252 (Latin-1 letters are their own code points there). */
function cp1252(text: string): Uint8Array {
  return Uint8Array.from(Array.from(text), (char) => {
    const mapped = CP1252[char];
    if (mapped !== undefined) return mapped;
    const code = char.codePointAt(0) ?? 0;
    if (code > 0xff || (code >= 0x80 && code < 0xa0)) throw new Error(`${char} is not in windows-1252`);
    return code;
  });
}

const ascii = (text: string): Uint8Array => new TextEncoder().encode(text);

const SENTENCE = '“The café’s regulars,” she wrote – and the Café Rouge’s owner agreed.';

function page(head: string, body = SENTENCE): string {
  return `<!DOCTYPE html><html><head>${head}<title>Café society</title></head><body><p>${body}</p></body></html>`;
}

function textOf(bytes: Uint8Array, name = 'page.html'): string {
  return projectDocument(convertHtml(fileOf(name, bytes)).doc).text;
}

describe('htmlCharset', () => {
  it('finds <meta charset>, in any case and quoting', () => {
    expect(htmlCharset(cp1252(page('<meta charset="windows-1252">')))).toEqual({
      encoding: 'windows-1252',
      source: 'meta',
      declared: 'windows-1252',
    });
    expect(prescanMetaCharset(ascii("<META CharSet='ISO-8859-1'>"))).toBe('ISO-8859-1');
    expect(prescanMetaCharset(ascii('<meta charset=koi8-r>'))).toBe('koi8-r');
  });

  it('finds the charset of <meta http-equiv="Content-Type">, whichever attribute comes first', () => {
    const pragma = '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">';
    expect(prescanMetaCharset(ascii(pragma))).toBe('iso-8859-1');
    expect(
      prescanMetaCharset(ascii('<meta content="text/html;charset=\'latin1\'" http-equiv=content-type>')),
    ).toBe('latin1');
    // A content attribute without the http-equiv declares nothing.
    expect(prescanMetaCharset(ascii('<meta name="x" content="text/html; charset=koi8-r">'))).toBeNull();
  });

  it('resolves labels as the Encoding standard does', () => {
    expect(resolveEncodingLabel('ISO-8859-1')).toBe('windows-1252');
    expect(resolveEncodingLabel(' latin1 ')).toBe('windows-1252');
    expect(resolveEncodingLabel('Shift_JIS')).toBe('shift_jis');
    // A page read as bytes cannot be UTF-16 because a <meta> says so.
    expect(resolveEncodingLabel('utf-16')).toBe('utf-8');
    expect(resolveEncodingLabel('no-such-encoding')).toBeNull();
  });

  it('lets a byte order mark win over a <meta>, and ignores commented-out and late declarations', () => {
    const bom = Uint8Array.from([0xef, 0xbb, 0xbf, ...ascii(page('<meta charset="windows-1252">'))]);
    expect(htmlCharset(bom)).toEqual({ encoding: 'utf-8', source: 'bom' });
    expect(prescanMetaCharset(ascii('<!-- <meta charset="koi8-r"> --><meta charset="windows-1252">'))).toBe(
      'windows-1252',
    );
    const late = `<!DOCTYPE html><html><head><!-- ${'x'.repeat(CHARSET_PRESCAN_BYTES)} --><meta charset="windows-1252">`;
    expect(htmlCharset(ascii(late))).toEqual({ encoding: 'utf-8', source: 'default' });
  });

  it('reads a page whose bytes are valid UTF-8 as UTF-8 even if it declares windows-1252', () => {
    const resaved = new TextEncoder().encode(page('<meta charset="windows-1252">'));
    expect(htmlCharset(resaved).encoding).toBe('utf-8');
  });
});

describe('convertHtml with declared encodings', () => {
  it('imports a windows-1252 page with <meta charset>: curly quotes and accents intact', () => {
    const text = textOf(cp1252(page('<meta charset="windows-1252">')));
    expect(text).toContain(SENTENCE);
    expect(text).toContain('Café society');
    const prices = textOf(cp1252(page('<meta charset="windows-1252">', 'Scholia™ costs €0 — really…')));
    expect(prices).toContain('Scholia™ costs €0 — really…');
  });

  it('imports an ISO-8859-1 page declared by http-equiv (read as windows-1252, as browsers do)', () => {
    const head = '<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">';
    expect(textOf(cp1252(page(head)))).toContain(SENTENCE);
  });

  it('imports a UTF-16 page with a byte order mark', () => {
    const html = page('');
    const bytes = new Uint8Array(2 + html.length * 2);
    bytes.set([0xff, 0xfe]);
    // UTF-16LE: each code unit low byte first.
    for (let index = 0; index < html.length; index++) {
      const code = html.charCodeAt(index);
      bytes[2 + index * 2] = code & 0xff;
      bytes[3 + index * 2] = code >> 8;
    }
    expect(textOf(bytes)).toContain(SENTENCE);
  });

  it('refuses, as before, a page in an undeclared legacy encoding', () => {
    const error = failure(() => convertHtml(fileOf('old.html', cp1252(page('')))));
    expect(error.code).toBe('import-failed');
    expect(error.message).toMatch(
      /^"old\.html" is not valid UTF-8 text \(the first bad byte is at offset \d+, on line 1\)/,
    );
  });

  it('falls back to UTF-8 for a label no decoder knows, with the usual message', () => {
    const error = failure(() =>
      convertHtml(fileOf('odd.html', cp1252(page('<meta charset="x-mac-klingon">')))),
    );
    expect(error.message).toMatch(/^"odd\.html" is not valid UTF-8 text/);
  });

  it('refuses a page whose bytes are not in the encoding it declares, naming both', () => {
    // 0x82 0x20 is not a Shift_JIS character.
    const bytes = Uint8Array.from([...ascii(page('<meta charset="shift_jis">', 'A')), 0x82, 0x20]);
    const error = failure(() => convertHtml(fileOf('jp.html', bytes)));
    expect(error.code).toBe('import-failed');
    expect(error.message).toBe(
      '"jp.html" says its text is in the shift_jis encoding, but it contains bytes that are not shift_jis text. Open it in a browser or text editor, save it as UTF-8, and import it again.',
    );
  });
});
