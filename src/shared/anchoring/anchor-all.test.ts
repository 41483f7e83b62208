import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { anchorAll, anchorSelectors, type AnchorTarget } from './anchor';
import { describeRange } from './describe';

const FIXTURES = [
  'socialist-2009-11-18-ussr-1989-collapse-of-stalinism',
  'review-2026-02-15-collapse-of-stalinism-book',
];

function fixture(name: string): string {
  return readFileSync(join(__dirname, '../../../tests/fixtures', `${name}.txt`), 'utf8');
}

const [article, review] = FIXTURES.map(fixture) as [string, string];

/** Annotations on the first `count` sentences (or lines) of `text` that are at least 20 characters long. */
function sentenceAnnotations(text: string, count = Infinity): AnchorTarget<string>[] {
  const annotations: AnchorTarget<string>[] = [];
  for (const sentence of text.matchAll(/[^\s.!?][^.!?\n]{19,}[.!?]?/g)) {
    if (annotations.length >= count) break;
    const start = sentence.index;
    annotations.push({ id: `a${start}`, selectors: describeRange(text, start, start + sentence[0].length) });
  }
  return annotations;
}

/** A well-spread hash of two integers (murmur3's finaliser). */
function mix(a: number, b: number): number {
  let h = Math.imul(a ^ Math.imul(b + 1, 0x9e3779b9), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * About 3 MB of prose: the two articles over and over, each copy numbered and with a different
 * seventh of its words in capitals, so that copies read alike but are not identical.
 */
function longText(): string {
  const parts: string[] = [];
  let length = 0;
  for (let copy = 0; length < 3_000_000; copy += 1) {
    let word = 0;
    const varied = (copy % 2 === 0 ? article : review).replace(/[A-Za-z]+/g, (w) => {
      word += 1;
      return mix(word, copy) % 7 === 0 ? w.toUpperCase() : w;
    });
    parts.push(`Part ${copy + 1}\n\n${varied}`);
    length += parts[parts.length - 1]?.length ?? 0;
  }
  return parts.join('\n\n');
}

describe('anchoring all the annotations of a document', () => {
  it('keys each result by its annotation id', () => {
    const annotations = sentenceAnnotations(article, 3);
    const results = anchorAll(article, annotations);
    expect([...results.keys()]).toEqual(annotations.map((annotation) => annotation.id));
    for (const { id, selectors } of annotations) {
      expect(results.get(id)).toEqual({ status: 'exact', start: selectors[1].start, end: selectors[1].end });
    }
  });

  it('places each annotation where anchoring it alone would', () => {
    const annotations = sentenceAnnotations(article);
    const edited = article
      .replace('Join the Socialist Party Join us today!\n\n', '')
      .replace('MikhaIl Gorbachev', 'Mikhail Gorbachev')
      .replace(/Gorbachev's/g, 'Gorbachev’s')
      .replace('In 1989 there was still a potentially revolutionary situation in the making. ', '');
    const results = anchorAll(edited, annotations);
    const statuses = new Set([...results.values()].map((result) => result.status));
    expect([...statuses].sort()).toEqual(['fuzzy', 'orphan', 'quote']);
    for (const { id, selectors } of annotations)
      expect(results.get(id)).toEqual(anchorSelectors(edited, selectors));
  });

  it('follows text that moved further than the search window around each old position', () => {
    const annotations = sentenceAnnotations(article);
    const prepended = `${review}\n\n${review}\n\n${review}\n\n`;
    const results = anchorAll(prepended + article, annotations);
    for (const { id, selectors } of annotations) {
      const { start, end } = selectors[1];
      expect(results.get(id)).toEqual({
        status: 'quote',
        start: start + prepended.length,
        end: end + prepended.length,
      });
    }
  });

  describe('on a 3 MB text', () => {
    const text = longText();
    const annotations = sentenceAnnotations(text)
      .filter((_, index) => index % 5 === 0)
      .slice(0, 5000);

    it('has 5,000 annotations to anchor', () => {
      expect(text.length).toBeGreaterThan(3_000_000);
      expect(annotations).toHaveLength(5000);
    });

    it('anchors them all exactly when the text is unchanged', () => {
      const results = anchorAll(text, annotations);
      expect([...results.values()].every((result) => result.status === 'exact')).toBe(true);
    });

    it('moves them all with the text after additions throughout', () => {
      // A preface, and a sentence after a full stop every 250,000 characters: passages move but stay whole.
      const preface = 'A preface added to the collection.\n\n';
      const sentence = 'A sentence added here. ';
      const additions: number[] = [];
      for (let at = text.indexOf('. ', 100_000); at !== -1; at = text.indexOf('. ', at + 250_000))
        additions.push(at + 2);
      const pieces = [preface];
      additions.forEach((at, i) => pieces.push(text.slice(additions[i - 1] ?? 0, at), sentence));
      pieces.push(text.slice(additions[additions.length - 1] ?? 0));
      const edited = pieces.join('');
      const moved = (offset: number) =>
        offset + preface.length + sentence.length * additions.filter((at) => at <= offset).length;

      const results = anchorAll(edited, annotations);

      for (const { id, selectors } of annotations) {
        const { start, end } = selectors[1];
        const result = results.get(id);
        // The text repeats itself, so a passage right next to an addition may have a twin elsewhere
        // whose context now fits better: it may be left unplaced, but never placed on the twin.
        const nextToAddition = additions.some((at) => at >= start - 32 && at <= end + 32);
        if (nextToAddition && result?.status === 'orphan') continue;
        expect.soft(result, id).toMatchObject({ start: moved(start), end: moved(end) });
      }
    });
  });
});
