import { describe, expect, it } from 'vitest';
import { failureOf } from '../test-support';
import type { Tag } from '../../shared/model';
import { checkTree, planDeletion, planMerge, planRestore, treeOrder } from './tag-tree';
import { TEST_CODEBOOK as CODEBOOK, testTag as tag } from '../../shared/test-codebook';

function parentsOf(tags: readonly Tag[]): Record<string, string | null> {
  return Object.fromEntries(tags.map((t) => [t.id, t.parentId]));
}

describe('the codebook tree', () => {
  it('lists each tag followed by its sub-tags, siblings alphabetically', () => {
    expect(treeOrder(CODEBOOK).map((t) => t.name)).toEqual([
      'Causes',
      'Bureaucracy',
      'Privilege',
      'Economy',
      'Consequences',
      'Capitalist restoration',
    ]);
  });

  it('refuses a tag under one of its own sub-tags', () => {
    const moved = CODEBOOK.map((t) => (t.id === 'causes' ? { ...t, parentId: 'privilege' } : t));
    const error = failureOf(() => checkTree(moved));
    expect(error.code).toBe('invalid-input');
    expect(error.message).toContain('“Causes” cannot go under “Privilege”');
  });

  it('refuses two siblings whose names differ only in case, but allows the name elsewhere', () => {
    const error = failureOf(() => checkTree([...CODEBOOK, tag('economy-2', 'ECONOMY', 'causes')]));
    expect(error.message).toBe(
      'There is already a tag named “Economy” under “Causes”. Choose another name, or merge the two tags.',
    );
    expect(() => checkTree([...CODEBOOK, tag('economy-2', 'Economy', 'consequences')])).not.toThrow();
  });

  it('refuses a parent that does not exist', () => {
    expect(failureOf(() => checkTree([...CODEBOOK, tag('x', 'Glasnost', 'gone')])).code).toBe('not-found');
  });
});

describe('planMerge', () => {
  it('moves the source’s children under the target and records what it changed', () => {
    const plan = planMerge(CODEBOOK, 'bureaucracy', 'economy');
    expect(plan.tags.map((t) => t.id)).not.toContain('bureaucracy');
    expect(parentsOf(plan.tags)['privilege']).toBe('economy');
    expect(plan.before).toEqual([
      { tag: CODEBOOK[1], index: 1 },
      { tag: CODEBOOK[4], index: 4 },
    ]);
  });

  it('lets a target below the source take the source’s place, so nothing ends up under itself', () => {
    const plan = planMerge(CODEBOOK, 'causes', 'privilege');
    expect(parentsOf(plan.tags)).toMatchObject({
      privilege: null,
      bureaucracy: 'privilege',
      economy: 'privilege',
    });
  });

  it('refuses to merge a tag into itself, or to give the target two children of one name', () => {
    expect(failureOf(() => planMerge(CODEBOOK, 'economy', 'economy')).code).toBe('invalid-input');
    const clash = [...CODEBOOK, tag('privilege-2', 'privilege', 'economy')];
    expect(failureOf(() => planMerge(clash, 'bureaucracy', 'economy')).message).toContain(
      'already a tag named “Privilege” under “Causes › Economy”',
    );
  });
});

describe('planDeletion and planRestore', () => {
  it('moves the children up to the deleted tag’s parent', () => {
    const plan = planDeletion(CODEBOOK, 'bureaucracy', 'reparent');
    expect([...plan.removedIds]).toEqual(['bureaucracy']);
    expect(parentsOf(plan.tags)['privilege']).toBe('causes');
  });

  it('deletes the whole branch when asked to', () => {
    const plan = planDeletion(CODEBOOK, 'causes', 'delete');
    expect([...plan.removedIds].sort()).toEqual(['bureaucracy', 'causes', 'economy', 'privilege']);
    expect(plan.tags.map((t) => t.id)).toEqual(['consequences', 'restoration']);
  });

  it('puts back exactly the codebook a deletion or a merge changed', () => {
    for (const plan of [
      planDeletion(CODEBOOK, 'causes', 'delete'),
      planMerge(CODEBOOK, 'causes', 'privilege'),
    ]) {
      expect(planRestore(plan.tags, plan.before)).toEqual(CODEBOOK);
    }
  });

  it('keeps tags made since, and refuses to restore a name taken since', () => {
    const plan = planDeletion(CODEBOOK, 'economy', 'reparent');
    const later = tag('glasnost', 'Glasnost', 'causes');
    expect(planRestore([...plan.tags, later], plan.before)).toEqual([...CODEBOOK, later]);
    const taken = tag('economy-new', 'Economy', 'causes');
    expect(failureOf(() => planRestore([...plan.tags, taken], plan.before)).code).toBe('invalid-input');
  });
});
