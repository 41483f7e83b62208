/**
 * A small PDF writer for tests and benchmarks: pages of text in Helvetica with a real text layer,
 * an optional Info dictionary and XMP metadata stream, written as PDF 1.4 syntax with a correct
 * cross-reference table. Text is encoded as WinAnsi, so the fixtures' curly quotes and dashes survive.
 */

/** One line of text placed on a page. */
export interface PdfLine {
  readonly text: string;
  /** Left edge in points from the page's left side. */
  readonly x: number;
  /** Baseline in points from the page's bottom. */
  readonly y: number;
  readonly size?: number;
}

/** What to put in the PDF. */
export interface PdfSpec {
  readonly pages: readonly (readonly PdfLine[])[];
  /** Info dictionary entries, e.g. `{ Title: '…', Author: '…', CreationDate: 'D:20091118' }`. */
  readonly info?: Readonly<Record<string, string>>;
  /** A complete XMP packet to attach as the catalog's `/Metadata` stream. */
  readonly xmp?: string;
  /** Adds a standard-security `/Encrypt` dictionary whose user password is not empty. */
  readonly encrypted?: boolean;
}

/** Page size: US Letter, in points. */
export const PDF_PAGE_WIDTH = 612;
export const PDF_PAGE_HEIGHT = 792;

const WIN_ANSI_EXTRAS: Readonly<Record<string, number>> = {
  '€': 0x80,
  '‚': 0x82,
  '„': 0x84,
  '…': 0x85,
  '‘': 0x91,
  '’': 0x92,
  '“': 0x93,
  '”': 0x94,
  '•': 0x95,
  '–': 0x96,
  '—': 0x97,
};

/** `text` as WinAnsi bytes, written as a PDF literal string (characters outside WinAnsi become `?`). */
function pdfString(text: string): string {
  let out = '(';
  for (const char of text) {
    const extra = WIN_ANSI_EXTRAS[char];
    const code = extra ?? char.codePointAt(0) ?? 63;
    const byte = extra !== undefined || (code >= 32 && code < 127) || (code >= 160 && code < 256) ? code : 63;
    if (byte === 0x28 || byte === 0x29 || byte === 0x5c) out += `\\${String.fromCharCode(byte)}`;
    else if (byte < 32 || byte > 126) out += `\\${byte.toString(8).padStart(3, '0')}`;
    else out += String.fromCharCode(byte);
  }
  return `${out})`;
}

/** Builds the PDF's bytes. */
export function makePdf(spec: PdfSpec): Uint8Array {
  const objects: string[] = [];
  const add = (body: string): number => objects.push(body);
  const catalog = add('');
  const pagesId = add('');
  const font = add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
  const kids: number[] = [];
  for (const lines of spec.pages) {
    const content = lines
      .map((line) => `BT /F1 ${line.size ?? 11} Tf ${line.x} ${line.y} Td ${pdfString(line.text)} Tj ET`)
      .join('\n');
    const stream = add(`<< /Length ${latin1Length(content)} >>\nstream\n${content}\nendstream`);
    kids.push(
      add(
        `<< /Type /Page /Parent ${pagesId} 0 R /MediaBox [0 0 ${PDF_PAGE_WIDTH} ${PDF_PAGE_HEIGHT}] ` +
          `/Resources << /Font << /F1 ${font} 0 R >> >> /Contents ${stream} 0 R >>`,
      ),
    );
  }
  objects[pagesId - 1] =
    `<< /Type /Pages /Kids [${kids.map((kid) => `${kid} 0 R`).join(' ')}] /Count ${kids.length} >>`;
  let metadata = '';
  if (spec.xmp !== undefined) {
    const xmpId = add(
      `<< /Type /Metadata /Subtype /XML /Length ${latin1Length(spec.xmp)} >>\nstream\n${spec.xmp}\nendstream`,
    );
    metadata = ` /Metadata ${xmpId} 0 R`;
  }
  objects[catalog - 1] = `<< /Type /Catalog /Pages ${pagesId} 0 R${metadata} >>`;
  let trailerExtra = '';
  if (spec.info !== undefined) {
    const entries = Object.entries(spec.info).map(([key, value]) => `/${key} ${pdfString(value)}`);
    trailerExtra += ` /Info ${add(`<< ${entries.join(' ')} >>`)} 0 R`;
  }
  if (spec.encrypted === true) {
    const filler = `<${'ab'.repeat(32)}>`;
    const encrypt = add(`<< /Filter /Standard /V 1 /R 2 /Length 40 /O ${filler} /U ${filler} /P -44 >>`);
    trailerExtra += ` /Encrypt ${encrypt} 0 R /ID [<0123456789abcdef0123456789abcdef> <0123456789abcdef0123456789abcdef>]`;
  }
  let out = '%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n';
  const offsets: number[] = [];
  objects.forEach((body, index) => {
    offsets.push(latin1Length(out));
    out += `${index + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = latin1Length(out);
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) out += `${String(offset).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root ${catalog} 0 R${trailerExtra} >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(out, 'latin1'));
}

function latin1Length(text: string): number {
  return Buffer.byteLength(text, 'latin1');
}

/**
 * Lays out paragraphs on pages as a word processor would: lines of at most `charsPerLine` characters,
 * 14 pt apart, a blank line's gap between paragraphs, the first line of each paragraph not indented,
 * a running header and a page number on every page. Words longer than a line's rest are hyphenated
 * when `hyphenate` is set and the word is long enough.
 */
export function layoutPages(
  paragraphs: readonly string[],
  options: { header?: string; charsPerLine?: number; linesPerPage?: number; hyphenate?: boolean } = {},
): PdfLine[][] {
  const charsPerLine = options.charsPerLine ?? 80;
  const linesPerPage = options.linesPerPage ?? 46;
  const pages: PdfLine[][] = [];
  let page: PdfLine[] = [];
  let row = 0;
  const newPage = (): void => {
    if (page.length > 0 || pages.length === 0) {
      const number = pages.length + 1;
      if (options.header !== undefined) page.push({ text: options.header, x: 72, y: 750, size: 9 });
      page.push({ text: String(number), x: 300, y: 40, size: 9 });
    }
    pages.push(page);
    page = [];
    row = 0;
  };
  const put = (text: string): void => {
    if (row >= linesPerPage) newPage();
    page.push({ text, x: 72, y: 720 - row * 14 });
    row += 1;
  };
  for (const paragraph of paragraphs) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter((part) => part !== '')) {
      const room = charsPerLine - line.length - (line === '' ? 0 : 1);
      if (word.length <= room) {
        line = line === '' ? word : `${line} ${word}`;
        continue;
      }
      if (options.hyphenate === true && /^\p{Ll}{8,}$/u.test(word) && room >= 4) {
        const cut = Math.min(room - 1, word.length - 3);
        put(`${line === '' ? '' : `${line} `}${word.slice(0, cut)}-`);
        line = word.slice(cut);
        continue;
      }
      put(line);
      line = word;
    }
    if (line !== '') put(line);
    row += 1;
  }
  if (page.length > 0) newPage();
  return pages.filter((lines) => lines.length > 0);
}
