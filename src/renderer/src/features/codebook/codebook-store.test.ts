import { describe, expect, it } from 'vitest';
import type { ApiEventName, ApiEvents } from '../../../../shared/api';
import type { ApiArgs } from '../../../../shared/api';
import { ScholiaError } from '../../../../shared/errors';
import type { Tag, TagDeletionImpact, TagSummary, TagUndo } from '../../../../shared/model';
import { CodebookStore, deletionSummary, type CodebookApi } from './codebook-store';
import { descendantsOf, tagPath } from '../../../../shared/codebook';
import { moveTargets, parentRowIndex, visibleRows } from './codebook-tree';
import { TestEvents } from '../../ui/test-events';
import { UndoStack } from '../../app/undo/undo-stack';

const STAMP = '2026-11-23T12:00:00.000Z';

/** Answers like the API: asynchronously, a thrown error as a rejection. */
function answer<T>(compute: () => T): Promise<T> {
  return Promise.resolve().then(compute);
}

/** An in-memory codebook with tagged passages that follows core's rules for tags. */
class MemoryTags implements CodebookApi {
  tags: Tag[] = [];
  passages = new Map<string, string[]>();
  private nextId = 1;

  private find(id: string): Tag {
    const tag = this.tags.find((t) => t.id === id);
    if (tag === undefined) throw new ScholiaError('not-found', `No tag ${id}.`);
    return tag;
  }

  private below(id: string): Tag[] {
    const out: Tag[] = [];
    for (const child of this.tags.filter((t) => t.parentId === id)) out.push(child, ...this.below(child.id));
    return out;
  }

  private checkName(name: string, parentId: string | null, except?: string): void {
    const clash = this.tags.some(
      (t) => t.id !== except && t.parentId === parentId && t.name.toLowerCase() === name.toLowerCase(),
    );
    if (clash) throw new ScholiaError('invalid-input', `There is already a tag “${name}” here.`);
  }

  private snapshot(ids: readonly string[]): TagUndo {
    return {
      tags: this.tags.flatMap((tag, index) => (ids.includes(tag.id) ? [{ tag: { ...tag }, index }] : [])),
      annotations: [...this.passages].flatMap(([annotationId, tagIds]) =>
        tagIds.some((t) => ids.includes(t))
          ? [{ documentId: 'doc', annotationId, tagIds: [...tagIds], modifiedAt: STAMP }]
          : [],
      ),
    };
  }

  listTags = (): Promise<TagSummary[]> =>
    answer(() =>
      this.tags.map((tag) => ({
        ...tag,
        passageCount: [...this.passages.values()].filter((ids) => ids.includes(tag.id)).length,
      })),
    );

  createTag = (args: ApiArgs<'createTag'>): Promise<Tag> =>
    answer(() => {
      const parentId = args.parentId ?? null;
      this.checkName(args.name, parentId);
      const tag: Tag = {
        id: `t${this.nextId++}`,
        name: args.name,
        parentId,
        color: args.color ?? null,
        description: '',
      };
      this.tags.push(tag);
      return tag;
    });

  updateTag = ({ tagId, patch }: ApiArgs<'updateTag'>): Promise<Tag> =>
    answer(() => {
      const tag = this.find(tagId);
      const parentId = patch.parentId === undefined ? tag.parentId : patch.parentId;
      if (parentId === tagId || (parentId !== null && this.below(tagId).some((t) => t.id === parentId)))
        throw new ScholiaError('invalid-input', 'A tag cannot move under itself.');
      this.checkName(patch.name ?? tag.name, parentId, tagId);
      Object.assign(tag, { ...patch, parentId });
      return { ...tag };
    });

  mergeTags = ({ sourceId, targetId }: ApiArgs<'mergeTags'>): Promise<TagUndo> =>
    answer(() => {
      const source = this.find(sourceId);
      this.find(targetId);
      const undo = this.snapshot([
        sourceId,
        ...this.tags.filter((t) => t.parentId === sourceId).map((t) => t.id),
      ]);
      for (const [id, tagIds] of this.passages) {
        if (!tagIds.includes(sourceId)) continue;
        const next = tagIds.filter((t) => t !== sourceId);
        if (!next.includes(targetId)) next.push(targetId);
        this.passages.set(id, next);
      }
      for (const child of this.tags.filter((t) => t.parentId === sourceId)) child.parentId = targetId;
      this.tags = this.tags.filter((t) => t !== source);
      return undo;
    });

  describeTagDeletion = ({ tagId }: ApiArgs<'describeTagDeletion'>): Promise<TagDeletionImpact> =>
    answer(() => {
      const below = this.below(tagId).map((t) => t.id);
      const carriers = (ids: string[]): number =>
        [...this.passages.values()].filter((t) => t.some((x) => ids.includes(x))).length;
      return {
        passages: carriers([tagId]),
        children: this.tags.filter((t) => t.parentId === tagId).length,
        descendants: below.length,
        passagesWithDescendants: carriers([tagId, ...below]),
      };
    });

  deleteTag = ({ tagId, children }: ApiArgs<'deleteTag'>): Promise<TagUndo> =>
    answer(() => {
      const tag = this.find(tagId);
      const removed = children === 'delete' ? [tagId, ...this.below(tagId).map((t) => t.id)] : [tagId];
      const moved =
        children === 'reparent' ? this.tags.filter((t) => t.parentId === tagId).map((t) => t.id) : [];
      const undo = this.snapshot([...removed, ...moved]);
      for (const [id, tagIds] of this.passages)
        this.passages.set(
          id,
          tagIds.filter((t) => !removed.includes(t)),
        );
      for (const child of this.tags) if (moved.includes(child.id)) child.parentId = tag.parentId;
      this.tags = this.tags.filter((t) => !removed.includes(t.id));
      return undo;
    });

  restoreTags = (undo: ApiArgs<'restoreTags'>): Promise<null> =>
    answer(() => {
      for (const { tag, index } of undo.tags) {
        this.tags = this.tags.filter((t) => t.id !== tag.id);
        this.tags.splice(Math.min(index, this.tags.length), 0, { ...tag });
      }
      for (const a of undo.annotations)
        if (this.passages.has(a.annotationId)) this.passages.set(a.annotationId, [...a.tagIds]);
      return null;
    });

  /** The store's own changes refresh it; this library sends no events. */
  on =
    <E extends ApiEventName>(_event: E, _listener: (payload: ApiEvents[E]) => void): (() => void) =>
    () =>
      undefined;
}

function setUp(): { api: MemoryTags; store: CodebookStore; undo: UndoStack } {
  const api = new MemoryTags();
  const undo = new UndoStack();
  return { api, undo, store: new CodebookStore(api, undo) };
}

const names = (store: CodebookStore): string[] =>
  visibleRows(store.getSnapshot().tags, store.getSnapshot().collapsed).map(
    (r) => `${'  '.repeat(r.depth)}${r.tag.name}`,
  );

describe('CodebookStore', () => {
  it('creates top-level tags and sub-tags and shows them as a tree, siblings by name', async () => {
    const { store } = setUp();
    const economy = await store.create('Economy', null);
    await store.create('Politics', null);
    await store.create('Trade', economy.id);
    await store.create('Agriculture', economy.id);
    expect(names(store)).toEqual(['Economy', '  Agriculture', '  Trade', 'Politics']);
    expect(store.path(store.getSnapshot().tags.find((t) => t.name === 'Trade')!.id)).toBe('Economy › Trade');
  });

  it('undoes and redoes a creation through the API, keeping the same tag', async () => {
    const { api, store, undo } = setUp();
    const tag = await store.create('Economy', null);
    expect(undo.getSnapshot().undoLabel).toBe('Create tag');
    await undo.undo();
    expect(api.tags).toEqual([]);
    await undo.redo();
    expect(api.tags.map((t) => t.id)).toEqual([tag.id]);
    expect(names(store)).toEqual(['Economy']);
  });

  it('renames, recolours, describes and moves, each undone back to what it was', async () => {
    const { api, store, undo } = setUp();
    const a = await store.create('Economy', null);
    const b = await store.create('Trade', null);
    await store.rename(b.id, 'Commerce');
    await store.recolor(b.id, 'green');
    await store.describe(b.id, 'Buying and **selling**.');
    await store.move(b.id, a.id);
    expect(api.tags.find((t) => t.id === b.id)).toMatchObject({
      name: 'Commerce',
      color: 'green',
      description: 'Buying and **selling**.',
      parentId: a.id,
    });
    expect(names(store)).toEqual(['Economy', '  Commerce']);
    for (const label of ['Move tag', 'Describe tag', 'Recolour tag', 'Rename tag']) {
      expect(await undo.undo()).toEqual({ status: 'done', label });
    }
    expect(api.tags.find((t) => t.id === b.id)).toMatchObject({
      name: 'Trade',
      color: null,
      description: '',
      parentId: null,
    });
    await undo.redo();
    expect(api.tags.find((t) => t.id === b.id)?.name).toBe('Commerce');
  });

  it('rejects a clashing name with core’s message and records nothing', async () => {
    const { store, undo } = setUp();
    await store.create('Economy', null);
    const b = await store.create('Trade', null);
    await expect(store.rename(b.id, 'economy')).rejects.toThrow('There is already a tag “economy” here.');
    expect(undo.getSnapshot().undoLabel).toBe('Create tag');
    expect(names(store)).toEqual(['Economy', 'Trade']);
  });

  it('merges one tag into another and undoes the merge, passages included', async () => {
    const { api, store, undo } = setUp();
    const a = await store.create('Economy', null);
    const b = await store.create('Economics', null);
    const child = await store.create('Trade', b.id);
    api.passages.set('p1', [b.id]);
    api.passages.set('p2', [a.id, b.id]);
    await store.refresh();
    await store.merge(b.id, a.id);
    expect(names(store)).toEqual(['Economy', '  Trade']);
    expect(store.tag(a.id)?.passageCount).toBe(2);
    expect(api.passages.get('p2')).toEqual([a.id]);
    await undo.undo();
    expect(names(store)).toEqual(['Economics', '  Trade', 'Economy']);
    expect(api.passages.get('p1')).toEqual([b.id]);
    expect(api.tags.find((t) => t.id === child.id)?.parentId).toBe(b.id);
    await undo.redo();
    expect(names(store)).toEqual(['Economy', '  Trade']);
  });

  it('deletes a tag, moving its sub-tags up or deleting them, and undoes either', async () => {
    const { api, store, undo } = setUp();
    const top = await store.create('Society', null);
    const mid = await store.create('Economy', top.id);
    await store.create('Trade', mid.id);
    api.passages.set('p1', [mid.id]);
    await store.remove(mid.id, 'reparent');
    expect(names(store)).toEqual(['Society', '  Trade']);
    expect(api.passages.get('p1')).toEqual([]);
    await undo.undo();
    expect(names(store)).toEqual(['Society', '  Economy', '    Trade']);
    expect(api.passages.get('p1')).toEqual([mid.id]);
    await store.remove(top.id, 'delete');
    expect(names(store)).toEqual([]);
    await undo.undo();
    expect(names(store)).toEqual(['Society', '  Economy', '    Trade']);
  });

  it('hides and shows sub-tags', async () => {
    const { store } = setUp();
    const a = await store.create('Economy', null);
    await store.create('Trade', a.id);
    store.setExpanded(a.id, false);
    expect(names(store)).toEqual(['Economy']);
    store.setExpanded(a.id, true);
    expect(names(store)).toEqual(['Economy', '  Trade']);
  });
});

describe('deletionSummary', () => {
  const impact: TagDeletionImpact = {
    passages: 12,
    children: 2,
    descendants: 3,
    passagesWithDescendants: 15,
  };
  it('says what happens to passages and sub-tags in plain words', () => {
    expect(deletionSummary(impact, 'Economy', 'reparent')).toBe(
      '12 passages lose this tag; its 2 sub-tags move up to “Economy”. The passages themselves stay.',
    );
    expect(deletionSummary(impact, null, 'reparent')).toContain('move up to the top of the codebook');
    expect(deletionSummary(impact, 'Economy', 'delete')).toBe(
      '15 passages lose this tag or one of the 3 tags below it, which are deleted with it. The passages themselves stay.',
    );
    expect(
      deletionSummary(
        { passages: 1, children: 0, descendants: 0, passagesWithDescendants: 1 },
        null,
        'reparent',
      ),
    ).toBe('1 passage loses this tag. The passages themselves stay.');
    expect(
      deletionSummary(
        { passages: 0, children: 0, descendants: 0, passagesWithDescendants: 0 },
        null,
        'delete',
      ),
    ).toBe('No passage carries this tag. The passages themselves stay.');
  });
});

describe('codebook tree', () => {
  const tag = (id: string, name: string, parentId: string | null): TagSummary => ({
    id,
    name,
    parentId,
    color: null,
    description: '',
    passageCount: 0,
  });
  const tags = [
    tag('a', 'A', null),
    tag('b', 'B', 'a'),
    tag('c', 'C', 'b'),
    tag('d', 'D', null),
    tag('x', 'Lost', 'gone'),
  ];

  it('lists the tags under their parents, a tag whose parent is missing at the top', () => {
    const rows = visibleRows(tags, new Set());
    expect(rows.map((r) => [r.tag.id, r.depth, r.position, r.siblings])).toEqual([
      ['a', 0, 1, 3],
      ['b', 1, 1, 1],
      ['c', 2, 1, 1],
      ['d', 0, 2, 3],
      ['x', 0, 3, 3],
    ]);
    expect(parentRowIndex(rows, 2)).toBe(1);
    expect(parentRowIndex(rows, 3)).toBe(-1);
  });

  it('offers as move targets neither the tag, its sub-tags nor its parent', () => {
    expect(moveTargets(tags, 'a').map((t) => t.id)).toEqual(['d', 'x']);
    expect(moveTargets(tags, 'c').map((t) => t.id)).toEqual(['a', 'd', 'x']);
    expect(
      descendantsOf(tags, 'a')
        .map((t) => t.id)
        .sort(),
    ).toEqual(['b', 'c']);
  });

  it('stops at a cycle in a damaged codebook', () => {
    const loop = [tag('p', 'P', 'q'), tag('q', 'Q', 'p')];
    expect(tagPath(loop, 'p')).toBe('Q › P');
    expect(visibleRows(loop, new Set()).map((r) => [r.tag.id, r.depth])).toEqual([
      ['p', 0],
      ['q', 1],
    ]);
  });
});

describe('the codebook store shared by several views', () => {
  /** The memory codebook, counting reads, that can fail and tells its listeners what core would. */
  class WatchedTags extends MemoryTags {
    reads = 0;
    failing = false;
    readonly events = new TestEvents();

    override listTags = (): Promise<TagSummary[]> =>
      answer(() => {
        this.reads += 1;
        if (this.failing) throw new ScholiaError('library-corrupt', 'library.json could not be read.');
        return this.tags.map((tag) => ({ ...tag, passageCount: 0 }));
      });

    override on = this.events.on;
  }

  it('loads the tags once for every view that watches, and listens to core once', async () => {
    const api = new WatchedTags();
    api.tags = [{ id: 't1', name: 'Economy', parentId: null, color: null, description: '' }];
    const store = new CodebookStore(api, new UndoStack());
    const stops = [store.watch(), store.watch(), store.watch()];
    await store.loaded();
    expect(api.reads).toBe(1);
    expect(api.events.listening).toBe(1);
    expect(store.getSnapshot().tags.map((t) => t.name)).toEqual(['Economy']);
    for (const stop of stops) stop();
    expect(api.events.listening).toBe(0);
  });

  it('keeps why the tags could not be loaded, for the views to show', async () => {
    const api = new WatchedTags();
    api.failing = true;
    const store = new CodebookStore(api, new UndoStack());
    const stop = store.watch();
    await store.loaded();
    expect(store.getSnapshot()).toMatchObject({ status: 'failed', error: 'library.json could not be read.' });
    stop();
  });
});
