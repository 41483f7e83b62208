/**
 * Where the reader's keyboard caret goes (see `caret.ts`): by character, by word and by paragraph,
 * worked out from the document alone, so that it is the same in every browser and can be tested
 * without one. Lines depend on layout and are the browser's (`caret.ts`).
 *
 * A caret position is always inside a textblock (a paragraph, a heading, a list item's paragraph);
 * positions between blocks are skipped, as a browser's caret skips them.
 */
import type { Node as ProseMirrorNode, ResolvedPos } from 'prosemirror-model';
import { Selection } from 'prosemirror-state';

/** Forwards (1) or backwards (-1). */
export type Direction = 1 | -1;

/** One character per inline leaf (a line break), so offsets in the text are offsets in the block. */
const LEAF = '\uFFFC';

/** The text of `block` (a textblock), one character per position inside it. */
export function blockText(block: ProseMirrorNode): string {
  return block.textBetween(0, block.content.size, undefined, LEAF);
}

const segmenters = new Map<string, Intl.Segmenter>();

function wordSegmenter(locale: string | undefined): Intl.Segmenter {
  const key = locale ?? '';
  let segmenter = segmenters.get(key);
  if (segmenter === undefined) {
    segmenter = new Intl.Segmenter(locale === undefined || locale === '' ? undefined : locale, {
      granularity: 'word',
    });
    segmenters.set(key, segmenter);
  }
  return segmenter;
}

/**
 * The next word boundary in `text` from `offset`: forwards, the end of the word the offset is in or
 * of the next word; backwards, the start of the word before the offset (or the offset is in). Spaces
 * and punctuation are passed over. Null when there is no word that way.
 */
export function wordBoundary(
  text: string,
  offset: number,
  direction: Direction,
  locale?: string,
): number | null {
  let found: number | null = null;
  for (const segment of wordSegmenter(locale).segment(text)) {
    if (segment.isWordLike !== true) continue;
    const start = segment.index;
    const end = start + segment.segment.length;
    if (direction === 1 && end > offset) return end;
    if (direction === -1) {
      if (start >= offset) break;
      found = start;
    }
  }
  return found;
}

/** Whether `pos` (resolved) is a place for the caret: inside a textblock. */
function inTextblock($pos: ResolvedPos): boolean {
  return $pos.parent.inlineContent;
}

/**
 * The caret position nearest `pos` that is inside a textblock (looking `direction` first), or null
 * when the document has no text at all.
 */
export function nearestCaretPos(doc: ProseMirrorNode, pos: number, direction: Direction = 1): number | null {
  const clamped = Math.max(0, Math.min(pos, doc.content.size));
  const $pos = doc.resolve(clamped);
  if (inTextblock($pos)) return clamped;
  const found = Selection.findFrom($pos, direction, true) ?? Selection.findFrom($pos, -direction, true);
  return found === null ? null : found.head;
}

/**
 * The first caret position of the textblock after (or, backwards, the last of the one before) the
 * textblock `$pos` is in, or null at the document's end (start).
 */
function neighbourBlock($pos: ResolvedPos, direction: Direction): number | null {
  const doc = $pos.doc;
  const beyond = direction === 1 ? $pos.after() : $pos.before();
  if (beyond <= 0 || beyond >= doc.content.size) return null;
  const found = Selection.findFrom(doc.resolve(beyond), direction, true);
  return found === null ? null : found.head;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** One character on from `pos`: the next or previous position, or the neighbouring block's near end. */
export function characterStep(doc: ProseMirrorNode, pos: number, direction: Direction): number {
  const $pos = doc.resolve(pos);
  if (!inTextblock($pos)) return nearestCaretPos(doc, pos, direction) ?? pos;
  const offset = $pos.parentOffset;
  const size = $pos.parent.content.size;
  if (direction === 1 ? offset < size : offset > 0) {
    const text = blockText($pos.parent);
    // A character outside the Basic Multilingual Plane is two code units and one step.
    const lead = text.charCodeAt(direction === 1 ? offset : offset - 2);
    const pair = isHighSurrogate(lead) && (direction === 1 ? offset + 2 <= size : offset >= 2);
    return pos + direction * (pair ? 2 : 1);
  }
  return neighbourBlock($pos, direction) ?? pos;
}

/**
 * One word on from `pos`: forwards to the end of the word (or the next word), backwards to its start;
 * past the last word of a block, to the start of the next block (the end of the previous one).
 */
export function wordStep(doc: ProseMirrorNode, pos: number, direction: Direction, locale?: string): number {
  let $pos = doc.resolve(pos);
  if (!inTextblock($pos)) {
    const near = nearestCaretPos(doc, pos, direction);
    if (near === null) return pos;
    $pos = doc.resolve(near);
  }
  const boundary = wordBoundary(blockText($pos.parent), $pos.parentOffset, direction, locale);
  if (boundary !== null && boundary !== $pos.parentOffset) return $pos.start() + boundary;
  const edge = direction === 1 ? $pos.end() : $pos.start();
  if (edge !== $pos.pos) return edge;
  return neighbourBlock($pos, direction) ?? $pos.pos;
}

/**
 * One paragraph on from `pos`: forwards to the start of the next textblock (the end of the last one
 * at the end of the text), backwards to the start of this one, or of the one before when already there.
 */
export function paragraphStep(doc: ProseMirrorNode, pos: number, direction: Direction): number {
  const near = nearestCaretPos(doc, pos, direction);
  if (near === null) return pos;
  const $pos = doc.resolve(near);
  if (direction === -1) {
    if ($pos.parentOffset > 0) return $pos.start();
    const before = neighbourBlock($pos, -1);
    return before === null ? $pos.start() : doc.resolve(before).start();
  }
  return neighbourBlock($pos, 1) ?? $pos.end();
}

/** The first (backwards) or last (forwards) caret position of the whole text. */
export function textEdge(doc: ProseMirrorNode, direction: Direction): number {
  const found = direction === 1 ? Selection.atEnd(doc) : Selection.atStart(doc);
  return found.head;
}
