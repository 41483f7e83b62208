import { describe, expect, it } from 'vitest';
import { MIN_COMPARABLE_CONTEXT, prefixFit, substringSimilarity, suffixFit } from './similarity';

const sentence =
  "Strikes by Poland's workers, which had given birth to Solidarnosc as a defiant independent trade union";

describe('the similarity of stored context to the text around a candidate', () => {
  it('is 1 when the context occurs as it is', () => {
    expect(substringSimilarity(sentence, 'given birth to Solidarnosc')).toBe(1);
  });

  it('drops by one over the length for each edit', () => {
    expect(substringSimilarity(sentence, 'given berth to Solidarnosc')).toBeCloseTo(1 - 1 / 26);
    expect(substringSimilarity(sentence, 'given birth to Solidarność')).toBeCloseTo(1 - 2 / 26);
    expect(substringSimilarity(sentence, 'gave birth to Solidarnosc')).toBeCloseTo(1 - 2 / 25);
  });

  it('is low for unrelated prose', () => {
    expect(substringSimilarity(sentence, 'the Tiananmen Square solution')).toBeLessThan(0.5);
  });

  it('is 0 when none of the context is there', () => {
    expect(substringSimilarity('', 'Solidarnosc')).toBe(0);
    expect(substringSimilarity('xyz', 'Solidarnosc')).toBe(0);
  });

  it('compares the text just before a candidate with the prefix', () => {
    const start = sentence.indexOf('Solidarnosc');
    expect(prefixFit(sentence, start, 'which had given birth to ').similarity).toBe(1);
    expect(prefixFit(sentence, start, 'which had given rise to ').similarity).toBeLessThan(1);
  });

  it('compares the text just after a candidate with the suffix', () => {
    const end = sentence.indexOf('Solidarnosc') + 'Solidarnosc'.length;
    expect(suffixFit(sentence, end, ' as a defiant independent').similarity).toBe(1);
  });

  it('treats an empty prefix as the start of the text', () => {
    expect(prefixFit(sentence, 0, '')).toEqual({ similarity: 1, comparable: true });
    expect(prefixFit(sentence, 8, '').similarity).toBe(0);
  });

  it('treats an empty suffix as the end of the text', () => {
    expect(suffixFit(sentence, sentence.length, '')).toEqual({ similarity: 1, comparable: true });
    expect(suffixFit(sentence, 8, '').similarity).toBe(0);
  });

  it('counts a short context only where it reaches the edge of the text', () => {
    const prefix = 'Strikes by ';
    expect(prefix.length).toBeLessThan(MIN_COMPARABLE_CONTEXT);
    expect(prefixFit(sentence, prefix.length, prefix).comparable).toBe(true);
    expect(prefixFit(`Poland. ${sentence}`, 8 + prefix.length, prefix).comparable).toBe(false);
  });

  it('makes no claim about a side whose context is unknown', () => {
    expect(prefixFit(sentence, 10, undefined)).toEqual({ similarity: 1, comparable: false });
  });
});
