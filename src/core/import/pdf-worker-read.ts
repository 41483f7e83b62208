/**
 * Reading a PDF's text with pdfjs (Mozilla's PDF engine, in Node without its own worker and without
 * `eval`), page by page, on the thread `pdf-worker.ts` runs (never on the importer's: see
 * `pdf-worker-host.ts`). Before pdfjs reads the file its compressed streams are measured
 * (`pdf-streams.ts`: pdfjs would inflate a flate bomb whole); then its pages are counted, and its text
 * as the pages are read (pages may share one content stream), and rebuilt into headings and paragraphs
 * (`pdf-layout.ts`), each block knowing the pages it is on; the pages' labels (their printed names)
 * come from the PDF's page label tree (`pdf-page-labels.ts`). The highlights and notes embedded in
 * it are placed on that text (`pdf-annotations.ts`): only the pages that have some keep their runs'
 * places, so a PDF without annotations costs what it did. A PDF without a text layer (scanned pages)
 * is refused with advice to run OCR.
 */
import { ScholiaError } from '../../shared/errors';
import { BLOCK_SEPARATOR } from '../../shared/projection';
import { importFailed } from './import-error';
import { countInWords, DocumentTally, IMPORT_LIMITS, overLimit } from './limits';
import {
  markupOf,
  placeAnnotations,
  type AnnotatedPage,
  type EmbeddedReading,
  type LinePlace,
  type PdfMarkup,
  type PlacedRun,
} from './pdf-annotations';
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
): Promise<{ facts: PdfFacts; blocks: PdfBlock[]; annotations: EmbeddedReading }> {
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
    const annotated: AnnotatedPage[] = [];
    const embedded = { count: 0, skipped: 0 };
    for (let number = 1; number <= pdf.numPages; number += 1) {
      const page = await pdf.getPage(number);
      const [, , , height = 792] = page.view;
      const markups = await markupsOf(page, embedded);
      const content = await page.getTextContent();
      const runs: PlacedRun[] | undefined = markups.length > 0 ? [] : undefined;
      const lines = linesOf(
        content.items.flatMap((item: unknown) => (isTextRun(item) ? [item] : [])),
        runs,
      );
      if (runs !== undefined) annotated.push({ runs, markups });
      tally.add(
        lines.length,
        lines.reduce((sum, line) => sum + line.text.length, 0),
      );
      pages.push({ lines, height });
      page.cleanup();
    }
    const kept = dropRunningLines(pages);
    const linePlaces: { line: PdfTextLine; block: number; offset: number; length: number }[] = [];
    const blocks = rebuildBlocks(
      kept,
      annotated.length === 0
        ? undefined
        : (line, block, offset, length) => linePlaces.push({ line, block, offset, length }),
    );
    if (blocks.length === 0) {
      throw importFailed(
        file,
        `"${file.name}" has no text layer (it is probably scanned): its pages are images of text. ` +
          'Run OCR on it first (for example with OCRmyPDF or your scanner software) and import the result.',
      );
    }
    return {
      facts: { ...(await factsOf(pdf)), pageLabels: await pageLabelsOf(pdf) },
      blocks,
      annotations: placed(annotated, blocks, linePlaces, embedded.skipped),
    };
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

/**
 * The page's highlights and notes as `markupOf` reads them; those malformed or past the limit are
 * counted in `embedded.skipped`. A page whose annotations pdf.js cannot read has none: they cost
 * nothing of the text.
 */
async function markupsOf(
  page: { getAnnotations(): Promise<unknown[]> },
  embedded: { count: number; skipped: number },
): Promise<PdfMarkup[]> {
  let annotations: unknown[];
  try {
    annotations = await page.getAnnotations();
  } catch {
    return [];
  }
  const markups: PdfMarkup[] = [];
  for (const data of annotations) {
    const markup = markupOf(data);
    if (markup === 'skip') continue;
    if (markup === 'malformed' || embedded.count >= IMPORT_LIMITS.pdfAnnotations) embedded.skipped += 1;
    else {
      markups.push(markup);
      embedded.count += 1;
    }
  }
  return markups;
}

/**
 * The annotations of the `annotated` pages placed on the text of `blocks`, whose lines `places` says
 * where they went; the text is the projection's (blocks joined by a blank line), offsets counted in it.
 */
function placed(
  annotated: readonly AnnotatedPage[],
  blocks: readonly PdfBlock[],
  places: readonly { line: PdfTextLine; block: number; offset: number; length: number }[],
  skipped: number,
): EmbeddedReading {
  if (annotated.length === 0) return { placed: [], notPlaced: skipped };
  const starts: number[] = [];
  let at = 0;
  for (const block of blocks) {
    starts.push(at);
    at += block.text.length + BLOCK_SEPARATOR.length;
  }
  const lines = new Map<PdfTextLine, LinePlace>();
  for (const { line, block, offset, length } of places)
    lines.set(line, { start: (starts[block] ?? 0) + offset, length });
  const text = blocks.map((block) => block.text).join(BLOCK_SEPARATOR);
  return placeAnnotations(annotated, lines, text, skipped);
}

/**
 * Groups a page's runs into lines: a run ending a line (`hasEOL`) or a jump in baseline starts a new one.
 * `placed`, when given, is told where each run of a kept line sits and which of the line's characters it is.
 */
function linesOf(runs: readonly TextRun[], placed?: PlacedRun[]): PdfTextLine[] {
  const lines: PdfTextLine[] = [];
  let text = '';
  let x = 0;
  let y = 0;
  let right = 0;
  let size = 0;
  let pending: Omit<PlacedRun, 'line'>[] = [];
  const flush = (): void => {
    if (text.trim() !== '') {
      const line = { text, x, y, width: right - x, size };
      lines.push(line);
      for (const run of pending) placed?.push({ ...run, line });
    }
    pending = [];
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
      if (placed !== undefined)
        pending.push({
          x: runX,
          y: runY,
          width: run.width,
          size: runSize,
          offset: text.length,
          length: run.str.length,
        });
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
