import { describe, expect, it } from 'vitest';
import { fuzzyMatch, rankPaletteItems, type PaletteItem } from './palette-ranking';

const items: PaletteItem[] = [
  { kind: 'document', id: 'd1', label: 'USSR 1989: the collapse of Stalinism', detail: 'Socialist Party' },
  { kind: 'document', id: 'd2', label: 'Review: Collapse of Stalinism, the book', detail: 'Peter Taaffe' },
  { kind: 'document', id: 'd3', label: 'État et révolution', detail: 'Lénine' },
  { kind: 'tag', id: 't1', label: 'privatisation', detail: 'Economy › privatisation' },
  { kind: 'tag', id: 't2', label: 'Stalin', detail: 'People › Stalin' },
  { kind: 'action', id: 'highlight-selection', label: 'Highlight the selection', detail: 'H' },
  { kind: 'action', id: 'open-codebook', label: 'Codebook', detail: 'T' },
];

const ids = (query: string): string[] => rankPaletteItems(items, query).map((r) => r.item.id);

describe('ranking the command palette', () => {
  it('keeps every entry, in order, for an empty query, up to the limit', () => {
    expect(ids('')).toEqual(items.map((i) => i.id));
    expect(rankPaletteItems(items, '   ', 3)).toHaveLength(3);
  });

  it('matches characters in order, ignoring case and accents, and drops what does not match', () => {
    expect(ids('etat')).toEqual(['d3']);
    expect(ids('clps stln')).toEqual(['d2', 'd1']);
    expect(ids('zzz')).toEqual([]);
    expect(fuzzyMatch('tsl', 'Stalin')).toBeNull();
  });

  it('ranks a whole name above a word start above a scattered match', () => {
    expect(ids('stalin')[0]).toBe('t2');
    expect(ids('stalin').slice(1).sort()).toEqual(['d1', 'd2']);
    expect(ids('code')[0]).toBe('open-codebook');
  });

  it('ranks a shorter name first when two match as well', () => {
    const two: PaletteItem[] = [
      { kind: 'document', id: 'long', label: 'Marx on the state, and the state of Marx studies' },
      { kind: 'tag', id: 'short', label: 'Marx on the state' },
    ];
    expect(rankPaletteItems(two, 'marx').map((r) => r.item.id)).toEqual(['short', 'long']);
  });

  it('finds an entry by its detail, below entries found by name', () => {
    expect(ids('taaffe')).toEqual(['d2']);
    const economy = rankPaletteItems(items, 'economy');
    expect(economy.map((r) => r.item.id)).toEqual(['t1']);
    expect(economy[0]?.matched).toEqual([]);
    const priv = rankPaletteItems(items, 'priv');
    expect(priv[0]?.item.id).toBe('t1');
    expect(priv[0]?.score).toBeGreaterThan(economy[0]?.score ?? 0);
  });

  it('marks the matched characters of the name', () => {
    const [hit] = rankPaletteItems(items, 'hls');
    expect(hit?.item.id).toBe('highlight-selection');
    expect(hit?.matched.map((i) => hit.item.label.charAt(i)).join('')).toBe('Hls');
  });

  it('takes regex characters and very long queries literally, never throwing', () => {
    expect(ids('.*')).toEqual([]);
    expect(ids('(')).toEqual([]);
    expect(ids('a'.repeat(10_000))).toEqual([]);
  });
});
