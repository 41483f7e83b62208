/**
 * A small PDF writer for tests and benchmarks: pages of text in Helvetica with a real text layer,
 * an optional Info dictionary and XMP metadata stream, and annotations on the pages as PDF readers
 * write them (highlights and other text markup with QuadPoints, sticky notes, free text, replies),
 * written as PDF 1.4 syntax with a correct cross-reference table. Text is encoded as WinAnsi, so the
 * fixtures' curly quotes and dashes survive; annotations' strings are UTF-16, as PDF text strings may be.
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

/** A box on the page in points (y grows upwards). */
export interface PdfBox {
  readonly left: number;
  readonly bottom: number;
  readonly right: number;
  readonly top: number;
}

/** What every annotation may carry. */
interface PdfAnnotationBase {
  /** A name for replies to give as their `inReplyTo` (it is not written into the PDF). */
  readonly name?: string;
  /** The `name` of the annotation this one replies to (written as `/IRT`). */
  readonly inReplyTo?: string;
  /** `/Contents`: the note. */
  readonly contents?: string;
  /** `/T`: the author. */
  readonly author?: string;
  /** `/M`, a PDF date such as `D:20240105103000+01'00'`. */
  readonly modified?: string;
  /** `/CreationDate`. */
  readonly created?: string;
  /** `/C`: red, green and blue from 0 to 1. */
  readonly color?: readonly [number, number, number];
}

/** One annotation on a page. */
export type PdfAnnotation =
  | (PdfAnnotationBase & {
      readonly subtype: 'Highlight' | 'Underline' | 'StrikeOut' | 'Squiggly';
      /** One box per line covered (written as `/QuadPoints`). */
      readonly quads: readonly PdfBox[];
    })
  | (PdfAnnotationBase & {
      readonly subtype: 'Text' | 'FreeText';
      /** `/Rect`: a sticky note's icon, a free text's box. */
      readonly rect: PdfBox;
    });

/** What to put in the PDF. */
export interface PdfSpec {
  readonly pages: readonly (readonly PdfLine[])[];
  /** Annotations of each page, by page index (pages without an entry have none). */
  readonly annotations?: readonly (readonly PdfAnnotation[] | undefined)[];
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

/** Widths (thousandths of the size) of Helvetica's printable ASCII characters, space to `~` (its AFM). */
const HELVETICA_WIDTHS = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556,
  556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278,
  500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469,
  556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500,
  278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];
/** Helvetica's widths of the WinAnsi extras the fixtures use. */
const HELVETICA_EXTRA_WIDTHS: Readonly<Record<string, number>> = {
  '‘': 222,
  '’': 222,
  '“': 333,
  '”': 333,
  '–': 556,
  '—': 1000,
  '…': 1000,
  '•': 350,
  '€': 556,
};

/** How wide `text` is set in Helvetica at `size` points. */
export function helveticaWidth(text: string, size = 11): number {
  let width = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 63;
    width += HELVETICA_EXTRA_WIDTHS[char] ?? HELVETICA_WIDTHS[code - 32] ?? 556;
  }
  return (width * size) / 1000;
}

/**
 * The box a highlighter draws over `phrase` in `line` (its `occurrence`-th appearance, from 0): from
 * the phrase's left edge to its right, from below the baseline to above the capitals, as readers draw
 * it; `slack` points wider on each side, as a hand aims.
 */
export function quadOf(line: PdfLine, phrase: string, { occurrence = 0, slack = 0 } = {}): PdfBox {
  let at = -1;
  for (let seen = 0; seen <= occurrence; seen += 1) {
    at = line.text.indexOf(phrase, at + 1);
    if (at < 0) throw new Error(`"${phrase}" is not ${occurrence + 1} times in "${line.text}".`);
  }
  const size = line.size ?? 11;
  return {
    left: line.x + helveticaWidth(line.text.slice(0, at), size) - slack,
    right: line.x + helveticaWidth(line.text.slice(0, at + phrase.length), size) + slack,
    bottom: line.y - 0.22 * size,
    top: line.y + 0.78 * size,
  };
}

/** `text` as a PDF text string: UTF-16BE with its byte order mark, in hex. */
function pdfTextString(text: string): string {
  let hex = '<FEFF';
  for (let index = 0; index < text.length; index += 1)
    hex += text.charCodeAt(index).toString(16).padStart(4, '0');
  return `${hex}>`;
}

/** The smallest box holding `boxes`. */
function around(boxes: readonly PdfBox[]): PdfBox {
  return {
    left: Math.min(...boxes.map((box) => box.left)),
    bottom: Math.min(...boxes.map((box) => box.bottom)),
    right: Math.max(...boxes.map((box) => box.right)),
    top: Math.max(...boxes.map((box) => box.top)),
  };
}

const numbers = (values: readonly number[]): string =>
  values.map((value) => String(+value.toFixed(3))).join(' ');

/** The dictionary of one annotation, its page `pageId` and the objects of the annotations replied to. */
function annotationDict(annotation: PdfAnnotation, pageId: number, ids: ReadonlyMap<string, number>): string {
  const rect = 'quads' in annotation ? around(annotation.quads) : annotation.rect;
  const entries = [
    '/Type /Annot',
    `/Subtype /${annotation.subtype}`,
    `/Rect [${numbers([rect.left, rect.bottom, rect.right, rect.top])}]`,
    `/P ${pageId} 0 R`,
    '/F 4',
  ];
  if ('quads' in annotation) {
    // Upper left, upper right, lower left, lower right: the order readers write (not the spec's).
    const points = annotation.quads.flatMap((quad) => [
      quad.left,
      quad.top,
      quad.right,
      quad.top,
      quad.left,
      quad.bottom,
      quad.right,
      quad.bottom,
    ]);
    entries.push(`/QuadPoints [${numbers(points)}]`);
  }
  if (annotation.subtype === 'FreeText') entries.push('/DA (/Helv 10 Tf 0 g)');
  if (annotation.contents !== undefined) entries.push(`/Contents ${pdfTextString(annotation.contents)}`);
  if (annotation.author !== undefined) entries.push(`/T ${pdfTextString(annotation.author)}`);
  if (annotation.modified !== undefined) entries.push(`/M (${annotation.modified})`);
  if (annotation.created !== undefined) entries.push(`/CreationDate (${annotation.created})`);
  if (annotation.color !== undefined) entries.push(`/C [${numbers(annotation.color)}]`);
  if (annotation.inReplyTo !== undefined) {
    const parent = ids.get(annotation.inReplyTo);
    if (parent === undefined) throw new Error(`No annotation is named "${annotation.inReplyTo}".`);
    entries.push(`/IRT ${parent} 0 R /RT /R`);
  }
  return `<< ${entries.join(' ')} >>`;
}

/** Builds the PDF's bytes. */
export function makePdf(spec: PdfSpec): Uint8Array {
  const objects: string[] = [];
  const add = (body: string): number => objects.push(body);
  const catalog = add('');
  const pagesId = add('');
  const font = add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
  const kids: number[] = [];
  // Every annotation's object is numbered first, so that a reply can name one on any page.
  const annotationIds = (spec.annotations ?? []).map((list) => (list ?? []).map(() => add('')));
  const named = new Map<string, number>();
  (spec.annotations ?? []).forEach((list, page) =>
    (list ?? []).forEach((annotation, index) => {
      const id = annotationIds[page]?.[index];
      if (annotation.name !== undefined && id !== undefined) named.set(annotation.name, id);
    }),
  );
  for (const [pageIndex, lines] of spec.pages.entries()) {
    const content = lines
      .map((line) => `BT /F1 ${line.size ?? 11} Tf ${line.x} ${line.y} Td ${pdfString(line.text)} Tj ET`)
      .join('\n');
    const stream = add(`<< /Length ${latin1Length(content)} >>\nstream\n${content}\nendstream`);
    const ids = annotationIds[pageIndex] ?? [];
    const annots = ids.length === 0 ? '' : ` /Annots [${ids.map((id) => `${id} 0 R`).join(' ')}]`;
    const pageId = add(
      `<< /Type /Page /Parent ${pagesId} 0 R /MediaBox [0 0 ${PDF_PAGE_WIDTH} ${PDF_PAGE_HEIGHT}] ` +
        `/Resources << /Font << /F1 ${font} 0 R >> >> /Contents ${stream} 0 R${annots} >>`,
    );
    kids.push(pageId);
    (spec.annotations?.[pageIndex] ?? []).forEach((annotation, index) => {
      const id = ids[index];
      if (id !== undefined) objects[id - 1] = annotationDict(annotation, pageId, named);
    });
  }
  if (spec.annotations !== undefined && spec.annotations.length > spec.pages.length)
    throw new Error('Annotations are given for pages the PDF does not have.');
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
