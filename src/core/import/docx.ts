/**
 * The Word (.docx) importer: mammoth turns the document's structure (headings by style, paragraphs,
 * lists, emphasis, links) into HTML, which goes through the same sanitiser as web pages. The package
 * is first opened with the size-checked unzip (`zip.ts`), which also reads the core properties
 * (`docProps/core.xml`: title, creator, created) for the proposed metadata. Every XML part mammoth
 * reads is unpacked and counted first (`markup-shape.ts`), so a part that lies about its size, nests
 * too deep for mammoth's recursive reader, is too large or declares entities is refused before it.
 */
import mammoth from 'mammoth';
import type { Conversion } from './formats';
import { docOf, domToBlocks, inertDom, strictXmlDom } from './html-dom';
import { importFailed } from './import-error';
import { IMPORT_LIMITS } from './limits';
import { MarkupBudget } from './markup-shape';
import type { SourceFile } from './read-source';
import { clipTitle, parseCslDate, parseCslName, type ProposedCsl } from './proposed-csl';
import { unzipEntries, type ZipLimits } from './zip';

const DC = 'http://purl.org/dc/elements/1.1/';
const DCTERMS = 'http://purl.org/dc/terms/';

/** What a reader can do with a Word file Scholia cannot read. */
const ADVICE = 'Open it in Word or LibreOffice and save a new copy, then import that.';

/** Images are never imported: mammoth is told not to read them at all. */
const NO_IMAGES = mammoth.images.imgElement(() => Promise.resolve({ src: '' }));

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
  // mammoth unpacks the package again with its own ZIP reader, which trusts the sizes entries declare,
  // and reads Word's XML recursively: each part it reads is first unpacked here, which holds it to its
  // declared size (refusing an entry that lies), and counted, which refuses markup too deep or too large.
  const budget = new MarkupBudget(file, ADVICE, 'parts', {
    markupDepth: IMPORT_LIMITS.markupDepth,
    markupElementsPerFile: IMPORT_LIMITS.wordXmlElements,
    markupElements: IMPORT_LIMITS.wordXmlElements,
  });
  const decoder = new TextDecoder();
  for (const name of entries.names()) {
    const bytes = entries.get(name);
    if (bytes !== undefined) budget.check(decoder.decode(bytes), 'xml', name);
  }
  let html: string;
  try {
    html = (
      await mammoth.convertToHtml(
        { buffer: Buffer.from(file.bytes) },
        { convertImage: NO_IMAGES, externalFileAccess: false },
      )
    ).value;
  } catch (error) {
    throw importFailed(
      file,
      `"${file.name}" is not a readable Word document: it is damaged or incomplete (${error instanceof Error ? error.message : String(error)}). ` +
        'Open it in Word or LibreOffice and save a new copy, then import that.',
      error,
    );
  }
  // mammoth's HTML has about the elements of the XML it came from: counted against limits of its own.
  const dom = inertDom(`<!DOCTYPE html><html><body>${html}</body></html>`, {
    budget: new MarkupBudget(file, ADVICE, 'parts'),
  });
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
  const csl = coreProperties(core === undefined ? undefined : decoder.decode(core), file, blocks);
  return { doc: docOf(blocks), csl };
}

function coreProperties(
  xml: string | undefined,
  file: SourceFile,
  blocks: readonly { textContent: string; type: { name: string } }[],
): ProposedCsl {
  let title: string | undefined;
  let creator: string | undefined;
  let created: string | undefined;
  if (xml !== undefined) {
    try {
      const dom = strictXmlDom(xml, { budget: new MarkupBudget(file, ADVICE), part: 'docProps/core.xml' });
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
      file.name.replace(/\.[^.]+$/, '') ||
      file.name,
  };
  if (creator !== undefined)
    csl.author = creator
      .split(/\s*;\s*/)
      .filter((name) => name !== '')
      .map(parseCslName);
  if (created !== undefined) csl.issued = parseCslDate(created.slice(0, 10));
  return csl;
}
