/**
 * What passes between the importer and the thread that reads a PDF (`pdf-worker.ts`, started by
 * `pdf-worker-host.ts`). The text comes back packed (one UTF-8 buffer, the blocks' byte lengths, kinds
 * and pages), moved rather than copied, so that receiving a whole book costs the importer's thread nothing.
 */
import type { SourceIdentity } from './import-error';
import type { PageRun } from './page-marks';
import type { EmbeddedReading } from './pdf-annotations';
import type { PdfBlock } from './pdf-layout';

/** What a reader can do with a PDF over a limit. */
export const PDF_ADVICE =
  'Open it in a PDF viewer and save or print it to a new PDF (split into parts if it is very long), then import that.';

/** What the thread is given (as its `workerData`; `bytes` is moved to it). */
export interface PdfWorkerInput extends SourceIdentity {
  readonly bytes: Uint8Array;
}

/** The longest page label passed on (the importer then cuts labels to the schema's length). */
export const MAX_PASSED_LABEL = 256;

/** What the PDF says about itself, for the proposed metadata and the names of its pages. */
export interface PdfFacts {
  readonly pages: number;
  /**
   * Each page's label (its printed name: "xii", "45"), by page index: `''` for a page without one or
   * with one longer than {@link MAX_PASSED_LABEL}; null when the PDF gives none (its pages are then
   * named by number).
   */
  readonly pageLabels: readonly string[] | null;
  /** The Info dictionary's string entries. */
  readonly info: Readonly<Record<string, string>>;
  /** The XMP packet's entries (`prefix:name` to a string or strings), or null without one. */
  readonly xmp: Readonly<Record<string, string | readonly string[]>> | null;
}

/** The blocks of a PDF's text, packed. */
export interface PackedBlocks {
  /** Every block's text, UTF-8, one after another. */
  readonly text: Uint8Array;
  /** Each block's length in `text`, in bytes. */
  readonly lengths: Uint32Array;
  /** 1 where the block is a heading, 0 for a paragraph. */
  readonly headings: Uint8Array;
  /** How many pages each block's text is on. */
  readonly pageCounts: Uint32Array;
  /**
   * Every block's pages, one after another, two numbers each: where the page starts in the block's
   * text (UTF-16 code units, which UTF-8 keeps) and its index.
   */
  readonly pages: Uint32Array;
}

export type PdfWorkerMessage =
  /** The streams are measured (not those of an encrypted PDF: they cannot be); pdfjs reads it now. */
  | { readonly kind: 'measured'; readonly encrypted: boolean }
  /** The text, and the annotations embedded in the PDF placed on it (few: copied, not packed). */
  | {
      readonly kind: 'read';
      readonly facts: PdfFacts;
      readonly blocks: PackedBlocks;
      readonly annotations: EmbeddedReading;
    }
  /** Refused: an `import-failed` message naming the file. */
  | { readonly kind: 'refused'; readonly message: string }
  /** Anything else thrown. */
  | { readonly kind: 'error'; readonly message: string };

/** `blocks` packed, and the buffers to move with them. */
export function packBlocks(blocks: readonly PdfBlock[]): { packed: PackedBlocks; transfer: ArrayBuffer[] } {
  const encoder = new TextEncoder();
  const encoded = blocks.map((block) => encoder.encode(block.text));
  const text = new Uint8Array(encoded.reduce((sum, part) => sum + part.byteLength, 0));
  const lengths = new Uint32Array(blocks.length);
  const headings = new Uint8Array(blocks.length);
  const pageCounts = new Uint32Array(blocks.length);
  const pages = new Uint32Array(2 * blocks.reduce((sum, block) => sum + block.pages.length, 0));
  let at = 0;
  let pageAt = 0;
  encoded.forEach((part, index) => {
    const block = blocks[index];
    text.set(part, at);
    at += part.byteLength;
    lengths[index] = part.byteLength;
    headings[index] = block?.kind === 'heading' ? 1 : 0;
    pageCounts[index] = block?.pages.length ?? 0;
    for (const run of block?.pages ?? []) {
      pages[pageAt] = run.offset;
      pages[pageAt + 1] = run.index;
      pageAt += 2;
    }
  });
  return {
    packed: { text, lengths, headings, pageCounts, pages },
    transfer: [text.buffer, lengths.buffer, headings.buffer, pageCounts.buffer, pages.buffer],
  };
}

/** The blocks of `packed`, one at a time (each decoded when it is reached). */
export function* unpackBlocks(packed: PackedBlocks): Generator<PdfBlock> {
  const decoder = new TextDecoder();
  let offset = 0;
  let pageAt = 0;
  for (const [index, length] of packed.lengths.entries()) {
    const pages: PageRun[] = [];
    for (let count = packed.pageCounts[index] ?? 0; count > 0; count -= 1) {
      pages.push({ offset: packed.pages[pageAt] ?? 0, index: packed.pages[pageAt + 1] ?? 0 });
      pageAt += 2;
    }
    yield {
      kind: packed.headings[index] === 1 ? 'heading' : 'paragraph',
      text: decoder.decode(packed.text.subarray(offset, offset + length)),
      pages,
    };
    offset += length;
  }
}
