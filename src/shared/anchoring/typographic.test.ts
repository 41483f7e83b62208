/**
 * Typographic variants: a passage quoted with curly quotes is found in a text with straight ones and
 * the other way round, and so for dashes, non-breaking spaces and ligatures, on exactly the right
 * characters of the real text, even where a fold changes the length.
 */
import { describe, expect, it } from 'vitest';
import { foldString, foldText } from '../typographic-fold';
import { anchorAll, anchorSelectors } from './anchor';
import { anchorPoint } from './anchor-point';
import { describePoint, describeRange } from './describe';
import { matchQuote } from './match-quote';

const BEFORE = 'The strikes spread from the shipyards of Gdansk through the mines of Silesia in August. ';
const AFTER = ' Within weeks ten million had joined the new union, and the regime was on the defensive.';

/** The selectors of `passage` in `before + passage + after`, and where it is there. */
function selectorsIn(passage: string, before = BEFORE, after = AFTER) {
  const text = before + passage + after;
  return { text, selectors: describeRange(text, before.length, before.length + passage.length) };
}

/** Where `passage` is in `before + passage + after`: what anchoring there must give. */
function placedAt(passage: string, before = BEFORE) {
  return { start: before.length, end: before.length + passage.length };
}

describe('folding typographic variants', () => {
  it('folds quotes, apostrophes, dashes and spaces one for one', () => {
    expect(foldString('‘Poland’s’ “union” – — ‐ 10\u00A0000\u2009km')).toBe(
      `'Poland's' "union" - - - 10 000 km`,
    );
  });

  it('folds ligatures and the ellipsis into their letters, keeping offsets both ways', () => {
    const text = 'the ﬁrst ofﬁcial … ﬄuent';
    const folded = foldText(text);
    expect(folded.text).toBe('the first official ... ffluent');
    const at = (word: string) => folded.text.indexOf(word);
    // Whole words map back onto the same words of the real text.
    for (const word of ['first', 'official', '...', 'ffluent']) {
      const start = folded.toOriginal(at(word), 'start');
      const end = folded.toOriginal(at(word) + word.length, 'end');
      expect(foldString(text.slice(start, end))).toBe(word);
      expect(folded.toFolded(start)).toBe(at(word));
    }
    // A match beginning or ending inside a ligature's letters covers the whole ligature.
    const inside = at('first') + 1;
    expect(folded.toOriginal(inside, 'start')).toBe(text.indexOf('ﬁ'));
    expect(folded.toOriginal(inside, 'end')).toBe(text.indexOf('ﬁ') + 1);
  });

  it('leaves a text without variants as it is', () => {
    const folded = foldText('plain text');
    expect(folded.text).toBe('plain text');
    expect(folded.toOriginal(5, 'end')).toBe(5);
  });
});

describe('anchoring across typographic variants', () => {
  it('places a quote with a curly apostrophe in a text with a straight one', () => {
    const { selectors } = selectorsIn('the rise of Poland’s Solidarnosc movement');
    const text = BEFORE + "the rise of Poland's Solidarnosc movement" + AFTER;
    expect(anchorSelectors(text, selectors)).toEqual({
      status: 'exact',
      ...placedAt('the rise of Poland’s Solidarnosc movement'),
    });
  });

  it('places a quote with a straight apostrophe in a text with a curly one, moved', () => {
    const { selectors } = selectorsIn("the rise of Poland's Solidarnosc movement");
    const moved = `A preface.\n\n${BEFORE}`;
    const text = `${moved}the rise of Poland’s Solidarnosc movement${AFTER}`;
    expect(anchorSelectors(text, selectors)).toEqual({
      status: 'quote',
      ...placedAt('the rise of Poland’s Solidarnosc movement', moved),
    });
  });

  it('places a quote with an em dash in a text with a hyphen', () => {
    const { selectors } = selectorsIn('not socialism — but state capitalism');
    const text = `${BEFORE}not socialism - but state capitalism${AFTER}`;
    expect(anchorSelectors(text, selectors)).toMatchObject(placedAt('not socialism - but state capitalism'));
  });

  it('places a quote in a text with a no-break space where it had an ordinary one', () => {
    const { selectors } = selectorsIn('some 10 000 delegates');
    const text = `${BEFORE}some 10\u00A0000 delegates${AFTER}`;
    expect(anchorSelectors(text, selectors)).toMatchObject(placedAt('some 10\u00A0000 delegates'));
  });

  it('places a quote on the ligatures of a text, on exactly its characters, after ligatures before it', () => {
    // Ligatures before the passage shift every later offset of the folded text.
    const before = 'The ﬁrst ofﬁcial ﬁgures were ﬂawed. ';
    const { selectors } = selectorsIn('the final figures of the five-year plan', before);
    const typeset = 'the ﬁnal ﬁgures of the ﬁve-year plan';
    const text = before + typeset + AFTER;
    const result = anchorSelectors(text, selectors);
    expect(result).toEqual({ status: 'quote', ...placedAt(typeset, before) });
    if (result.status !== 'orphan') expect(text.slice(result.start, result.end)).toBe(typeset);
  });

  it('places a quote taken from a typeset text in the same text without ligatures', () => {
    const before = 'The ﬁrst ofﬁcial ﬁgures were ﬂawed. ';
    const typeset = 'the ﬁnal ﬁgures of the ﬁve-year plan';
    const { selectors } = selectorsIn(typeset, before);
    const plain = 'the final figures of the five-year plan';
    const plainBefore = 'The first official figures were flawed. ';
    const result = anchorSelectors(plainBefore + plain + AFTER, selectors);
    expect(result).toEqual({ status: 'quote', ...placedAt(plain, plainBefore) });
  });

  it('keeps exact placements exact in a text with ligatures, one by one and all together', () => {
    const text = `${'The ﬁrst ofﬁcial “ﬁgures” were ﬂawed… '.repeat(40)}the end`;
    const passages = [...text.matchAll(/ofﬁcial “ﬁgures”/g)].map((match, id) => ({
      id,
      selectors: describeRange(text, match.index, match.index + match[0].length),
    }));
    const results = anchorAll(text, passages);
    for (const { id, selectors } of passages) {
      const expected = { status: 'exact', start: selectors[1].start, end: selectors[1].end };
      expect(results.get(id)).toEqual(expected);
      expect(anchorSelectors(text, selectors)).toEqual(expected);
    }
  });

  it('finds a quote with curly quotes through matchQuote in a text with straight ones', () => {
    const text = `${BEFORE}he called it "the end of history"${AFTER}`;
    const match = matchQuote(text, '“the end of history”', { prefix: 'he called it ' });
    expect(match).toMatchObject({ start: text.indexOf('"the'), end: text.indexOf('y"') + 2 });
  });

  it('places a point whose context has a curly apostrophe in a text with a straight one', () => {
    const curly = `${BEFORE}Poland’s workers${AFTER}`;
    const at = curly.indexOf(' workers');
    const selectors = describePoint(curly, at);
    const straight = `${BEFORE}Poland's workers${AFTER}`;
    expect(anchorPoint(straight, selectors, at)).toEqual({ status: 'exact', start: at, end: at });
  });
});
