import { describe, expect, it } from 'vitest';
import type { LaidOutParagraph } from './line-layout';
import { isClearHeading } from './plain-headings';
import { readFixture } from './test-fixtures';

const review = readFixture('review-2026-02-15-collapse-of-stalinism-book.txt').split(/\n+/);
const longParagraph: LaidOutParagraph = {
  text: review.find((line) => line.startsWith('The book summarises')) ?? '',
  isolated: true,
};
const endOfSection: LaidOutParagraph = {
  text: review.find((line) => line.startsWith('By the 1980s')) ?? '',
  isolated: true,
};
const alone = (text: string): LaidOutParagraph => ({ text, isolated: true });

describe('isClearHeading', () => {
  it('accepts a short Title Case line between paragraphs of prose', () => {
    expect(isClearHeading(endOfSection, alone('The Revolution Betrayed'), longParagraph)).toBe(true);
  });

  it('accepts an ALL CAPITALS chapter line, full stop included', () => {
    expect(isClearHeading(endOfSection, alone('CHAPTER I.'), longParagraph)).toBe(true);
  });

  it('accepts a heading at the very start of the text', () => {
    expect(isClearHeading(undefined, alone('Towards a New Revolution'), longParagraph)).toBe(true);
  });

  it('rejects a sentence-case line, however heading-like', () => {
    expect(isClearHeading(endOfSection, alone('Stalinism, the negation of Bolshevism'), longParagraph)).toBe(
      false,
    );
  });

  it('rejects a Markdown-style "#" line: that is not plain text', () => {
    expect(isClearHeading(endOfSection, alone('# The Revolution Betrayed'), longParagraph)).toBe(false);
  });

  it('rejects a caption (a name under a picture) that follows another caption', () => {
    expect(isClearHeading(alone('Leon Trotsky'), alone('Leon Trotsky'), longParagraph)).toBe(false);
  });

  it('rejects a title-case line followed by another short line', () => {
    expect(isClearHeading(endOfSection, alone('Socialist Books'), alone('Towards a new revolution'))).toBe(
      false,
    );
  });

  it('rejects a line that ends like a clause or an exclamation', () => {
    expect(isClearHeading(endOfSection, alone('Join Us Today!'), longParagraph)).toBe(false);
    expect(isClearHeading(endOfSection, alone('Regional Socialist Party Organisers:'), longParagraph)).toBe(
      false,
    );
  });

  it('rejects a line that shares its block with other lines', () => {
    expect(
      isClearHeading(endOfSection, { text: 'The Revolution Betrayed', isolated: false }, longParagraph),
    ).toBe(false);
  });

  it('rejects a long title-case line', () => {
    const long =
      'The Collapse Of Stalinism And The Restoration Of Capitalism In Russia, Central And Eastern Europe';
    expect(isClearHeading(endOfSection, alone(long), longParagraph)).toBe(false);
  });
});
