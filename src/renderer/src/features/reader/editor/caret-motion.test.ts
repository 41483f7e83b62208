import { describe, expect, it } from 'vitest';
import type { Node as ProseMirrorNode } from 'prosemirror-model';
import {
  characterStep,
  nearestCaretPos,
  paragraphStep,
  textEdge,
  wordBoundary,
  wordStep,
} from './caret-motion';
import { proseDoc } from './test-editor';

/** The position just before the first occurrence of `text` in `doc` (plus `shift`). */
function at(doc: ProseMirrorNode, text: string, shift = 0): number {
  let found = -1;
  doc.descendants((node, pos) => {
    if (found >= 0) return false;
    if (node.isText) {
      const index = node.text?.indexOf(text) ?? -1;
      if (index >= 0) found = pos + index;
    }
    return true;
  });
  if (found < 0) throw new Error(`"${text}" is not in the document`);
  return found + shift;
}

/** The text from `from` to `to` (in either order). */
function between(doc: ProseMirrorNode, a: number, b: number): string {
  return doc.textBetween(Math.min(a, b), Math.max(a, b), '¶');
}

const doc = proseDoc(
  [
    '# USSR 1989',
    'THE CAPITALIST media milked the celebrations of the 20th anniversary.',
    'They have spoken glowingly of the "revolution", or series of revolutions.',
    'One line\nand another after a break.',
  ].join('\n\n'),
);

describe('word boundaries', () => {
  const text = 'The fall of the Berlin Wall, in 1989.';

  it('goes forwards to the end of the word it is in, or of the next one', () => {
    expect(wordBoundary(text, 0, 1)).toBe(3);
    expect(wordBoundary(text, 1, 1)).toBe(3);
    expect(wordBoundary(text, 3, 1)).toBe(8);
    expect(wordBoundary(text, 23, 1)).toBe(27);
    // Over the comma and the space.
    expect(wordBoundary(text, 27, 1)).toBe(31);
    expect(wordBoundary(text, 31, 1)).toBe(36);
    expect(wordBoundary(text, 36, 1)).toBeNull();
  });

  it('goes backwards to the start of the word it is in, or of the one before', () => {
    expect(wordBoundary(text, text.length, -1)).toBe(32);
    expect(wordBoundary(text, 32, -1)).toBe(29);
    expect(wordBoundary(text, 29, -1)).toBe(23);
    expect(wordBoundary(text, 2, -1)).toBe(0);
    expect(wordBoundary(text, 0, -1)).toBeNull();
  });

  it('keeps apostrophes and hyphens inside words as the language has them', () => {
    const quote = "workers' democracy and state-owned economy";
    expect(quote.slice(0, wordBoundary(quote, 0, 1) ?? 0)).toBe('workers');
    const owned = quote.indexOf('state');
    expect(quote.slice(owned, wordBoundary(quote, owned, 1) ?? 0)).toBe('state');
  });
});

describe('caret steps', () => {
  it('moves by character inside a block and across to the next block', () => {
    const start = at(doc, 'THE');
    expect(characterStep(doc, start, 1)).toBe(start + 1);
    expect(characterStep(doc, start, -1)).toBe(doc.child(0).nodeSize - 1);
    const end = at(doc, 'anniversary.', 'anniversary.'.length);
    expect(characterStep(doc, end, 1)).toBe(at(doc, 'They'));
  });

  it('steps over a character outside the Basic Multilingual Plane at once', () => {
    const emoji = proseDoc('a😀b');
    const a = at(emoji, 'a');
    expect(characterStep(emoji, a + 1, 1)).toBe(a + 3);
    expect(characterStep(emoji, a + 3, -1)).toBe(a + 1);
  });

  it('stops at the ends of the text', () => {
    expect(characterStep(doc, textEdge(doc, -1), -1)).toBe(textEdge(doc, -1));
    expect(characterStep(doc, textEdge(doc, 1), 1)).toBe(textEdge(doc, 1));
  });

  it('selects three words with three word steps, and steps back over them', () => {
    const start = at(doc, 'media');
    let head = start;
    for (let step = 0; step < 3; step += 1) head = wordStep(doc, head, 1);
    expect(between(doc, start, head)).toBe('media milked the');
    for (let step = 0; step < 3; step += 1) head = wordStep(doc, head, -1);
    expect(head).toBe(start);
  });

  it('goes past punctuation, and from a block’s last word to the next block', () => {
    const quoted = at(doc, 'revolution"');
    expect(between(doc, quoted, wordStep(doc, quoted, 1))).toBe('revolution');
    const last = at(doc, 'anniversary');
    const end = wordStep(doc, last, 1);
    expect(between(doc, last, end)).toBe('anniversary');
    // After the last word the block's end, then the next block's start.
    const blockEnd = wordStep(doc, end, 1);
    expect(between(doc, end, blockEnd)).toBe('.');
    expect(wordStep(doc, blockEnd, 1)).toBe(at(doc, 'They'));
    expect(wordStep(doc, at(doc, 'They'), -1)).toBe(blockEnd);
  });

  it('counts a line break as one position, so words after it are found where they are', () => {
    const and = at(doc, 'and another');
    expect(between(doc, and, wordStep(doc, and, 1))).toBe('and');
    expect(wordStep(doc, and, -1)).toBe(at(doc, 'line'));
  });

  it('moves by paragraph to the starts of blocks', () => {
    const inside = at(doc, 'milked');
    expect(paragraphStep(doc, inside, -1)).toBe(at(doc, 'THE'));
    expect(paragraphStep(doc, at(doc, 'THE'), -1)).toBe(at(doc, 'USSR'));
    expect(paragraphStep(doc, inside, 1)).toBe(at(doc, 'They'));
    expect(paragraphStep(doc, at(doc, 'One'), 1)).toBe(textEdge(doc, 1));
  });

  it('puts a position between blocks into the nearest block', () => {
    const between = doc.child(0).nodeSize;
    expect(nearestCaretPos(doc, between, 1)).toBe(at(doc, 'THE'));
    expect(nearestCaretPos(doc, between, -1)).toBe(between - 1);
    expect(nearestCaretPos(doc, 0)).toBe(1);
  });
});
