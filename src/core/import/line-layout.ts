/**
 * How the lines of a plain-text file become paragraphs.
 *
 * Blank lines always separate paragraphs. What a single line break means depends on the file:
 *
 * - In a **hard-wrapped** file (Project Gutenberg books, e-mail, RFCs) lines were broken at a fixed
 *   width inside paragraphs, and the breaks must be undone.
 * - In a **line-per-paragraph** file (text copied from a web page, most modern editors) each line is
 *   already a whole paragraph, and a single line break separates two of them, such as a caption
 *   after a paragraph.
 *
 * The choice is made once per file from its line lengths (see {@link detectWrapWidth}). Inside a
 * hard-wrapped file, a break is undone when the first word of the next line would not have fitted on
 * the line (so a wrapping program had to break there) or when the next line starts in lower case,
 * unless the next line starts with a bullet (`•`); otherwise the break was the author's (a short line
 * of verse, an address, a list item), and the two
 * lines become separate paragraphs, as they would in a line-per-paragraph file.
 */

/** Consecutive non-blank lines of a file, already trimmed and with runs of blank space collapsed. */
export type Block = readonly string[];

/** One paragraph of the laid-out text. */
export interface LaidOutParagraph {
  /** The paragraph's text on one line. */
  readonly text: string;
  /** Whether the paragraph is a whole block, i.e. it stands between blank lines (or the file's edges). */
  readonly isolated: boolean;
}

/** Hard-wrapped text is wrapped at a width in this range; outside it, lines are paragraphs. */
export const MIN_WRAP_WIDTH = 50;
export const MAX_WRAP_WIDTH = 100;
/** At least this many lines must continue onto a next line before the file can count as wrapped. */
export const MIN_WRAPPED_LINES = 3;
/** The share of continued lines that must end near the wrap width. */
export const MIN_FULL_LINE_SHARE = 0.6;
/** The largest share of all lines that may run past the wrap width (long URLs, tables). */
export const MAX_OVERLONG_SHARE = 0.05;

/** How far short of the wrap width a line may end and still count as filled by the wrapping. */
export function wrapTolerance(width: number): number {
  return Math.max(8, Math.round(width * 0.15));
}

/**
 * The width at which the file's paragraphs were hard-wrapped, or `null` when its lines are paragraphs.
 *
 * The rule: look at the lines that continue onto another line of the same block. Their 95th-percentile
 * length is the candidate width. The file is hard-wrapped when that width is between
 * {@link MIN_WRAP_WIDTH} and {@link MAX_WRAP_WIDTH}, at least {@link MIN_WRAPPED_LINES} lines continue,
 * at least {@link MIN_FULL_LINE_SHARE} of them end within {@link wrapTolerance} of the width (wrapped
 * lines are nearly full; lines that are paragraphs vary widely), and no more than
 * {@link MAX_OVERLONG_SHARE} of all lines run more than 10 characters past it (a wrapped file has a
 * clear maximum width).
 */
export function detectWrapWidth(blocks: readonly Block[]): number | null {
  const continued: number[] = [];
  let lineCount = 0;
  for (const block of blocks) {
    lineCount += block.length;
    for (const line of block.slice(0, -1)) continued.push(line.length);
  }
  if (continued.length < MIN_WRAPPED_LINES) return null;
  continued.sort((a, b) => a - b);
  const width = continued[Math.floor((continued.length - 1) * 0.95)] ?? 0;
  if (width < MIN_WRAP_WIDTH || width > MAX_WRAP_WIDTH) return null;

  const fullFrom = width - wrapTolerance(width);
  const full = continued.filter((length) => length >= fullFrom).length;
  if (full < continued.length * MIN_FULL_LINE_SHARE) return null;

  let overlong = 0;
  for (const block of blocks) for (const line of block) if (line.length > width + 10) overlong += 1;
  if (overlong > lineCount * MAX_OVERLONG_SHARE) return null;
  return width;
}

/**
 * Lays blocks out as paragraphs: with `width === null` every line is a paragraph; otherwise lines
 * broken by wrapping at `width` are joined with a space (see the module comment for the rule).
 */
export function layOutParagraphs(blocks: readonly Block[], width: number | null): LaidOutParagraph[] {
  const paragraphs: LaidOutParagraph[] = [];
  for (const block of blocks) {
    const isolated = block.length === 1;
    if (width === null) {
      for (const line of block) paragraphs.push({ text: line, isolated });
      continue;
    }
    const joinBelow = width - wrapTolerance(width);
    let current: string[] = [];
    const texts: string[] = [];
    block.forEach((line, i) => {
      const previous = block[i - 1];
      if (previous !== undefined && !wasWrapped(previous, line, joinBelow)) {
        texts.push(current.join(' '));
        current = [];
      }
      current.push(line);
    });
    texts.push(current.join(' '));
    for (const text of texts) paragraphs.push({ text, isolated: texts.length === 1 });
  }
  return paragraphs;
}

// A line starting with a bullet is a list item even when the line before it is full.
const BULLET = /^[•◦▪▫‣⁃●○■□]/u;

/** Whether the break between `line` and `next` was made by wrapping rather than by the author. */
function wasWrapped(line: string, next: string, fullFrom: number): boolean {
  if (BULLET.test(next)) return false;
  if (/^\p{Ll}/u.test(next)) return true;
  const firstWord = next.split(' ', 1)[0] ?? '';
  return line.length + 1 + firstWord.length > fullFrom;
}
