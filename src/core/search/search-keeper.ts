/**
 * Keeps the corpus index of one open library current: loads `local/<device>/search/index.bin` the first time a search
 * needs it (building it when it is missing, of another version or damaged), brings it up to date with
 * the library's documents before each search (documents imported, edited, renamed or deleted since are
 * indexed again or dropped), and saves it back a little after changes and on close.
 *
 * Building and saving give the event loop a turn every few milliseconds (a long document is indexed
 * in parts, the file is prepared a document at a time), so the process holding the library keeps
 * answering while a large library is indexed or saved; each document indexed is announced as a
 * `search-index-progress` event. Nothing here runs until a search asks.
 */
import { createHash } from 'node:crypto';
import type { SearchIndexProgress } from '../../shared/find';
import { displayTitle, textRevisionOf, type DocumentMeta } from '../../shared/model';
import { projectDocument } from '../../shared/projection';
import { docFromJSON } from '../../shared/schema';
import type { LibraryEvents } from '../events';
import type { LibraryStore } from '../store/library-store';
import type { CorpusIndex } from './corpus-index';
import { DEFAULT_SLICE_MS, pauser } from '../util/sliced-work';

/**
 * The index's own code, loaded with the index on the first search: opening a library makes a keeper,
 * and commands that search nothing (listing, importing, exporting) should not load the index.
 */
async function loadIndexCode() {
  const [corpus, file] = await Promise.all([import('./corpus-index'), import('./index-file')]);
  return { ...corpus, ...file };
}

type IndexCode = Awaited<ReturnType<typeof loadIndexCode>>;

/** Options of a {@link SearchKeeper}. */
export interface SearchKeeperOptions {
  /** How long after the last change the index is saved (default 2 s). */
  saveDelayMs?: number;
  /** The longest stretch of indexing or saving between two turns of the event loop (default 8 ms). */
  sliceMs?: number;
  /** Called with what saving the index failed with (default: `console.error`); searching goes on. */
  onSaveError?: (error: unknown) => void;
}

/**
 * What the index of a document was made from: its file's content, its text revision, and the
 * metadata it indexes (its title as shown, its title, authors and container), by a digest. Not its
 * modified time: two renames within one millisecond leave that the same.
 */
export function documentKey(meta: DocumentMeta): string {
  const { title, author, 'container-title': container } = meta.csl;
  const indexed = JSON.stringify([displayTitle(meta), title ?? null, author ?? null, container ?? null]);
  const digest = createHash('sha256').update(indexed).digest('base64url').slice(0, 22);
  return `${meta.contentHash}:${textRevisionOf(meta)}:${digest}`;
}

/** See the module comment. */
export class SearchKeeper {
  private readonly store: LibraryStore;
  private readonly events: LibraryEvents;
  private readonly saveDelayMs: number;
  private readonly sliceMs: number;
  private readonly onSaveError: (error: unknown) => void;
  private index: CorpusIndex | null = null;
  /** Set with {@link index}, before it: whatever has the index has its code. */
  private code: IndexCode | null = null;
  private loading: Promise<CorpusIndex> | null = null;
  private reason: SearchIndexProgress['reason'] = 'changed';
  private dirty = true;
  private syncChain: Promise<void> = Promise.resolve();
  private unsaved = false;
  private saveTimer: NodeJS.Timeout | null = null;
  private saving: Promise<void> = Promise.resolve();
  /** Documents whose text could not be read, with the key they had then (not retried until it changes). */
  private readonly unreadable = new Map<string, string>();
  private readonly unsubscribe: () => void;
  private closed = false;

  constructor(store: LibraryStore, events: LibraryEvents, options: SearchKeeperOptions = {}) {
    this.store = store;
    this.events = events;
    this.saveDelayMs = options.saveDelayMs ?? 2_000;
    this.sliceMs = options.sliceMs ?? DEFAULT_SLICE_MS;
    this.onSaveError =
      options.onSaveError ??
      ((error) => {
        console.error('The search index could not be saved; it will be rebuilt next time:', error);
      });
    this.unsubscribe = events.on('library-changed', ({ scope }) => {
      if (scope !== 'documents') return;
      this.dirty = true;
      // Once the index is in use, follow changes right away, so the next search finds it current.
      if (this.index !== null && !this.closed) setTimeout(() => void this.sync().catch(() => undefined), 0);
    });
  }

  /**
   * The index, loaded or built, and current with every document in the library: waits for a run of
   * {@link reconcile} already under way (which follows a change made before this call, and has
   * cleared {@link dirty} on starting), then runs one if anything changed since.
   */
  async current(): Promise<CorpusIndex> {
    const index = await this.load();
    await this.sync();
    return index;
  }

  /** Saves the index now if it changed since it was last saved, and waits for any save under way. */
  async flush(): Promise<void> {
    if (this.saveTimer !== null) clearTimeout(this.saveTimer);
    this.saveTimer = null;
    await this.syncChain;
    if (this.unsaved) this.save();
    await this.saving;
  }

  /** Stops following the library and saves what is unsaved. Call before closing the store. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.unsubscribe();
    await this.flush();
    this.closed = true;
  }

  private load(): Promise<CorpusIndex> {
    this.loading ??= this.loadFromDisk();
    return this.loading;
  }

  private async loadFromDisk(): Promise<CorpusIndex> {
    this.progress({ phase: 'loading', done: 0, total: this.store.listDocuments().length });
    const code = await loadIndexCode();
    const { CorpusIndex, IndexFileError, readIndexFile } = code;
    this.code = code;
    let index: CorpusIndex | null = null;
    try {
      index = await readIndexFile(this.store.localDir, this.pauser());
      this.reason = index === null ? 'missing' : 'changed';
    } catch (error) {
      this.reason = error instanceof IndexFileError ? error.reason : 'corrupt';
    }
    this.index = index ?? new CorpusIndex();
    if (index === null) this.unsaved = true;
    this.dirty = true;
    return this.index;
  }

  /** Runs {@link reconcile} after any run under way, if something changed. */
  private sync(): Promise<void> {
    const run = this.syncChain.then(() => (this.dirty ? this.reconcile() : undefined));
    this.syncChain = run.catch(() => undefined);
    return run;
  }

  /** Drops deleted documents and indexes new and changed ones. */
  private async reconcile(): Promise<void> {
    const index = this.index;
    if (index === null || this.closed) return;
    this.dirty = false;
    const metas = this.store.listDocuments();
    const present = new Set(metas.map((meta) => meta.id));
    let changed = false;
    for (const document of [...index.all()]) {
      if (!present.has(document.id)) changed = index.remove(document.id) || changed;
    }
    if (changed) await this.mergeIfDue(index, this.pauser());
    const todo = metas.filter((meta) => {
      const key = documentKey(meta);
      return index.get(meta.id)?.key !== key && this.unreadable.get(meta.id) !== key;
    });
    const reason = this.reason;
    this.reason = 'changed';
    if (todo.length > 0) {
      this.progress({ phase: 'indexing', done: 0, total: todo.length, reason });
      const pause = this.pauser();
      for (const [done, meta] of todo.entries()) {
        await this.indexDocument(index, meta, pause);
        // While many documents are indexed, merge only when the fresh part outgrows the merged one
        // (each merge copies the whole index), and once more at the end.
        await this.mergeIfDue(index, pause, 1);
        changed = true;
        if (await pause()) this.progress({ phase: 'indexing', done: done + 1, total: todo.length, reason });
      }
      await this.mergeIfDue(index, pause);
    }
    if (changed || this.unsaved) {
      this.unsaved = true;
      this.scheduleSave();
    }
    if (todo.length > 0) this.progress({ phase: 'ready', done: todo.length, total: todo.length, reason });
  }

  /**
   * A function that gives the event loop a turn when more than the slice time has passed since the
   * last one, and resolves to whether it did.
   */
  private pauser(): () => Promise<boolean> {
    return pauser(this.sliceMs);
  }

  private async indexDocument(
    index: CorpusIndex,
    meta: DocumentMeta,
    pause: () => Promise<boolean>,
  ): Promise<void> {
    const key = documentKey(meta);
    try {
      const json = await this.store.readDocumentText(meta.id);
      if (json === null || this.store.getDocument(meta.id) === null) return;
      await pause();
      const text = projectDocument(docFromJSON(json)).text;
      await pause();
      const { metaTermsOf, segmentSteps } = this.loadedCode();
      const entry = { id: meta.id, key, title: displayTitle(meta), text, meta: metaTermsOf(meta.csl) };
      const steps = segmentSteps(index.dictionary, entry);
      let step = steps.next();
      while (step.done !== true) {
        await pause();
        step = steps.next();
      }
      // The document may have been deleted or changed while it was indexed: the next sync sees to it.
      if (this.store.getDocument(meta.id) === null) return;
      // Merging the fresh documents into the term lists is done in slices too, not inside putIndexed.
      index.putIndexed(step.value, { merge: false });
      this.unreadable.delete(meta.id);
    } catch {
      // A damaged text is reported where the reader opens it; search leaves it out until it changes.
      this.unreadable.set(meta.id, key);
      index.remove(meta.id);
    }
  }

  /** Runs a merge of the index's term lists when one is due, giving the event loop turns. */
  private async mergeIfDue(index: CorpusIndex, pause: () => Promise<boolean>, share?: number): Promise<void> {
    if (!index.mergeDue(share)) return;
    const steps = index.mergeSteps();
    for (let step = steps.next(); step.done !== true; step = steps.next()) await pause();
  }

  private scheduleSave(): void {
    if (this.saveTimer !== null) clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => {
      this.saveTimer = null;
      this.save();
    }, this.saveDelayMs);
    this.saveTimer.unref();
  }

  private save(): void {
    this.saving = this.saving.then(async () => {
      const index = this.index;
      if (!this.unsaved || index === null || this.closed) return;
      this.unsaved = false;
      try {
        const { serializeSteps, writeIndexFile } = this.loadedCode();
        const pause = this.pauser();
        const steps = serializeSteps(index);
        let step = steps.next();
        while (step.done !== true) {
          await pause();
          step = steps.next();
        }
        const saved = await writeIndexFile(this.store.localDir, step.value, (change) =>
          this.whileOpen(change),
        );
        if (!saved) this.unsaved = true;
      } catch (error) {
        this.unsaved = true;
        this.onSaveError(error);
      }
    });
  }

  /**
   * Runs `step` while the store is certainly open (in its codebook queue, which closing waits for), so
   * the index file is never touched after the library is released. Resolves to false, without running
   * it, when the store is closed.
   */
  private async whileOpen(step: () => Promise<void>): Promise<boolean> {
    const entered = { ran: false };
    try {
      await this.store.withCodebook(async () => {
        entered.ran = true;
        await step();
      });
    } catch (error) {
      if (entered.ran) throw error;
      return false;
    }
    return true;
  }

  /** The index's code, which {@link loadFromDisk} loaded before there was an index to work on. */
  private loadedCode(): IndexCode {
    if (this.code === null) throw new Error('The search index was used before it was loaded.');
    return this.code;
  }

  private progress(payload: SearchIndexProgress): void {
    this.events.emit('search-index-progress', payload);
  }
}
