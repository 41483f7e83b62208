import { EditorState } from 'prosemirror-state';
import { describe, expect, it } from 'vitest';
import article from '../../../../../../../tests/fixtures/socialist-2009-11-18-ussr-1989-collapse-of-stalinism.txt?raw';
import review from '../../../../../../../tests/fixtures/review-2026-02-15-collapse-of-stalinism-book.txt?raw';
import { projectDocument } from '../../../../../../shared/projection';
import { findMatches, foldedTextOf, foldForFind, matchesBetween, matchFrom, stepMatch } from './find-matches';
import {
  findPlugin,
  findPluginKey,
  findState,
  matchPositions,
  MAX_DRAWN_MATCHES,
  type FindChange,
} from './find-plugin';
import { appendBlocks, leadingBlocks } from '../../editor/progressive-text';
import { proseDoc } from '../../editor/test-editor';

const book = proseDoc(`${article}\n\n${review}`);
const projection = projectDocument(book);

function set(state: EditorState, query: string, current = 0): EditorState {
  const { matches } = findMatches(foldedTextOf(projection), query);
  const change: FindChange = { kind: 'set', projection, matches, current };
  return state.apply(state.tr.setMeta(findPluginKey, change));
}

describe('folding text for find', () => {
  it('ignores case, accents and the shape of quotes, keeping every character in its place', () => {
    const text = 'État, ÉCOLE, naïve “Workers’ Democracy” İstanbul';
    const folded = foldForFind(text);
    expect(folded).toHaveLength(text.length);
    expect(folded).toBe('etat, ecole, naive "workers\' democracy" istanbul');
  });

  it('keeps the length of any text, characters beyond the first plane included', () => {
    const alphabet = ['a', 'É', 'ß', 'ﬁ', '😀', '’', 'İ', 'Ω', '\u0301', ' ', 'Ǆ', 'ﬀ'];
    const text = Array.from({ length: 5_000 }, (_, n) => alphabet[(n * 7 + (n >> 3)) % alphabet.length]).join(
      '',
    );
    expect(foldForFind(text)).toHaveLength(text.length);
  });
});

describe('finding matches', () => {
  it('finds every occurrence in the fixture text, whatever the case', () => {
    const { matches, truncated } = findMatches(foldedTextOf(projection), 'stalinism');
    const expected = projection.text.toLowerCase().split('stalinism').length - 1;
    expect(matches).toHaveLength(expected);
    expect(expected).toBeGreaterThan(3);
    expect(truncated).toBe(false);
    for (const m of matches) expect(projection.text.slice(m.start, m.end).toLowerCase()).toBe('stalinism');
  });

  it('finds a straight-quoted phrase written with a curly apostrophe', () => {
    const text = "the workers’ democracy and the Workers' Democracy";
    const found = findMatches(foldForFind(text), "workers' democracy");
    expect(found.matches).toEqual([
      { start: 4, end: 22 },
      { start: 31, end: 49 },
    ]);
  });

  it('takes regex characters literally and finds nothing for white space alone', () => {
    const text = 'a (b) [c]* d.+ e';
    expect(findMatches(foldForFind(text), '[c]*').matches).toEqual([{ start: 6, end: 10 }]);
    expect(findMatches(foldForFind(text), '.+').matches).toEqual([{ start: 12, end: 14 }]);
    expect(findMatches(foldForFind(text), '   ').matches).toEqual([]);
    expect(findMatches(foldForFind(text), '').matches).toEqual([]);
  });

  it('does not overlap matches, and stops at the limit saying so', () => {
    expect(findMatches('aaaaa', 'aa').matches).toEqual([
      { start: 0, end: 2 },
      { start: 2, end: 4 },
    ]);
    const cut = findMatches('ab'.repeat(100), 'b', 10);
    expect(cut.matches).toHaveLength(10);
    expect(cut.truncated).toBe(true);
  });

  it('starts from the first match at or after a place, wrapping round, and steps both ways', () => {
    const matches = [
      { start: 5, end: 8 },
      { start: 20, end: 23 },
      { start: 40, end: 43 },
    ];
    expect(matchFrom(matches, 0)).toBe(0);
    expect(matchFrom(matches, 6)).toBe(1);
    expect(matchFrom(matches, 41)).toBe(0);
    expect(matchFrom([], 0)).toBe(-1);
    expect(stepMatch(3, 2, 1)).toBe(0);
    expect(stepMatch(3, 0, -1)).toBe(2);
    expect(stepMatch(3, -1, -1)).toBe(2);
    expect(stepMatch(0, -1, 1)).toBe(-1);
    expect(matchesBetween(matches, 7, 40)).toEqual({ first: 0, last: 2 });
    expect(matchesBetween(matches, 8, 41)).toEqual({ first: 1, last: 3 });
  });
});

describe('marking matches in the text', () => {
  it('maps each match to the positions holding its text', () => {
    const { matches } = findMatches(foldedTextOf(projection), 'the collapse');
    expect(matches.length).toBeGreaterThan(0);
    for (const m of matches) {
      const at = matchPositions(book, projection, m);
      expect(at).not.toBeNull();
      if (at !== null) expect(book.textBetween(at.from, at.to).toLowerCase()).toBe('the collapse');
    }
  });

  it('draws the matches of the window, the current one marked, and clears them on an edit', () => {
    let state = EditorState.create({ doc: book, plugins: [findPlugin()] });
    state = set(state, 'the', 2);
    const value = findState(state);
    const drawn = value.decorations.find();
    expect(drawn.length).toBeGreaterThan(0);
    expect(drawn.length).toBeLessThanOrEqual(value.matches.length);
    const current = drawn.filter((d) => (d.spec as { current: boolean }).current);
    const third = matchPositions(book, projection, value.matches[2] as { start: number; end: number });
    expect(current.map((d) => [d.from, d.to])).toEqual([[third?.from, third?.to]]);
    for (const d of drawn) expect(state.doc.textBetween(d.from, d.to).toLowerCase()).toBe('the');
    const edited = state.apply(state.tr.insertText('x', 1));
    expect(findState(edited).matches).toEqual([]);
    expect(findState(edited).decorations.find()).toEqual([]);
  });

  it('draws only the matches near the window, however many there are', () => {
    const paragraphs = Array.from(
      { length: 3_000 },
      (_, i) => `Paragraph ${i}: the cat and the hat and the mat.`,
    );
    const long = proseDoc(paragraphs.join('\n\n'));
    const longProjection = projectDocument(long);
    const { matches } = findMatches(foldedTextOf(longProjection), 'the');
    expect(matches).toHaveLength(9_000);
    let state = EditorState.create({ doc: long, plugins: [findPlugin()] });
    const change: FindChange = { kind: 'set', projection: longProjection, matches, current: 8_000 };
    state = state.apply(state.tr.setMeta(findPluginKey, change));
    const value = findState(state);
    const drawn = value.decorations.find();
    expect(drawn.length).toBeGreaterThan(0);
    expect(drawn.length).toBeLessThan(1_000);
    expect(drawn.length).toBeLessThanOrEqual(MAX_DRAWN_MATCHES);
    // The window moved to the current match, far into the text.
    const at = matchPositions(long, longProjection, matches[8_000] as { start: number; end: number });
    expect(at).not.toBeNull();
    expect(drawn.some((d) => at !== null && d.from === at.from && d.to === at.to)).toBe(true);
  });

  it('keeps the matches while the text is appended, and draws those that arrive in the window', () => {
    let state = EditorState.create({ doc: leadingBlocks(book, 500), plugins: [findPlugin()] });
    state = set(state, 'the', 0);
    const before = findState(state).decorations.find().length;
    for (let tr = appendBlocks(state, book, 2_000); tr !== null; tr = appendBlocks(state, book, 2_000))
      state = state.apply(tr);
    expect(findState(state).matches.length).toBeGreaterThan(before);
    expect(findState(state).decorations.find().length).toBeGreaterThan(before);
  });
});
