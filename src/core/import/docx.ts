/**
 * The Word (.docx) importer: mammoth turns the document's structure (headings by style, paragraphs,
 * lists, emphasis, links) into HTML, which goes through the same sanitiser as web pages. The package
 * is first opened with the size-checked unzip (`zip.ts`), which also reads the core properties
 * (`docProps/core.xml`: title, creator, created) for the proposed metadata.
 */
import mammoth from 'mammoth';
import type { Conversion } from './formats';
import { docOf, domToBlocks, inertDom, strictXmlDom } from './html-dom';
import { importFailed } from './import-error';
import type { SourceFile } from './read-source';
import { clipTitle, parseCslDate, parseCslName, type ProposedCsl } from './proposed-csl';
import { unzipEntries, type ZipLimits } from './zip';

const DC = 'http://purl.org/dc/elements/1.1/';
const DCTERMS = 'http://purl.org/dc/terms/';

/** Converts a Word document; `limits` overrides the unpacking limits (tests). */
export async function convertDocx(file: SourceFile, limits?: ZipLimits): Promise<Conversion> {
  const entries = unzipEntries(
    file,
    'Word document',
    (name) => name.endsWith('.xml') || name.endsWith('.rels'),
    limits,
  );
  if (!entries.has('word/document.xml')) {
    throw importFailed(
      file,
      `"${file.name}" is not a Word document: it has no word/document.xml. If it is an older .doc file or another format, save it from Word or LibreOffice as .docx and import that.`,
    );
  }
  let html: string;
  try {
    html = (await mammoth.convertToHtml({ buffer: Buffer.from(file.bytes) })).value;
  } catch (error) {
    throw importFailed(
      file,
      `"${file.name}" is not a readable Word document: it is damaged or incomplete (${error instanceof Error ? error.message : String(error)}). ` +
        'Open it in Word or LibreOffice and save a new copy, then import that.',
      error,
    );
  }
  const dom = inertDom(`<!DOCTYPE html><html><body>${html}</body></html>`);
  let blocks;
  try {
    blocks = domToBlocks(dom.window.document.body);
  } finally {
    dom.window.close();
  }
  if (blocks.length === 0) {
    throw importFailed(
      file,
      `"${file.name}" has no text to import. Check that it is the document you meant.`,
    );
  }
  const core = entries.get('docProps/core.xml');
  const csl = coreProperties(
    core === undefined ? undefined : new TextDecoder().decode(core),
    file.name,
    blocks,
  );
  return { doc: docOf(blocks), csl };
}

function coreProperties(
  xml: string | undefined,
  fileName: string,
  blocks: readonly { textContent: string; type: { name: string } }[],
): ProposedCsl {
  let title: string | undefined;
  let creator: string | undefined;
  let created: string | undefined;
  if (xml !== undefined) {
    try {
      const dom = strictXmlDom(xml);
      const read = (ns: string, name: string): string | undefined => {
        const text = dom.window.document
          .getElementsByTagNameNS(ns, name)
          .item(0)
          ?.textContent.replace(/\s+/g, ' ')
          .trim();
        return text === '' ? undefined : text;
      };
      title = read(DC, 'title');
      creator = read(DC, 'creator');
      created = read(DCTERMS, 'created');
      dom.window.close();
    } catch {
      // Damaged properties cost the proposal, not the text.
    }
  }
  const firstHeading = blocks.find((block) => block.type.name === 'heading')?.textContent;
  const csl: ProposedCsl = {
    type: 'document',
    title:
      clipTitle(title ?? firstHeading ?? blocks[0]?.textContent ?? '') ||
      fileName.replace(/\.[^.]+$/, '') ||
      fileName,
  };
  if (creator !== undefined)
    csl.author = creator
      .split(/\s*;\s*/)
      .filter((name) => name !== '')
      .map(parseCslName);
  if (created !== undefined) csl.issued = parseCslDate(created.slice(0, 10));
  return csl;
}
