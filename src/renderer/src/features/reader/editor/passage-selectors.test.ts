import { describe, expect, it } from 'vitest';
import { projectDocument } from '../../../../../shared/projection';
import article from '../../../../../../tests/fixtures/socialist-2009-11-18-ussr-1989-collapse-of-stalinism.txt?raw';
import { rangeForOffsets, selectorsForRange, trimOffsets } from './passage-selectors';
import { proseDoc } from './test-editor';

const doc = proseDoc(article);
const projection = projectDocument(doc);

/**
 * The ProseMirror range of the first occurrence of `passage` inside one textblock (with `whole`, of
 * the first textblock that is exactly `passage`).
 */
function rangeOf(passage: string, whole = false): { from: number; to: number } {
  const blocks: { pos: number; text: string }[] = [];
  doc.descendants((node, pos) => {
    if (node.isTextblock) blocks.push({ pos: pos + 1, text: node.textContent });
    return !node.isTextblock;
  });
  for (const { pos, text } of blocks) {
    const at = whole ? (text === passage ? 0 : -1) : text.indexOf(passage);
    if (at >= 0) return { from: pos + at, to: pos + at + passage.length };
  }
  throw new Error(`"${passage}" is not in the fixture`);
}

describe('selectorsForRange', () => {
  it('quotes the selected words exactly, with 32 characters of context on each side', () => {
    const selectors = selectorsForRange(projection, rangeOf('the fall of the Berlin Wall'));
    const [quote, position] = selectors!;
    expect(quote.exact).toBe('the fall of the Berlin Wall');
    expect(quote.prefix).toBe(projection.text.slice(position.start - 32, position.start));
    expect(quote.prefix).toHaveLength(32);
    expect(quote.suffix).toBe(' to remind their audiences of th');
    expect(projection.text.slice(position.start, position.end)).toBe(quote.exact);
  });

  it('drops the spaces a sloppy selection takes in on either side', () => {
    const { from, to } = rangeOf(' the fall of the Berlin Wall ');
    const [quote] = selectorsForRange(projection, { from, to })!;
    expect(quote.exact).toBe('the fall of the Berlin Wall');
  });

  it('accepts a selection made backwards, from its end to its start', () => {
    const { from, to } = rangeOf('the fall of the Berlin Wall');
    const [quote] = selectorsForRange(projection, { from: to, to: from })!;
    expect(quote.exact).toBe('the fall of the Berlin Wall');
  });

  it('quotes a selection across two paragraphs with the blank line that separates them', () => {
    const from = rangeOf('Elements of revolution').from;
    const to = rangeOf('Leon Trotsky', true).to;
    const [quote] = selectorsForRange(projection, { from, to })!;
    expect(quote.exact).toBe('Elements of revolution\n\nLeon Trotsky');
  });

  it('ignores a selection that holds nothing but the gap between two paragraphs', () => {
    const end = rangeOf('Elements of revolution').to;
    const start = rangeOf('Leon Trotsky', true).from;
    expect(selectorsForRange(projection, { from: end, to: start })).toBeNull();
  });
});

describe('trimOffsets', () => {
  it('keeps a range that is only whitespace from becoming a passage', () => {
    expect(trimOffsets('one  \n\n two', 3, 8)).toBeNull();
  });
});

describe('rangeForOffsets', () => {
  it('finds again the words a selector was made from', () => {
    const selected = rangeOf('a disastrous rush into authoritarian capitalism');
    const [, position] = selectorsForRange(projection, selected)!;
    const { from, to } = rangeForOffsets(projection, position);
    expect(doc.textBetween(from, to)).toBe('a disastrous rush into authoritarian capitalism');
    expect({ from, to }).toEqual(selected);
  });
});
