import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../tests/support/seeded-random';
import { fixtureText, paragraphsText } from '../store/test-documents';
import { buildSegment, CorpusIndex, metaTermsOf, SEGMENT_STEP_CHARS, segmentSteps } from './corpus-index';
import { deserializeIndex, deserializeSteps, serializeIndex, serializeSteps } from './index-file';
import { parseQuery } from './query';
import { TermDictionary } from './term-dictionary';
import { forEachToken, forEachTokenFrom } from './tokenize';

const USSR = paragraphsText(fixtureText('ussr'));

/** A long text of made-up words: many distinct terms, some with accents and apostrophes. */
function madeUpText(words: number, seed: number): string {
  const random = seededRandom(seed);
  const letters = 'abcdefghijklmnopqrstuvwxyzéü';
  const out: string[] = [];
  for (let i = 0; i < words; i++) {
    const length = 2 + Math.floor(random() * 8);
    let word = '';
    for (let j = 0; j < length; j++) word += letters.charAt(Math.floor(random() * letters.length));
    if (random() < 0.05) word += '’s';
    out.push(word);
    out.push(random() < 0.1 ? '.\n\n' : ' ');
  }
  return out.join('');
}

function runAll<T>(steps: Generator<void, T, void>): { value: T; pauses: number } {
  let pauses = 0;
  for (let step = steps.next(); ; step = steps.next()) {
    if (step.done === true) return { value: step.value, pauses };
    pauses += 1;
  }
}

describe('indexing and saving in steps', () => {
  it('tokenises a text in parts exactly as in one go', () => {
    const text = `${USSR} ${madeUpText(20_000, 3)}`;
    const whole: [string, number, number][] = [];
    forEachToken(text, (term, start, end) => whole.push([term, start, end]));
    const parts: [string, number, number][] = [];
    let calls = 0;
    for (let at = 0; at < text.length; calls++)
      at = forEachTokenFrom(text, at, at + 997, (term, start, end) => parts.push([term, start, end]));
    expect(parts).toEqual(whole);
    expect(calls).toBeGreaterThan(text.length / 1_100);
  });

  it('builds a long document in steps, pausing, into the same segment as at once', () => {
    const text = madeUpText(60_000, 5);
    expect(text.length).toBeGreaterThan(4 * SEGMENT_STEP_CHARS);
    const entry = { id: 'd', key: 'k', title: 'T', text, meta: metaTermsOf({ title: 'Made up' }) };
    const once = buildSegment(new TermDictionary(), entry);
    const { value, pauses } = runAll(segmentSteps(new TermDictionary(), entry));
    expect(pauses).toBeGreaterThanOrEqual(Math.floor(text.length / SEGMENT_STEP_CHARS) - 1);
    expect(value).toEqual(once);
  });

  it('writes and reads an index with many terms in steps, byte for byte as at once', () => {
    const index = new CorpusIndex();
    index.put({
      id: 'ussr',
      key: 'u',
      title: 'USSR 1989',
      text: USSR,
      meta: metaTermsOf({ title: 'USSR 1989' }),
    });
    for (let i = 0; i < 4; i++) {
      const text = madeUpText(30_000, 10 + i);
      index.put({
        id: `m${i}`,
        key: `k${i}`,
        title: `Made up ${i}`,
        text,
        meta: metaTermsOf({ title: `Made up ${i}` }),
      });
    }
    expect(index.dictionary.size).toBeGreaterThan(80_000);
    const { value: pieces, pauses } = runAll(serializeSteps(index));
    expect(pauses).toBeGreaterThanOrEqual(5 + 2);
    const bytes = Buffer.concat(pieces);
    expect(bytes.equals(Buffer.concat(serializeIndex(index)))).toBe(true);
    const read = runAll(deserializeSteps(bytes));
    expect(read.pauses).toBeGreaterThanOrEqual(5);
    const loaded = read.value;
    expect(loaded.dictionary.terms).toEqual(index.dictionary.terms);
    for (const query of ['"workers democracy"', 'Gorbachev', 'stalinism']) {
      const ask = (on: CorpusIndex) => on.search(parseQuery(query), { limit: 10 }).hits;
      expect(ask(loaded)).toEqual(ask(index));
    }
    expect(deserializeIndex(bytes).size).toBe(5);
  });

  it('writes an index with no terms at all', () => {
    const empty = new CorpusIndex();
    const bytes = Buffer.concat(serializeIndex(empty));
    expect(deserializeIndex(bytes).size).toBe(0);
    expect(deserializeIndex(bytes).dictionary.terms).toEqual([]);
  });
});
