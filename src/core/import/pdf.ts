/**
 * The PDF importer: the text layer is read with pdfjs (Mozilla's PDF engine, in Node without a
 * worker and without `eval`), page by page, and rebuilt into headings and paragraphs by
 * `pdf-layout.ts`. Metadata comes from the XMP packet when there is one, else the Info dictionary.
 * A PDF without a text layer (scanned pages) is refused with advice to run OCR. Before pdfjs reads a
 * file, its compressed streams are measured (`pdf-streams.ts`: pdfjs would inflate a flate bomb whole);
 * then its pages are counted, and its text as the pages are read (pages may share one content stream).
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Node as ProseMirrorNode } from 'prosemirror-model';
import { documentSchema } from '../../shared/schema';
import type { Conversion } from './formats';
import { docOf } from './html-dom';
import { doiIn } from './html-metadata';
import { importFailed } from './import-error';
import { countInWords, DocumentTally, IMPORT_LIMITS, overLimit } from './limits';
import { dropRunningLines, rebuildBlocks, type PdfTextLine, type PdfTextPage } from './pdf-layout';
import { measurePdfStreams } from './pdf-streams';
import { formatSize, type SourceFile } from './read-source';
import { clipTitle, parseCslDate, parseCslName, type ProposedCsl } from './proposed-csl';

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
type PdfDocument = Awaited<ReturnType<PdfJs['getDocument']>['promise']>;

/** Loaded on first use: pdfjs is large, and most imports are not PDFs. */
let pdfjsModule: Promise<PdfJs> | undefined;
function loadPdfJs(): Promise<PdfJs> {
  pdfjsModule ??= import('pdfjs-dist/legacy/build/pdf.mjs');
  return pdfjsModule;
}

/** A positioned run of text as pdfjs reports it (the part of its `TextItem` used here). */
interface TextRun {
  str: string;
  transform: number[];
  width: number;
  height: number;
  hasEOL: boolean;
}

function isTextRun(item: unknown): item is TextRun {
  return typeof item === 'object' && item !== null && 'str' in item && 'transform' in item;
}

/** What a reader can do with a PDF over a limit. */
const ADVICE =
  'Open it in a PDF viewer and save or print it to a new PDF (split into parts if it is very long), then import that.';

/** Converts a PDF. */
export async function convertPdf(file: SourceFile): Promise<Conversion> {
  checkStreams(file);
  const pdfjs = await loadPdfJs();
  // pdfjs takes ownership of the buffer it is given; hand it a copy so the original bytes stay intact.
  const task = pdfjs.getDocument({
    data: new Uint8Array(file.bytes),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    stopAtErrors: false,
    verbosity: 0,
  });
  let pdf: PdfDocument;
  try {
    pdf = await task.promise;
  } catch (error) {
    await task.destroy();
    const name = error instanceof Error ? error.name : '';
    if (name === 'PasswordException') {
      throw importFailed(
        file,
        `"${file.name}" is protected by a password, so Scholia cannot read its text. Open it in a PDF viewer with the password and save or print it to a new PDF without one, then import that.`,
        error,
      );
    }
    throw importFailed(
      file,
      `"${file.name}" is not a readable PDF: it is damaged or not a PDF at all (${error instanceof Error ? error.message : String(error)}). ` +
        'If it was downloaded, download it again; otherwise open it in a PDF viewer and save a new copy.',
      error,
    );
  }
  try {
    if (pdf.numPages > IMPORT_LIMITS.pdfPages) {
      throw overLimit(
        file,
        `it has ${countInWords(pdf.numPages)} pages; Scholia reads at most ${countInWords(IMPORT_LIMITS.pdfPages)} from one PDF`,
        ADVICE,
      );
    }
    const pages: PdfTextPage[] = [];
    // Pages may share their content: the text is counted as it is read, not judged by the file's size.
    const tally = new DocumentTally(file, ADVICE, {
      documentBlocks: IMPORT_LIMITS.textLines,
      documentChars: IMPORT_LIMITS.documentChars,
    });
    for (let number = 1; number <= pdf.numPages; number += 1) {
      const page = await pdf.getPage(number);
      const [, , , height = 792] = page.view;
      const content = await page.getTextContent();
      const lines = linesOf(content.items.flatMap((item: unknown) => (isTextRun(item) ? [item] : [])));
      tally.add(
        lines.length,
        lines.reduce((sum, line) => sum + line.text.length, 0),
      );
      pages.push({ lines, height });
      page.cleanup();
      // Let other work run between pages: a 300-page book is many small steps, not one long one.
      if (number % 8 === 0) await yieldToEventLoop();
    }
    await yieldToEventLoop();
    const kept = dropRunningLines(pages);
    await yieldToEventLoop();
    const blocks = rebuildBlocks(kept);
    await yieldToEventLoop();
    if (blocks.length === 0) {
      throw importFailed(
        file,
        `"${file.name}" has no text layer (it is probably scanned): its pages are images of text. ` +
          'Run OCR on it first (for example with OCRmyPDF or your scanner software) and import the result.',
      );
    }
    const nodes: ProseMirrorNode[] = blocks.map((block) =>
      block.kind === 'heading'
        ? documentSchema.nodes.heading.create({ level: 2 }, documentSchema.text(block.text))
        : documentSchema.nodes.paragraph.create(null, documentSchema.text(block.text)),
    );
    const firstHeading = blocks.find((block) => block.kind === 'heading')?.text;
    const csl = await pdfMetadata(
      pdf,
      file.name,
      firstHeading ?? blocks[0]?.text,
      blocks
        .slice(0, 30)
        .map((block) => block.text)
        .join('\n'),
    );
    return { doc: docOf(nodes), csl };
  } finally {
    await pdf.destroy();
  }
}

/**
 * Refuses a PDF whose compressed streams would unpack to more than the limits allow, before pdfjs
 * (which inflates each stream whole) reads it: see `pdf-streams.ts`.
 */
function checkStreams(file: SourceFile): void {
  const measure = measurePdfStreams(file.bytes, {
    streamBytes: IMPORT_LIMITS.pdfStreamBytes,
    totalBytes: IMPORT_LIMITS.pdfStreamTotalBytes,
  });
  if (measure.over === 'stream') {
    const which =
      measure.objectNumber === null
        ? 'a compressed stream'
        : `its object ${measure.objectNumber}, a compressed stream,`;
    throw overLimit(
      file,
      `${which} unpacks to more than ${formatSize(IMPORT_LIMITS.pdfStreamBytes)} (a "flate bomb")`,
      ADVICE,
    );
  }
  if (measure.over === 'total') {
    throw overLimit(
      file,
      `its compressed streams unpack to more than ${formatSize(IMPORT_LIMITS.pdfStreamTotalBytes)} together`,
      ADVICE,
    );
  }
}

/** Groups a page's runs into lines: a run ending a line (`hasEOL`) or a jump in baseline starts a new one. */
function linesOf(runs: readonly TextRun[]): PdfTextLine[] {
  const lines: PdfTextLine[] = [];
  let text = '';
  let x = 0;
  let y = 0;
  let right = 0;
  let size = 0;
  const flush = (): void => {
    if (text.trim() !== '') lines.push({ text, x, y, width: right - x, size });
    text = '';
  };
  for (const run of runs) {
    const runX = run.transform[4] ?? 0;
    const runY = run.transform[5] ?? 0;
    const runSize = Math.hypot(run.transform[2] ?? 0, run.transform[3] ?? 0) || run.height;
    if (text !== '' && Math.abs(runY - y) > Math.max(size, runSize) * 0.5) flush();
    if (text === '') {
      x = runX;
      y = runY;
      size = runSize;
      right = runX;
    }
    if (run.str !== '') {
      text += run.str;
      right = Math.max(right, runX + run.width);
      size = Math.max(size, runSize);
    }
    if (run.hasEOL) flush();
  }
  flush();
  return lines;
}

/** Titles that PDF producers write on their own, which say nothing about the work. */
const JUNK_TITLE = /^(?:untitled|microsoft word - .*|.*\.(?:docx?|odt|rtf|tex|indd|pdf)|title|document\d*)$/i;

async function pdfMetadata(
  pdf: PdfDocument,
  fileName: string,
  firstText: string | undefined,
  opening: string,
): Promise<ProposedCsl> {
  let info: Record<string, unknown> = {};
  let xmp: { get(name: string): unknown } | null = null;
  try {
    const metadata = await pdf.getMetadata();
    info = metadata.info as Record<string, unknown>;
    // pdfjs's XMP reader: a map from `prefix:name` to strings or string arrays.
    xmp = metadata.metadata;
  } catch {
    // Damaged metadata costs the proposal, not the text.
  }
  const infoText = (key: string): string | undefined => {
    const value = info[key];
    return typeof value === 'string' && value.trim() !== '' ? value.replace(/\s+/g, ' ').trim() : undefined;
  };
  const xmpValues = (key: string): string[] => {
    const value = xmp?.get(key);
    const list = Array.isArray(value) ? value : [value];
    return list
      .filter((item): item is string => typeof item === 'string' && item.trim() !== '')
      .map((item) => item.trim());
  };
  const usable = (title: string | undefined): string | undefined =>
    title !== undefined && !JUNK_TITLE.test(title) ? title : undefined;

  const title = usable(xmpValues('dc:title')[0]) ?? usable(infoText('Title')) ?? firstText;
  const csl: ProposedCsl = {
    type: pdf.numPages > 60 ? 'book' : 'article',
    title: clipTitle(title ?? '') || fileName.replace(/\.[^.]+$/, '') || fileName,
  };
  const creators = xmpValues('dc:creator');
  const authorText = infoText('Author');
  const authors =
    creators.length > 0
      ? creators
      : authorText === undefined
        ? []
        : authorText.split(/\s*(?:;|\s&\s|\band\b)\s*/).filter((name) => name !== '');
  if (authors.length > 0) csl.author = authors.map(parseCslName);
  const date =
    xmpValues('dc:date')[0] ??
    xmpValues('prism:publicationdate')[0] ??
    xmpValues('prism:coverdate')[0] ??
    pdfDate(infoText('CreationDate'));
  if (date !== undefined) csl.issued = parseCslDate(date);
  const container = xmpValues('prism:publicationname')[0];
  if (container !== undefined) {
    csl['container-title'] = container;
    csl.type = 'article-journal';
  }
  const publisher = xmpValues('dc:publisher')[0];
  if (publisher !== undefined) csl.publisher = publisher;
  const doi =
    xmpValues('prism:doi')[0] ??
    [...xmpValues('dc:identifier'), infoText('Subject') ?? '', infoText('Keywords') ?? '', opening]
      .map(doiIn)
      .find((value) => value !== undefined);
  const cleanDoi = doi === undefined ? undefined : doiIn(doi);
  if (cleanDoi !== undefined) csl.DOI = cleanDoi;
  return csl;
}

/** A PDF date (`D:20091118093000+01'00'`) as an ISO date, or undefined. */
export function pdfDate(value: string | undefined): string | undefined {
  const match = /^(?:D:)?(\d{4})(\d{2})?(\d{2})?/.exec(value ?? '');
  if (match === null) return undefined;
  return [match[1], match[2], match[3]].filter((part) => part !== undefined).join('-');
}
