import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Selectors } from '../model';
import { anchorSelectors } from './anchor';
import { describeRange } from './describe';
import { FIRST_WINDOW_RADIUS } from './match-quote';
import { occurrencesOf, passageSelectors } from '../test-annotations';

function fixture(name: string): string {
  return readFileSync(join(__dirname, '../../../tests/fixtures', `${name}.txt`), 'utf8');
}

const FIXTURES = [
  'socialist-2009-11-18-ussr-1989-collapse-of-stalinism',
  'review-2026-02-15-collapse-of-stalinism-book',
];
const [article, review] = FIXTURES.map(fixture) as [string, string];

function replace(text: string, old: string, replacement: string): string {
  const at = text.indexOf(old);
  if (at === -1 || text.indexOf(old, at + 1) !== -1) throw new Error(`Test edit is not unique: ${old}`);
  return text.slice(0, at) + replacement + text.slice(at + old.length);
}

/**
 * A text that repeats `paragraph` (a sentence with the same words either side) with the article
 * between the copies, further apart than the first search window.
 */
const REPEATED =
  'Quietly the archive keeper counted the ledgers twice over, then locked the vault and walked home in the rain.';
const repeatedText = `${REPEATED}\n\n${article}\n\n${REPEATED}\n\nThe end.`;
const REPEATED_QUOTE = 'counted the ledgers twice over, then locked the vault';

describe('anchoring a passage whose words and context repeat elsewhere', () => {
  const selectors = passageSelectors(repeatedText, REPEATED_QUOTE, 1);
  const [first] = occurrencesOf(repeatedText, REPEATED_QUOTE) as [number];

  it('has copies further apart than the first window', () => {
    expect(selectors[1].start - first).toBeGreaterThan(FIRST_WINDOW_RADIUS);
  });

  it('orphans a passage edited past recognition where it stood rather than place it on the copy', () => {
    // A sentence pasted into the middle of the highlighted words: its context is still there.
    const at = selectors[1].start + 'counted the ledgers twice over, then lo'.length;
    const edited = `${repeatedText.slice(0, at)}No one had asked him to, and no one ever thanked him for it. ${repeatedText.slice(at)}`;
    expect(anchorSelectors(edited, selectors)).toEqual({ status: 'orphan' });
  });

  it('orphans a passage whose start and some of its context were deleted rather than place it on the copy', () => {
    const start = selectors[1].start;
    const edited = repeatedText.slice(0, start - 4) + repeatedText.slice(start + 8);
    expect(anchorSelectors(edited, selectors)).toEqual({ status: 'orphan' });
  });

  it('still follows the passage to the copy when it was cut out, its context closing up', () => {
    const { start, end } = selectors[1];
    const edited = repeatedText.slice(0, start) + repeatedText.slice(end);
    expect(anchorSelectors(edited, selectors)).toEqual({
      status: 'quote',
      start: first,
      end: first + REPEATED_QUOTE.length,
    });
  });
});

describe('anchoring an annotation', () => {
  it('places a passage of an unchanged text exactly where it was', () => {
    const selectors = passageSelectors(article, 'the genuine revolution of October 1917 in Russia');
    const { start, end } = selectors[1];
    expect(anchorSelectors(article, selectors)).toEqual({ status: 'exact', start, end });
  });

  it('finds a passage by its quote when text was inserted before it', () => {
    const selectors = passageSelectors(article, 'the genuine revolution of October 1917 in Russia');
    const inserted = 'Editor’s note: this article first appeared in print.\n\n';
    const { start, end } = selectors[1];
    expect(anchorSelectors(inserted + article, selectors)).toEqual({
      status: 'quote',
      start: start + inserted.length,
      end: end + inserted.length,
    });
  });

  it('tells every "Leon Trotsky" apart by its context, though the text moved further than they are apart', () => {
    // The whole review put in front moves each occurrence past several of the others.
    const edited = `${review}\n\n${article}`;
    const shift = review.length + 2;
    for (const start of occurrencesOf(article, 'Leon Trotsky')) {
      const result = anchorSelectors(edited, describeRange(article, start, start + 'Leon Trotsky'.length));
      expect(result).toEqual({ status: 'quote', start: start + shift, end: start + shift + 12 });
    }
  });

  it('keeps to the second of two adjacent repeats when the first moves onto its old place', () => {
    const selectors = passageSelectors(article, 'Printable version', 1);
    const { start, end } = selectors[1];
    const clipping = 'Clipped 18.11.09\n\n';
    expect(clipping.length).toBe(end - start + 1);
    const edited = clipping + article;
    expect(edited.slice(start, end)).toBe('Printable version');
    const result = anchorSelectors(edited, selectors);
    expect(result).toEqual({ status: 'quote', start: start + clipping.length, end: end + clipping.length });
  });

  it('follows a passage in which a typo was corrected', () => {
    const selectors = passageSelectors(
      article,
      'MikhaIl Gorbachev rose to the position of General Secretary',
    );
    const corrected = replace(article, 'MikhaIl Gorbachev', 'Mikhail Gorbachev');
    const { start, end } = selectors[1];
    expect(anchorSelectors(corrected, selectors)).toEqual({ status: 'fuzzy', start, end });
  });

  it('follows a passage that was edited and moved', () => {
    const passage = "Hence Gorbachev's search for an alternative";
    const selectors = passageSelectors(article, passage);
    // A typo put in (a curly apostrophe for the straight one would not count: see below).
    const edited = replace(
      `Introduction added later.\n\n${article}`,
      "Hence Gorbachev's search",
      "Hence Gorbachev's saerch",
    );
    const start = edited.indexOf("Hence Gorbachev's saerch");
    expect(anchorSelectors(edited, selectors)).toEqual({
      status: 'fuzzy',
      start,
      end: start + passage.length,
    });
  });

  it('reports an annotation whose passage was deleted as an orphan', () => {
    const from = article.indexOf('Just as the Russian economy had got back up');
    const paragraph = article.slice(from, article.indexOf('by around 8%.\n\n', from) + 15);
    const selectors = passageSelectors(article, 'mainly through rising prices for its energy supplies');
    expect(anchorSelectors(replace(article, paragraph, ''), selectors)).toEqual({ status: 'orphan' });
  });

  it('does not move an annotation onto the same words elsewhere when its own are deleted', () => {
    const headline = passageSelectors(article, 'USSR 1989 - the collapse of Stalinism');
    const withoutHeadline = replace(article, 'USSR 1989 - the collapse of Stalinism\n\nHow the', 'How the');
    expect(occurrencesOf(withoutHeadline, 'USSR 1989 - the collapse of Stalinism')).toHaveLength(1);
    expect(anchorSelectors(withoutHeadline, headline)).toEqual({ status: 'orphan' });
  });

  it('does not move an annotation onto a near-copy when its own passage is deleted', () => {
    const heading = passageSelectors(review, 'Why did Stalinism collapse?');
    const withoutHeading = replace(review, 'Why did Stalinism collapse?\n\n', '');
    expect(withoutHeading).toContain('‘Why did Stalinism collapse?’');
    expect(anchorSelectors(withoutHeading, heading)).toEqual({ status: 'orphan' });
  });

  it('does not place a short quote whose surroundings were both rewritten, for it could be any other', () => {
    const selectors = passageSelectors(article, 'Tbilisi');
    const rewritten = replace(
      article,
      'Even Gorbachev was not averse to the use of troops - as in Tbilisi and Vilnius.',
      'Even Gorbachev sent soldiers into Georgia (Tbilisi, April 1989).',
    );
    expect(anchorSelectors(rewritten, selectors)).toEqual({ status: 'orphan' });
  });

  it('re-anchors every later annotation to its quote when the clutter at the top is deleted', () => {
    const clutter = article.slice(0, article.indexOf('From The Socialist newspaper'));
    const cleaned = article.slice(clutter.length);
    const lines = [...article.matchAll(/[^\n]+/g)].filter((line) => line.index >= clutter.length);
    expect(lines.length).toBeGreaterThan(150);
    for (const line of lines) {
      const selectors = describeRange(article, line.index, line.index + line[0].length);
      const result = anchorSelectors(cleaned, selectors);
      expect.soft(result).toMatchObject({ start: line.index - clutter.length });
      if (result.status !== 'orphan') expect(cleaned.slice(result.start, result.end)).toBe(line[0]);
    }
  });

  it('still finds the passage when its stored position lies beyond the end of the text', () => {
    const selectors = passageSelectors(article, 'January 2020');
    const shortened = review + '\n\n' + article.slice(article.indexOf('Alphabetical listing'));
    const start = shortened.indexOf('January 2020');
    expect(selectors[1].start).toBeGreaterThan(shortened.length);
    expect(anchorSelectors(shortened, selectors)).toEqual({ status: 'quote', start, end: start + 12 });
  });

  it('follows an edited passage rather than its exact twin nearby, its context being there as stored', () => {
    // A paragraph printed twice in a row, as a pull quote: the middle sentence has the same context in both.
    const paragraph = article.slice(
      article.indexOf('By the time of Gorbachev'),
      article.indexOf('the queues.') + 11,
    );
    const twice = replace(article, paragraph, `${paragraph}\n\n${paragraph}`);
    const sentence = 'They shared some of the privations of the working class';
    const second = twice.indexOf(sentence, twice.indexOf(sentence) + 1);
    const selectors = describeRange(twice, second, second + sentence.length);
    const edited =
      twice.slice(0, second) +
      'They shared some of the privations of the working-class' +
      twice.slice(selectors[1].end);
    // The middle sentence has the same context in both copies, but only its own still has its prefix
    // and suffix with an edited sentence between them.
    expect(anchorSelectors(edited, selectors)).toEqual({
      status: 'fuzzy',
      start: second,
      end: second + sentence.length,
    });
  });

  it('follows an edited passage rather than its exact twin further away', () => {
    const paragraph = article.slice(
      article.indexOf('By the time of Gorbachev'),
      article.indexOf('the queues.') + 11,
    );
    const long = [article, review, review, review].join('\n\n');
    // The twin goes in at the first paragraph break past the search window, where its position
    // scores hardly lower than the passage's own.
    const twinAt = long.indexOf('\n\n', long.indexOf(paragraph) + FIRST_WINDOW_RADIUS + 500);
    const withTwin = `${long.slice(0, twinAt)}\n\n${paragraph}${long.slice(twinAt)}`;
    const selectors = passageSelectors(withTwin, 'They shared some of the privations of the working class');
    const { start, end } = selectors[1];
    const edited =
      withTwin.slice(0, start) +
      'They shared some of the privations of the working-class' +
      withTwin.slice(end);
    expect(anchorSelectors(edited, selectors)).toEqual({ status: 'fuzzy', start, end });
  });

  it.each(FIXTURES)('places every baseline passage of %s exactly where it is', (name) => {
    const text = fixture(name);
    const baseline = JSON.parse(readFileSync(join(__dirname, '__baselines__', `${name}.json`), 'utf8')) as {
      passages: { selectors: Selectors }[];
    };
    for (const { selectors } of baseline.passages) {
      const { start, end } = selectors[1];
      expect(anchorSelectors(text, selectors)).toEqual({ status: 'exact', start, end });
    }
  });

  it('reports a damaged annotation with an empty quote as an orphan', () => {
    const [quote, position] = passageSelectors(article, 'Solidarnosc');
    expect(anchorSelectors(article, [{ ...quote, exact: '' }, position])).toEqual({ status: 'orphan' });
  });
});
