/**
 * The limits every import is held to, in one place (the README's "Limits" lists them for readers).
 *
 * An import must finish, or be refused with a message naming the file and what to do, in time that
 * grows with the file, and within a memory budget; it must never take down the process that holds the
 * library. A file's size alone does not bound the work: a few kilobytes of ZIP or PDF can unpack to
 * gigabytes, a page tree can name one page two million times, and markup can nest deeper than any
 * parser's stack. So each importer also counts what the file unpacks to, before building anything from
 * it, and refuses past these limits rather than truncating: a text Scholia keeps must be the whole text.
 *
 * Each limit is far above what a real book, article or reference library needs (a 1,000-page book is
 * about 3 MB of text, 10,000 paragraphs and a few tens of thousands of elements); the budget they give
 * together, measured by `bench/torture.ts`, is in the README.
 */
import { MAX_IMPORT_BYTES } from '../../shared/api';
import { importFailed, type SourceIdentity } from './import-error';

const MiB = 1024 * 1024;

export const IMPORT_LIMITS = {
  /** Bytes of one file (also checked by the UI before uploading). */
  fileBytes: MAX_IMPORT_BYTES,

  /** Entries of a ZIP package (EPUB, DOCX), wanted or not. */
  zipEntries: 10_000,
  /** Uncompressed bytes of one wanted entry (declared, and held to when inflated). */
  zipEntryBytes: 64 * MiB,
  /** Uncompressed bytes of all wanted entries together. */
  zipTotalBytes: 256 * MiB,

  /** Chapters (spine items) of an EPUB. */
  epubChapters: 5_000,

  /** How deep elements may nest in a markup file (HTML, XHTML, XML). */
  markupDepth: 512,
  /** Elements of one markup file: one page, one chapter, one Word document's body. */
  markupElementsPerFile: 100_000,
  /** Elements of all markup files of one import together (all the chapters of a book). */
  markupElements: 300_000,
  /**
   * Elements of the XML parts of one Word document together (Word writes five to thirty elements for
   * each paragraph; mammoth, which reads them, needs about 2 KB for each).
   */
  wordXmlElements: 500_000,
  /**
   * Elements of a web page above which its article is not picked out by Readability (whose time grows
   * fast with the page: seconds for tens of thousands of elements) and the whole page is kept.
   */
  readabilityElements: 30_000,

  /** Pages of a PDF. */
  pdfPages: 5_000,
  /**
   * Annotations (highlights, notes, replies) brought in from one PDF; those past it are counted as not
   * placed rather than refusing the text. A heavily annotated book has a few thousand.
   */
  pdfAnnotations: 20_000,
  /** Bytes one compressed PDF stream (other than an image) may inflate to. */
  pdfStreamBytes: 64 * MiB,
  /** Bytes all the compressed streams of a PDF (other than images) may inflate to together. */
  pdfStreamTotalBytes: 512 * MiB,
  /**
   * What reading one PDF may cost: pdfjs reads it on a thread of its own, watched, which is stopped
   * (and the file refused) past these, since not everything pdfjs will do can be counted beforehand
   * (an encrypted PDF hides its streams until pdfjs decrypts them, so no check can measure them).
   * Memory: the base, plus so many times the file's size, at most the cap (the whole process's growth
   * while the thread runs, the thread's heap included); time: the base plus so much per MiB of file,
   * at most the cap. An ordinary 9 MB PDF of 3,000 pages takes about 230 MB and 7–15 seconds (on
   * two busy cores).
   */
  pdfReadMemoryBytes: 384 * MiB,
  pdfReadMemoryPerFileByte: 10,
  pdfReadMemoryMaxBytes: 1024 * MiB,
  pdfReadMs: 30_000,
  pdfReadMsPerMiB: 5_000,
  pdfReadMaxMs: 300_000,

  /** Lines of a plain-text or Markdown file. */
  textLines: 2_000_000,
  /** Blocks (paragraphs, headings, list items…) of one imported document. */
  documentBlocks: 200_000,
  /** Characters of one imported document's text. */
  documentChars: 64 * MiB,
  /**
   * Pages of the original that one imported document's text names (an EPUB's page markers, a text's
   * form feeds; a PDF's pages are held to `pdfPages`): a printed book has a few thousand at most.
   */
  documentPages: 50_000,

  /** Entries of one reference file (BibTeX, RIS, CSL-JSON). */
  referenceEntries: 10_000,
  /** Entries of a reference file read, matched and stored in one step, between which progress is reported. */
  referenceStep: 250,
} as const;

export type ImportLimits = typeof IMPORT_LIMITS;

/** The limits {@link pdfReadBudget} reads (tests give smaller ones). */
export type PdfReadLimits = {
  readonly [
    Key in
      | 'pdfReadMemoryBytes'
      | 'pdfReadMemoryPerFileByte'
      | 'pdfReadMemoryMaxBytes'
      | 'pdfReadMs'
      | 'pdfReadMsPerMiB'
      | 'pdfReadMaxMs'
  ]: number;
};

/** The memory (bytes) and time (milliseconds) reading a PDF of `fileBytes` bytes may take: see {@link IMPORT_LIMITS}. */
export function pdfReadBudget(
  fileBytes: number,
  limits: PdfReadLimits = IMPORT_LIMITS,
): { memoryBytes: number; ms: number } {
  return {
    memoryBytes: Math.min(
      limits.pdfReadMemoryMaxBytes,
      limits.pdfReadMemoryBytes + limits.pdfReadMemoryPerFileByte * fileBytes,
    ),
    ms: Math.min(
      limits.pdfReadMaxMs,
      limits.pdfReadMs + Math.ceil((limits.pdfReadMsPerMiB * fileBytes) / MiB),
    ),
  };
}

/** `count` with thousands separators, as limits are shown to the reader. */
export function countInWords(count: number): string {
  return count.toLocaleString('en');
}

/**
 * The `import-failed` error for a file over a limit: `"name" cannot be imported: <detail>, more than
 * Scholia reads from one file, so it is probably damaged or made to exhaust memory. <advice>`.
 * `detail` says what was found ("it has 2,000,000 pages; Scholia reads at most 5,000"), `advice` what
 * the reader can do.
 */
export function overLimit(file: SourceIdentity, detail: string, advice: string): Error {
  return importFailed(
    file,
    `"${file.name}" cannot be imported: ${detail}. That is far more than any real document needs, so the ` +
      `file is probably damaged or made to exhaust memory. ${advice}`,
  );
}

/**
 * Counts the blocks and characters of a document as an importer builds it, and refuses it as soon as
 * it passes {@link IMPORT_LIMITS}' `documentBlocks` or `documentChars`, before more is built.
 */
export class DocumentTally {
  private blocks = 0;
  private chars = 0;

  constructor(
    private readonly file: SourceIdentity,
    private readonly advice: string,
    private readonly limits: {
      readonly documentBlocks: number;
      readonly documentChars: number;
    } = IMPORT_LIMITS,
  ) {}

  /** Counts `blocks` blocks holding `chars` characters; throws `import-failed` past a limit. */
  add(blocks: number, chars: number): void {
    this.blocks += blocks;
    this.chars += chars;
    if (this.blocks > this.limits.documentBlocks) {
      throw overLimit(
        this.file,
        `its text has more than ${countInWords(this.limits.documentBlocks)} paragraphs; Scholia reads at most that many from one file`,
        this.advice,
      );
    }
    if (this.chars > this.limits.documentChars) {
      throw overLimit(
        this.file,
        `its text is longer than ${countInWords(this.limits.documentChars)} characters; Scholia reads at most that much from one file`,
        this.advice,
      );
    }
  }

  /** Counts the blocks (at any depth) and characters of ProseMirror `nodes`. */
  addNodes(nodes: readonly BlockLike[]): void {
    let blocks = 0;
    let chars = 0;
    for (const node of nodes) {
      blocks += 1;
      chars += node.textContent.length;
      node.descendants((child) => {
        if (child.isBlock) blocks += 1;
        return child.isBlock && !child.isTextblock;
      });
    }
    this.add(blocks, chars);
  }
}

/** The part of a ProseMirror node {@link DocumentTally.addNodes} reads. */
interface BlockLike {
  readonly textContent: string;
  descendants(visit: (child: { isBlock: boolean; isTextblock: boolean }) => boolean): void;
}

/**
 * Refuses `text` when it has more than {@link IMPORT_LIMITS}' `textLines` lines, counted without
 * splitting it (a file of millions of short lines costs kilobytes for every one once split).
 */
export function checkLineCount(
  file: SourceIdentity,
  text: string,
  advice: string,
  limit: number = IMPORT_LIMITS.textLines,
): void {
  let lines = 1;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) {
    lines += 1;
    if (lines > limit) {
      throw overLimit(
        file,
        `it has more than ${countInWords(limit)} lines; Scholia reads at most that many from one file`,
        advice,
      );
    }
  }
}

/** A line's list markers (`- `, `* `, `1. `…) after its quote markers, however many open on it. */
const LIST_MARKERS = /^(?:(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$))+/;
const BLOCK_LINE = /^(?:#{1,6}(?:[ \t]|$)|```|~~~|(?:[-*_][ \t]*){3,}$)/;

/**
 * Refuses Markdown `text` that would make more blocks than {@link IMPORT_LIMITS}' `documentBlocks`,
 * estimated from its lines before it is parsed (parsing a file of a million list items takes a
 * gigabyte before it can be counted): a line after a blank one, a heading, a fence or a rule starts
 * a block; each list marker opens an item and its paragraph.
 */
export function checkMarkdownBlocks(
  file: SourceIdentity,
  text: string,
  advice: string,
  limit: number = IMPORT_LIMITS.documentBlocks,
): void {
  let blocks = 0;
  let previousBlank = true;
  for (let start = 0; start <= text.length;) {
    const newline = text.indexOf('\n', start);
    const end = newline < 0 ? text.length : newline;
    const content = text.slice(start, Math.min(end, start + 200)).replace(/^(?:[ \t]*>)*[ \t]*/, '');
    if (content === '') {
      previousBlank = true;
    } else {
      const markers = LIST_MARKERS.exec(content)?.[0] ?? '';
      if (markers !== '') blocks += 2 * (markers.match(/[-*+]|\d{1,9}[.)]/g)?.length ?? 1);
      else if (previousBlank || BLOCK_LINE.test(content)) blocks += 1;
      previousBlank = false;
    }
    if (blocks > limit) {
      throw overLimit(
        file,
        `its text has more than ${countInWords(limit)} paragraphs; Scholia reads at most that many from one file`,
        advice,
      );
    }
    start = end + 1;
  }
}
