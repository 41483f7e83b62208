import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Annotation } from '../../shared/model';
import { highlightIn } from '../../shared/test-annotations';
import { LibraryStore } from './library-store';
import { TagUsageIndex } from './tag-usage';
import { fixtureText, metaFor, paragraphsDoc } from './test-documents';

const USSR = fixtureText('ussr');

/** A highlight of the first occurrence of `exact` in the USSR article, carrying `tagIds`. */
function tagged(documentId: string, exact: string, tagIds: string[]): Annotation {
  return highlightIn(USSR, { id: randomUUID(), documentId, exact, tagIds });
}

describe('TagUsageIndex', () => {
  it('counts each annotation once per tag it carries, across documents', () => {
    const index = new TagUsageIndex();
    index.setDocument('ussr', [
      tagged('ussr', 'the collapse of Stalinism', ['testimony', 'collapse']),
      tagged('ussr', 'capitalist restoration', ['collapse', 'collapse']),
    ]);
    index.setDocument('review', [tagged('review', 'Stalinism', ['collapse'])]);
    expect(index.passages('collapse')).toBe(3);
    expect(index.passages('testimony')).toBe(1);
    expect(index.passages('unused')).toBe(0);
    expect(index.documentsWith(['testimony']).sort()).toEqual(['ussr']);
    expect(index.documentsWith(['collapse', 'unused']).sort()).toEqual(['review', 'ussr']);
  });

  it('follows a change from the versions it replaced to the versions it put', () => {
    const index = new TagUsageIndex();
    const before = tagged('ussr', 'the collapse of Stalinism', ['testimony']);
    index.setDocument('ussr', [before]);
    index.update('ussr', [before], [{ ...before, tagIds: ['collapse'] }]);
    expect(index.passages('testimony')).toBe(0);
    expect(index.passages('collapse')).toBe(1);
    expect(index.documentsWith(['testimony'])).toEqual([]);
  });

  it('ignores changes to a document it has not counted, and drops one it forgets', () => {
    const index = new TagUsageIndex();
    index.update('ussr', [], [tagged('ussr', 'Stalinism', ['collapse'])]);
    expect(index.has('ussr')).toBe(false);
    expect(index.passages('collapse')).toBe(0);
    index.setDocument('ussr', [tagged('ussr', 'Stalinism', ['collapse'])]);
    index.forget('ussr');
    expect(index.passages('collapse')).toBe(0);
  });
});

describe('LibraryStore.tagUsage', () => {
  let root: string;
  let store: LibraryStore;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'scholia-tag-usage-'));
    store = await LibraryStore.open(join(root, 'library'), { owner: 'the tag usage tests' });
  });
  afterEach(async () => {
    await store.close();
    await rm(root, { recursive: true, force: true });
  });

  it('counts documents written before the library was opened, and follows later changes', async () => {
    const meta = metaFor(USSR, 'USSR 1989', 'ussr-1989.txt');
    await store.addDocument(meta, paragraphsDoc(USSR));
    const testimony = tagged(meta.id, 'eyewitness', ['testimony']);
    await store.writeAnnotations(meta.id, [
      testimony,
      tagged(meta.id, 'Stalinism', ['testimony', 'collapse']),
    ]);
    await store.close();
    store = await LibraryStore.open(join(root, 'library'), { owner: 'the tag usage tests' });

    const usage = await store.tagUsage();
    expect([usage.passages('testimony'), usage.passages('collapse')]).toEqual([2, 1]);

    await store.appendAnnotationChanges(meta.id, () => [
      { op: 'put', annotation: { ...testimony, tagIds: ['collapse'] } },
      { op: 'put', annotation: tagged(meta.id, 'capitalist restoration', ['collapse']) },
    ]);
    expect([usage.passages('testimony'), usage.passages('collapse')]).toEqual([1, 3]);
    await store.appendAnnotationChange(meta.id, () => ({ op: 'delete', id: testimony.id }));
    expect(usage.passages('collapse')).toBe(2);
    await store.removeDocument(meta.id);
    expect(usage.passages('collapse')).toBe(0);
  });
});
