/**
 * Random editing of real articles: whatever the edits, an annotation is placed on its own passage or
 * reported as an orphan, never placed anywhere else; and one whose passage was not edited is found.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../tests/support/seeded-random';
import type { Selectors } from '../model';
import { anchorAll, anchorSelectors, type AnchorResult } from './anchor';
import { DEFAULT_CONTEXT_LENGTH, describeRange } from './describe';

const FIXTURES = [
  'socialist-2009-11-18-ussr-1989-collapse-of-stalinism',
  'review-2026-02-15-collapse-of-stalinism-book',
];
const SEED = 20091118;
const ROUNDS_PER_FIXTURE = 40;
const ANNOTATIONS_PER_ROUND = 40;

function fixture(name: string): string {
  return readFileSync(join(__dirname, '../../../tests/fixtures', `${name}.txt`), 'utf8');
}

/** Seeded choices, so that every run makes the same annotations and edits. */
class Random {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = seededRandom(seed);
  }
  /** An integer in [min, max). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min));
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length)] as T;
  }
}

/** Replacing `text.slice(from, to)` with `insert`. */
interface Edit {
  from: number;
  to: number;
  insert: string;
}

/** Where an annotated passage is, followed through the edits. */
interface Tracked {
  id: number;
  selectors: Selectors;
  /** The passage's current extent; for an edited passage, what is left of it and what was put in it. */
  start: number;
  end: number;
  edited: boolean;
  prefixEdited: boolean;
  suffixEdited: boolean;
}

function track(passage: Tracked, { from, to, insert }: Edit): void {
  const delta = insert.length - (to - from);
  const { start, end } = passage;
  const insertion = from === to;
  if (!passage.edited) {
    const prefixLength = passage.selectors[0].prefix.length;
    const suffixLength = passage.selectors[0].suffix.length;
    // A context shorter than usual reached the edge of the text: text added beyond it changes it too.
    const prefixAtEdge = prefixLength < DEFAULT_CONTEXT_LENGTH;
    const suffixAtEdge = suffixLength < DEFAULT_CONTEXT_LENGTH;
    const intoPrefix =
      insertion &&
      from <= start &&
      (from > start - prefixLength || (prefixAtEdge && from === start - prefixLength));
    const intoSuffix =
      insertion &&
      from >= end &&
      (from < end + suffixLength || (suffixAtEdge && from === end + suffixLength));
    if ((from < start && to > start - prefixLength) || intoPrefix) passage.prefixEdited = true;
    if ((from < end + suffixLength && to > end) || intoSuffix) passage.suffixEdited = true;
    passage.edited = (from < end && to > start) || (insertion && from > start && from < end);
  }
  if (to <= start) {
    passage.start += delta;
    passage.end += delta;
  } else if (from >= end) {
    // after the passage: nothing moves
  } else if (from <= start && to >= end) {
    passage.start = passage.end = from; // the passage is gone
  } else if (from <= start) {
    passage.start = from;
    passage.end = end + delta;
  } else if (to >= end) {
    passage.end = from + insert.length;
  } else {
    passage.end = end + delta;
  }
}

const WORD = /[A-Za-z’']+/g;

function randomEdit(text: string, random: Random, vocabulary: readonly string[]): Edit {
  const kind = random.int(0, 6);
  const at = random.int(0, text.length);
  switch (kind) {
    case 0: {
      // A typo: one letter becomes another.
      let position = at;
      while (position < text.length && !/[a-z]/.test(text.charAt(position))) position += 1;
      const old = text.charAt(position);
      const letter = 'etaoinshrdlu'.split('').find((c) => c !== old && random.int(0, 3) === 0) ?? 'q';
      return { from: position, to: Math.min(text.length, position + 1), insert: letter };
    }
    case 1: {
      // A word inserted before a space.
      const space = text.indexOf(' ', at);
      const position = space === -1 ? text.length : space;
      return { from: position, to: position, insert: ` ${random.pick(vocabulary)}` };
    }
    case 2: {
      // A few characters deleted.
      return { from: at, to: Math.min(text.length, at + random.int(1, 40)), insert: '' };
    }
    case 3: {
      // A whole line deleted.
      const lineStart = text.lastIndexOf('\n', at) + 1;
      const lineEnd = text.indexOf('\n', lineStart);
      return { from: lineStart, to: lineEnd === -1 ? text.length : lineEnd + 1, insert: '' };
    }
    case 4: {
      // A sentence inserted after a full stop.
      const stop = text.indexOf('. ', at);
      const position = stop === -1 ? text.length : stop + 2;
      const words = Array.from({ length: random.int(4, 12) }, () => random.pick(vocabulary));
      return { from: position, to: position, insert: `${words.join(' ')}. ` };
    }
    default: {
      // One word replaced by another.
      WORD.lastIndex = at;
      const word = WORD.exec(text);
      if (word === null) return { from: at, to: at, insert: random.pick(vocabulary) };
      return { from: word.index, to: word.index + word[0].length, insert: random.pick(vocabulary) };
    }
  }
}

/** Annotations on random passages that occur once in the text, so that "its own passage" is one place. */
function randomAnnotations(text: string, random: Random): Tracked[] {
  const annotations: Tracked[] = [];
  while (annotations.length < ANNOTATIONS_PER_ROUND) {
    let start = random.int(0, text.length - 20);
    while (start > 0 && /\S/.test(text.charAt(start - 1))) start -= 1;
    let end = Math.min(text.length, start + random.int(12, 160));
    while (end < text.length && /\S/.test(text.charAt(end))) end += 1;
    const quote = text.slice(start, end);
    if (quote.trim() === '' || text.indexOf(quote) !== text.lastIndexOf(quote)) continue;
    annotations.push({
      id: annotations.length,
      selectors: describeRange(text, start, end),
      start,
      end,
      edited: false,
      prefixEdited: false,
      suffixEdited: false,
    });
  }
  return annotations;
}

interface Violation {
  round: number;
  id: number;
  problem: string;
}

function check(round: number, text: string, passage: Tracked, result: AnchorResult | undefined): Violation[] {
  const fail = (problem: string) => [{ round, id: passage.id, problem }];
  const quote = passage.selectors[0].exact;
  if (result === undefined) return fail('no result');
  const placed = result.status === 'orphan' ? null : result;
  if (passage.start === passage.end) {
    return placed === null ? [] : fail(`passage deleted but placed at ${placed.start}–${placed.end}`);
  }
  if (!passage.edited) {
    if (text.slice(passage.start, passage.end) !== quote) return fail('test bookkeeping lost the passage');
    const contextLeft = !passage.prefixEdited || !passage.suffixEdited;
    if (placed === null) return contextLeft ? fail('unedited passage orphaned') : [];
    if (placed.start !== passage.start || placed.end !== passage.end) {
      return fail(
        `unedited passage at ${passage.start}–${passage.end} placed at ${placed.start}–${placed.end}`,
      );
    }
    return placed.status === 'fuzzy' ? fail('unedited passage placed as fuzzy') : [];
  }
  if (placed === null) return [];
  const overlaps = placed.start < passage.end && placed.end > passage.start;
  return overlaps
    ? []
    : fail(`edited passage at ${passage.start}–${passage.end} placed at ${placed.start}–${placed.end}`);
}

describe.each(FIXTURES)('anchoring after random edits of %s', (name) => {
  const original = fixture(name);
  const vocabulary = [...new Set(original.match(WORD) ?? [])];
  const random = new Random(SEED + name.length);
  const rounds = Array.from({ length: ROUNDS_PER_FIXTURE }, () => {
    const annotations = randomAnnotations(original, random);
    let text = original;
    const editCount = random.int(5, 25);
    for (let i = 0; i < editCount; i += 1) {
      const edit = randomEdit(text, random, vocabulary);
      text = text.slice(0, edit.from) + edit.insert + text.slice(edit.to);
      for (const passage of annotations) track(passage, edit);
    }
    return { text, annotations };
  });

  it('places every annotation on its own passage or nowhere, and every unedited one that kept context', () => {
    const violations: Violation[] = [];
    const statuses = new Map<string, number>();
    rounds.forEach(({ text, annotations }, round) => {
      const results = anchorAll(text, annotations);
      for (const passage of annotations) {
        const result = results.get(passage.id);
        violations.push(...check(round, text, passage, result));
        if (result !== undefined) statuses.set(result.status, (statuses.get(result.status) ?? 0) + 1);
      }
    });
    expect(violations).toEqual([]);
    // The edits must exercise every outcome, or this test proves less than it claims.
    expect([...statuses.keys()].sort()).toEqual(['exact', 'fuzzy', 'orphan', 'quote']);
  });

  it('does the same when the annotations are anchored one at a time', () => {
    const violations: Violation[] = [];
    rounds.forEach(({ text, annotations }, round) => {
      for (const passage of annotations) {
        violations.push(...check(round, text, passage, anchorSelectors(text, passage.selectors)));
      }
    });
    expect(violations).toEqual([]);
  });
});
