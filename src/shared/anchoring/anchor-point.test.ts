import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pointBefore } from '../test-annotations';
import { anchorAll, anchorSelectors } from './anchor';

const article = readFileSync(
  join(__dirname, '../../../tests/fixtures/socialist-2009-11-18-ussr-1989-collapse-of-stalinism.txt'),
  'utf8',
);

function replaceOnce(text: string, old: string, replacement: string): string {
  const at = text.indexOf(old);
  if (at === -1 || text.indexOf(old, at + 1) !== -1) throw new Error(`Test edit is not unique: ${old}`);
  return text.slice(0, at) + replacement + text.slice(at + old.length);
}

describe('anchoring a margin note at a point', () => {
  const words = 'the genuine revolution of October 1917';

  it('stays where it was in an unchanged text', () => {
    const selectors = pointBefore(article, words);
    const at = selectors[1].start;
    expect(anchorSelectors(article, selectors)).toEqual({ status: 'exact', start: at, end: at });
  });

  it('follows its words when text is inserted before it', () => {
    const selectors = pointBefore(article, words);
    const edited = 'A note from the editor.\n\n' + article;
    const at = edited.indexOf(words);
    expect(anchorSelectors(edited, selectors)).toEqual({ status: 'quote', start: at, end: at });
  });

  it('keeps to the text after it when the words before it were rewritten', () => {
    const selectors = pointBefore(article, words);
    const before = selectors[0].prefix.slice(-10);
    const edited = replaceOnce(article, before + words, 'REWRITTEN.' + words);
    const at = edited.indexOf(words);
    expect(anchorSelectors(edited, selectors)).toEqual({ status: 'fuzzy', start: at, end: at });
  });

  it('is an orphan once the text on both sides of it is gone', () => {
    const selectors = pointBefore(article, words);
    const { prefix, suffix } = selectors[0];
    const edited = replaceOnce(article, prefix + suffix, ' '.repeat(prefix.length + suffix.length));
    expect(anchorSelectors(edited, selectors)).toEqual({ status: 'orphan' });
  });

  it('is an orphan rather than a guess when its context occurs twice and the position says nothing', () => {
    const selectors = pointBefore(article, words);
    const { prefix, suffix } = selectors[0];
    const doubled = `${prefix}${suffix}\n\n${'x'.repeat(5000)}\n\n${prefix}${suffix}`;
    expect(anchorSelectors(doubled, [selectors[0], { ...selectors[1], start: 2600, end: 2600 }])).toEqual({
      status: 'orphan',
    });
  });

  it('is placed among passages by anchorAll, shifted like them', () => {
    const point = pointBefore(article, words);
    const shifted = 'x'.repeat(100) + article;
    const at = shifted.indexOf(words);
    const results = anchorAll(shifted, [{ id: 'note', selectors: point }]);
    expect(results.get('note')).toEqual({ status: 'quote', start: at, end: at });
  });
});
