import { describe, expect, it } from 'vitest';
import { detectWrapWidth, layOutParagraphs } from './line-layout';
import { splitBlocks } from './plain-text';
import { FIXTURE_NAMES, hardWrap, readFixture } from './test-fixtures';

const layOut = (text: string) => {
  const blocks = splitBlocks(text);
  return layOutParagraphs(blocks, detectWrapWidth(blocks)).map((paragraph) => paragraph.text);
};

const review = readFixture('review-2026-02-15-collapse-of-stalinism-book.txt');
const ussr = readFixture('socialist-2009-11-18-ussr-1989-collapse-of-stalinism.txt');

describe('detectWrapWidth', () => {
  it.each(FIXTURE_NAMES)('sees that %s has one paragraph per line', (name) => {
    expect(detectWrapWidth(splitBlocks(readFixture(name)))).toBeNull();
  });

  it.each(FIXTURE_NAMES)('finds the width of %s hard-wrapped at 72 columns', (name) => {
    const width = detectWrapWidth(splitBlocks(hardWrap(readFixture(name), 72)));
    expect(width).toBeGreaterThanOrEqual(66);
    expect(width).toBeLessThanOrEqual(72);
  });

  it('does not take a short list of lines for wrapped text', () => {
    const footer = ussr.slice(
      ussr.indexOf('Join the Socialist Party\nSubscribe'),
      ussr.indexOf('Phone our national office'),
    );
    expect(detectWrapWidth(splitBlocks(footer))).toBeNull();
  });
});

describe('layOutParagraphs', () => {
  it('joins a hard-wrapped article back into its original paragraphs', () => {
    expect(layOut(hardWrap(review, 72))).toEqual(layOut(review));
  });

  it('joins text wrapped at 60 columns as well as at 72', () => {
    expect(layOut(hardWrap(review, 60))).toEqual(layOut(review));
  });

  it('keeps almost every paragraph of a wrapped page whose captions and lists follow paragraphs directly', () => {
    const original = layOut(ussr);
    const rejoined = new Set(layOut(hardWrap(ussr, 72)));
    const kept = original.filter((paragraph) => rejoined.has(paragraph));
    // A 70-character line followed by a capitalised one is indistinguishable from wrapping; it is rare.
    expect(kept.length / original.length).toBeGreaterThan(0.98);
  });

  it('keeps the short lines of verse inside wrapped prose as separate lines', () => {
    const stanza = [
      'I wandered lonely as a cloud',
      "That floats on high o'er vales and hills,",
      'When all at once I saw a crowd,',
    ];
    const text = `${hardWrap(review.slice(0, 3000), 72)}\n\n${stanza.join('\n')}\n`;
    expect(layOut(text).slice(-3)).toEqual(stanza);
  });

  it('starts a new paragraph at a bullet even after a full line', () => {
    const prose = hardWrap(review.split('\n\n').slice(2, 6).join('\n\n'), 72);
    const item = "• The Socialist Party's material is more vital than ever";
    const lastLine = prose.split('\n').at(-1) ?? '';
    const paragraphs = layOut(`${prose}\n${item}`);
    expect(paragraphs.at(-1)).toBe(item);
    expect(paragraphs.at(-2)?.endsWith(lastLine)).toBe(true);
  });

  it('marks a paragraph that stands between blank lines as isolated, and one line of several as not', () => {
    const blocks = splitBlocks(
      'Elements of revolution\n\nJoin the Socialist Party\nDonate to the Socialist Party',
    );
    expect(layOutParagraphs(blocks, null).map((paragraph) => paragraph.isolated)).toEqual([
      true,
      false,
      false,
    ]);
  });
});
