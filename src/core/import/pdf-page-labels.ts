/**
 * A PDF's page labels (its printed page names: "i", "ii", then "1"…), read with pdfjs's
 * `getPageLabels()` on the PDF's own thread, bounded. pdfjs makes every page's label from the page
 * label tree with no limit: a start of two billion in letters (`/S /A /St 2000000000`) is a label of
 * 77 million characters on every page, and a prefix (`/P`) of megabytes is repeated on every page;
 * passing those between its two halves (a structured clone, which writes each label out in full) fills
 * the heap in a way that stops the whole process, not only the thread. So while the labels are read,
 * repeating a string more than {@link MAX_REPEAT} times throws (pdfjs then gives no labels), pdfjs's
 * answer is passed on without a clone (its labels stay cheap joins of one prefix and a number), and a
 * label longer than {@link MAX_PASSED_LABEL} is dropped without ever being written out.
 */
import { MAX_PASSED_LABEL } from './pdf-worker-messages';

/** The most times pdfjs may repeat a string while making labels: "M" in roman numerals, a letter in "AA". */
const MAX_REPEAT = 1_000;

/** The part of a pdfjs document read here. */
interface LabelledPdf {
  readonly numPages: number;
  getPageLabels(): Promise<unknown[] | null>;
}

/**
 * Each page's label, by page index, `''` where a page has none or its label is longer than
 * {@link MAX_PASSED_LABEL}; null without a page label tree, or when it is damaged or over the bounds
 * (costing the labels, not the text). Call it with nothing else of pdfjs under way: it changes
 * `String.prototype.repeat` and `structuredClone` on this thread until pdfjs has answered.
 */
export async function pageLabelsOf(pdf: LabelledPdf): Promise<string[] | null> {
  // eslint-disable-next-line @typescript-eslint/unbound-method -- put back, and called with its string, below
  const repeat = String.prototype.repeat;
  const clone = globalThis.structuredClone;
  String.prototype.repeat = function boundedRepeat(this: string, count: number): string {
    if (count > MAX_REPEAT) throw new RangeError(`A page label repeats a letter ${String(count)} times.`);
    return repeat.call(this, count);
  };
  // pdfjs's two halves run on this one thread: its answer can be passed on as it is.
  globalThis.structuredClone = <T>(value: T): T => value;
  let labels: unknown;
  try {
    labels = await pdf.getPageLabels();
  } catch {
    return null;
  } finally {
    String.prototype.repeat = repeat;
    globalThis.structuredClone = clone;
  }
  if (!Array.isArray(labels)) return null;
  const named: string[] = [];
  for (let index = 0; index < Math.min(labels.length, pdf.numPages); index += 1) {
    const label: unknown = labels[index];
    // A string's length is known without writing it out; slicing a long join would write it all.
    named.push(typeof label === 'string' && label.length <= MAX_PASSED_LABEL ? label : '');
  }
  return named;
}
