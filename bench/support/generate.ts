/**
 * Seeded generators for benchmark inputs: long texts assembled from the fixture articles' sentences,
 * and highlights over them. The same seed always gives the same bytes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeRange } from '../../src/shared/anchoring';
import type { Selectors } from '../../src/shared/model';
import { seededRandom } from '../../tests/support/seeded-random';

export { seededRandom };

const FIXTURES = join(__dirname, '../../tests/fixtures');

/** The fixture articles' sentences (clutter lines included: real texts have them). */
export function fixtureSentences(): string[] {
  const text = [
    'socialist-2009-11-18-ussr-1989-collapse-of-stalinism.txt',
    'review-2026-02-15-collapse-of-stalinism-book.txt',
  ]
    .map((name) => readFileSync(join(FIXTURES, name), 'utf8'))
    .join('\n');
  return text
    .split(/\n+/)
    .flatMap((line) => line.split(/(?<=[.!?])\s+/))
    .map((sentence) => sentence.trim())
    .filter((sentence) => sentence.length > 0);
}

/**
 * A plain text of about `bytes` bytes: paragraphs of 2–8 random fixture sentences separated by blank
 * lines, with a heading-like line every ~40 paragraphs, like a book's chapters.
 */
export function generateText(bytes: number, seed: number): string {
  const random = seededRandom(seed);
  const sentences = fixtureSentences();
  const pick = (): string => sentences[Math.floor(random() * sentences.length)] ?? '';
  const parts: string[] = [];
  let size = 0;
  let paragraph = 0;
  while (size < bytes) {
    let block: string;
    if (paragraph % 40 === 0) {
      block = `Chapter ${paragraph / 40 + 1}`;
    } else {
      const count = 2 + Math.floor(random() * 7);
      block = Array.from({ length: count }, pick).join(' ');
    }
    parts.push(block);
    size += Buffer.byteLength(block) + 2;
    paragraph += 1;
  }
  return parts.join('\n\n') + '\n';
}

/**
 * `count` highlight ranges over `text`, word-aligned, 3–40 words long; `overlapShare` of them start
 * inside the previous one, so that highlights overlap as a reader's do.
 */
export function generateHighlights(
  text: string,
  count: number,
  seed: number,
  overlapShare = 0.3,
): Selectors[] {
  const random = seededRandom(seed);
  const wordStarts: number[] = [];
  for (const match of text.matchAll(/\S+/g)) wordStarts.push(match.index);
  const selectors: Selectors[] = [];
  let previous: { start: number; end: number } | null = null;
  for (let i = 0; i < count; i += 1) {
    let first: number;
    if (previous !== null && random() < overlapShare) {
      first = wordStarts.findIndex(
        (start) => start >= previous!.start + (previous!.end - previous!.start) / 2,
      );
      if (first < 0) first = Math.floor(random() * (wordStarts.length - 50));
    } else {
      first = Math.floor(random() * (wordStarts.length - 50));
    }
    const length = 3 + Math.floor(random() * 38);
    const start = wordStarts[first] ?? 0;
    const lastWord = wordStarts[Math.min(first + length, wordStarts.length - 1)] ?? text.length;
    let end = lastWord;
    while (end > start && /\s/.test(text[end - 1] ?? '')) end -= 1;
    if (end <= start) continue;
    selectors.push(describeRange(text, start, end));
    previous = { start, end };
  }
  return selectors;
}

/** The generated book every reader benchmark works on: 3 MB of text with 5,000 highlights. */
export const BOOK_BYTES = 3_000_000;
export const BOOK_HIGHLIGHTS = 5_000;

/** Median, 95th percentile, min and max of a list of durations, in ms. */
export type Summary = ReturnType<typeof summarize>;

/** One measured step, as `bench/run.ts` prints and records it: a name, a target (or none), a summary. */
export interface BenchStep {
  name: string;
  target: { stat: 'median' | 'p95' | 'max'; ms: number } | null;
  summary: Summary;
}

/** Median and 95th percentile of a list of durations, in ms. */
export function summarize(samples: readonly number[]): {
  median: number;
  p95: number;
  min: number;
  max: number;
  n: number;
} {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number): number =>
    sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;
  const round = (value: number): number => Math.round(value * 100) / 100;
  return {
    median: round(at(0.5)),
    p95: round(at(0.95)),
    min: round(sorted[0] ?? NaN),
    max: round(sorted[sorted.length - 1] ?? NaN),
    n: sorted.length,
  };
}
