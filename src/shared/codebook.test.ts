import { describe, expect, it } from 'vitest';
import {
  codebookOrder,
  descendantsOf,
  tagPath,
  tagPathNames,
  tagPaths,
  tagAtPath,
  tagWithSubTags,
  tagsWithSubTags,
  typedTagPath,
} from './codebook';
import type { Tag } from './model';
import { TEST_CODEBOOK as CODEBOOK, testTag as tag } from './test-codebook';

const tags: Pick<Tag, 'id' | 'parentId'>[] = [
  { id: 'economy', parentId: null },
  { id: 'planning', parentId: 'economy' },
  { id: 'shortages', parentId: 'planning' },
  { id: 'politics', parentId: null },
];

describe('a tag’s path', () => {
  it('finds every tag below a tag, and names a tag by its path', () => {
    expect(descendantsOf(CODEBOOK, 'causes').map((t) => t.id)).toEqual([
      'bureaucracy',
      'economy',
      'privilege',
    ]);
    expect(tagPath(CODEBOOK, 'privilege')).toBe('Causes › Bureaucracy › Privilege');
  });

  it('walks the tree, so a name holding the separator stays one name', () => {
    const codebook = [tag('lr', 'Left › Right'), tag('child', 'Child', 'lr')];
    expect(tagPathNames(codebook, 'lr')).toEqual(['Left › Right']);
    expect(tagPathNames(codebook, 'child')).toEqual(['Left › Right', 'Child']);
  });

  it('reads the same from the list or from a map of it by id', () => {
    const byId = new Map(CODEBOOK.map((t) => [t.id, t]));
    expect(tagPath(byId, 'restoration')).toBe('Consequences › Capitalist restoration');
    expect(tagPath(byId, 'restoration')).toBe(tagPath(CODEBOOK, 'restoration'));
  });

  it('gives paths in the order asked, leaving out tags that are gone', () => {
    expect(tagPaths(CODEBOOK, ['economy', 'gone', 'consequences'])).toEqual([
      'Causes › Economy',
      'Consequences',
    ]);
    expect(tagPath(CODEBOOK, 'gone')).toBe('');
  });

  it('stops at a cycle in a damaged codebook', () => {
    const loop = [tag('p', 'P', 'q'), tag('q', 'Q', 'p')];
    expect(tagPath(loop, 'p')).toBe('Q › P');
  });
});

describe('a tag with its sub-tags', () => {
  it('gives a tag with its children and their children, and a leaf alone', () => {
    expect(tagWithSubTags(tags, 'economy')).toEqual(new Set(['economy', 'planning', 'shortages']));
    expect(tagWithSubTags(tags, 'politics')).toEqual(new Set(['politics']));
  });

  it('stops at a cycle in a damaged codebook', () => {
    const cyclic = [
      { id: 'a', parentId: 'b' },
      { id: 'b', parentId: 'a' },
    ];
    expect(tagWithSubTags(cyclic, 'a')).toEqual(new Set(['a', 'b']));
    expect(descendantsOf(cyclic, 'a').map((t) => t.id)).toEqual(['b']);
  });

  it('joins the sub-tags of several tags, keeping a tag it does not know', () => {
    expect(tagsWithSubTags(tags, ['planning', 'politics', 'gone'])).toEqual(
      new Set(['planning', 'shortages', 'politics', 'gone']),
    );
  });
});

describe('the codebook in reading order', () => {
  it('lists each tag followed by its sub-tags, siblings alphabetically, with their depth', () => {
    expect(codebookOrder(CODEBOOK).map(({ tag: t, depth }) => `${'  '.repeat(depth)}${t.name}`)).toEqual([
      'Causes',
      '  Bureaucracy',
      '    Privilege',
      '  Economy',
      'Consequences',
      '  Capitalist restoration',
    ]);
  });

  it('keeps tags a damaged file cut off from the top, last', () => {
    const damaged = [
      tag('orphan', 'Orphan', 'missing'),
      tag('top', 'Top'),
      tag('p', 'P', 'q'),
      tag('q', 'Q', 'p'),
    ];
    expect(codebookOrder(damaged).map(({ tag: t, depth }) => [t.id, depth])).toEqual([
      ['top', 0],
      ['orphan', 0],
      ['p', 0],
      ['q', 1],
    ]);
  });
});

describe('a path typed into a tag field', () => {
  it('reads the codebook’s separator and a slash alike, leaving out empty names', () => {
    expect(typedTagPath('Economy › Planning')).toEqual(['Economy', 'Planning']);
    expect(typedTagPath(' Economy/Planning /Shortages ')).toEqual(['Economy', 'Planning', 'Shortages']);
    expect(typedTagPath('Economy')).toEqual(['Economy']);
    expect(typedTagPath(' › / ')).toEqual([]);
  });

  it('names the tag at its end, walked from the top and ignoring case', () => {
    const named = [
      { id: 'economy', name: 'Economy', parentId: null },
      { id: 'planning', name: 'Planning', parentId: 'economy' },
      { id: 'top-planning', name: 'Planning', parentId: null },
    ];
    expect(tagAtPath(named, ['economy', 'PLANNING'])?.id).toBe('planning');
    expect(tagAtPath(named, ['Planning'])?.id).toBe('top-planning');
    expect(tagAtPath(named, ['Economy', 'Trade'])).toBeNull();
    expect(tagAtPath(named, ['Trade', 'Planning'])).toBeNull();
  });
});
