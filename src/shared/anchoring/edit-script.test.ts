/**
 * The benchmark's edit script at a small scale: a text that repeats its sentences (so that passages
 * have copies, often with the same words around them), many highlights, and a seeded script of
 * deletions, insertions and replacements all through it, somewhat denser than the benchmark's. Where each passage went is
 * worked out by mapping its bounds through the edits, as ProseMirror maps them; on every seed, no
 * annotation may be placed anywhere but on what is left of its passage, except on an identical copy
 * (words and context) when its own passage is gone.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../tests/support/seeded-random';
import type { Selectors } from '../model';
import { anchorAll } from './anchor';
import { describeRange } from './describe';

const SEEDS = Array.from({ length: 20 }, (_, i) => i + 1);
const TEXT_LENGTH = 30_000;
const PASSAGES = 200;
const EDITS = 20;
/** So few sentences that each comes back every few thousand characters, as in the benchmark's book. */
const SENTENCE_POOL = 200;

const sentences = [
  'socialist-2009-11-18-ussr-1989-collapse-of-stalinism',
  'review-2026-02-15-collapse-of-stalinism-book',
]
  .map((name) => readFileSync(join(__dirname, '../../../tests/fixtures', `${name}.txt`), 'utf8'))
  .join('\n')
  .split(/\n+/)
  .flatMap((line) => line.split(/(?<=[.!?])\s+/))
  .map((sentence) => sentence.trim())
  .filter((sentence) => sentence.length > 20);

/** A seeded text: paragraphs of two to six sentences from the pool. */
function repetitiveText(random: () => number): string {
  const pool = Array.from(
    { length: SENTENCE_POOL },
    () => sentences[Math.floor(random() * sentences.length)] ?? '',
  );
  const paragraphs: string[] = [];
  let length = 0;
  while (length < TEXT_LENGTH) {
    const count = 2 + Math.floor(random() * 5);
    const paragraph = Array.from(
      { length: count },
      () => pool[Math.floor(random() * pool.length)] ?? '',
    ).join(' ');
    paragraphs.push(paragraph);
    length += paragraph.length + 2;
  }
  return paragraphs.join('\n\n');
}

/** Word-aligned passages of 3–40 words, some overlapping the one before, as the benchmark makes them. */
function highlights(text: string, random: () => number): Selectors[] {
  const words = [...text.matchAll(/\S+/g)].map((match) => match.index);
  return Array.from({ length: PASSAGES }, () => {
    const first = Math.floor(random() * (words.length - 50));
    const start = words[first] ?? 0;
    let end = words[first + 3 + Math.floor(random() * 38)] ?? text.length;
    while (end > start && /\s/.test(text.charAt(end - 1))) end -= 1;
    return describeRange(text, start, end);
  });
}

/** Replacing `text.slice(from, to)` with `insert`. */
interface Edit {
  readonly from: number;
  readonly to: number;
  readonly insert: string;
}

/** The benchmark's edits: 40% deletions of up to 120 characters, 30% sentences put in, 30% replacements. */
function randomEdit(text: string, random: () => number): Edit {
  const at = Math.floor(random() * (text.length - 1));
  const lineEnd = text.indexOf('\n', at);
  const end = Math.min(lineEnd === -1 ? text.length : lineEnd, at + 1 + Math.floor(random() * 120));
  const kind = random();
  if (kind < 0.4) return { from: at, to: end, insert: '' };
  if (kind < 0.7) {
    const sentence = sentences[Math.floor(random() * sentences.length)] ?? '';
    return { from: at, to: at, insert: `${sentence} ` };
  }
  return { from: at, to: Math.min(end, at + 12), insert: 'lorem ipsum' };
}

/**
 * Where `pos` goes through `edit`, as ProseMirror maps it: inside a replaced stretch it goes to the
 * start (`assoc` -1) or the end (+1) of what replaced it; at a pure insertion, `assoc` says which side.
 */
function mapThrough(pos: number, { from, to, insert }: Edit, assoc: -1 | 1): number {
  if (pos < from) return pos;
  if (pos > to) return pos + insert.length - (to - from);
  const side = from === to ? assoc : pos === from ? -1 : pos === to ? 1 : assoc;
  return side < 0 ? from : from + insert.length;
}

interface Tracked {
  readonly selectors: Selectors;
  from: number;
  to: number;
}

describe('re-anchoring after the benchmark’s edit script, at a small scale', () => {
  it.each(SEEDS)('places nothing on anything but its own passage, seed %i', (seed) => {
    const random = seededRandom(seed);
    let text = repetitiveText(random);
    const passages: Tracked[] = highlights(text, random).map((selectors) => ({
      selectors,
      from: selectors[1].start,
      to: selectors[1].end,
    }));
    for (let i = 0; i < EDITS; i += 1) {
      const edit = randomEdit(text, random);
      text = text.slice(0, edit.from) + edit.insert + text.slice(edit.to);
      for (const passage of passages) {
        passage.from = mapThrough(passage.from, edit, 1);
        passage.to = mapThrough(passage.to, edit, -1);
      }
    }
    const results = anchorAll(
      text,
      passages.map(({ selectors }, id) => ({ id, selectors })),
    );
    const misplaced: string[] = [];
    let placed = 0;
    passages.forEach(({ selectors, from, to }, id) => {
      const result = results.get(id);
      if (result === undefined || result.status === 'orphan') return;
      placed += 1;
      const deleted = from >= to;
      if (!deleted && result.start < to && from < result.end) return;
      const [quote] = selectors;
      const copy =
        text.slice(result.start, result.end) === quote.exact &&
        text.slice(result.start - quote.prefix.length, result.start) === quote.prefix &&
        text.slice(result.end, result.end + quote.suffix.length) === quote.suffix;
      if (deleted && copy) return;
      misplaced.push(
        `${JSON.stringify(quote.exact)} belongs at ${from}–${to}${deleted ? ' (deleted)' : ''}, placed at ${result.start}–${result.end}`,
      );
    });
    expect(misplaced).toEqual([]);
    // Most passages survive the edits and must still be found, or this proves little.
    expect(placed).toBeGreaterThan(PASSAGES * 0.8);
  });
});
