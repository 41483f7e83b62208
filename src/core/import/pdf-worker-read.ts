/**
 * Reading a PDF's text with pdfjs (Mozilla's PDF engine, in Node without its own worker and without
 * `eval`), page by page, on the thread `pdf-worker.ts` runs (never on the importer's: see
 * `pdf-worker-host.ts`). Before pdfjs reads the file its compressed streams are measured
 * (`pdf-streams.ts`: pdfjs would inflate a flate bomb whole); then its pages are counted, and its text
 * as the pages are read (pages may share one content stream), and rebuilt into headings and paragraphs
 * (`pdf-layout.ts`), each block knowing the pages it is on; the pages' labels (their printed names)
 * come from the PDF's page label tree (`pdf-page-labels.ts`). A PDF without a text layer (scanned
 * pages) is refused with advice to run OCR.
 */
import { ScholiaError } from '../../shared/errors';
import { importFailed } from './import-error';
import { countInWords, DocumentTally, IMPORT_LIMITS, overLimit } from './limits';
import {
  dropRunningLines,
  rebuildBlocks,
  type PdfBlock,
  type PdfTextLine,
  type PdfTextPage,
} from './pdf-layout';
import { pageLabelsOf } from './pdf-page-labels';
import { PDF_ADVICE } from './pdf-worker-messages';
import type { PdfFacts, PdfWorkerInput } from './pdf-worker-messages';
import { isEncryptedPdf, measurePdfStreams } from './pdf-streams';
import { formatSize } from './read-source';

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');

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

/**
 * The text of the PDF `file` as blocks, and what it says about itself. `measured` is called once its
 * streams have been measured, before pdfjs reads it, saying whether it is encrypted (then its streams
 * could not be measured). Throws `import-failed` for a PDF over a limit, damaged, locked by a password
 * or without a text layer.
 */
export async function readPdf(
  file: PdfWorkerInput,
  measured: (encrypted: boolean) => void,
): Promise<{ facts: PdfFacts; blocks: PdfBlock[] }> {
  checkStreams(file);
  measured(isEncryptedPdf(file.bytes));
  const pdfjs: PdfJs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  // The bytes are this thread's own: pdfjs may take them.
  const task = pdfjs.getDocument({
    data: file.bytes,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    stopAtErrors: false,
    verbosity: 0,
  });
  let pdf: Awaited<typeof task.promise>;
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
        PDF_ADVICE,
      );
    }
    const pages: PdfTextPage[] = [];
    // Pages may share their content: the text is counted as it is read, not judged by the file's size.
    const tally = new DocumentTally(file, PDF_ADVICE, {
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
    }
    const blocks = rebuildBlocks(dropRunningLines(pages));
    if (blocks.length === 0) {
      throw importFailed(
        file,
        `"${file.name}" has no text layer (it is probably scanned): its pages are images of text. ` +
          'Run OCR on it first (for example with OCRmyPDF or your scanner software) and import the result.',
      );
    }
    return { facts: { ...(await factsOf(pdf)), pageLabels: await pageLabelsOf(pdf) }, blocks };
  } catch (error) {
    if (error instanceof ScholiaError) throw error;
    // pdf.js opened the file but cannot read on (a circular page tree, a broken object): damage.
    throw importFailed(
      file,
      `"${file.name}" is a damaged PDF: ${error instanceof Error ? error.message : String(error)}. ` +
        'If it was downloaded, download it again; otherwise open it in a PDF viewer and save a new copy.',
      error,
    );
  } finally {
    await pdf.destroy();
  }
}

/**
 * Refuses a PDF whose compressed streams would unpack to more than the limits allow, before pdfjs
 * (which inflates each stream whole) reads it: see `pdf-streams.ts`.
 */
function checkStreams(file: PdfWorkerInput): void {
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
      PDF_ADVICE,
    );
  }
  if (measure.over === 'total') {
    throw overLimit(
      file,
      `its compressed streams unpack to more than ${formatSize(IMPORT_LIMITS.pdfStreamTotalBytes)} together`,
      PDF_ADVICE,
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

/** The page count, the Info dictionary's strings and the XMP packet's entries (damaged metadata: none). */
async function factsOf(pdf: {
  numPages: number;
  getMetadata(): Promise<{ info: object; metadata: unknown }>;
}): Promise<Omit<PdfFacts, 'pageLabels'>> {
  const info: Record<string, string> = {};
  let xmp: Record<string, string | string[]> | null = null;
  try {
    const metadata = await pdf.getMetadata();
    for (const [key, value] of Object.entries(metadata.info)) {
      if (typeof value === 'string') info[key] = value;
    }
    // pdfjs's XMP reader iterates as a map from `prefix:name` to strings or string arrays.
    const packet = metadata.metadata;
    if (packet !== null && typeof packet === 'object' && Symbol.iterator in packet) {
      xmp = {};
      for (const entry of packet as Iterable<[unknown, unknown]>) {
        const [key, value] = entry;
        if (typeof key !== 'string') continue;
        if (typeof value === 'string') xmp[key] = value;
        else if (Array.isArray(value))
          xmp[key] = value.filter((item): item is string => typeof item === 'string');
      }
    }
  } catch {
    // Damaged metadata costs the proposal, not the text.
  }
  return { pages: pdf.numPages, info, xmp };
}
