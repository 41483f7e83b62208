import { describe, expect, it } from 'vitest';
import type { Annotation } from '../../../../shared/model';
import { quoteAnnotation } from '../../../../shared/test-annotations';
import { diffAnnotations } from './annotation-diff';

function annotation(id: string, exact: string, start: number): Annotation {
  const made = '2026-11-23T16:30:00.000Z';
  return quoteAnnotation({ id, documentId: 'ussr-1989', exact, start, createdAt: made, modifiedAt: made });
}

const wall = annotation('wall', 'the fall of the Berlin Wall', 120);
const gorbachev = annotation('gorbachev', 'MikhaIl Gorbachev', 2400);

describe('diffAnnotations', () => {
  it('reports a highlight made since the view was drawn as added', () => {
    expect(diffAnnotations(new Set(['wall']), [wall, gorbachev])).toEqual({
      added: [gorbachev],
      removed: [],
      changed: [],
    });
  });

  it('reports a highlight deleted since the view was drawn as removed', () => {
    expect(diffAnnotations(new Set(['wall', 'gorbachev']), [gorbachev])).toEqual({
      added: [],
      removed: ['wall'],
      changed: [],
    });
  });

  it('reports nothing when the view already shows every highlight', () => {
    expect(diffAnnotations(new Set(['wall', 'gorbachev']), [wall, gorbachev])).toEqual({
      added: [],
      removed: [],
      changed: [],
    });
  });

  it('reports a shown highlight with a new colour or passage as changed, and not one with a new comment', () => {
    const shown = new Map([
      ['wall', wall],
      ['gorbachev', gorbachev],
    ]);
    const recoloured = { ...wall, color: 'red' as const };
    const commented = { ...gorbachev, comment: 'Misspelt in the source.' };
    expect(diffAnnotations(shown, [recoloured, commented])).toEqual({
      added: [],
      removed: [],
      changed: [recoloured],
    });
    const extended = annotation('gorbachev', 'MikhaIl Gorbachev said', 2400);
    expect(diffAnnotations(shown, [wall, extended]).changed).toEqual([extended]);
  });
});
