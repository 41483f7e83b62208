/**
 * The original's pages on imported text, for the importers that know them (PDF, EPUB, a text with
 * form feeds): each run of text carries a `page` mark (`shared/schema.ts`) naming the page it came
 * from, so a passage can be cited by page (`shared/pages.ts` reads them back). Marks take no
 * characters, so the text and every offset into it are the same with pages as without.
 */
import type { Mark, Node as ProseMirrorNode } from 'prosemirror-model';
import { documentSchema, MAX_PAGE_INDEX, MAX_PAGE_LABEL } from '../../shared/schema';
import type { SourceIdentity } from './import-error';
import { countInWords, IMPORT_LIMITS, overLimit } from './limits';

/** Where a page starts in a block's text. */
export interface PageRun {
  /** The offset (UTF-16 code units) in the block's text where the page's text starts. */
  readonly offset: number;
  /** The page's place in the original, counted from 0. */
  readonly index: number;
}

const BLANK = /[\p{Cc}\s]+/gu;

/**
 * `raw` as the schema keeps a page label: control characters and runs of blank space made one space,
 * trimmed, cut to `MAX_PAGE_LABEL` code units (never inside a surrogate pair); null when nothing is left.
 */
export function pageLabel(raw: string | null | undefined): string | null {
  if (raw === null || raw === undefined) return null;
  // Only the start of a long label is kept: a hostile one costs no more than a short one.
  let label = raw
    .slice(0, 4 * MAX_PAGE_LABEL)
    .replace(BLANK, ' ')
    .trim();
  if (label.length > MAX_PAGE_LABEL) {
    label = label.slice(0, MAX_PAGE_LABEL);
    if (/[\uD800-\uDBFF]$/.test(label)) label = label.slice(0, -1);
    label = label.trimEnd();
  }
  return label === '' ? null : label;
}

/** The `page` marks of one document, each made once (a book's text has one for each run of text). */
export class PageMarks {
  private readonly made = new Map<number, Mark>();

  /** `labels[index]` is page `index`'s label (cleaned by {@link pageLabel} when the mark is made). */
  constructor(private readonly labels: readonly (string | null)[] | null = null) {}

  /** The mark of page `index`, labelled `label` when given, else by the labels this was made with. */
  mark(index: number, label?: string | null): Mark {
    let mark = this.made.get(index);
    if (mark === undefined) {
      if (!Number.isInteger(index) || index < 0 || index > MAX_PAGE_INDEX)
        throw new RangeError(
          `A page index is a whole number from 0 to ${String(MAX_PAGE_INDEX)}, not ${String(index)}.`,
        );
      mark = documentSchema.marks.page.create({
        index,
        label: pageLabel(label === undefined ? this.labels?.[index] : label),
      });
      this.made.set(index, mark);
    }
    return mark;
  }
}

/**
 * The text nodes of `text` with their pages: the text from `runs[i].offset` up to the next run's
 * offset is on page `runs[i].index` (text before the first run is on no page). `runs` are in text
 * order; a run at or past the end of the text, or at the same offset as the next, marks nothing.
 * Empty text makes no nodes.
 */
export function pagedText(text: string, runs: readonly PageRun[], marks: PageMarks): ProseMirrorNode[] {
  if (text === '') return [];
  if (runs.length === 0) return [documentSchema.text(text)];
  const nodes: ProseMirrorNode[] = [];
  const first = Math.min(runs[0]?.offset ?? 0, text.length);
  if (first > 0) nodes.push(documentSchema.text(text.slice(0, first)));
  runs.forEach((run, at) => {
    const from = Math.max(run.offset, first);
    const to = Math.min(runs[at + 1]?.offset ?? text.length, text.length);
    if (to > from) nodes.push(documentSchema.text(text.slice(from, to), [marks.mark(run.index)]));
  });
  return nodes;
}

/**
 * Refuses a document that names more than {@link IMPORT_LIMITS}' `documentPages` pages of its
 * original (`pages` found so far), with `advice` for the reader.
 */
export function checkPageCount(file: SourceIdentity, pages: number, advice: string): void {
  if (pages <= IMPORT_LIMITS.documentPages) return;
  throw overLimit(
    file,
    `it marks more than ${countInWords(IMPORT_LIMITS.documentPages)} pages of the original; Scholia reads at most that many from one file`,
    advice,
  );
}
