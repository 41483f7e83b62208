import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeRange } from './describe';
import { matchQuote } from './match-quote';
import { occurrencesOf } from '../test-annotations';

function fixture(name: string): string {
  return readFileSync(join(__dirname, '../../../tests/fixtures', `${name}.txt`), 'utf8');
}

const article = fixture('socialist-2009-11-18-ussr-1989-collapse-of-stalinism');
const review = fixture('review-2026-02-15-collapse-of-stalinism-book');

/** The quote selector's context for the occurrence of `quote` at `start`. */
function contextAt(text: string, start: number, quote: string): { prefix: string; suffix: string } {
  const [{ prefix, suffix }] = describeRange(text, start, start + quote.length);
  return { prefix, suffix };
}

describe('matching a quote', () => {
  it('finds an exact occurrence with its context and scores it 1', () => {
    const quote = 'a defiant independent trade union';
    const start = article.indexOf(quote);
    const match = matchQuote(article, quote, { ...contextAt(article, start, quote), hint: start });
    expect(match).toMatchObject({ start, end: start + quote.length, score: 1, confident: true });
  });

  it('finds the closest approximate match when the quote is not in the text as it is', () => {
    const match = matchQuote(article, 'Mikhail Gorbachev rose to the position');
    expect(match).not.toBeNull();
    expect(article.slice(match?.start, match?.end)).toBe('MikhaIl Gorbachev rose to the position');
    expect(match?.score).toBeLessThan(1);
  });

  it('scores a quote lower the more it differs from the text', () => {
    const quotes = [
      'MikhaIl Gorbachev rose',
      'Mikhail Gorbachev rose',
      'Michail Gorbachov rose',
      'Michael Gorbachov came',
    ];
    const scores = quotes.map((quote) => matchQuote(article, quote)?.score ?? 0);
    for (let i = 1; i < scores.length; i += 1) expect(scores[i]).toBeLessThan(scores[i - 1] ?? 0);
  });

  it('tells repeated quotes apart by their prefix', () => {
    const quote = 'Stalinism, the negation of Bolshevism';
    const [heading, repeat] = occurrencesOf(review, quote) as [number, number];
    const { prefix } = contextAt(review, repeat, quote);
    expect(matchQuote(review, quote, { prefix })?.start).toBe(repeat);
    expect(matchQuote(review, quote, { prefix: contextAt(review, heading, quote).prefix })?.start).toBe(
      heading,
    );
  });

  it('tells repeated quotes apart by their suffix', () => {
    const quote = 'Printable version';
    const [first, second] = occurrencesOf(article, quote) as [number, number];
    expect(matchQuote(article, quote, { suffix: contextAt(article, second, quote).suffix })?.start).toBe(
      second,
    );
    expect(matchQuote(article, quote, { suffix: contextAt(article, first, quote).suffix })?.start).toBe(
      first,
    );
  });

  it('prefers the match nearest the hint when nothing else tells them apart', () => {
    const upper = article.indexOf('Leon Trotsky\n\nLeon Trotsky');
    const lower = upper + 'Leon Trotsky\n\n'.length;
    expect(matchQuote(article, 'Leon Trotsky', { hint: upper })?.start).toBe(upper);
    expect(matchQuote(article, 'Leon Trotsky', { hint: lower })?.start).toBe(lower);
    expect(matchQuote(article, 'Leon Trotski', { hint: upper })?.start).toBe(upper);
    expect(matchQuote(article, 'Leon Trotski', { hint: lower })?.start).toBe(lower);
  });

  it('prefers an edited passage in its own context to an exact copy of the quote out of it', () => {
    const quote = 'Leon Trotsky';
    const [caption] = occurrencesOf(article, quote) as [number];
    const context = contextAt(article, caption, quote);
    const edited = article.slice(0, caption) + 'Leon Trotski' + article.slice(caption + quote.length);
    const match = matchQuote(edited, quote, { ...context, hint: caption });
    expect(match).toMatchObject({ start: caption, end: caption + quote.length, confident: true });
  });

  it('is not confident of an exact quote whose context is different', () => {
    const quote = 'USSR 1989 - the collapse of Stalinism';
    const [headline, listed] = occurrencesOf(article, quote) as [number, number];
    const withoutHeadline = article.slice(0, headline) + article.slice(headline + quote.length);
    const match = matchQuote(withoutHeadline, quote, contextAt(article, headline, quote));
    expect(match?.start).toBe(listed - quote.length);
    expect(match?.confident).toBe(false);
  });

  it('is not confident of a passage that is not in the text', () => {
    const sentence = 'The task for the world’s working-class is to rebuild the mass parties needed';
    expect(review.includes(sentence)).toBe(true);
    const match = matchQuote(article, sentence, {
      prefix: 'However, in today’s unstable world, ',
      suffix: ' to organise',
    });
    expect(match === null || !match.confident).toBe(true);
  });

  it('does not look further from the hint than it is allowed to', () => {
    const quote = "THE 'GREAT money trik' of capitalist restoration";
    const far = article.indexOf("THE 'GREAT money trick'");
    const near = matchQuote(article, quote, { hint: 0, maxDistance: 1000 });
    expect(near?.start ?? 0).toBeLessThanOrEqual(1000);
    expect(near?.confident).not.toBe(true);
    expect(matchQuote(article, quote, { hint: 0 })).toMatchObject({ start: far, confident: true });
  });

  it('finds nothing for an empty quote or in an empty text', () => {
    expect(matchQuote(article, '')).toBeNull();
    expect(matchQuote('', 'Leon Trotsky')).toBeNull();
  });
});
