import { describe, expect, it } from 'vitest';
import type { Annotation, HighlightColor, Tag } from '../../../../../shared/model';
import { quoteAnnotation } from '../../../../../shared/test-annotations';
import { alignCards, rangeWithin } from './align-cards';
import { ANY_LINK, filterAnnotations, isEmptyFilter, NO_FILTER, sortAnnotations } from './margin-filter';
import { MIN_MARK_HEIGHT, nearestItem, offsetAtRow, rulerMarks } from './ruler-marks';
import { seededRandom } from '../../../../../../tests/support/seeded-random';

function annotation(
  id: string,
  start: number,
  exact: string,
  extra: Partial<Pick<Annotation, 'color' | 'tagIds' | 'comment' | 'modifiedAt'>> = {},
): Annotation {
  const made = '2026-11-20T09:00:00.000Z';
  return quoteAnnotation({
    id,
    documentId: 'ussr-1989',
    exact,
    start,
    createdAt: made,
    modifiedAt: made,
    ...extra,
  });
}

const tags: Pick<Tag, 'id' | 'parentId'>[] = [
  { id: 'economy', parentId: null },
  { id: 'planning', parentId: 'economy' },
  { id: 'shortages', parentId: 'planning' },
  { id: 'politics', parentId: null },
];

const wall = annotation('wall', 120, 'the fall of the Berlin Wall', { color: 'red', tagIds: ['politics'] });
const plan = annotation('plan', 40, 'the state-owned, planned economy', {
  color: 'green',
  tagIds: ['shortages'],
  comment: 'Compare **Trotsky** on bureaucracy',
  modifiedAt: '2026-11-22T09:00:00.000Z',
});
const oxygen = annotation('oxygen', 10, "Genuine workers' democracy", {
  color: 'green',
  tagIds: ['economy'],
});
const all = [wall, plan, oxygen];

describe('filterAnnotations', () => {
  it('lets everything through with no filter', () => {
    expect(filterAnnotations(all, NO_FILTER, tags)).toEqual(all);
  });

  it('filters by colour', () => {
    expect(
      filterAnnotations(all, { ...NO_FILTER, colors: new Set<HighlightColor>(['green']) }, tags),
    ).toEqual([plan, oxygen]);
  });

  it('filters by a tag together with the tags below it', () => {
    expect(filterAnnotations(all, { ...NO_FILTER, tagId: 'economy' }, tags)).toEqual([plan, oxygen]);
    expect(filterAnnotations(all, { ...NO_FILTER, tagId: 'planning' }, tags)).toEqual([plan]);
    expect(filterAnnotations(all, { ...NO_FILTER, tagId: 'shortages' }, tags)).toEqual([plan]);
  });

  it('finds every word in the quote or the comment, ignoring case', () => {
    expect(filterAnnotations(all, { ...NO_FILTER, text: 'trotsky' }, tags)).toEqual([plan]);
    expect(filterAnnotations(all, { ...NO_FILTER, text: 'BERLIN wall' }, tags)).toEqual([wall]);
    expect(filterAnnotations(all, { ...NO_FILTER, text: 'berlin trotsky' }, tags)).toEqual([]);
  });

  it('combines filters', () => {
    const filter = {
      colors: new Set<HighlightColor>(['green']),
      tagId: 'economy',
      text: 'democracy',
      link: null,
    };
    expect(filterAnnotations(all, filter, tags)).toEqual([oxygen]);
  });

  it('keeps the passages with a link, or with a link by one relation', () => {
    const relations = new Map([
      ['plan', ['quotes']],
      ['wall', ['supports', 'quotes']],
    ]);
    const relationsOf = (id: string) => relations.get(id) ?? [];
    expect(filterAnnotations(all, { ...NO_FILTER, link: ANY_LINK }, tags, relationsOf)).toEqual([wall, plan]);
    expect(filterAnnotations(all, { ...NO_FILTER, link: 'supports' }, tags, relationsOf)).toEqual([wall]);
    expect(filterAnnotations(all, { ...NO_FILTER, link: 'answers' }, tags, relationsOf)).toEqual([]);
    expect(isEmptyFilter({ ...NO_FILTER, link: ANY_LINK })).toBe(false);
  });
});

describe('sortAnnotations', () => {
  it('sorts by place in the text, or by last change with the newest first', () => {
    expect(sortAnnotations(all, 'position').map((a) => a.id)).toEqual(['oxygen', 'plan', 'wall']);
    expect(sortAnnotations(all, 'date').map((a) => a.id)).toEqual(['plan', 'oxygen', 'wall']);
  });
});

describe('alignCards', () => {
  it('puts each card level with its passage when there is room', () => {
    expect(
      alignCards(
        [
          { id: 'b', want: 300, height: 50 },
          { id: 'a', want: 100, height: 50 },
        ],
        8,
      ),
    ).toEqual([
      { id: 'a', top: 100 },
      { id: 'b', top: 300 },
    ]);
  });

  it('pushes a card below the one above when they would overlap, and never above the minimum', () => {
    expect(
      alignCards(
        [
          { id: 'a', want: 10, height: 60 },
          { id: 'b', want: 40, height: 30 },
          { id: 'c', want: 50, height: 30 },
          { id: 'd', want: 400, height: 30 },
        ],
        8,
        20,
      ),
    ).toEqual([
      { id: 'a', top: 20 },
      { id: 'b', top: 88 },
      { id: 'c', top: 126 },
      { id: 'd', top: 400 },
    ]);
  });

  it('never lets two of 5,000 random cards overlap, and keeps each at or below its passage', () => {
    const random = seededRandom(7);
    const cards = Array.from({ length: 5000 }, (_, i) => ({
      id: `c${i}`,
      want: Math.floor(random() * 100_000),
      height: 30 + Math.floor(random() * 80),
    }));
    const placed = alignCards(cards, 6);
    const byId = new Map(cards.map((c) => [c.id, c]));
    for (let i = 0; i < placed.length; i += 1) {
      const card = placed[i]!;
      const source = byId.get(card.id)!;
      expect(card.top).toBeGreaterThanOrEqual(source.want);
      const next = placed[i + 1];
      if (next !== undefined) expect(next.top).toBeGreaterThanOrEqual(card.top + source.height + 6);
    }
  });
});

describe('rangeWithin', () => {
  it('finds the slice of sorted numbers inside a range, ends included', () => {
    const sorted = [1, 3, 3, 5, 8, 13];
    expect(rangeWithin(sorted, 3, 8)).toEqual({ start: 1, end: 5 });
    expect(rangeWithin(sorted, 14, 20)).toEqual({ start: 6, end: 6 });
    expect(rangeWithin(sorted, 0, 0)).toEqual({ start: 0, end: 0 });
  });
});

describe('rulerMarks', () => {
  it('draws each annotation where it is in the text, merging touching bars of one colour', () => {
    const marks = rulerMarks(
      [
        { id: 'a', color: 'yellow', start: 0, end: 10 },
        { id: 'b', color: 'yellow', start: 10, end: 20 },
        { id: 'c', color: 'red', start: 500, end: 510 },
      ],
      1000,
      100,
    );
    expect(marks).toEqual([
      { top: 0, bottom: 4, color: 'yellow', id: 'a' },
      { top: 50, bottom: 53, color: 'red', id: 'c' },
    ]);
  });

  it('draws 5,000 highlights as at most one bar per pixel row of each colour run', () => {
    const random = seededRandom(11);
    const colors: HighlightColor[] = ['yellow', 'green'];
    const items = Array.from({ length: 5000 }, (_, i) => {
      const start = Math.floor(random() * 1_000_000);
      return { id: `h${i}`, color: colors[i % 2]!, start, end: start + 40 };
    }).sort((a, b) => a.start - b.start);
    const marks = rulerMarks(items, 1_000_000, 600);
    expect(marks.length).toBeLessThanOrEqual(5000);
    for (const mark of marks) {
      expect(mark.bottom - mark.top).toBeGreaterThanOrEqual(MIN_MARK_HEIGHT);
      expect(mark.top).toBeGreaterThanOrEqual(0);
      expect(mark.bottom).toBeLessThanOrEqual(600 + MIN_MARK_HEIGHT);
    }
  });

  it('turns a click back into the nearest annotation', () => {
    const items = [
      { id: 'a', color: 'yellow' as const, start: 100, end: 150 },
      { id: 'b', color: 'red' as const, start: 800, end: 820 },
    ];
    expect(offsetAtRow(50, 1000, 100)).toBe(500);
    expect(nearestItem(items, offsetAtRow(12, 1000, 100))?.id).toBe('a');
    expect(nearestItem(items, 700)?.id).toBe('b');
    expect(nearestItem([], 700)).toBeNull();
  });
});
