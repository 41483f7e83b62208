/**
 * Test support for core and CLI tests: the real-prose fixtures in tests/fixtures (by short name and
 * path), a file as handed to an importer, a text wrapper that hard-wraps them the way Project
 * Gutenberg files are wrapped, and originals with pages (a PDF with page labels, EPUBs with page
 * lists). Used only by `*.test.ts` files and other test support.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { strToU8, zipSync } from 'fflate';

/** The plain-text fixtures by short name: two web articles, navigation clutter included. */
export const FIXTURE_FILES = {
  ussr: 'socialist-2009-11-18-ussr-1989-collapse-of-stalinism.txt',
  review: 'review-2026-02-15-collapse-of-stalinism-book.txt',
} as const;

/** The file names of the fixtures. */
export const FIXTURE_NAMES = [FIXTURE_FILES.review, FIXTURE_FILES.ussr] as const;

/** Absolute path of a fixture file. */
export function fixturePath(name: (typeof FIXTURE_NAMES)[number]): string {
  return fileURLToPath(new URL(`../../../tests/fixtures/${name}`, import.meta.url));
}

/** A fixture's text. */
export function readFixture(name: (typeof FIXTURE_NAMES)[number]): string {
  return readFileSync(fixturePath(name), 'utf8');
}

/** A fixture's blocks of lines longer than `longerThan` characters, each on one line with its spaces folded. */
export function fixtureParagraphs(name: (typeof FIXTURE_NAMES)[number], longerThan: number): string[] {
  return readFixture(name)
    .split(/\n\s*\n/)
    .map((block) => block.replace(/\s+/g, ' ').trim())
    .filter((block) => block.length > longerThan);
}

/** A file handed to an importer, as read from `/in/name`. */
export function fileOf(name: string, bytes: Uint8Array): { name: string; label: string; bytes: Uint8Array } {
  return { name, label: `/in/${name}`, bytes };
}

/**
 * Hard-wraps every line of `text` greedily at `width` columns, as `fmt` or a Gutenberg transcriber
 * would: words are never split, a word longer than the width gets a line of its own, blank lines stay.
 */
export function hardWrap(text: string, width: number): string {
  return text
    .split('\n')
    .map((line) => {
      const lines: string[] = [];
      let current = '';
      for (const word of line.trim().split(/\s+/)) {
        if (current === '') current = word;
        else if (current.length + 1 + word.length <= width) current += ` ${word}`;
        else {
          lines.push(current);
          current = word;
        }
      }
      lines.push(current);
      return lines.join('\n');
    })
    .join('\n');
}

/** The characters of `text` that are not blank space, NFC-normalised: what an import must keep, in order. */
export function nonBlank(text: string): string {
  return text.normalize('NFC').replace(/\s+/gu, '');
}

/**
 * `pdf` (as `tests/support/make-pdf.ts` writes it) with a page label tree in its catalog, written by
 * hand: `nums` is the `/Nums` array of the `/PageLabels` number tree, e.g. `0 << /S /r >> 2 << /S /D >>`
 * (pages i, ii, then 1, 2, 3…). The cross-reference table is written again for the moved objects.
 */
export function withPageLabels(pdf: Uint8Array, nums: string): Uint8Array<ArrayBuffer> {
  const source = Buffer.from(pdf).toString('latin1');
  if (!source.includes('/Type /Catalog')) throw new Error('withPageLabels: the PDF has no catalog');
  const body = source
    .slice(0, source.indexOf('\nxref\n') + 1)
    .replace('/Type /Catalog', `/Type /Catalog /PageLabels << /Nums [${nums}] >>`);
  const offsets: number[] = [];
  for (const match of body.matchAll(/^(\d+) 0 obj$/gm)) offsets[Number(match[1]) - 1] = match.index;
  const trailer = /trailer\n(<<.*>>)\n/.exec(source)?.[1];
  if (trailer === undefined) throw new Error('withPageLabels: the PDF has no trailer');
  const xref =
    `xref\n0 ${offsets.length + 1}\n0000000000 65535 f \n` +
    offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('');
  const out = `${body}${xref}trailer\n${trailer}\nstartxref\n${Buffer.byteLength(body, 'latin1')}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(out, 'latin1'));
}

/** A book for the page tests: each chapter's body markup, and the page list its navigation gives. */
export interface PagedBookSpec {
  /** EPUB 3 lists the pages in its navigation document's `page-list` nav, EPUB 2 in its NCX `pageList`. */
  readonly version: 2 | 3;
  /** Each chapter's `<body>` content, as XHTML (`epub:` is bound to the OPS namespace). */
  readonly chapters: readonly string[];
  /** The page list: each page's link (`text/ch1.xhtml#page3`, relative to the package) and label. */
  readonly pageList?: readonly (readonly [href: string, label: string])[];
}

/**
 * An EPUB of {@link PagedBookSpec}, written by hand: its chapters at `OEBPS/text/ch<n>.xhtml` (n from
 * 1), untitled (the table of contents lists none, so no title heading is added to the text).
 */
export function pagedEpub(spec: PagedBookSpec): Uint8Array {
  const escape = (text: string): string =>
    text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const ids = spec.chapters.map((_, index) => `ch${index + 1}`);
  const files: Record<string, Uint8Array | [Uint8Array, { level: 0 }]> = {
    mimetype: [strToU8('application/epub+zip'), { level: 0 }],
    'META-INF/container.xml': strToU8(
      '<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">' +
        '<rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>',
    ),
  };
  spec.chapters.forEach((body, index) => {
    files[`OEBPS/text/${ids[index] ?? ''}.xhtml`] = strToU8(
      `<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">` +
        `<head><title>Chapter ${index + 1}</title></head><body>${body}</body></html>`,
    );
  });
  const pageList = spec.pageList ?? [];
  const navItem =
    spec.version === 3
      ? '<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>'
      : '<item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>';
  files['OEBPS/content.opf'] = strToU8(
    `<?xml version="1.0" encoding="utf-8"?><package xmlns="http://www.idpf.org/2007/opf" version="${spec.version}.0" unique-identifier="uid">` +
      '<metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Paged</dc:title><dc:identifier id="uid">urn:uuid:7d1c</dc:identifier><dc:language>en</dc:language></metadata>' +
      `<manifest>${navItem}${ids.map((id) => `<item id="${id}" href="text/${id}.xhtml" media-type="application/xhtml+xml"/>`).join('')}</manifest>` +
      `<spine${spec.version === 2 ? ' toc="ncx"' : ''}>${ids.map((id) => `<itemref idref="${id}"/>`).join('')}</spine></package>`,
  );
  if (spec.version === 3) {
    files['OEBPS/nav.xhtml'] = strToU8(
      '<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"><head><title>Contents</title></head><body>' +
        '<nav epub:type="toc"><ol></ol></nav>' +
        (pageList.length === 0
          ? ''
          : `<nav epub:type="page-list" hidden=""><ol>${pageList
              .map(([href, label]) => `<li><a href="${escape(href)}">${escape(label)}</a></li>`)
              .join('')}</ol></nav>`) +
        '</body></html>',
    );
  } else {
    files['OEBPS/toc.ncx'] = strToU8(
      '<?xml version="1.0" encoding="utf-8"?><ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1"><navMap></navMap>' +
        (pageList.length === 0
          ? ''
          : `<pageList><navLabel><text>Pages</text></navLabel>${pageList
              .map(
                ([href, label], index) =>
                  `<pageTarget id="pt${index}" type="normal" value="${index + 1}" playOrder="${ids.length + index + 1}"><navLabel><text>${escape(label)}</text></navLabel><content src="${escape(href)}"/></pageTarget>`,
              )
              .join('')}</pageList>`) +
        '</ncx>',
    );
  }
  return zipSync(files);
}
