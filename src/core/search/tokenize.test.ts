import { describe, expect, it } from 'vitest';
import { fixtureText } from '../store/test-documents';
import { foldTerm, terms, tokenize } from './tokenize';

const REVIEW = fixtureText('review');
const USSR = fixtureText('ussr');

/** For each place `word` occurs in `text`: the term of the token there and of the token after it. */
function termsAround(text: string, word: string): string[][] {
  const tokens = tokenize(text);
  const found: string[][] = [];
  for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
    const i = tokens.findIndex((token) => token.start === at);
    if (i >= 0) found.push([tokens[i]!.term, tokens[i + 1]?.term ?? '']);
  }
  return found;
}

describe('the search tokeniser', () => {
  it("gives workers’ (curly) and workers' (straight) the same term", () => {
    expect(REVIEW).toContain('workers’ democracy');
    expect(USSR).toContain("workers' democracy");
    expect(termsAround(REVIEW, 'workers’')).toContainEqual(['workers', 'democracy']);
    expect(termsAround(USSR, "workers'")).toContainEqual(['workers', 'democracy']);
  });

  it('keeps an apostrophe inside a word, folds possessives and contractions', () => {
    expect(terms("Don't, don’t DON'T")).toEqual(['dont', 'dont', 'dont']);
    expect(USSR).toContain("Gorbachev's");
    expect(termsAround(USSR, "Gorbachev's")[0]?.[0]).toBe('gorbachev');
    expect(REVIEW).toContain('Trotsky’s');
    expect(termsAround(REVIEW, 'Trotsky’s')[0]?.[0]).toBe('trotsky');
  });

  it('splits hyphenated words into their parts, in order', () => {
    expect(REVIEW).toContain('post-Stalinist');
    const at = REVIEW.indexOf('post-Stalinist');
    const parts = tokenize(REVIEW).filter(
      (token) => token.start >= at && token.end <= at + 'post-Stalinist'.length,
    );
    expect(parts.map((token) => token.term)).toEqual(['post', 'stalinist']);
    expect(parts.map((token) => REVIEW.slice(token.start, token.end))).toEqual(['post', 'Stalinist']);
  });

  it('folds accents and case, in composed and decomposed form', () => {
    expect(REVIEW).toContain('Chávez');
    expect(termsAround(REVIEW, 'Chávez')[0]?.[0]).toBe('chavez');
    expect(foldTerm('Trotskÿ')).toBe('trotsky');
    expect(foldTerm('Trotsky'.normalize('NFD'))).toBe('trotsky');
    expect(terms('CHA\u0301VEZ')).toEqual(['chavez']);
  });

  it('keeps each word’s span as offsets into the text, over both whole articles', () => {
    for (const text of [REVIEW, USSR]) {
      const tokens = tokenize(text);
      expect(tokens.length).toBeGreaterThan(1500);
      for (const token of tokens) expect(foldTerm(text.slice(token.start, token.end))).toBe(token.term);
      for (let i = 1; i < tokens.length; i++)
        expect(tokens[i]!.start).toBeGreaterThanOrEqual(tokens[i - 1]!.end);
    }
  });

  it('treats punctuation and quotes as separators, and cuts absurdly long words', () => {
    expect(terms('“Perestroika” (1985–1991): glasnost… [sic] $5.*?')).toEqual([
      'perestroika',
      '1985',
      '1991',
      'glasnost',
      'sic',
      '5',
    ]);
    expect(terms('x'.repeat(10_000))[0]).toHaveLength(64);
  });
});
