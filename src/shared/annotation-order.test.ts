import { describe, expect, it } from 'vitest';
import { compareTextOrder, inTextOrder } from './annotation-order';
import type { Annotation } from './model';
import { quoteAnnotation } from './test-annotations';

function annotation(
  id: string,
  start: number,
  exact: string,
  createdAt = '2026-11-20T09:00:00.000Z',
): Annotation {
  return quoteAnnotation({ id, documentId: 'ussr-1989', exact, start, createdAt, modifiedAt: createdAt });
}

const wall = annotation('wall', 120, 'the fall of the Berlin Wall');
const oxygen = annotation('oxygen', 10, "Genuine workers' democracy");

describe('text order', () => {
  it('orders by start, then end', () => {
    expect([wall, annotation('x', 120, 'the'), oxygen].sort(compareTextOrder).map((a) => a.id)).toEqual([
      'oxygen',
      'x',
      'wall',
    ]);
  });

  it('puts the earlier made of two annotations on one passage first, then the lower id', () => {
    const later = annotation('a-later', 120, 'the fall', '2026-11-21T09:00:00.000Z');
    const earlier = annotation('z-earlier', 120, 'the fall', '2026-11-20T09:00:00.000Z');
    const twin = annotation('b-twin', 120, 'the fall', '2026-11-21T09:00:00.000Z');
    expect(inTextOrder([later, twin, earlier]).map((a) => a.id)).toEqual(['z-earlier', 'a-later', 'b-twin']);
  });

  it('leaves the list it is given as it was', () => {
    const list = [wall, oxygen];
    inTextOrder(list);
    expect(list.map((a) => a.id)).toEqual(['wall', 'oxygen']);
  });
});
