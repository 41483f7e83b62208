/**
 * The plain-text projection of a document: the one definition of how a ProseMirror document becomes
 * a string. Annotation selectors, search, concordance and export all count characters in it.
 *
 * Rules:
 * - each textblock (paragraph, heading, code block) contributes its text;
 * - consecutive textblocks are separated by {@link BLOCK_SEPARATOR} (`"\n\n"`), wherever they sit in
 *   the tree (a paragraph inside a list item inside a blockquote is still one textblock);
 * - an inline leaf (a hard break) contributes one character, `"\n"`;
 * - leaf blocks without text (a horizontal rule) contribute nothing;
 * - marks contribute nothing: the original's pages (`page` marks) are listed beside the text.
 *
 * Because every inline node maps to exactly as many characters as it has ProseMirror positions,
 * offsets inside one textblock convert to positions by a constant shift.
 */
import type { Node as ProseMirrorNode } from 'prosemirror-model';
import { addBlockPages, type PageStart } from './pages';

/** What stands between two textblocks in the projection. */
export const BLOCK_SEPARATOR = '\n\n';

/** One textblock's place in both coordinate systems. */
export interface ProjectedBlock {
  /** ProseMirror position of the start of the block's content. */
  readonly pos: number;
  /** Offset of the block's first character in the projection. */
  readonly offset: number;
  /** Number of characters (equal to the block's content size). */
  readonly length: number;
}

/** A document's plain text and the table that converts offsets to positions and back. */
export interface Projection {
  readonly text: string;
  readonly blocks: readonly ProjectedBlock[];
  /** Where the original's pages start in the text (`shared/pages.ts`); empty for a text without pages. */
  readonly pages: readonly PageStart[];
}

/** Projects a document to plain text. Linear in the document's size. */
export function projectDocument(doc: ProseMirrorNode): Projection {
  const parts: string[] = [];
  const blocks: ProjectedBlock[] = [];
  const pages: PageStart[] = [];
  let offset = 0;
  doc.descendants((node, pos) => {
    if (!node.isTextblock) return true;
    if (blocks.length > 0) {
      parts.push(BLOCK_SEPARATOR);
      offset += BLOCK_SEPARATOR.length;
    }
    const text = node.textBetween(0, node.content.size, undefined, leafText);
    parts.push(text);
    blocks.push({ pos: pos + 1, offset, length: text.length });
    addBlockPages(node, offset, pages);
    offset += text.length;
    return false;
  });
  return { text: parts.join(''), blocks, pages };
}

function leafText(node: ProseMirrorNode): string {
  // Every inline leaf occupies one position, so it must project to exactly one character.
  return node.type.spec.leafText?.(node).slice(0, 1) || '\uFFFC';
}

/** Index of the last block whose `key` coordinate is at most `value` (or 0): a binary search. */
function lastBlockAtOrBefore(blocks: readonly ProjectedBlock[], key: 'offset' | 'pos', value: number): number {
  let lo = 0;
  let hi = blocks.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((blocks[mid] as ProjectedBlock)[key] <= value) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Converts a projection offset to a ProseMirror position. An offset inside a block separator maps to
 * the end of the block before it when `bias` is `-1` (the end of a range), to the start of the next
 * block when `bias` is `1` (the start of a range). Throws a `RangeError` outside `[0, text.length]`.
 */
export function offsetToPos(projection: Projection, offset: number, bias: -1 | 1 = 1): number {
  if (offset < 0 || offset > projection.text.length || !Number.isInteger(offset)) {
    throw new RangeError(`Offset ${offset} is outside the text (0–${projection.text.length}).`);
  }
  const { blocks } = projection;
  if (blocks.length === 0) return 0;
  const index = lastBlockAtOrBefore(blocks, 'offset', offset);
  const block = blocks[index] as ProjectedBlock;
  const within = offset - block.offset;
  if (within <= block.length) return block.pos + within;
  // Inside the separator after `block`.
  const next = blocks[index + 1];
  return bias === -1 || next === undefined ? block.pos + block.length : next.pos;
}

/**
 * Converts a ProseMirror position to a projection offset. A position between blocks maps to the end
 * of the block before it when `bias` is `-1`, to the start of the next block when `bias` is `1`.
 */
export function posToOffset(projection: Projection, pos: number, bias: -1 | 1 = 1): number {
  const { blocks } = projection;
  if (blocks.length === 0) return 0;
  const index = lastBlockAtOrBefore(blocks, 'pos', pos);
  const block = blocks[index] as ProjectedBlock;
  if (pos < block.pos) return bias === -1 && index > 0 ? endOf(blocks[index - 1]) : block.offset;
  const within = pos - block.pos;
  if (within <= block.length) return block.offset + within;
  const next = blocks[index + 1];
  return bias === -1 || next === undefined ? block.offset + block.length : next.offset;
}

function endOf(block: ProjectedBlock | undefined): number {
  return block === undefined ? 0 : block.offset + block.length;
}

const WORD_START = /[\p{L}\p{N}]/u;

/** Whether the character at `index` (a whole surrogate pair when it starts one) is a letter or digit. */
function isWordCharAt(text: string, index: number, code: number): boolean {
  if (code < 128) return (code >= 48 && code <= 57) || ((code | 32) >= 97 && (code | 32) <= 122);
  if (code >= 0xd800 && code <= 0xdbff) return WORD_START.test(text.slice(index, index + 2));
  return WORD_START.test(text.charAt(index));
}

/**
 * Counts words the way readers do: runs of letters, digits, apostrophes (straight or curly) and hyphens
 * that start with a letter or digit. One pass that never builds the words, so a whole book is counted
 * in a few milliseconds.
 */
export function countWords(text: string): number {
  let count = 0;
  let inWord = false;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (isWordCharAt(text, index, code)) {
      if (!inWord) count += 1;
      inWord = true;
      if (code >= 0xd800 && code <= 0xdbff) index += 1;
    } else if (!(inWord && (code === 39 || code === 0x2019 || code === 45))) {
      inWord = false;
    }
  }
  return count;
}
