/**
 * The documents of the library as the library view shows them: loaded through the API, newest first,
 * refreshed whenever core says the library changed, renamed and deleted through the API.
 */
import type { ScholiaApi, Unsubscribe } from '../../../../shared/api';
import type { CslDraft, DocumentMeta } from '../../../../shared/model';
import { LatestLoad, type LoadStatus } from '../../ui/latest-load';
import { ObservableStore } from '../../ui/observable-store';
import { refreshOnChange } from '../../ui/refresh-on-change';

/** What the library view shows. */
export interface LibrarySnapshot extends LoadStatus {
  /** Newest first. */
  readonly documents: readonly DocumentMeta[];
}

/** The part of the API the store uses. */
export type LibraryApi = Pick<
  ScholiaApi,
  'listDocuments' | 'renameDocument' | 'deleteDocument' | 'updateDocumentMetadata' | 'on'
>;

/** Sorts documents newest first; documents added at the same moment keep their order. */
export function newestFirst(documents: readonly DocumentMeta[]): DocumentMeta[] {
  return [...documents].sort((a, b) => Date.parse(b.addedAt) - Date.parse(a.addedAt));
}

/** The library's documents. */
export class LibraryStore extends ObservableStore<LibrarySnapshot> {
  private readonly loading = new LatestLoad(this, 'The library could not be read.');

  constructor(private readonly api: LibraryApi) {
    super({ status: 'loading', documents: [], error: null });
  }

  /** Loads the list again. Never rejects: a failure is recorded in the snapshot. */
  refresh(): Promise<void> {
    // An older answer that arrives after a newer one does not replace it.
    return this.loading.run(
      () => this.api.listDocuments({}),
      (documents) => this.set({ status: 'ready', documents: newestFirst(documents), error: null }),
    );
  }

  /** Renames document `id`; rejects with the API's error when core refuses the title. */
  async rename(id: string, title: string): Promise<void> {
    const renamed = await this.api.renameDocument({ documentId: id, title });
    this.update((s) => ({ ...s, documents: s.documents.map((d) => (d.id === id ? renamed : d)) }));
  }

  /**
   * Replaces document `id`'s bibliographic metadata (confirming it, unless `proposed`); resolves to the
   * document as saved, rejects with the API's error when core refuses it.
   */
  async updateMetadata(id: string, csl: CslDraft, proposed = false): Promise<DocumentMeta> {
    const saved = await this.api.updateDocumentMetadata({
      documentId: id,
      csl,
      ...(proposed ? { proposed } : {}),
    });
    this.update((s) => ({ ...s, documents: s.documents.map((d) => (d.id === id ? saved : d)) }));
    return saved;
  }

  /** Deletes document `id` with its annotations; rejects with the API's error when that fails. */
  async remove(id: string): Promise<void> {
    await this.api.deleteDocument({ documentId: id });
    this.update((s) => ({ ...s, documents: s.documents.filter((d) => d.id !== id) }));
  }

  /** Refreshes whenever core says documents changed. Returns a function that stops it. */
  watch(): Unsubscribe {
    return refreshOnChange(this.api, ['documents'], () => void this.refresh());
  }
}
