/**
 * Hostile import inputs, made in code and seeded (the same seed, the same bytes), for the bounded-work
 * tests (`src/core/import/hostile-inputs.test.ts`) and the torture run (`bench/torture.ts`): files that
 * are small on disk but ask an importer for unbounded memory or time.
 *
 *   EPUB   an entry that declares 1,000 bytes and inflates to far more (a zip bomb that lies);
 *          10,000 chapters; a chapter of markup that is millions of tiny elements; XML nested
 *          100,000 deep; entity expansion (billion laughs) and an external entity (XXE)
 *   DOCX   XML nested 100,000 deep; billion laughs and XXE
 *   PDF    a page tree that names one page object two million times; a content stream that
 *          inflates to a gibibyte (a flate bomb); the same, and ordinary PDFs, encrypted (RC4, empty
 *          user password: opened without asking), which hides the streams from any check before pdfjs
 *   refs   10,000 BibTeX entries, 10,000 CSL-JSON items, a large RIS file of odd but legal lines
 *   text   millions of short lines
 *
 * Every size is a parameter: tests use small ones, the torture run the full ones.
 */
import { createHash } from 'node:crypto';
import { deflateRawSync, constants as zlibConstants } from 'node:zlib';
import { makeDocx, makeEpub, xmlEscape } from './make-packages';
import { layoutPages, makePdf } from './make-pdf';
import { seededRandom } from './seeded-random';

// ---------------------------------------------------------------------------------------------------
// ZIP writing, with every size field under the caller's control (so an entry can lie about its size).

/** One entry of a ZIP archive as written. */
interface ZipEntry {
  readonly name: string;
  /** The entry's data as stored in the archive (deflated when `method` is 8). */
  readonly data: Uint8Array;
  /** 0 stored, 8 deflated. */
  readonly method: 0 | 8;
  /** The CRC-32 of the inflated content. */
  readonly crc: number;
  /** The uncompressed size the headers declare (may be a lie). */
  readonly declaredSize: number;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n += 1) {
    let c = n;
    for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** The CRC-32 of `bytes`. */
export function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = (CRC_TABLE[(crc ^ byte) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function storedEntry(name: string, content: Uint8Array): ZipEntry {
  return { name, data: content, method: 0, crc: crc32(content), declaredSize: content.byteLength };
}

function deflatedEntry(name: string, content: Uint8Array): ZipEntry {
  return {
    name,
    data: deflateRawSync(content, { level: 9 }),
    method: 8,
    crc: crc32(content),
    declaredSize: content.byteLength,
  };
}

/** A ZIP archive of `entries`, written as they are (no data descriptors, no ZIP64). */
function writeZip(entries: readonly ZipEntry[]): Uint8Array<ArrayBuffer> {
  const encoder = new TextEncoder();
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = encoder.encode(entry.name);
    const local = new DataView(new ArrayBuffer(30));
    local.setUint32(0, 0x04034b50, true);
    local.setUint16(4, 20, true);
    local.setUint16(8, entry.method, true);
    local.setUint32(14, entry.crc, true);
    local.setUint32(18, entry.data.byteLength, true);
    local.setUint32(22, entry.declaredSize, true);
    local.setUint16(26, name.byteLength, true);
    const header = new DataView(new ArrayBuffer(46));
    header.setUint32(0, 0x02014b50, true);
    header.setUint16(4, 20, true);
    header.setUint16(6, 20, true);
    header.setUint16(10, entry.method, true);
    header.setUint32(16, entry.crc, true);
    header.setUint32(20, entry.data.byteLength, true);
    header.setUint32(24, entry.declaredSize, true);
    header.setUint16(28, name.byteLength, true);
    header.setUint32(42, offset, true);
    parts.push(new Uint8Array(local.buffer), name, entry.data);
    central.push(new Uint8Array(header.buffer), name);
    offset += 30 + name.byteLength + entry.data.byteLength;
  }
  const centralSize = central.reduce((sum, part) => sum + part.byteLength, 0);
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, entries.length, true);
  end.setUint16(10, entries.length, true);
  end.setUint32(12, centralSize, true);
  end.setUint32(16, offset, true);
  return new Uint8Array(Buffer.concat([...parts, ...central, new Uint8Array(end.buffer)]));
}

/**
 * Raw deflate data that inflates to `bytes` bytes of `fill` (rounded up to whole MiB), made without
 * ever holding them: one MiB deflated with a full flush (so it refers to nothing before it) and
 * repeated, then an empty final block. A gibibyte is about a megabyte of deflate data.
 */
export function deflateBomb(bytes: number, fill = 0x20): Uint8Array {
  const mib = 1024 * 1024;
  const chunk = deflateRawSync(Buffer.alloc(mib, fill), {
    level: 9,
    finishFlush: zlibConstants.Z_FULL_FLUSH,
  });
  const count = Math.max(1, Math.ceil(bytes / mib));
  return Buffer.concat([...Array.from({ length: count }, () => chunk), Buffer.from([0x03, 0x00])]);
}

/** The inflated size of {@link deflateBomb}`(bytes)`. */
export function deflateBombSize(bytes: number): number {
  const mib = 1024 * 1024;
  return Math.max(1, Math.ceil(bytes / mib)) * mib;
}

// ---------------------------------------------------------------------------------------------------
// EPUB

const CONTAINER_XML =
  '<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">' +
  '<rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>';

/** The OPF of a book whose spine lists `chapters` (paths relative to OEBPS/), in that order. */
function packageDocument(title: string, chapters: readonly string[]): string {
  const items = chapters
    .map((href, index) => `<item id="c${index}" href="${href}" media-type="application/xhtml+xml"/>`)
    .join('');
  const refs = chapters.map((_, index) => `<itemref idref="c${index}"/>`).join('');
  return (
    `<?xml version="1.0" encoding="utf-8"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="uid">` +
    `<metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>${xmlEscape(title)}</dc:title>` +
    `<dc:identifier id="uid">urn:uuid:0f6f3c2e-1111-4222-8333-944455556666</dc:identifier><dc:language>en</dc:language></metadata>` +
    `<manifest>${items}</manifest><spine>${refs}</spine></package>`
  );
}

/** A chapter's XHTML around `body` (markup), with an optional DOCTYPE internal subset. */
function chapterXhtml(body: string, doctype = '<!DOCTYPE html>'): string {
  return (
    `<?xml version="1.0" encoding="utf-8"?>\n${doctype}\n<html xmlns="http://www.w3.org/1999/xhtml">` +
    `<head><title>Chapter</title></head><body>${body}</body></html>`
  );
}

/** An EPUB of `chapters` (each a chapter's complete XHTML), every entry honest about its size. */
export function simpleEpub(title: string, chapters: readonly string[]): Uint8Array<ArrayBuffer> {
  const encoder = new TextEncoder();
  const paths = chapters.map((_, index) => `text/ch${index}.xhtml`);
  return writeZip([
    storedEntry('mimetype', encoder.encode('application/epub+zip')),
    deflatedEntry('META-INF/container.xml', encoder.encode(CONTAINER_XML)),
    deflatedEntry('OEBPS/content.opf', encoder.encode(packageDocument(title, paths))),
    ...chapters.map((xhtml, index) => deflatedEntry(`OEBPS/${paths[index] ?? ''}`, encoder.encode(xhtml))),
  ]);
}

/** Seeded prose: `count` sentences of plausible words. */
export function prose(random: () => number, count: number): string {
  const words = WORDS.split(' ');
  const sentences: string[] = [];
  for (let s = 0; s < count; s += 1) {
    const length = 6 + Math.floor(random() * 14);
    const picked = Array.from({ length }, () => words[Math.floor(random() * words.length)] ?? 'the');
    const sentence = picked.join(' ');
    sentences.push(`${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}.`);
  }
  return sentences.join(' ');
}

const WORDS =
  'the of and to in a is that for it as was with be by on not he this are or his from at which but have an ' +
  'they you were her she there their one all we can has been if more when will would who so no party state ' +
  'workers revolution economy history reform collapse union soviet market plan power movement struggle ' +
  'century europe government bureaucracy democracy socialism capitalism wall berlin moscow reader text';

/**
 * A book with one honest chapter and a second whose entry declares `declaredBytes` (1,000) but
 * inflates to `inflatedBytes` (a gibibyte in the audit): a reader that trusts the declared size reads
 * its first kilobyte and loses the rest without a word; one that does not is a zip bomb's victim.
 */
export function zipBombEpub(options: {
  declaredBytes?: number;
  inflatedBytes: number;
  seed?: number;
}): Uint8Array<ArrayBuffer> {
  const encoder = new TextEncoder();
  const random = seededRandom(options.seed ?? 1);
  const honest = chapterXhtml(`<h1>Chapter One</h1><p>${prose(random, 20)}</p>`);
  const bomb: ZipEntry = {
    name: 'OEBPS/text/ch1.xhtml',
    data: deflateBomb(options.inflatedBytes),
    method: 8,
    // The CRC of what the entry claims to hold; a reader checking it against the data inflated finds the lie too.
    crc: 0,
    declaredSize: options.declaredBytes ?? 1000,
  };
  return writeZip([
    storedEntry('mimetype', encoder.encode('application/epub+zip')),
    deflatedEntry('META-INF/container.xml', encoder.encode(CONTAINER_XML)),
    deflatedEntry(
      'OEBPS/content.opf',
      encoder.encode(packageDocument('A Lying Book', ['text/ch0.xhtml', 'text/ch1.xhtml'])),
    ),
    deflatedEntry('OEBPS/text/ch0.xhtml', encoder.encode(honest)),
    bomb,
  ]);
}

/** An EPUB 3 of `chapters` short chapters (the audit's had 9,990), each with a heading and a paragraph. */
export function manyChaptersEpub(chapters: number, seed = 2): Uint8Array<ArrayBuffer> {
  const random = seededRandom(seed);
  const epub = makeEpub({
    version: 3,
    title: 'A Book of Many Chapters',
    creators: [['Clare Doyle', 'Doyle, Clare']],
    chapters: Array.from({ length: chapters }, (_, index) => ({
      title: `Chapter ${index + 1}`,
      paragraphs: [prose(random, 2)],
    })),
  });
  return new Uint8Array(epub);
}

/**
 * An EPUB whose chapters are `elementsPerChapter` empty-ish paragraphs each (`<p>x</p>`): a few hundred
 * kilobytes on disk, every entry within the unpacking limits, but millions of DOM nodes once parsed.
 */
export function heavyMarkupEpub(options: {
  chapters: number;
  elementsPerChapter: number;
}): Uint8Array<ArrayBuffer> {
  const body = '<p>x</p>'.repeat(options.elementsPerChapter);
  return simpleEpub(
    'A Heavy Book',
    Array.from({ length: options.chapters }, () => chapterXhtml(body)),
  );
}

/** Markup nesting `depth` elements named `tag`, with a word at the bottom. */
function nested(depth: number, open: string, close: string, inner: string): string {
  return `${open.repeat(depth)}${inner}${close.repeat(depth)}`;
}

/** An EPUB whose one chapter nests `<div>` `depth` deep (the audit's: 100,000). */
export function deepXmlEpub(depth: number): Uint8Array<ArrayBuffer> {
  return simpleEpub('A Deep Book', [
    chapterXhtml(`<p>Before the depths.</p>${nested(depth, '<div>', '</div>', '<p>At the bottom.</p>')}`),
  ]);
}

/** The internal subset of a "billion laughs": `levels` entities, each ten of the one before. */
function laughsSubset(root: string, levels: number): string {
  const entities = ['<!ENTITY lol0 "lol">'];
  for (let level = 1; level <= levels; level += 1) {
    entities.push(`<!ENTITY lol${level} "${`&lol${level - 1};`.repeat(10)}">`);
  }
  return `<!DOCTYPE ${root} [${entities.join('')}]>`;
}

/** An EPUB whose chapter defines nested entities (10^`levels` "lol"s; 9 levels is the billion). */
export function billionLaughsEpub(levels = 9): Uint8Array<ArrayBuffer> {
  return simpleEpub('A Laughing Book', [
    chapterXhtml(`<p>Laughter follows.</p><p>&lol${levels};</p>`, laughsSubset('html', levels)),
  ]);
}

/** An EPUB whose chapter declares an external entity naming a local file, and uses it. */
export function xxeEpub(path = '/etc/passwd'): Uint8Array<ArrayBuffer> {
  return simpleEpub('A Prying Book', [
    chapterXhtml(
      '<p>The file follows.</p><p>&secret;</p>',
      `<!DOCTYPE html [<!ENTITY secret SYSTEM "file://${path}">]>`,
    ),
  ]);
}

// ---------------------------------------------------------------------------------------------------
// DOCX

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';

/** A .docx (from {@link makeDocx}) whose word/document.xml is replaced by `documentXml`. */
function docxWithDocument(documentXml: string): Uint8Array<ArrayBuffer> {
  const base = makeDocx({ blocks: [{ kind: 'paragraph', text: 'placeholder' }], title: 'Hostile' });
  return replaceZipEntry(base, 'word/document.xml', new TextEncoder().encode(documentXml));
}

/** `zip` (a well-formed archive from fflate) with entry `name`'s content replaced. */
function replaceZipEntry(zip: Uint8Array, name: string, content: Uint8Array): Uint8Array<ArrayBuffer> {
  const entries = readZipEntries(zip).map((entry) =>
    entry.name === name ? deflatedEntry(name, content) : entry,
  );
  return writeZip(entries);
}

/** The entries of an archive this module or fflate wrote (no ZIP64, no data descriptors). */
function readZipEntries(zip: Uint8Array): ZipEntry[] {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  let end = zip.byteLength - 22;
  while (end > 0 && view.getUint32(end, true) !== 0x06054b50) end -= 1;
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const decoder = new TextDecoder();
  const entries: ZipEntry[] = [];
  for (let index = 0; index < count; index += 1) {
    const method = view.getUint16(at + 10, true);
    const crc = view.getUint32(at + 16, true);
    const compressed = view.getUint32(at + 20, true);
    const size = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const local = view.getUint32(at + 42, true);
    const name = decoder.decode(zip.subarray(at + 46, at + 46 + nameLength));
    const dataAt = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    entries.push({
      name,
      data: zip.slice(dataAt, dataAt + compressed),
      method: method === 8 ? 8 : 0,
      crc,
      declaredSize: size,
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** A Word document whose body nests `depth` `<w:sdt><w:sdtContent>` pairs around one paragraph. */
export function deepXmlDocx(depth: number): Uint8Array<ArrayBuffer> {
  const paragraph = '<w:p><w:r><w:t>At the bottom.</w:t></w:r></w:p>';
  return docxWithDocument(
    `<?xml version="1.0" encoding="UTF-8"?><w:document ${W}><w:body><w:p><w:r><w:t>Before the depths.</w:t></w:r></w:p>` +
      `${nested(depth, '<w:sdt><w:sdtContent>', '</w:sdtContent></w:sdt>', paragraph)}</w:body></w:document>`,
  );
}

/** A Word document whose document.xml defines nested entities (10^`levels` "lol"s) and uses the top one. */
export function billionLaughsDocx(levels = 9): Uint8Array<ArrayBuffer> {
  return docxWithDocument(
    `<?xml version="1.0" encoding="UTF-8"?>${laughsSubset('w:document', levels)}<w:document ${W}><w:body>` +
      `<w:p><w:r><w:t>Laughter follows.</w:t></w:r></w:p><w:p><w:r><w:t>&lol${levels};</w:t></w:r></w:p></w:body></w:document>`,
  );
}

/** A Word document whose document.xml declares an external entity naming a local file, and uses it. */
export function xxeDocx(path = '/etc/passwd'): Uint8Array<ArrayBuffer> {
  return docxWithDocument(
    `<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE w:document [<!ENTITY secret SYSTEM "file://${path}">]><w:document ${W}><w:body>` +
      `<w:p><w:r><w:t>The file follows.</w:t></w:r></w:p><w:p><w:r><w:t>&secret;</w:t></w:r></w:p></w:body></w:document>`,
  );
}

// ---------------------------------------------------------------------------------------------------
// PDF

/** A PDF of numbered objects (`bodies[i]` is object i + 1, catalog first), with a correct xref table. */
function writePdf(bodies: readonly (string | Uint8Array)[]): Uint8Array<ArrayBuffer> {
  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n', 'latin1')];
  let length = parts[0]?.byteLength ?? 0;
  const offsets: number[] = [];
  bodies.forEach((body, index) => {
    offsets.push(length);
    const part = Buffer.concat([
      Buffer.from(`${index + 1} 0 obj\n`, 'latin1'),
      typeof body === 'string' ? Buffer.from(body, 'latin1') : body,
      Buffer.from('\nendobj\n', 'latin1'),
    ]);
    parts.push(part);
    length += part.byteLength;
  });
  let xref = `xref\n0 ${bodies.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) xref += `${String(offset).padStart(10, '0')} 00000 n \n`;
  xref += `trailer\n<< /Size ${bodies.length + 1} /Root 1 0 R >>\nstartxref\n${length}\n%%EOF\n`;
  parts.push(Buffer.from(xref, 'latin1'));
  return new Uint8Array(Buffer.concat(parts));
}

const FONT = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>';

/**
 * A PDF whose page tree reaches one page object `2^levels` times (21 levels: two million pages):
 * each intermediate node lists the node below it twice, and every /Count says so. A few kilobytes.
 */
export function sharedPageTreePdf(levels = 21): Uint8Array<ArrayBuffer> {
  const content = 'BT /F1 12 Tf 72 720 Td (The same page, again.) Tj ET';
  // 1 catalog, 2 font, 3 contents, 4 the page, 5.. the tree's nodes from the bottom up; the root last.
  const bodies: string[] = ['', FONT, `<< /Length ${content.length} >>\nstream\n${content}\nendstream`, ''];
  let below = 4;
  for (let level = 1; level <= levels; level += 1) {
    const id = bodies.length + 1;
    bodies.push(`<< /Type /Pages /Kids [${below} 0 R ${below} 0 R] /Count ${2 ** level} >>`);
    below = id;
  }
  const root = below;
  // Every node's /Parent would be its one parent; the shared page names the root, as a lying file might.
  for (let id = 5; id < root; id += 1)
    bodies[id - 1] = (bodies[id - 1] ?? '').replace('<<', `<< /Parent ${id + 1} 0 R`);
  bodies[3] = `<< /Type /Page /Parent ${root} 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 2 0 R >> >> /Contents 3 0 R >>`;
  bodies[0] = `<< /Type /Catalog /Pages ${root} 0 R >>`;
  return writePdf(bodies);
}

/** The zlib form (RFC 1950) of raw deflate data that inflates to `size` bytes of `fill`. */
function zlibWrapped(raw: Uint8Array, size: number, fill: number): Buffer {
  // Adler-32 of `size` bytes of `fill`, worked out rather than summed: a = 1 + n·v, b = n + v·n(n+1)/2.
  const n = BigInt(size);
  const v = BigInt(fill);
  const a = Number((1n + n * v) % 65521n);
  const b = Number((n + (v * n * (n + 1n)) / 2n) % 65521n);
  const trailer = Buffer.alloc(4);
  trailer.writeUInt32BE(((b << 16) | a) >>> 0);
  return Buffer.concat([Buffer.from([0x78, 0xda]), raw, trailer]);
}

/**
 * A one-page PDF whose content stream is a FlateDecode stream of about a megabyte that inflates to
 * `inflatedBytes` of spaces (a gibibyte in the audit), followed by a line of real text.
 */
export function flateBombPdf(inflatedBytes: number): Uint8Array<ArrayBuffer> {
  const size = deflateBombSize(inflatedBytes);
  const stream = zlibWrapped(deflateBomb(inflatedBytes, 0x20), size, 0x20);
  const text = 'BT /F1 12 Tf 72 720 Td (A page of text.) Tj ET';
  return writePdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents [5 0 R 6 0 R] >>',
    FONT,
    Buffer.concat([
      Buffer.from(`<< /Length ${stream.byteLength} /Filter /FlateDecode >>\nstream\n`, 'latin1'),
      stream,
      Buffer.from('\nendstream', 'latin1'),
    ]),
    `<< /Length ${text.length} >>\nstream\n${text}\nendstream`,
  ]);
}

// ---------------------------------------------------------------------------------------------------
// Reference files

const FAMILIES = [
  'Doyle',
  'Müller',
  'Nguyễn',
  'O’Brien',
  'Taaffe',
  'Sewell',
  'Walsh',
  'Łukasiewicz',
  'García Márquez',
  'van der Berg',
];
const GIVENS = [
  'Clare',
  'Peter',
  'Lynn',
  'Jürgen',
  'Ana María',
  'Tony',
  'Hannah',
  'Dmitri',
  'Siobhán',
  'Kwame',
];
const JOURNALS = [
  'Socialism Today',
  'Past & Present',
  'New Left Review',
  'Journal of Cold War Studies',
  'Slavic Review',
];

interface Reference {
  readonly key: string;
  readonly type: 'article' | 'book';
  readonly title: string;
  readonly authors: readonly (readonly [string, string])[];
  readonly year: number;
  readonly journal: string;
  readonly doi: string | null;
}

/** `count` seeded references, each with a distinct title (so none matches another). */
function references(count: number, seed: number): Reference[] {
  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] ?? (list[0] as T);
  return Array.from({ length: count }, (_, index) => {
    const authors = Array.from(
      { length: 1 + Math.floor(random() * 3) },
      () => [pick(FAMILIES), pick(GIVENS)] as const,
    );
    const words = prose(random, 1).replace(/\.$/, '').split(' ').slice(0, 8).join(' ');
    return {
      key: `ref${index}`,
      type: random() < 0.7 ? 'article' : 'book',
      title: `${words} (${index + 1})`,
      authors,
      year: 1900 + Math.floor(random() * 126),
      journal: pick(JOURNALS),
      doi: random() < 0.6 ? `10.${1000 + Math.floor(random() * 9000)}/ref.${index}` : null,
    };
  });
}

/** A BibTeX file of `count` entries (articles and books, accented names, some DOIs). */
export function bibtexFile(count: number, seed = 3): string {
  return references(count, seed)
    .map((ref) => {
      const fields = [
        `  title = {${ref.title.replace(/[{}]/g, '')}}`,
        `  author = {${ref.authors.map(([family, given]) => `${family}, ${given}`).join(' and ')}}`,
        `  year = {${ref.year}}`,
        ref.type === 'article' ? `  journal = {${ref.journal}}` : `  publisher = {${ref.journal} Press}`,
        ...(ref.doi === null ? [] : [`  doi = {${ref.doi}}`]),
      ];
      return `@${ref.type}{${ref.key},\n${fields.join(',\n')}\n}\n`;
    })
    .join('\n');
}

/** A CSL-JSON file of `count` items. */
export function cslJsonFile(count: number, seed = 4): string {
  return JSON.stringify(
    references(count, seed).map((ref) => ({
      id: ref.key,
      type: ref.type === 'article' ? 'article-journal' : 'book',
      title: ref.title,
      author: ref.authors.map(([family, given]) => ({ family, given })),
      issued: { 'date-parts': [[ref.year]] },
      ...(ref.type === 'article'
        ? { 'container-title': ref.journal }
        : { publisher: `${ref.journal} Press` }),
      ...(ref.doi === null ? {} : { DOI: ref.doi }),
    })),
    null,
    1,
  );
}

/**
 * A RIS file of `count` records written the odd ways real exports are: CRLF and LF mixed, a title
 * continued over several lines, tags repeated, unknown tags, lower-case types, blank values, records
 * without an `ER` line, and every `recordsPerAuthorRun`-th record with a long run of authors.
 */
export function oddRisFile(count: number, seed = 5, options: { longRecordAuthors?: number } = {}): string {
  const random = seededRandom(seed);
  const lines: string[] = [];
  references(count, seed + 1).forEach((ref, index) => {
    lines.push(`TY  - ${index % 7 === 0 ? 'jour' : ref.type === 'article' ? 'JOUR' : 'BOOK'}`);
    const [first, ...rest] = ref.title.split(' ');
    lines.push(`TI  - ${first ?? ''}`);
    for (const word of rest) lines.push(`   ${word}`);
    const authors = index % 500 === 0 ? (options.longRecordAuthors ?? 200) : ref.authors.length;
    for (let a = 0; a < authors; a += 1) {
      const [family, given] = ref.authors[a % ref.authors.length] ?? ['Doyle', 'Clare'];
      lines.push(`${random() < 0.5 ? 'AU' : 'A1'}  - ${family}, ${given}`);
    }
    lines.push(`PY  - ${ref.year}${random() < 0.3 ? '///' : ''}`);
    lines.push(`${ref.type === 'article' ? 'JO' : 'PB'}  - ${ref.journal}`);
    lines.push(`KW  - ${prose(random, 1)}`, `KW  - `, `ZZ  - an unknown tag`, `N1  - ${prose(random, 3)}`);
    if (ref.doi !== null) lines.push(`DO  - ${ref.doi}`);
    if (index % 3 !== 0) lines.push('ER  - ');
    lines.push('');
  });
  return lines.map((line, index) => (index % 2 === 0 ? `${line}\r\n` : `${line}\n`)).join('');
}

// ---------------------------------------------------------------------------------------------------
// Plain text

/** A plain text of `lines` short lines (a word or two each), no blank lines: `lines` paragraphs. */
export function shortLinesText(lines: number, seed = 6): string {
  const random = seededRandom(seed);
  const words = WORDS.split(' ');
  const out: string[] = [];
  for (let line = 0; line < lines; line += 1) {
    out.push(
      random() < 0.5 ? (words[line % words.length] ?? 'a') : `${words[line % words.length] ?? 'a'} ${line}`,
    );
  }
  return `${out.join('\n')}\n`;
}

/** A web page of `paragraphs` short paragraphs: within the limits, but near them. */
export function heavyHtmlPage(paragraphs: number, seed = 7): string {
  const random = seededRandom(seed);
  const body = Array.from({ length: paragraphs }, () => `<p>${prose(random, 1)}</p>`).join('\n');
  return `<!DOCTYPE html><html><head><title>A Long Page</title></head><body><article><h1>A Long Page</h1>${body}</article></body></html>`;
}

/** A PDF of `pages` pages of prose (46 lines each), made with the tests' PDF writer. */
export function longPdf(pages: number, seed = 8): Uint8Array<ArrayBuffer> {
  const random = seededRandom(seed);
  const paragraphs = Array.from({ length: pages * 5 }, () => prose(random, 6));
  return new Uint8Array(
    makePdf({ pages: layoutPages(paragraphs).slice(0, pages), info: { Title: 'A Long PDF' } }),
  );
}

/**
 * Every hostile input at its full (audit) size, by file name, and inputs just within the limits (what
 * an import may cost at most): for the torture run.
 */
export function fullSizeHostileInputs(): { name: string; make: () => Uint8Array | string }[] {
  return [
    { name: 'zip-bomb-entry.epub', make: () => zipBombEpub({ inflatedBytes: 1024 ** 3 }) },
    { name: 'chapters-9990.epub', make: () => manyChaptersEpub(9_990) },
    {
      name: 'heavy-markup.epub',
      make: () => heavyMarkupEpub({ chapters: 4, elementsPerChapter: 7_000_000 }),
    },
    { name: 'deep-xml.epub', make: () => deepXmlEpub(100_000) },
    { name: 'billion-laughs.epub', make: () => billionLaughsEpub(9) },
    { name: 'xxe.epub', make: () => xxeEpub() },
    { name: 'deep-xml.docx', make: () => deepXmlDocx(100_000) },
    { name: 'billion-laughs.docx', make: () => billionLaughsDocx(9) },
    { name: 'xxe.docx', make: () => xxeDocx() },
    { name: 'shared-pages-2m.pdf', make: () => sharedPageTreePdf(21) },
    { name: 'flate-bomb.pdf', make: () => flateBombPdf(1024 ** 3) },
    { name: 'encrypted-flate-bomb.pdf', make: () => encryptedFlateBombPdf(1024 ** 3) },
    { name: 'encrypted-pages-2m.pdf', make: () => encryptedSharedPageTreePdf(21) },
    { name: 'entries-10000.bib', make: () => bibtexFile(10_000) },
    { name: 'items-10000.json', make: () => cslJsonFile(10_000) },
    { name: 'odd-records-10000.ris', make: () => oddRisFile(10_000) },
    { name: 'short-lines.txt', make: () => shortLinesText(5_000_000) },
    // Near the limits, but within them: what an import may cost at most.
    { name: 'lines-199000.txt', make: () => shortLinesText(199_000) },
    {
      name: 'paragraphs-198000.epub',
      make: () => heavyMarkupEpub({ chapters: 2, elementsPerChapter: 99_000 }),
    },
    { name: 'paragraphs-99000.html', make: () => heavyHtmlPage(99_000) },
    { name: 'pages-3000.pdf', make: () => longPdf(3_000) },
    { name: 'encrypted-pages-3000.pdf', make: () => encryptedLongPdf(3_000) },
  ];
}

// ---------------------------------------------------------------------------------------------------
// Encrypted PDFs: the standard security handler, revision 2 (RC4, 40-bit key), with an empty user
// password, so a reader opens them without asking. Every stream and string is encrypted, so nothing
// can measure a stream (or read a page's contents) before the PDF engine decrypts it.

/** The padding of PDF passwords (ISO 32000-1, 7.6.3.3, Algorithm 2, step a). */
const PASSWORD_PADDING = Buffer.from(
  '28bf4e5e4e758a4164004e56fffa01082e2e00b6d0683e802f0ca9fe6453697a',
  'hex',
);

/** RC4 (OpenSSL 3's default provider no longer offers it): `data` encrypted, or decrypted, with `key`. */
function rc4(key: Uint8Array, data: Uint8Array): Buffer {
  const state = new Uint8Array(256);
  for (let i = 0; i < 256; i += 1) state[i] = i;
  let j = 0;
  for (let i = 0; i < 256; i += 1) {
    const si = state[i] ?? 0;
    j = (j + si + (key[i % key.length] ?? 0)) & 0xff;
    state[i] = state[j] ?? 0;
    state[j] = si;
  }
  const out = Buffer.alloc(data.byteLength);
  let i = 0;
  j = 0;
  for (let at = 0; at < data.byteLength; at += 1) {
    i = (i + 1) & 0xff;
    const si = state[i] ?? 0;
    j = (j + si) & 0xff;
    const sj = state[j] ?? 0;
    state[i] = sj;
    state[j] = si;
    out[at] = (data[at] ?? 0) ^ (state[(si + sj) & 0xff] ?? 0);
  }
  return out;
}

function md5(...parts: Uint8Array[]): Buffer {
  const hash = createHash('md5');
  for (const part of parts) hash.update(part);
  return hash.digest();
}

/** The bytes of the PDF literal string `(…)` starting at `text[start]`, and where it ends. */
function literalString(text: string, start: number): { bytes: number[]; end: number } {
  const bytes: number[] = [];
  let depth = 0;
  let at = start;
  const escapes: Record<string, number> = { n: 10, r: 13, t: 9, b: 8, f: 12 };
  for (; at < text.length; at += 1) {
    const char = text[at] ?? '';
    if (char === '\\') {
      const next = text[at + 1] ?? '';
      at += 1;
      if (/[0-7]/.test(next)) {
        const octal = /^[0-7]{1,3}/.exec(text.slice(at, at + 3))?.[0] ?? '0';
        bytes.push(parseInt(octal, 8) & 0xff);
        at += octal.length - 1;
      } else if (next === '\r' || next === '\n') {
        if (next === '\r' && text[at + 1] === '\n') at += 1;
      } else {
        bytes.push(escapes[next] ?? next.charCodeAt(0));
      }
      continue;
    }
    if (char === '(') {
      depth += 1;
      if (depth === 1) continue;
    } else if (char === ')') {
      depth -= 1;
      if (depth === 0) return { bytes, end: at + 1 };
    }
    bytes.push(char.charCodeAt(0));
  }
  return { bytes, end: at };
}

/** `text` (an object's dictionary or value, latin1) with every string encrypted with `key`, written in hex. */
function encryptStrings(text: string, key: Uint8Array): string {
  let out = '';
  for (let at = 0; at < text.length;) {
    const char = text[at];
    if (char === '(') {
      const { bytes, end } = literalString(text, at);
      out += `<${rc4(key, Uint8Array.from(bytes)).toString('hex')}>`;
      at = end;
    } else if (char === '<' && text[at + 1] === '<') {
      out += '<<';
      at += 2;
    } else if (char === '<') {
      const end = text.indexOf('>', at);
      const hex = text.slice(at + 1, end < 0 ? text.length : end).replace(/[^0-9A-Fa-f]/g, '');
      out += `<${rc4(key, Buffer.from(hex.length % 2 === 0 ? hex : `${hex}0`, 'hex')).toString('hex')}>`;
      at = end < 0 ? text.length : end + 1;
    } else {
      out += char ?? '';
      at += 1;
    }
  }
  return out;
}

/**
 * `pdf` (one written by this module or by `make-pdf.ts`: one classic cross-reference table, streams
 * with a direct /Length, not encrypted) encrypted with the standard security handler, revision 2
 * (RC4, 40-bit), user password empty: every stream's data and every string, each with its object's key.
 * The result opens without a password in any reader; the text is the same.
 */
export function encryptPdf(pdf: Uint8Array, ownerPassword = 'the owner'): Uint8Array<ArrayBuffer> {
  const bytes = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  const tail = bytes.toString('latin1', Math.max(0, bytes.byteLength - 64));
  const xrefAt = Number(/startxref\s+(\d+)/.exec(tail)?.[1] ?? NaN);
  if (!Number.isInteger(xrefAt)) throw new Error('encryptPdf: no startxref');
  const rest = bytes.toString('latin1', xrefAt);
  const table = /^xref\s+0\s+(\d+)\s+/.exec(rest);
  const trailerText = /trailer\s*(<<[\s\S]*>>)\s*startxref/.exec(rest)?.[1];
  if (table === null || trailerText === undefined) throw new Error('encryptPdf: no classic xref table');
  if (trailerText.includes('/Encrypt')) throw new Error('encryptPdf: already encrypted');
  const size = Number(table[1]);
  const entries = rest.slice(table[0].length).split(/\r?\n/).slice(0, size);
  const objects: { number: number; offset: number }[] = [];
  entries.forEach((entry, number) => {
    const match = /^(\d{10}) (\d{5}) n/.exec(entry);
    if (match !== null) objects.push({ number, offset: Number(match[1]) });
  });
  objects.sort((a, b) => a.offset - b.offset);

  const id = md5(bytes).subarray(0, 16);
  const permissions = -44;
  const ownerKey = md5(
    Buffer.concat([Buffer.from(ownerPassword, 'latin1'), PASSWORD_PADDING]).subarray(0, 32),
  ).subarray(0, 5);
  const owner = rc4(ownerKey, PASSWORD_PADDING);
  const p = Buffer.alloc(4);
  p.writeInt32LE(permissions);
  // Algorithm 2 with the empty user password: the padding itself.
  const fileKey = md5(PASSWORD_PADDING, owner, p, id).subarray(0, 5);
  const user = rc4(fileKey, PASSWORD_PADDING);
  const objectKey = (number: number): Buffer =>
    md5(fileKey, Buffer.from([number & 0xff, (number >> 8) & 0xff, (number >> 16) & 0xff, 0, 0])).subarray(
      0,
      10,
    );

  const bodies = new Map<number, Buffer>();
  objects.forEach(({ number, offset }, index) => {
    const end = objects[index + 1]?.offset ?? xrefAt;
    const whole = bytes.subarray(offset, end);
    const head = /^\s*\d+\s+\d+\s+obj\s*/.exec(whole.toString('latin1', 0, 64))?.[0] ?? '';
    const tailAt = whole.lastIndexOf('endobj');
    const body = whole.subarray(head.length, tailAt < 0 ? whole.byteLength : tailAt);
    const key = objectKey(number);
    const start = body.toString('latin1', 0, Math.min(body.byteLength, 65_536));
    const stream = /^([\s\S]*?>>)\s*stream\r?\n/.exec(start);
    if (stream === null) {
      bodies.set(number, Buffer.from(encryptStrings(body.toString('latin1').trimEnd(), key), 'latin1'));
      return;
    }
    const dictionary = stream[1] ?? '';
    const length = Number(/\/Length\s+(\d+)/.exec(dictionary)?.[1] ?? NaN);
    if (!Number.isInteger(length)) throw new Error(`encryptPdf: object ${number} has no direct /Length`);
    const dataAt = stream[0].length;
    bodies.set(
      number,
      Buffer.concat([
        Buffer.from(`${encryptStrings(dictionary, key)}\nstream\n`, 'latin1'),
        rc4(key, body.subarray(dataAt, dataAt + length)),
        Buffer.from('\nendstream', 'latin1'),
      ]),
    );
  });
  const encryptNumber = size;
  bodies.set(
    encryptNumber,
    Buffer.from(
      `<< /Filter /Standard /V 1 /R 2 /Length 40 /O <${owner.toString('hex')}> /U <${user.toString('hex')}> /P ${permissions} >>`,
      'latin1',
    ),
  );

  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n', 'latin1')];
  let length = parts[0]?.byteLength ?? 0;
  const offsets = new Map<number, number>();
  for (const [number, body] of [...bodies].sort((a, b) => a[0] - b[0])) {
    offsets.set(number, length);
    const part = Buffer.concat([
      Buffer.from(`${number} 0 obj\n`, 'latin1'),
      body,
      Buffer.from('\nendobj\n', 'latin1'),
    ]);
    parts.push(part);
    length += part.byteLength;
  }
  let xref = `xref\n0 ${size + 1}\n0000000000 65535 f \n`;
  for (let number = 1; number <= size; number += 1) {
    const offset = offsets.get(number);
    xref += offset === undefined ? '0000000000 00001 f \n' : `${String(offset).padStart(10, '0')} 00000 n \n`;
  }
  const hexId = id.toString('hex');
  const trailer = trailerText
    .replace(/\/Size\s+\d+/, `/Size ${size + 1}`)
    .replace(/>>\s*$/, ` /Encrypt ${encryptNumber} 0 R /ID [<${hexId}> <${hexId}>] >>`);
  parts.push(Buffer.from(`${xref}trailer\n${trailer}\nstartxref\n${length}\n%%EOF\n`, 'latin1'));
  return new Uint8Array(Buffer.concat(parts));
}

/**
 * {@link flateBombPdf}`(inflatedBytes)`, encrypted: its content stream is encrypted Flate data, which
 * no check can measure before the PDF engine decrypts and inflates it (a gibibyte in the audit).
 */
export function encryptedFlateBombPdf(inflatedBytes: number): Uint8Array<ArrayBuffer> {
  return encryptPdf(flateBombPdf(inflatedBytes));
}

/** {@link sharedPageTreePdf}`(levels)`, encrypted (2^`levels` pages sharing one page object). */
export function encryptedSharedPageTreePdf(levels = 21): Uint8Array<ArrayBuffer> {
  return encryptPdf(sharedPageTreePdf(levels));
}

/** {@link longPdf}`(pages)`, encrypted: an ordinary long PDF that opens without a password. */
export function encryptedLongPdf(pages: number, seed = 8): Uint8Array<ArrayBuffer> {
  return encryptPdf(longPdf(pages, seed));
}
