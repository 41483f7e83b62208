/**
 * The highlights and notes a PDF carries (as Zotero, Acrobat, Preview and Okular write them), placed on
 * the text Scholia rebuilt from it. A PDF does not say which characters a highlight covers, only where
 * on the page it is drawn (its QuadPoints, one box per line of it), and a note only where its icon sits
 * (its Rect); so each is placed on the text runs under it: the runs' characters are followed from their
 * line on the page to the rebuilt block (`pdf-layout.ts`) and so to the document's plain-text
 * projection, where annotations count their offsets. A run covered only in part is cut by x, its
 * characters' widths estimated (the font's are not known here), and the cut moved to a word's edge
 * when that is a character or two away, since no highlighter aims exactly. Replies (IRT) become part of their thread's first comment.
 * Nothing here refuses the PDF: an annotation that is malformed, or over no text (a scanned page), is
 * counted as not placed and the text is imported all the same.
 */
import type { HighlightColor, Motivation } from '../../shared/model';
import type { PdfTextLine } from './pdf-layout';

/** An annotation found in an imported file, placed on the document's plain-text projection. */
export interface EmbeddedAnnotation {
  /** Where its passage starts in the projection (UTF-16 code units); a point note's place. */
  readonly start: number;
  /** Where its passage ends (equal to `start` for a point note). */
  readonly end: number;
  readonly motivation: Motivation;
  readonly color: HighlightColor;
  /** Markdown: the file's note, with its replies after it. */
  readonly comment: string;
  /** ISO timestamps with an offset, when the file gives them. */
  readonly createdAt?: string;
  readonly modifiedAt?: string;
  /** Who wrote it, as the file names them (Scholia's model keeps the name only in a thread's comment). */
  readonly author?: string;
}

/** The annotations a file carried: those placed, and how many could not be (malformed, or over no text). */
export interface EmbeddedReading {
  readonly placed: readonly EmbeddedAnnotation[];
  readonly notPlaced: number;
}

/**
 * The annotations of a converted file, as a class so that the importer can tell them apart from
 * anything else a conversion might carry (`instanceof`), without a cast.
 */
export class EmbeddedAnnotations implements EmbeddedReading {
  constructor(
    readonly placed: readonly EmbeddedAnnotation[],
    readonly notPlaced: number,
  ) {}
}

/** A box on the page in PDF units (y grows upwards). */
interface Box {
  readonly left: number;
  readonly bottom: number;
  readonly right: number;
  readonly top: number;
}

const TEXT_MARKUP = new Set(['Highlight', 'Underline', 'StrikeOut', 'Squiggly']);
const NOTES = new Set(['Text', 'FreeText']);

/** What of one pdf.js annotation is used here, checked. */
export interface PdfMarkup {
  /** pdf.js's id (`12R`, the object's reference), which replies name in `inReplyTo`. */
  readonly id: string | null;
  readonly kind: 'passage' | 'note';
  /** Passages: one box per quad. */
  readonly quads: readonly Box[];
  /** Notes: where the icon or the box is. */
  readonly rect: Box | null;
  readonly contents: string;
  readonly color: HighlightColor;
  readonly author?: string;
  readonly createdAt?: string;
  readonly modifiedAt?: string;
  readonly inReplyTo: string | null;
}

/** A property of an object from pdf.js, unknown until checked. */
function field(value: object, key: string): unknown {
  return (value as Record<string, unknown>)[key];
}

function numbersOf(value: unknown): number[] | null {
  let items: readonly unknown[];
  if (value instanceof Float32Array || value instanceof Float64Array || value instanceof Uint8ClampedArray)
    items = Array.from(value);
  else if (Array.isArray(value)) items = value;
  else return null;
  const numbers: number[] = [];
  for (const item of items) {
    if (typeof item !== 'number' || !Number.isFinite(item)) return null;
    numbers.push(item);
  }
  return numbers;
}

function boxOf(x1: number, y1: number, x2: number, y2: number): Box {
  return {
    left: Math.min(x1, x2),
    right: Math.max(x1, x2),
    bottom: Math.min(y1, y2),
    top: Math.max(y1, y2),
  };
}

/** The `str` of a pdf.js string object (`titleObj`, `contentsObj`), line ends made `\n`, trimmed. */
function stringOf(value: unknown): string {
  if (typeof value !== 'object' || value === null) return '';
  const str = field(value, 'str');
  return typeof str === 'string' ? str.replace(/\r\n?/g, '\n').trim() : '';
}

/**
 * One annotation of `page.getAnnotations()` as used here: `'skip'` for those that are no highlight or
 * note (links, form fields, popups, shapes) or only mirror another (a group member, a review state),
 * `'malformed'` for a highlight without quads or a note without a place.
 */
export function markupOf(data: unknown): PdfMarkup | 'skip' | 'malformed' {
  if (typeof data !== 'object' || data === null) return 'skip';
  const subtype = field(data, 'subtype');
  if (typeof subtype !== 'string' || !(TEXT_MARKUP.has(subtype) || NOTES.has(subtype))) return 'skip';
  // A group member shows its group's note; a review state ("Accepted") is no comment of its own.
  if (field(data, 'replyType') === 'Group' || typeof field(data, 'stateModel') === 'string') return 'skip';
  const id = field(data, 'id');
  const inReplyTo = field(data, 'inReplyTo');
  const rectNumbers = numbersOf(field(data, 'rect'));
  const rect =
    rectNumbers?.length === 4
      ? boxOf(rectNumbers[0] ?? 0, rectNumbers[1] ?? 0, rectNumbers[2] ?? 0, rectNumbers[3] ?? 0)
      : null;
  const quads: Box[] = [];
  if (TEXT_MARKUP.has(subtype)) {
    // pdf.js 5: a flat array, eight numbers (four corners) a quad.
    const points = numbersOf(field(data, 'quadPoints'));
    if (points === null || points.length === 0 || points.length % 8 !== 0) return 'malformed';
    for (let at = 0; at < points.length; at += 8) {
      const xs = [points[at], points[at + 2], points[at + 4], points[at + 6]].map((x) => x ?? 0);
      const ys = [points[at + 1], points[at + 3], points[at + 5], points[at + 7]].map((y) => y ?? 0);
      quads.push(boxOf(Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)));
    }
  } else if (rect === null) return 'malformed';
  const author = stringOf(field(data, 'titleObj'));
  const createdAt = pdfTimestamp(field(data, 'creationDate'));
  const modifiedAt = pdfTimestamp(field(data, 'modificationDate'));
  return {
    id: typeof id === 'string' ? id : null,
    kind: TEXT_MARKUP.has(subtype) ? 'passage' : 'note',
    quads,
    rect,
    contents: stringOf(field(data, 'contentsObj')),
    color: nearestColor(field(data, 'color')),
    ...(author === '' ? {} : { author }),
    ...(createdAt === undefined ? {} : { createdAt }),
    ...(modifiedAt === undefined ? {} : { modifiedAt }),
    inReplyTo: typeof inReplyTo === 'string' ? inReplyTo : null,
  };
}

/**
 * Colours the PDF applications offer, each the Scholia colour a reader would call it: several for
 * a colour, since every application has its own yellow.
 */
const PALETTE: Readonly<Record<HighlightColor, readonly (readonly [number, number, number])[]>> = {
  yellow: [
    [255, 255, 0],
    [255, 212, 0],
    [252, 244, 128],
    [224, 180, 0],
  ],
  green: [
    [0, 255, 0],
    [95, 178, 54],
    [125, 240, 102],
    [58, 154, 58],
  ],
  blue: [
    [0, 0, 255],
    [46, 168, 229],
    [105, 176, 241],
    [0, 255, 255],
  ],
  pink: [
    [255, 0, 255],
    [229, 110, 238],
    [251, 92, 137],
    [255, 182, 193],
  ],
  purple: [
    [162, 138, 229],
    [128, 0, 128],
    [138, 90, 224],
    [200, 133, 255],
  ],
  orange: [
    [241, 152, 55],
    [255, 165, 0],
    [230, 126, 20],
  ],
  red: [
    [255, 0, 0],
    [255, 102, 102],
    [204, 0, 0],
  ],
  grey: [
    [170, 170, 170],
    [128, 128, 128],
    [0, 0, 0],
    [255, 255, 255],
  ],
};

/** The Scholia colour nearest to pdf.js's RGB `color` (yellow, the highlighter's, without one). */
export function nearestColor(color: unknown): HighlightColor {
  const rgb = numbersOf(color);
  if (rgb?.length !== 3) return 'yellow';
  let best: HighlightColor = 'yellow';
  let bestDistance = Infinity;
  for (const [name, samples] of Object.entries(PALETTE) as [HighlightColor, (typeof PALETTE)['yellow']][]) {
    for (const sample of samples) {
      const distance = sample.reduce((sum, value, index) => sum + (value - (rgb[index] ?? 0)) ** 2, 0);
      if (distance < bestDistance) {
        best = name;
        bestDistance = distance;
      }
    }
  }
  return best;
}

const PDF_DATE = /^(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(?:(Z)|([+-])(\d{2})'?(\d{2})?'?)?/;

/** A PDF date (`D:20091118093000+01'00'`) as an ISO timestamp in UTC, or undefined for none or nonsense. */
export function pdfTimestamp(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const match = PDF_DATE.exec(value.trim());
  if (match === null) return undefined;
  const part = (index: number, fallback: number): number =>
    match[index] === undefined ? fallback : Number(match[index]);
  const [year, month, day, hour, minute, second] = [
    part(1, 0),
    part(2, 1),
    part(3, 1),
    part(4, 0),
    part(5, 0),
    part(6, 0),
  ];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59)
    return undefined;
  const sign = match[8] === '-' ? -1 : 1;
  const offset = match[8] === undefined ? 0 : sign * (part(9, 0) * 60 + part(10, 0));
  const calendar = new Date(Date.UTC(year, month - 1, day));
  // Reject what Date.UTC would roll over (31 February into March) and years no timestamp holds.
  if (year < 1000 || calendar.getUTCMonth() !== month - 1 || calendar.getUTCDate() !== day) return undefined;
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second) - offset * 60_000).toISOString();
}

/** One run of a page's text: where it sits on the page, and which characters of which line it is. */
export interface PlacedRun {
  /** Left edge and baseline, in PDF units. */
  readonly x: number;
  readonly y: number;
  readonly width: number;
  /** Font size (glyph height). */
  readonly size: number;
  readonly line: PdfTextLine;
  /** Where the run's characters start in `line.text` (as read, before blank space is folded). */
  readonly offset: number;
  readonly length: number;
}

/** Where a line's text went: where it starts in the projection, and how long it is there. */
export interface LinePlace {
  readonly start: number;
  readonly length: number;
}

/** One page's markup, with the runs of its text. */
export interface AnnotatedPage {
  readonly runs: readonly PlacedRun[];
  readonly markups: readonly PdfMarkup[];
}

/** The part of a run's box a glyph fills below the baseline, and above it, as shares of the size. */
const DESCENT = 0.25;
const ASCENT = 0.8;

/**
 * How many characters of `text`, as `rebuildBlocks` folds it (blank space made one space, trimmed),
 * come before its offset `at`.
 */
export function foldedOffset(text: string, at: number): number {
  let folded = 0;
  let blank = false;
  let started = false;
  for (let index = 0; index < at && index < text.length; index += 1) {
    if (/\s/.test(text[index] ?? '')) {
      blank = started;
      continue;
    }
    if (blank) folded += 1;
    blank = false;
    started = true;
    folded += 1;
  }
  // Blank space before `at` is one space of the folded text (past its end, the caller clamps).
  return blank ? folded + 1 : folded;
}

const WORD = /[\p{L}\p{N}]/u;
const isWord = (text: string, at: number): boolean => WORD.test(text[at] ?? '');
/** How far from a word's edge a cut is moved to it. */
const SNAP = 2;

function wordAround(text: string, at: number): { start: number; end: number } {
  let start = at;
  let end = at;
  while (start > 0 && isWord(text, start - 1)) start -= 1;
  while (end < text.length && isWord(text, end)) end += 1;
  return { start, end };
}

/** The start of a passage moved to the edge of the word it cuts, when near, and past blank space. */
export function snapStart(text: string, at: number, limit: number): number {
  let start = at;
  if (isWord(text, start - 1) && isWord(text, start)) {
    const word = wordAround(text, start);
    if (start - word.start <= SNAP) start = word.start;
    else if (word.end - start <= SNAP) start = word.end;
  }
  while (start < limit && /\s/.test(text[start] ?? '')) start += 1;
  return start;
}

/** The end of a passage moved to the edge of the word it cuts, when near, and back before blank space. */
export function snapEnd(text: string, at: number, limit: number): number {
  let end = at;
  if (isWord(text, end - 1) && isWord(text, end)) {
    const word = wordAround(text, end);
    if (word.end - end <= SNAP) end = word.end;
    else if (end - word.start <= SNAP) end = word.start;
  }
  while (end > limit && /\s/.test(text[end - 1] ?? '')) end -= 1;
  return end;
}

/** The top and bottom of a run's glyphs. */
function runBox(run: PlacedRun): Box {
  return {
    left: run.x,
    right: run.x + run.width,
    bottom: run.y - DESCENT * run.size,
    top: run.y + ASCENT * run.size,
  };
}

/** Where in the projection the run's character `index` (0 to its length) went, or null for a dropped line. */
function projected(run: PlacedRun, index: number, lines: ReadonlyMap<PdfTextLine, LinePlace>): number | null {
  const place = lines.get(run.line);
  if (place === undefined) return null;
  const folded = foldedOffset(run.line.text, run.offset + Math.max(0, Math.min(index, run.length)));
  return place.start + Math.min(folded, place.length);
}

/**
 * Widths (thousandths of the size) of the printable ASCII characters, from space to `~`, in Helvetica:
 * the run's font is not known here, and most text faces share its proportions (an `m` is four times an
 * `i`), which places a cut inside a run far nearer than counting all characters equally wide would.
 */
const TYPICAL_WIDTHS = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556,
  556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278,
  500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469,
  556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500,
  278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];
/** What any other character is taken to be as wide as. */
const OTHER_WIDTH = 556;

function typicalWidth(char: string): number {
  const code = char.charCodeAt(0);
  return TYPICAL_WIDTHS[code - 32] ?? OTHER_WIDTH;
}

/** The character boundary of `text` nearest to `share` (0 to 1) of its width, estimated. */
function boundaryAt(text: string, share: number): number {
  if (share <= 0 || text.length === 0) return 0;
  if (share >= 1) return text.length;
  let total = 0;
  for (const char of text) total += typicalWidth(char);
  const target = share * total;
  let before = 0;
  for (let index = 0; index < text.length; index += 1) {
    const width = typicalWidth(text[index] ?? ' ');
    if (before + width / 2 >= target) return index;
    before += width;
  }
  return text.length;
}

/** The characters of the run under `quad`, by x, or null when the quad is not over it. */
function coveredBy(quad: Box, run: PlacedRun): { from: number; to: number } | null {
  const box = runBox(run);
  const overlap = Math.min(quad.top, box.top) - Math.max(quad.bottom, box.bottom);
  // Over the line when it covers half its height (or half the quad's, for a thin underline's quad).
  if (overlap <= 0.5 * Math.min(box.top - box.bottom, quad.top - quad.bottom)) return null;
  const left = Math.max(quad.left, box.left);
  const right = Math.min(quad.right, box.right);
  if (right - left <= 0 || run.width <= 0 || run.length === 0) return null;
  const text = run.line.text.slice(run.offset, run.offset + run.length);
  const from = boundaryAt(text, (left - box.left) / run.width);
  const to = boundaryAt(text, (right - box.left) / run.width);
  return to > from ? { from, to } : null;
}

/** The passage under `quads` on `runs`, in projection offsets, or null when there is no text under them. */
function passageUnder(
  quads: readonly Box[],
  runs: readonly PlacedRun[],
  lines: ReadonlyMap<PdfTextLine, LinePlace>,
  text: string,
): { start: number; end: number } | null {
  let start = Infinity;
  let end = -Infinity;
  let limitStart = Infinity;
  let limitEnd = -Infinity;
  for (const quad of quads) {
    for (const run of runs) {
      const covered = coveredBy(quad, run);
      if (covered === null) continue;
      const from = projected(run, covered.from, lines);
      const to = projected(run, covered.to, lines);
      if (from === null || to === null) continue;
      start = Math.min(start, from);
      end = Math.max(end, to);
      // Snapping never leaves the runs the quads touch.
      limitStart = Math.min(limitStart, projected(run, 0, lines) ?? from);
      limitEnd = Math.max(limitEnd, projected(run, run.length, lines) ?? to);
    }
  }
  if (!Number.isFinite(start) || end <= start) return null;
  const snappedStart = Math.max(limitStart, snapStart(text, start, end));
  const snappedEnd = Math.min(limitEnd, snapEnd(text, end, snappedStart));
  return snappedEnd > snappedStart ? { start: snappedStart, end: snappedEnd } : null;
}

/**
 * The place in the text nearest to where a note sits, or null: its box's left edge at half its height
 * (the box's top is no surer: pdf.js sizes a sticky note's icon box again from its bottom).
 */
function pointNear(
  rect: Box,
  runs: readonly PlacedRun[],
  lines: ReadonlyMap<PdfTextLine, LinePlace>,
  text: string,
): number | null {
  const x = rect.left;
  const y = (rect.top + rect.bottom) / 2;
  let nearest: PlacedRun | null = null;
  let nearestDistance = Infinity;
  for (const run of runs) {
    if (!lines.has(run.line) || run.length === 0) continue;
    const box = runBox(run);
    const dx = Math.max(box.left - x, 0, x - box.right);
    const dy = Math.max(box.bottom - y, 0, y - box.top);
    const distance = dx * dx + dy * dy;
    if (distance < nearestDistance) {
      nearest = run;
      nearestDistance = distance;
    }
  }
  if (nearest === null) return null;
  const share = nearest.width > 0 ? (x - nearest.x) / nearest.width : 0;
  const runText = nearest.line.text.slice(nearest.offset, nearest.offset + nearest.length);
  const at = projected(nearest, boundaryAt(runText, share), lines);
  if (at === null) return null;
  // Inside a word, at whichever of its edges is nearer.
  if (isWord(text, at - 1) && isWord(text, at)) {
    const word = wordAround(text, at);
    return at - word.start <= word.end - at ? word.start : word.end;
  }
  return at;
}

/** A reply's words as they join its thread's comment. */
function replyText(markup: PdfMarkup): string {
  return markup.author === undefined ? markup.contents : `**${markup.author}:** ${markup.contents}`;
}

/**
 * The PDF's annotations placed on the document's projection `text`: each page's markup on its runs,
 * whose lines' places `lines` gives (lines it lacks were dropped as running headers). `skipped` is how
 * many were malformed or past the limit, already counted as not placed.
 */
export function placeAnnotations(
  pages: readonly AnnotatedPage[],
  lines: ReadonlyMap<PdfTextLine, LinePlace>,
  text: string,
  skipped: number,
): EmbeddedReading {
  const byId = new Map<string, PdfMarkup>();
  for (const page of pages)
    for (const markup of page.markups) if (markup.id !== null) byId.set(markup.id, markup);
  /** The first annotation of `markup`'s thread (itself when it replies to nothing known). */
  const rootOf = (markup: PdfMarkup): PdfMarkup => {
    let root = markup;
    const seen = new Set<PdfMarkup>([markup]);
    for (let parent = byId.get(root.inReplyTo ?? ''); parent !== undefined;) {
      if (seen.has(parent)) break;
      seen.add(parent);
      root = parent;
      parent = byId.get(root.inReplyTo ?? '');
    }
    return root;
  };
  const replies = new Map<PdfMarkup, PdfMarkup[]>();
  const roots: { markup: PdfMarkup; runs: readonly PlacedRun[] }[] = [];
  for (const page of pages) {
    for (const markup of page.markups) {
      const root = rootOf(markup);
      if (root === markup) roots.push({ markup, runs: page.runs });
      else if (markup.contents !== '') replies.set(root, [...(replies.get(root) ?? []), markup]);
    }
  }
  const placed: EmbeddedAnnotation[] = [];
  let notPlaced = skipped;
  for (const { markup, runs } of roots) {
    const thread = replies.get(markup) ?? [];
    const first =
      thread.length > 0 && markup.author !== undefined && markup.contents !== ''
        ? replyText(markup)
        : markup.contents;
    const comment = [first, ...thread.map(replyText)].filter((part) => part !== '').join('\n\n');
    const dates = {
      ...(markup.createdAt === undefined && markup.modifiedAt === undefined
        ? {}
        : { createdAt: markup.createdAt ?? markup.modifiedAt }),
      ...(markup.modifiedAt === undefined ? {} : { modifiedAt: markup.modifiedAt }),
      ...(markup.author === undefined ? {} : { author: markup.author }),
    };
    if (markup.kind === 'passage') {
      const passage = passageUnder(markup.quads, runs, lines, text);
      if (passage === null) notPlaced += 1;
      else placed.push({ ...passage, motivation: 'highlighting', color: markup.color, comment, ...dates });
    } else {
      const at = markup.rect === null ? null : pointNear(markup.rect, runs, lines, text);
      if (at === null) notPlaced += 1;
      else
        placed.push({ start: at, end: at, motivation: 'commenting', color: markup.color, comment, ...dates });
    }
  }
  return { placed, notPlaced };
}
