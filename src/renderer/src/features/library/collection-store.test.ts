import { describe, expect, it, vi } from 'vitest';
import type { ApiArgs, ApiEvents } from '../../../../shared/api';
import { ScholiaError } from '../../../../shared/errors';
import type { Collection } from '../../../../shared/export-options';
import type { DocumentMeta } from '../../../../shared/model';
import {
  CollectionStore,
  collectionsHolding,
  documentsIn,
  membership,
  type CollectionsApi,
} from './collection-store';
import { TestEvents } from '../../ui/test-events';
import { UndoStack } from '../../app/undo/undo-stack';

const STAMP = '2026-11-23T12:00:00.000Z';

/** Answers like the API: asynchronously, a thrown error as a rejection. */
function answer<T>(compute: () => T): Promise<T> {
  return Promise.resolve().then(compute);
}

/** In-memory collections that follow core's rules: unique names ignoring case, new ids on every create. */
class MemoryCollections implements CollectionsApi {
  collections: Collection[] = [];
  private nextId = 1;
  private readonly events = new TestEvents();

  private find(id: string): Collection {
    const found = this.collections.find((c) => c.id === id);
    if (found === undefined) throw new ScholiaError('not-found', `No collection with id "${id}".`);
    return found;
  }

  private checkName(name: string, except: string | null): void {
    if (this.collections.some((c) => c.id !== except && c.name.toLowerCase() === name.toLowerCase()))
      throw new ScholiaError('invalid-input', `There is already a collection named “${name}”.`);
  }

  private put(next: Collection): Collection {
    this.collections = this.collections.map((c) => (c.id === next.id ? next : c));
    return next;
  }

  listCollections = (): Promise<Collection[]> => answer(() => this.collections.map((c) => ({ ...c })));
  createCollection = ({ name, documentIds }: ApiArgs<'createCollection'>): Promise<Collection> =>
    answer(() => {
      this.checkName(name, null);
      const made = {
        id: `c${this.nextId++}`,
        name,
        documentIds: [...new Set(documentIds ?? [])],
        createdAt: STAMP,
      };
      this.collections = [...this.collections, made];
      return made;
    });
  renameCollection = ({ collectionId, name }: ApiArgs<'renameCollection'>): Promise<Collection> =>
    answer(() => {
      this.checkName(name, collectionId);
      return this.put({ ...this.find(collectionId), name });
    });
  deleteCollection = ({ collectionId }: ApiArgs<'deleteCollection'>): Promise<null> =>
    answer(() => {
      this.find(collectionId);
      this.collections = this.collections.filter((c) => c.id !== collectionId);
      return null;
    });
  addToCollection = ({ collectionId, documentIds }: ApiArgs<'addToCollection'>): Promise<Collection> =>
    answer(() => {
      const found = this.find(collectionId);
      return this.put({ ...found, documentIds: [...new Set([...found.documentIds, ...documentIds])] });
    });
  removeFromCollection = ({
    collectionId,
    documentIds,
  }: ApiArgs<'removeFromCollection'>): Promise<Collection> =>
    answer(() => {
      const found = this.find(collectionId);
      return this.put({ ...found, documentIds: found.documentIds.filter((id) => !documentIds.includes(id)) });
    });
  /** Tells the listeners what core would. */
  emit(payload: ApiEvents['library-changed']): void {
    this.events.emit(payload);
  }
  on = this.events.on;
  /** How many listen to core's changes. */
  get listening(): number {
    return this.events.listening;
  }
}

function setUp(): { api: MemoryCollections; undo: UndoStack; store: CollectionStore } {
  const api = new MemoryCollections();
  const undo = new UndoStack();
  return { api, undo, store: new CollectionStore(api, undo) };
}

function names(store: CollectionStore): string[] {
  return store.getSnapshot().collections.map((c) => `${c.name}:${[...c.documentIds].sort().join(',')}`);
}

function documentWith(id: string): DocumentMeta {
  return {
    id,
    csl: { id, type: 'article', title: id },
    note: '',
    source: { fileName: `${id}.txt`, format: 'txt', byteLength: 10 },
    contentHash: 'a'.repeat(64),
    wordCount: 2,
    addedAt: STAMP,
    modifiedAt: STAMP,
  };
}

describe('collection helpers', () => {
  const reading: Collection = { id: 'r', name: 'Reading', documentIds: ['b', 'gone'], createdAt: STAMP };
  const later: Collection = { id: 'l', name: 'Later', documentIds: ['a', 'b'], createdAt: STAMP };

  it('filters the library to a collection, keeping the library order and skipping documents it no longer has', () => {
    const documents = ['a', 'b', 'c'].map(documentWith);
    expect(documentsIn(documents, reading).map((d) => d.id)).toEqual(['b']);
    expect(documentsIn(documents, null)).toBe(documents);
  });

  it('names the collections holding a document and says how many of several documents one holds', () => {
    expect(collectionsHolding([reading, later], 'b').map((c) => c.name)).toEqual(['Reading', 'Later']);
    expect(collectionsHolding([reading, later], 'c')).toEqual([]);
    expect(membership(later, ['a', 'b'])).toBe('all');
    expect(membership(later, ['a', 'c'])).toBe('some');
    expect(membership(reading, ['a', 'c'])).toBe('none');
  });
});

describe('CollectionStore', () => {
  it('creates, renames, fills and deletes collections, each undone and redone through the API', async () => {
    const { api, undo, store } = setUp();
    await store.refresh();
    const made = await store.create('Stalinism', ['d1']);
    await store.rename(made.id, 'Collapse');
    await store.add(made.id, ['d1', 'd2', 'd3']);
    await store.take(made.id, ['d3', 'd9']);
    expect(names(store)).toEqual(['Collapse:d1,d2']);
    expect(undo.getSnapshot().undoLabel).toBe('Remove from collection');

    await undo.undo(); // d3 back
    expect(names(store)).toEqual(['Collapse:d1,d2,d3']);
    await undo.undo(); // only d2 and d3 were added: d1 was already in
    expect(names(store)).toEqual(['Collapse:d1']);
    await undo.undo();
    expect(names(store)).toEqual(['Stalinism:d1']);
    await undo.undo();
    expect(api.collections).toEqual([]);
    expect(names(store)).toEqual([]);

    // Redo makes it again (under a new id) and the later steps follow it there.
    for (let step = 0; step < 4; step++) expect((await undo.redo()).status).toBe('done');
    expect(names(store)).toEqual(['Collapse:d1,d2']);
    expect(api.collections[0]?.id).not.toBe(made.id);
    expect(store.currentId(made.id)).toBe(api.collections[0]?.id);
  });

  it('brings a deleted collection back with its documents, and older steps about it still apply', async () => {
    const { api, undo, store } = setUp();
    await store.refresh();
    const made = await store.create('Reading list');
    await store.add(made.id, ['d1', 'd2']);
    await store.remove(made.id);
    expect(api.collections).toEqual([]);

    expect((await undo.undo()).status).toBe('done');
    expect(names(store)).toEqual(['Reading list:d1,d2']);
    // The add recorded before the delete now acts on the collection made again.
    expect((await undo.undo()).status).toBe('done');
    expect(names(store)).toEqual(['Reading list:']);
    expect((await undo.redo()).status).toBe('done');
    expect((await undo.redo()).status).toBe('done');
    expect(api.collections).toEqual([]);
  });

  it('rejects a taken name with core’s message, changes nothing and records no step', async () => {
    const { api, undo, store } = setUp();
    await store.refresh();
    await store.create('Reading');
    const other = await store.create('Later');
    await expect(store.create('reading')).rejects.toThrow('There is already a collection named “reading”.');
    await expect(store.rename(other.id, 'READING')).rejects.toThrow('already a collection');
    expect(api.collections.map((c) => c.name)).toEqual(['Reading', 'Later']);
    expect(names(store)).toEqual(['Reading:', 'Later:']);
    expect(undo.getSnapshot().undoLabel).toBe('Create collection');
  });

  it('records no step for adding documents already in a collection', async () => {
    const { undo, store } = setUp();
    await store.refresh();
    const made = await store.create('Reading', ['d1']);
    await store.add(made.id, ['d1']);
    await store.take(made.id, ['d7']);
    await undo.undo();
    expect(names(store)).toEqual([]);
  });

  it('refreshes when core says the library changed', async () => {
    vi.useFakeTimers();
    try {
      const { api, store } = setUp();
      const stop = store.watch();
      await store.refresh();
      api.collections = [{ id: 'x', name: 'Made elsewhere', documentIds: [], createdAt: STAMP }];
      api.emit({ scope: 'annotations' });
      await vi.runAllTimersAsync();
      expect(names(store)).toEqual([]);
      api.emit({ scope: 'documents' });
      await vi.runAllTimersAsync();
      expect(names(store)).toEqual(['Made elsewhere:']);
      stop();
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('the collection store shared by several views', () => {
  /** The memory collections, counting reads, that can fail. */
  class WatchedCollections extends MemoryCollections {
    reads = 0;
    failing = false;

    override listCollections = (): Promise<Collection[]> =>
      answer(() => {
        this.reads += 1;
        if (this.failing) throw new ScholiaError('library-corrupt', 'library.json could not be read.');
        return this.collections.map((c) => ({ ...c }));
      });
  }

  it('loads the list once for every view that watches (the library, the export dialog), and listens to core once', async () => {
    const api = new WatchedCollections();
    api.collections = [{ id: 'r', name: 'Reading', documentIds: ['d1'], createdAt: STAMP }];
    const store = new CollectionStore(api, new UndoStack());
    const stops = [store.watch(), store.watch()];
    await store.loaded();
    expect(api.reads).toBe(1);
    expect(api.listening).toBe(1);
    expect(names(store)).toEqual(['Reading:d1']);
    for (const stop of stops) stop();
    expect(api.listening).toBe(0);
  });

  it('keeps why the list could not be loaded, for the views to show', async () => {
    const api = new WatchedCollections();
    api.failing = true;
    const store = new CollectionStore(api, new UndoStack());
    const stop = store.watch();
    await store.loaded();
    expect(store.getSnapshot()).toMatchObject({
      status: 'failed',
      collections: [],
      error: 'library.json could not be read.',
    });
    stop();
  });
});
