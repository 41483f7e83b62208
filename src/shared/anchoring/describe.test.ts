import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Selectors } from '../model';
import { SelectorsSchema, TargetSelectorsSchema } from '../model';
import { describePoint, describeRange } from './describe';

const FIXTURES = [
  'socialist-2009-11-18-ussr-1989-collapse-of-stalinism',
  'review-2026-02-15-collapse-of-stalinism-book',
];

function fixture(name: string): string {
  return readFileSync(join(__dirname, '../../../tests/fixtures', `${name}.txt`), 'utf8');
}

const article = fixture('socialist-2009-11-18-ussr-1989-collapse-of-stalinism');

function rangeOf(text: string, passage: string): [number, number] {
  const start = text.indexOf(passage);
  if (start === -1) throw new Error(`Test passage not in fixture: ${passage}`);
  return [start, start + passage.length];
}

describe('describing a passage as selectors', () => {
  it('quotes the passage with the 32 characters either side of it', () => {
    const [start, end] = rangeOf(article, 'the genuine revolution of October 1917 in Russia');
    const [quote, position] = describeRange(article, start, end);
    expect(quote).toEqual({
      type: 'TextQuoteSelector',
      exact: 'the genuine revolution of October 1917 in Russia',
      prefix: "At the same time they condemn as a mere 'coup' ".slice(-32),
      suffix: ' - that liberated tens of millions of people'.slice(0, 32),
    });
    expect(position).toEqual({ type: 'TextPositionSelector', start, end });
  });

  it('keeps only the context there is at the start and the end of the text', () => {
    const [opening] = describeRange(article, 0, 'Join the Socialist Party'.length);
    expect(opening.prefix).toBe('');
    const [closing] = describeRange(article, article.length - 'January 2020'.length, article.length);
    expect(closing.suffix).toBe('');
    expect(closing.exact).toBe('January 2020');
  });

  it('takes as much context as it is asked for', () => {
    const [start, end] = rangeOf(article, 'Solidarnosc');
    const [quote] = describeRange(article, start, end, 8);
    expect(quote.prefix).toBe('irth to ');
    expect(quote.suffix).toBe(' as a de');
    expect(describeRange(article, start, end, 0)[0]).toMatchObject({ prefix: '', suffix: '' });
  });

  it('produces selectors that the stored annotation schema accepts', () => {
    const [start, end] = rangeOf(article, 'Leon Trotsky reading The Militant newspaper in 1931');
    expect(SelectorsSchema.safeParse(describeRange(article, start, end)).success).toBe(true);
  });

  it('refuses an empty range', () => {
    expect(() => describeRange(article, 10, 10)).toThrow(RangeError);
  });

  it('refuses a range that ends before it starts', () => {
    expect(() => describeRange(article, 20, 10)).toThrow(/empty/);
  });

  it('refuses a range outside the text', () => {
    expect(() => describeRange(article, -1, 5)).toThrow(/outside the text/);
    expect(() => describeRange(article, 5, article.length + 1)).toThrow(/outside the text/);
  });

  it('refuses offsets that are not whole numbers', () => {
    expect(() => describeRange(article, 1.5, 10)).toThrow(/integer/);
  });

  it('refuses a negative context length', () => {
    expect(() => describeRange(article, 0, 10, -1)).toThrow(/context length/);
  });
});

describe('describing a point as selectors', () => {
  it('gives an empty quote with the 32 characters either side, at a zero-length position', () => {
    const at = article.indexOf('October 1917');
    const [quote, position] = describePoint(article, at);
    expect(quote).toEqual({
      type: 'TextQuoteSelector',
      exact: '',
      prefix: article.slice(at - 32, at),
      suffix: article.slice(at, at + 32),
    });
    expect(position).toEqual({ type: 'TextPositionSelector', start: at, end: at });
    expect(TargetSelectorsSchema.safeParse(describePoint(article, at)).success).toBe(true);
  });

  it('keeps what context there is at the ends of the text', () => {
    expect(describePoint(article, 0)[0].prefix).toBe('');
    expect(describePoint(article, article.length)[0].suffix).toBe('');
  });

  it('refuses a point outside the text', () => {
    expect(() => describePoint(article, -1)).toThrow(/outside the text/);
    expect(() => describePoint(article, article.length + 1)).toThrow(/outside the text/);
  });
});

interface Baseline {
  fixture: string;
  passages: { note: string; selectors: Selectors }[];
}

describe.each(FIXTURES)('the baseline selectors of %s', (name) => {
  const text = fixture(name);
  const baseline = JSON.parse(
    readFileSync(join(__dirname, '__baselines__', `${name}.json`), 'utf8'),
  ) as Baseline;

  it('name their fixture', () => {
    expect(baseline.fixture).toBe(`${name}.txt`);
  });

  it.each(baseline.passages.map((passage) => [passage.note, passage.selectors] as const))(
    'are still what describing %s produces',
    (_note, selectors) => {
      const { start, end } = selectors[1];
      expect(describeRange(text, start, end)).toEqual(selectors);
    },
  );
});
