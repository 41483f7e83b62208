/**
 * The reader's collections (named reading lists; a document may be in several) as every view shows
 * them (the library view, the export dialog), the one owner of the list in the UI: loaded through the
 * API when the first view watches, refreshed when core says the library changed, a failure to load
 * kept for the views to show, and changed through the API with an undo entry for each change. A collection deleted and made again by an undo
 * gets a new id from core; the store follows it, so older undo entries about it still apply.
 */
import type { ScholiaApi, Unsubscribe } from '../../../../shared/api';
import type { Collection } from '../../../../shared/export-options';
import type { DocumentMeta } from '../../../../shared/model';
import { LatestLoad, type LoadStatus } from '../../ui/latest-load';
import { ObservableStore } from '../../ui/observable-store';
import { refreshingWatch, type SharedWatch } from '../../ui/refresh-on-change';
import type { UndoStack } from '../../app/undo/undo-stack';

/** What the library view shows of the collections. */
export interface CollectionsSnapshot extends LoadStatus {
  /** In the order they were made. */
  readonly collections: readonly Collection[];
}

/** The part of the API the store uses. */
export type CollectionsApi = Pick<
  ScholiaApi,
  | 'listCollections'
  | 'createCollection'
  | 'renameCollection'
  | 'deleteCollection'
  | 'addToCollection'
  | 'removeFromCollection'
  | 'on'
>;

/** The documents the library shows for `collection` (all of them for null), in the library's order. */
export function documentsIn(
  documents: readonly DocumentMeta[],
  collection: Collection | null,
): readonly DocumentMeta[] {
  if (collection === null) return documents;
  const members = new Set(collection.documentIds);
  return documents.filter((document) => members.has(document.id));
}

/** The collections that hold document `documentId`, in their order. */
export function collectionsHolding(
  collections: readonly Collection[],
  documentId: string,
): readonly Collection[] {
  return collections.filter((collection) => collection.documentIds.includes(documentId));
}

/** How many of `documentIds` are in `collection`: none, some or all of them. */
export function membership(collection: Collection, documentIds: readonly string[]): 'none' | 'some' | 'all' {
  const members = new Set(collection.documentIds);
  const inside = documentIds.filter((id) => members.has(id)).length;
  if (inside === 0) return 'none';
  return inside === documentIds.length ? 'all' : 'some';
}

/** The reader's collections. */
export class CollectionStore extends ObservableStore<CollectionsSnapshot> {
  private readonly loading = new LatestLoad(this, 'The collections could not be read.');
  /** Id of a collection deleted (by the reader or an undo) → id of the collection made again in its place. */
  private readonly remade = new Map<string, string>();
  private readonly watching: SharedWatch;

  constructor(
    private readonly api: CollectionsApi,
    private readonly undo: UndoStack,
  ) {
    super({ status: 'loading', collections: [], error: null });
    this.watching = refreshingWatch(this.api, ['documents'], () => void this.refresh());
  }

  /** Loads the list again. Never rejects: a failure is recorded in the snapshot. */
  refresh(): Promise<void> {
    return this.loading.run(
      () => this.api.listCollections({}),
      (collections) => this.set({ status: 'ready', collections, error: null }),
    );
  }

  /** Resolves once the latest load has ended (at once when none was asked for). Never rejects. */
  loaded(): Promise<void> {
    return this.loading.loaded();
  }

  /**
   * Keeps the list current while a view shows it: the first view to watch loads it, and whenever core
   * says documents or collections changed it is loaded again. Returns a function that stops this
   * view's watch; core is listened to once however many views watch.
   */
  watch(): Unsubscribe {
    return this.watching.watch();
  }

  /** The id collection `id` has now (it changes when an undo makes a deleted collection again). */
  currentId(id: string): string {
    let current = id;
    for (let next = this.remade.get(current); next !== undefined; next = this.remade.get(current))
      current = next;
    return current;
  }

  /** Makes a collection named `name` holding `documentIds`; rejects with core's error (a name taken, say). */
  async create(name: string, documentIds: readonly string[] = []): Promise<Collection> {
    const made = await this.api.createCollection({ name, documentIds: [...documentIds] });
    this.replace(made);
    const firstId = made.id;
    this.undo.record({
      label: 'Create collection',
      undo: async () => {
        await this.api.deleteCollection({ collectionId: this.currentId(firstId) });
        await this.refresh();
      },
      redo: async () => {
        await this.remake(this.currentId(firstId), made.name, made.documentIds);
      },
    });
    return made;
  }

  /** Renames collection `id`; rejects with core's error (an empty or taken name, say). */
  async rename(id: string, name: string): Promise<Collection> {
    const before = this.find(id);
    const renamed = await this.api.renameCollection({ collectionId: id, name });
    this.replace(renamed);
    if (before !== undefined && before.name !== renamed.name) {
      const setName = async (to: string): Promise<void> => {
        this.replace(await this.api.renameCollection({ collectionId: this.currentId(id), name: to }));
      };
      this.undo.record({
        label: 'Rename collection',
        undo: () => setName(before.name),
        redo: () => setName(renamed.name),
      });
    }
    return renamed;
  }

  /** Deletes collection `id`; its documents stay in the library. Undo makes it again with its documents. */
  async remove(id: string): Promise<void> {
    const before = this.find(id);
    await this.api.deleteCollection({ collectionId: id });
    this.update((s) => ({ ...s, collections: s.collections.filter((c) => c.id !== id) }));
    if (before === undefined) return;
    this.undo.record({
      label: 'Delete collection',
      undo: () => this.remake(id, before.name, before.documentIds),
      redo: async () => {
        await this.api.deleteCollection({ collectionId: this.currentId(id) });
        await this.refresh();
      },
    });
  }

  /** Adds `documentIds` to collection `id` (those already in it stay once). */
  async add(id: string, documentIds: readonly string[]): Promise<Collection> {
    const before = new Set(this.find(id)?.documentIds ?? []);
    const added = documentIds.filter((documentId) => !before.has(documentId));
    const saved = await this.api.addToCollection({ collectionId: id, documentIds: [...documentIds] });
    this.replace(saved);
    if (added.length > 0) this.recordMembership('Add to collection', id, added, 'add');
    return saved;
  }

  /** Takes `documentIds` out of collection `id` (not out of the library). */
  async take(id: string, documentIds: readonly string[]): Promise<Collection> {
    const before = new Set(this.find(id)?.documentIds ?? []);
    const taken = documentIds.filter((documentId) => before.has(documentId));
    const saved = await this.api.removeFromCollection({ collectionId: id, documentIds: [...documentIds] });
    this.replace(saved);
    if (taken.length > 0) this.recordMembership('Remove from collection', id, taken, 'take');
    return saved;
  }

  private recordMembership(label: string, id: string, documentIds: string[], done: 'add' | 'take'): void {
    const apply = async (what: 'add' | 'take'): Promise<void> => {
      const args = { collectionId: this.currentId(id), documentIds };
      this.replace(
        what === 'add' ? await this.api.addToCollection(args) : await this.api.removeFromCollection(args),
      );
    };
    this.undo.record({
      label,
      undo: () => apply(done === 'add' ? 'take' : 'add'),
      redo: () => apply(done),
    });
  }

  /** Makes collection `id` (deleted) again under a new id and remembers that it stands for the old one. */
  private async remake(id: string, name: string, documentIds: readonly string[]): Promise<void> {
    const made = await this.api.createCollection({ name, documentIds: [...documentIds] });
    this.remade.set(id, made.id);
    await this.refresh();
  }

  private find(id: string): Collection | undefined {
    return this.getSnapshot().collections.find((collection) => collection.id === id);
  }

  private replace(collection: Collection): void {
    this.update((s) => {
      const known = s.collections.some((c) => c.id === collection.id);
      const collections = known
        ? s.collections.map((c) => (c.id === collection.id ? collection : c))
        : [...s.collections, collection];
      return { ...s, collections };
    });
  }
}
