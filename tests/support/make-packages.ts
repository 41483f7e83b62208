/**
 * Builders for the ZIP-based formats, for tests and benchmarks: a minimal but valid EPUB (2 or 3) and
 * a minimal WordprocessingML (.docx) package, made with fflate from given text.
 */
import { strToU8, zipSync, type Zippable } from 'fflate';

/** Escapes text for XML content and attribute values. */
export function xmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** One chapter of a generated book. */
export interface BookChapter {
  readonly title: string;
  readonly paragraphs: readonly string[];
  /** Whether the chapter's XHTML repeats the title as its own `<h1>` (most books do). */
  readonly ownHeading?: boolean;
}

/** What goes into a generated EPUB. */
export interface EpubSpec {
  readonly version: 2 | 3;
  readonly title: string;
  /** Display name and file-as form, e.g. `['Clare Doyle', 'Doyle, Clare']`. */
  readonly creators: readonly (readonly [string, string])[];
  readonly date?: string;
  readonly publisher?: string;
  readonly isbn?: string;
  readonly chapters: readonly BookChapter[];
  /** Extra files, e.g. a cover image. */
  readonly extra?: Readonly<Record<string, Uint8Array>>;
}

/** An EPUB with its chapters listed in the spine in reverse file-name order (to prove spine order counts). */
export function makeEpub(spec: EpubSpec): Uint8Array {
  const files: Zippable = {
    mimetype: [strToU8('application/epub+zip'), { level: 0 }],
    'META-INF/container.xml': strToU8(
      '<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">' +
        '<rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles></container>',
    ),
  };
  const ids = spec.chapters.map((_, index) => `ch${String(spec.chapters.length - index).padStart(3, '0')}`);
  spec.chapters.forEach((chapter, index) => {
    const body =
      (chapter.ownHeading === false ? '' : `<h1>${xmlEscape(chapter.title)}</h1>`) +
      chapter.paragraphs.map((paragraph) => `<p>${xmlEscape(paragraph)}</p>`).join('\n');
    files[`OEBPS/text/${ids[index] ?? ''}.xhtml`] = strToU8(
      `<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">` +
        `<head><title>${xmlEscape(spec.title)}</title></head><body><section>${body}</section></body></html>`,
    );
  });
  const creators = spec.creators
    .map(([name, fileAs], index) =>
      spec.version === 3
        ? `<dc:creator id="cre${index}">${xmlEscape(name)}</dc:creator><meta refines="#cre${index}" property="file-as">${xmlEscape(fileAs)}</meta>` +
          `<meta refines="#cre${index}" property="role" scheme="marc:relators">aut</meta>`
        : `<dc:creator opf:role="aut" opf:file-as="${xmlEscape(fileAs)}">${xmlEscape(name)}</dc:creator>`,
    )
    .join('');
  const manifest = ids
    .map((id) => `<item id="${id}" href="text/${id}.xhtml" media-type="application/xhtml+xml"/>`)
    .join('');
  const navItem =
    spec.version === 3
      ? '<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>'
      : '<item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>';
  files['OEBPS/content.opf'] = strToU8(
    `<?xml version="1.0" encoding="utf-8"?><package xmlns="http://www.idpf.org/2007/opf" version="${spec.version}.0" unique-identifier="uid">` +
      `<metadata xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:opf="http://www.idpf.org/2007/opf">` +
      `<dc:title>${xmlEscape(spec.title)}</dc:title>${creators}` +
      (spec.date === undefined ? '' : `<dc:date>${spec.date}</dc:date>`) +
      (spec.publisher === undefined ? '' : `<dc:publisher>${xmlEscape(spec.publisher)}</dc:publisher>`) +
      `<dc:identifier id="uid">urn:uuid:0f6f3c2e-1111-4222-8333-944455556666</dc:identifier>` +
      (spec.isbn === undefined ? '' : `<dc:identifier>urn:isbn:${spec.isbn}</dc:identifier>`) +
      `<dc:language>en</dc:language></metadata>` +
      `<manifest>${navItem}${manifest}</manifest>` +
      `<spine${spec.version === 2 ? ' toc="ncx"' : ''}>${ids.map((id) => `<itemref idref="${id}"/>`).join('')}</spine></package>`,
  );
  if (spec.version === 3) {
    files['OEBPS/nav.xhtml'] = strToU8(
      `<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"><head><title>Contents</title></head><body>` +
        `<nav epub:type="toc"><ol>${spec.chapters
          .map(
            (chapter, index) =>
              `<li><a href="text/${ids[index] ?? ''}.xhtml">${xmlEscape(chapter.title)}</a></li>`,
          )
          .join('')}</ol></nav></body></html>`,
    );
  } else {
    files['OEBPS/toc.ncx'] = strToU8(
      `<?xml version="1.0" encoding="utf-8"?><ncx xmlns="http://www.daisy.org/z3986/2005/ncx/" version="2005-1"><navMap>${spec.chapters
        .map(
          (chapter, index) =>
            `<navPoint id="p${index}" playOrder="${index + 1}"><navLabel><text>${xmlEscape(chapter.title)}</text></navLabel><content src="text/${ids[index] ?? ''}.xhtml"/></navPoint>`,
        )
        .join('')}</navMap></ncx>`,
    );
  }
  for (const [name, bytes] of Object.entries(spec.extra ?? {})) files[name] = bytes;
  return zipSync(files);
}

/** One block of a generated Word document. */
export type DocxBlock =
  | { readonly kind: 'heading'; readonly text: string }
  | { readonly kind: 'paragraph'; readonly text: string; readonly italic?: string };

/** A minimal .docx: styles with "heading 1", the blocks, and core properties. */
export function makeDocx(spec: {
  blocks: readonly DocxBlock[];
  title?: string;
  creator?: string;
  created?: string;
}): Uint8Array {
  const w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
  const run = (text: string, italic = false): string =>
    `<w:r>${italic ? '<w:rPr><w:i/></w:rPr>' : ''}<w:t xml:space="preserve">${xmlEscape(text)}</w:t></w:r>`;
  const body = spec.blocks
    .map((block) =>
      block.kind === 'heading'
        ? `<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr>${run(block.text)}</w:p>`
        : `<w:p>${run(block.text)}${block.italic === undefined ? '' : run(block.italic, true)}</w:p>`,
    )
    .join('');
  const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  return zipSync({
    '[Content_Types].xml': strToU8(
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>' +
        '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>' +
        '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>',
    ),
    '_rels/.rels': strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
        `<Relationship Id="rId1" Type="${rel}/officeDocument" Target="word/document.xml"/>` +
        `<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>`,
    ),
    'word/_rels/document.xml.rels': strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
        `<Relationship Id="rId1" Type="${rel}/styles" Target="styles.xml"/></Relationships>`,
    ),
    'word/styles.xml': strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><w:styles ${w}><w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/></w:style></w:styles>`,
    ),
    'word/document.xml': strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><w:document ${w}><w:body>${body}</w:body></w:document>`,
    ),
    'docProps/core.xml': strToU8(
      '<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ' +
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
        (spec.title === undefined ? '' : `<dc:title>${xmlEscape(spec.title)}</dc:title>`) +
        (spec.creator === undefined ? '' : `<dc:creator>${xmlEscape(spec.creator)}</dc:creator>`) +
        (spec.created === undefined
          ? ''
          : `<dcterms:created xsi:type="dcterms:W3CDTF">${spec.created}</dcterms:created>`) +
        '</cp:coreProperties>',
    ),
  });
}
