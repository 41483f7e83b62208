import { describe, expect, it } from 'vitest';
import {
  bandStyle,
  highlightPieces,
  pieceClass,
  type Highlight,
  type HighlightPiece,
} from './highlight-decoration';
import type { HighlightColor } from '../../../../../shared/model';
import { seededRandom } from '../../../../../../tests/support/seeded-random';

const h = (
  id: string,
  from: number,
  to: number,
  color: HighlightColor = 'yellow',
  moved = false,
): Highlight => (moved ? { id, from, to, color, moved } : { id, from, to, color });

/** Reading order, as the plugin keeps its highlights. */
const ordered = (list: Highlight[]): Highlight[] =>
  [...list].sort((a, b) => a.from - b.from || a.to - b.to || (a.id < b.id ? -1 : 1));

const spans = (pieces: readonly HighlightPiece[]) =>
  pieces.map(({ from, to, ids }) => [from, to, ids.join(',')]);

describe('cutting highlights into pieces', () => {
  it('cuts overlapping highlights where each starts and ends, innermost first', () => {
    const pieces = highlightPieces(ordered([h('outer', 0, 30, 'yellow'), h('inner', 10, 20, 'red')]), null);
    expect(spans(pieces)).toEqual([
      [0, 10, 'outer'],
      [10, 20, 'inner,outer'],
      [20, 30, 'outer'],
    ]);
    expect(pieces.map((piece) => piece.colors)).toEqual([['yellow'], ['red', 'yellow'], ['yellow']]);
    expect(pieces.map(pieceClass)).toEqual(['hl hl-yellow', 'hl hl-red hl-mix hl-d2', 'hl hl-yellow']);
  });

  it('leaves the text between highlights undrawn', () => {
    expect(spans(highlightPieces(ordered([h('a', 0, 5), h('b', 8, 12)]), null))).toEqual([
      [0, 5, 'a'],
      [8, 12, 'b'],
    ]);
  });

  it('joins neighbours that look the same, and keeps those that do not apart', () => {
    // Two yellow highlights meeting end to start look like one stretch of yellow.
    expect(spans(highlightPieces(ordered([h('a', 0, 5), h('b', 5, 9)]), null))).toEqual([[0, 9, 'a,b']]);
    expect(spans(highlightPieces(ordered([h('a', 0, 5), h('b', 5, 9, 'green')]), null))).toEqual([
      [0, 5, 'a'],
      [5, 9, 'b'],
    ]);
    // Where the selected one ends, the piece ends: its edge is drawn there.
    expect(spans(highlightPieces(ordered([h('a', 0, 5), h('b', 5, 9)]), 'a'))).toEqual([
      [0, 5, 'a'],
      [5, 9, 'b'],
    ]);
  });

  it('marks the pieces of the selected highlight, and where it starts and ends', () => {
    const pieces = highlightPieces(ordered([h('outer', 0, 30), h('inner', 10, 20, 'blue')]), 'outer');
    expect(pieces.map(pieceClass)).toEqual([
      'hl hl-yellow hl-selected hl-selected-start',
      'hl hl-blue hl-mix hl-d2 hl-selected',
      'hl hl-yellow hl-selected hl-selected-end',
    ]);
    const inner = highlightPieces(ordered([h('outer', 0, 30), h('inner', 10, 20, 'blue')]), 'inner');
    expect(inner.map((piece) => piece.selected)).toEqual([false, true, false]);
    expect(pieceClass(inner[1] as HighlightPiece)).toContain('hl-selected-start hl-selected-end');
  });

  it('says how deep the overlap is, up to three, whatever the colours', () => {
    const deep = highlightPieces(
      ordered([h('a', 0, 40), h('b', 5, 35), h('c', 10, 30), h('d', 15, 25)]),
      null,
    );
    // Three deep and four deep look the same, so they are drawn as one piece.
    expect(deep.map((piece) => piece.depth)).toEqual([1, 2, 4, 2, 1]);
    expect(spans(deep)[2]).toEqual([10, 30, 'c,b,a,d']);
    expect(pieceClass(deep[2] as HighlightPiece)).toBe('hl hl-yellow hl-d3');
  });

  it('draws a piece moved when any highlight over it was found in edited words', () => {
    const pieces = highlightPieces(ordered([h('a', 0, 20), h('m', 5, 10, 'yellow', true)]), null);
    expect(pieces.map((piece) => piece.moved)).toEqual([false, true, false]);
    expect(pieceClass(pieces[1] as HighlightPiece)).toContain('hl-moved');
  });

  it('shows at most three colours as bands, innermost on top', () => {
    expect(bandStyle(['red', 'yellow'])).toBe(
      '--hl-bands: linear-gradient(var(--hl-red) 0.00% 50.00%, var(--hl-yellow) 50.00% 100.00%)',
    );
    expect(bandStyle(['red', 'yellow', 'blue', 'green'])).toBe(bandStyle(['red', 'yellow', 'blue']));
  });

  it('agrees, piece by piece, with the highlights over each position, on seeded random highlights', () => {
    const random = seededRandom(7);
    const colors: HighlightColor[] = ['yellow', 'green', 'blue', 'red'];
    const list: Highlight[] = [];
    for (let i = 0; i < 400; i += 1) {
      const from = Math.floor(random() * 2000);
      const to = from + 1 + Math.floor(random() * 120);
      list.push(h(`h${String(i)}`, from, to, colors[Math.floor(random() * colors.length)] ?? 'yellow'));
    }
    const sorted = ordered(list);
    const pieces = highlightPieces(sorted, 'h3');
    let previousEnd = -1;
    for (const piece of pieces) {
      expect(piece.from).toBeGreaterThanOrEqual(previousEnd);
      previousEnd = piece.to;
      // Every position inside the piece has the same highlights over it, and the piece lists them.
      for (const pos of [piece.from, piece.to - 1]) {
        const over = sorted.filter((x) => x.from <= pos && x.to > pos);
        expect(new Set(piece.ids)).toEqual(new Set([...piece.ids, ...over.map((x) => x.id)]));
        expect(over.length).toBeGreaterThan(0);
        const innermost = [...over].sort((a, b) => a.to - a.from - (b.to - b.from) || b.from - a.from)[0];
        expect(piece.colors[0]).toBe(innermost?.color);
        expect(new Set(piece.colors)).toEqual(new Set(over.map((x) => x.color)));
      }
    }
    // Every highlighted position is in a piece, and no other.
    const covered = (pos: number) => sorted.some((x) => x.from <= pos && x.to > pos);
    const inPiece = (pos: number) => pieces.some((piece) => piece.from <= pos && piece.to > pos);
    for (let pos = 0; pos < 2200; pos += 1) expect(inPiece(pos)).toBe(covered(pos));
    // Far fewer elements than highlights times their depth.
    expect(pieces.length).toBeLessThanOrEqual(2 * list.length);
  });
});
