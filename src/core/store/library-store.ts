/**
 * A library folder on disk and the typed operations on it.
 *
 * ```
 * <library>/library.json            documents' metadata, tags, collections, settings
 * <library>/documents/<id>.json     one document's text (ProseMirror JSON)
 * <library>/annotations/<id>.json   one document's annotations, as of the last snapshot
 * <library>/annotations/<id>.journal.jsonl   the changes to them since (absent when there are none)
 * <library>/documents/<id>.edit.json        an edit of the text being saved (see `text-edit-log.ts`)
 * <library>/originals/<id>.<ext>    the file each document was imported from (see `originals.ts`)
 * <library>/backups/                snapshots of library.json, taken on opening when it changed
 * <library>/.lock                   which process has the library open
 * ```
 *
 * Every change is durable when its promise resolves. Changes to one file are serialised, and the
 * in-memory state changes only after the file is safely written, so what readers see is always what
 * is on disk. `library.json` is the source of truth for which documents exist: a document is added by
 * writing its own files first and `library.json` last, and removed in the opposite order, so a crash
 * at any point leaves at most unreferenced files, never a listed document without its text.
 *
 * A document's annotations are changed by appending to its journal, which is compacted into the
 * snapshot after enough changes and when the library is closed (see `document-annotations.ts`). An edit
 * of a document's text replaces its text, annotations and metadata together, through a record written
 * first and removed last, which opening the library finishes if a crash interrupted it (`text-edit-log.ts`).
 *
 * Tags are referred to by annotations in many files. Operations that add references to tags or remove
 * tags run one at a time through {@link LibraryStore.withCodebook}, so a tag cannot vanish between the
 * check that it exists and the write that refers to it.
 */
import { rm } from 'node:fs/promises';
import type { Low } from 'lowdb';
import { displayTitle, type Annotation, type DocumentMeta, type Tag } from '../../shared/model';
import type { DocJSON } from '../../shared/schema';
import { ScholiaError } from '../../shared/errors';
import type { AnnotationChange } from './annotation-journal';
import { AnnotationRegistry, annotationsQueueKey } from './annotation-registry';
import type { CompactionHooks, JournalLimits } from './document-annotations';
import { DocumentTexts } from './document-texts';
import type { DurableJsonFile, DurableWriteHooks } from './durable-json-file';
import type { LibraryFile, TextEditFile } from './file-schemas';
import { ioError } from './fs-errors';
import { originalPath, removeOriginal, writeOriginal } from './originals';
import { KeyedQueue } from './keyed-queue';
import { prepareLibraryFolder, type PreparedLibraryFolder } from './library-folder';
import { annotationJournalPath, annotationsFilePath } from './library-layout';
import type { ReleaseLock } from './lock';
import type { MigrationRegistry } from './migrations';
import { countDocuments, TagUsageIndex } from './tag-usage';
import { TextEditLog, type TextEdit } from './text-edit-log';

export type { TextEdit } from './text-edit-log';

/** How many annotations carry each tag, and in which documents: see {@link LibraryStore.tagUsage}. */
export type TagUsage = Pick<TagUsageIndex, 'passages' | 'documentsWith'>;

/** Options for {@link LibraryStore.open}. */
export interface LibraryStoreOptions {
  /** Who opens the library, as other programs will be told, e.g. `the Scholia app`. */
  owner: string;
  /** The migrations to run on files from older versions (default: this build's). */
  migrations?: MigrationRegistry;
  /** Failure-injection seams for tests, applied to every file the store writes and every compaction. */
  hooks?: DurableWriteHooks & CompactionHooks;
  /** When a document's annotation journal is compacted into its snapshot (default 500 changes or 1 MiB). */
  journalLimits?: Partial<JournalLimits>;
  /** How many snapshots of library.json to keep in `backups/` (default 10). */
  backupsKept?: number;
}

const LIBRARY_KEY = 'library.json';
const CODEBOOK_KEY = 'codebook';

/** An open library folder. Create with {@link LibraryStore.open}; call {@link close} when done. */
export class LibraryStore {
  /** Absolute path of the library folder. */
  readonly dir: string;
  private readonly db: Low<LibraryFile>;
  private readonly libraryFile: DurableJsonFile<LibraryFile>;
  private readonly releaseLock: ReleaseLock;
  private readonly queue = new KeyedQueue();
  private readonly texts: DocumentTexts;
  private readonly annotations: AnnotationRegistry;
  private readonly textEdits: TextEditLog;
  private readonly tagCounts = new TagUsageIndex();
  private closed = false;

  private constructor(folder: PreparedLibraryFolder, options: LibraryStoreOptions) {
    const { root: dir, fileOptions } = folder;
    this.dir = dir;
    this.db = folder.db;
    this.libraryFile = folder.libraryFile;
    this.releaseLock = folder.releaseLock;
    const { journalLimits: limits, hooks } = options;
    this.texts = new DocumentTexts(dir, fileOptions);
    this.annotations = new AnnotationRegistry({ dir, fileOptions, queue: this.queue, limits, hooks });
    this.textEdits = new TextEditLog(dir, fileOptions, {
      apply: (id, record) => this.applyTextEdit(id, record),
      abandon: async (id) => {
        await this.annotations.peek(id)?.closeJournal();
        this.forgetFiles(id);
        this.tagCounts.forget(id);
      },
    });
  }

  /**
   * Opens (creating if absent) the library folder `dir`: takes its lock, removes temp files left by
   * an interrupted write, reads, validates and migrates library.json, snapshots it into `backups/`,
   * and finishes any edit of a text that a crash interrupted. Throws `library-locked` when another
   * process has it open, `library-corrupt` when library.json (or the record of an unfinished edit) is
   * unreadable (the file is left as it is), `io` when the folder cannot be used.
   */
  static async open(dir: string, options: LibraryStoreOptions): Promise<LibraryStore> {
    const folder = await prepareLibraryFolder(dir, options);
    const store = new LibraryStore(folder, options);
    try {
      await store.textEdits.finishAll((id) => store.getDocument(id) !== null);
    } catch (error) {
      await folder.releaseLock();
      throw error;
    }
    return store;
  }

  /** The file-format version of the library's files. */
  get schemaVersion(): number {
    return this.db.data.schemaVersion;
  }

  /** All documents' metadata, in the order they were added. The array is a snapshot: never mutate it. */
  listDocuments(): readonly DocumentMeta[] {
    return this.db.data.documents;
  }

  /** One document's metadata, or `null` when the library has no such document. */
  getDocument(id: string): DocumentMeta | null {
    return this.db.data.documents.find((meta) => meta.id === id) ?? null;
  }

  /** The codebook. The array is a snapshot: never mutate it. */
  listTags(): readonly Tag[] {
    return this.db.data.tags;
  }

  /**
   * Replaces the codebook with `change(current)` and saves it; `change` may throw to refuse. Resolves
   * to the new codebook. Checking that annotations refer only to existing tags is the caller's part.
   */
  async updateTags(change: (current: readonly Tag[]) => readonly Tag[]): Promise<readonly Tag[]> {
    this.assertOpen();
    return this.queue.run(LIBRARY_KEY, async () => {
      const next = change(this.db.data.tags);
      await this.commitLibrary({ ...this.db.data, tags: [...next] });
      return next;
    });
  }

  /** The library's settings as stored (unknown keys included). Never mutate it. */
  settings(): Readonly<Record<string, unknown>> {
    return this.db.data.settings;
  }

  /** Replaces the settings with `change(current)` and saves them. Resolves to the new settings. */
  async updateSettings(
    change: (current: Readonly<Record<string, unknown>>) => Record<string, unknown>,
  ): Promise<Readonly<Record<string, unknown>>> {
    this.assertOpen();
    return this.queue.run(LIBRARY_KEY, async () => {
      const next = change(this.db.data.settings);
      await this.commitLibrary({ ...this.db.data, settings: next });
      return next;
    });
  }

  /** The reading lists as stored (entries are checked where they are used). Never mutate it. */
  collections(): readonly unknown[] {
    return this.db.data.collections;
  }

  /** Replaces the reading lists with `change(current)` and saves them; `change` may throw to refuse. */
  async updateCollections(change: (current: readonly unknown[]) => readonly unknown[]): Promise<readonly unknown[]> {
    this.assertOpen();
    return this.queue.run(LIBRARY_KEY, async () => {
      const next = change(this.db.data.collections);
      await this.commitLibrary({ ...this.db.data, collections: [...next] });
      return next;
    });
  }

  /**
   * Runs `task` once every task run through this method before it has finished, and before any run
   * after it starts: what adds references to tags (tagging an annotation) and what removes tags
   * (merging, deleting) must go through here, so that a check that a tag exists stays true until the
   * write that relies on it is done. Inside `task`, only the store's other methods may be awaited.
   */
  withCodebook<T>(task: () => Promise<T>): Promise<T> {
    this.assertOpen();
    return this.queue.run(CODEBOOK_KEY, task);
  }

  /**
   * How many annotations carry each tag, across the library, and which documents have them. Each
   * document's annotations are read (without being kept in memory) the first time this is called
   * after opening; from then on the counts follow every change. Throws what reading a damaged
   * annotations file throws.
   */
  async tagUsage(): Promise<TagUsage> {
    this.assertOpen();
    const ids = this.listDocuments().map((meta) => meta.id);
    await countDocuments(this.tagCounts, ids, (id) =>
      this.queue.run(annotationsQueueKey(id), async () => {
        if (this.getDocument(id) === null || this.tagCounts.has(id)) return;
        this.textEdits.assertFinished(id);
        this.tagCounts.setDocument(id, await this.annotations.of(id).read());
      }),
    );
    return this.tagCounts;
  }

  /**
   * Adds a document with its text and no annotations, all or nothing: its text and annotations files
   * are written first and library.json last; if any step fails, what was written is removed and the
   * error is rethrown. Throws `internal` when a document with that id exists. `original` (the
   * imported file's bytes) is kept as `originals/<meta.original>` when `meta.original` names it.
   */
  async addDocument(meta: DocumentMeta, doc: DocJSON, original?: Uint8Array): Promise<void> {
    this.assertOpen();
    const id = meta.id;
    const paths = [this.texts.path(id), annotationsFilePath(this.dir, id), annotationJournalPath(this.dir, id)];
    if (meta.original !== undefined) paths.push(originalPath(this.dir, meta.original));
    await this.queue.run(LIBRARY_KEY, async () => {
      if (this.getDocument(id) !== null) {
        throw new ScholiaError('internal', `The library already has a document with id "${id}".`);
      }
      try {
        if (meta.original !== undefined && original !== undefined) await writeOriginal(this.dir, meta.original, original);
        await this.texts.write(id, doc);
        await this.annotations.of(id).create();
        await this.commitLibrary({ ...this.db.data, documents: [...this.db.data.documents, meta] });
        this.tagCounts.setDocument(id, []);
      } catch (error) {
        await Promise.all(paths.map((path) => rm(path, { force: true }))).catch(() => undefined);
        this.forgetFiles(id);
        throw error;
      }
    });
  }

  /**
   * Replaces a document's metadata with `change(current)` and saves it. Resolves to the new metadata,
   * or `null` when the library has no such document. `change` must keep the id.
   */
  async updateDocument(id: string, change: (current: DocumentMeta) => DocumentMeta): Promise<DocumentMeta | null> {
    this.assertOpen();
    return this.queue.run(LIBRARY_KEY, async () => {
      const current = this.getDocument(id);
      if (current === null) return null;
      const next = change(current);
      if (next.id !== id) throw new ScholiaError('internal', 'A document’s id cannot change.');
      await this.commitLibrary({
        ...this.db.data,
        documents: this.db.data.documents.map((meta) => (meta.id === id ? next : meta)),
      });
      return next;
    });
  }

  /**
   * Removes a document: library.json first, then its text, annotations and journal files. Resolves to
   * `false` when the library has no such document.
   */
  async removeDocument(id: string): Promise<boolean> {
    this.assertOpen();
    return this.queue.run(LIBRARY_KEY, () =>
      // Holding the document's own keys too keeps a concurrent annotation write from recreating its file.
      this.queue.run(annotationsQueueKey(id), () =>
        this.queue.run(this.documentKey(id), async () => {
          const removed = this.getDocument(id);
          if (removed === null) return false;
          await this.commitLibrary({
            ...this.db.data,
            documents: this.db.data.documents.filter((meta) => meta.id !== id),
          });
          const annotations = this.annotations.of(id);
          this.forgetFiles(id);
          this.tagCounts.forget(id);
          try {
            await Promise.all([
              rm(this.texts.path(id), { force: true }),
              annotations.remove(),
              this.textEdits.remove(id),
              removed.original === undefined ? undefined : removeOriginal(this.dir, removed.original),
            ]);
          } catch (error) {
            throw ioError('delete the files of', this.texts.path(id), error);
          }
          return true;
        }),
      ),
    );
  }

  /**
   * A document's text, or `null` when the library has no such document. Throws `library-corrupt`
   * when its file is missing or unreadable.
   */
  async readDocumentText(id: string): Promise<DocJSON | null> {
    this.assertOpen();
    if (this.getDocument(id) === null) return null;
    this.textEdits.assertFinished(id);
    return this.texts.read(id);
  }

  /** Replaces a document's text. Resolves to `false` when the library has no such document. */
  async writeDocumentText(id: string, doc: DocJSON): Promise<boolean> {
    this.assertOpen();
    return this.queue.run(this.documentKey(id), async () => {
      if (this.getDocument(id) === null) return false;
      this.textEdits.assertFinished(id);
      await this.texts.write(id, doc);
      return true;
    });
  }

  /**
   * A number that changes whenever a document's text is written or the document is removed: what is
   * derived from a text (its projection) stays valid while the version it was derived at is current.
   * In memory only; not the persisted `meta.textRevision`.
   */
  textVersion(id: string): number {
    return this.texts.version(id);
  }

  /**
   * A document's annotations in the order they were created, or `null` when the library has no such
   * document. Read from disk once (the snapshot with its journal applied), then served from memory.
   * Throws `library-corrupt` when the snapshot or the journal is unreadable. The array is a snapshot:
   * never mutate it.
   */
  async readAnnotations(id: string): Promise<readonly Annotation[] | null> {
    this.assertOpen();
    if (this.getDocument(id) === null) return null;
    this.textEdits.assertFinished(id);
    const cached = this.annotations.of(id).cached;
    if (cached !== null) return cached;
    return this.queue.run(annotationsQueueKey(id), async () =>
      this.getDocument(id) === null ? null : this.annotations.of(id).load(),
    );
  }

  /**
   * Changes one annotation of a document: `decide` receives the current annotations and returns the
   * change (a `put` creates or replaces an annotation by id, a `delete` removes one by id), or throws
   * to refuse; no other change to this document's annotations happens in between. The change is
   * appended to the document's journal, so its cost does not grow with the number of annotations.
   * Resolves to the new list once the change is durable, or to `null` when the library has no such
   * document. A `put` must hold a valid annotation of this document (`internal` otherwise).
   */
  async appendAnnotationChange(
    id: string,
    decide: (current: readonly Annotation[]) => AnnotationChange,
  ): Promise<readonly Annotation[] | null> {
    return this.appendAnnotationChanges(id, (current) => [decide(current)]);
  }

  /**
   * As {@link appendAnnotationChange}, for several changes decided together and applied in order:
   * they are appended in one write made durable by one sync. A crash during it may keep only the
   * first few of them (each whole or not at all), so use it for changes each of which is consistent
   * on its own. An empty list changes nothing.
   */
  async appendAnnotationChanges(
    id: string,
    decide: (current: readonly Annotation[]) => readonly AnnotationChange[],
  ): Promise<readonly Annotation[] | null> {
    this.assertOpen();
    return this.queue.run(annotationsQueueKey(id), async () => {
      if (this.getDocument(id) === null) return null;
      this.textEdits.assertFinished(id);
      let before: readonly Annotation[] = [];
      let touched = new Set<string>();
      const next = await this.annotations.of(id).changeAll((current) => {
        const changes = decide(current);
        before = current;
        touched = new Set(changes.map((change) => (change.op === 'put' ? change.annotation.id : change.id)));
        return changes;
      });
      const changed = (list: readonly Annotation[]) => list.filter((annotation) => touched.has(annotation.id));
      this.tagCounts.update(id, changed(before), changed(next));
      this.annotations.changed(id);
      return next;
    });
  }

  /**
   * Replaces a document's annotations with `change(current)` and saves them; the read, the change and
   * the write happen without any other change to this document's annotations in between. Resolves to
   * the saved list, or `null` when the library has no such document. This rewrites the whole snapshot:
   * for one change, {@link appendAnnotationChange} is much cheaper.
   */
  async updateAnnotations(
    id: string,
    change: (current: readonly Annotation[]) => readonly Annotation[],
  ): Promise<readonly Annotation[] | null> {
    this.assertOpen();
    return this.queue.run(annotationsQueueKey(id), async () => {
      if (this.getDocument(id) === null) return null;
      this.textEdits.assertFinished(id);
      const annotations = this.annotations.of(id);
      const next = change(await annotations.load());
      await annotations.replace(next);
      this.tagCounts.setDocument(id, next);
      return next;
    });
  }

  /** Replaces a document's annotations. Resolves to `false` when the library has no such document. */
  async writeAnnotations(id: string, annotations: readonly Annotation[]): Promise<boolean> {
    return (await this.updateAnnotations(id, () => annotations)) !== null;
  }

  /**
   * Edits a document's text: `decide` receives the document's metadata and annotations and returns
   * the new text, every annotation as it is after the edit, and the metadata fields the edit sets, or
   * throws to refuse; nothing else changes the document in between. The text, the annotations and
   * library.json are saved together (see `text-edit-log.ts`): once this resolves all three are on disk,
   * and a crash before that leaves either the old version of all three or a record that completes the
   * new one when the library is next opened. Resolves to the new metadata and annotations, or `null`
   * when the library has no such document.
   *
   * If a file cannot be written once the record is saved, the edit is complete only at the next
   * opening: this rejects with `io`, and until then the document's text and annotations are refused
   * with the same error rather than served half-edited.
   */
  async editDocumentText(
    id: string,
    decide: (current: { meta: DocumentMeta; annotations: readonly Annotation[] }) => TextEdit,
  ): Promise<{ meta: DocumentMeta; annotations: readonly Annotation[] } | null> {
    this.assertOpen();
    // The same order of keys as removeDocument, so that neither can wait for the other forever.
    return this.queue.run(LIBRARY_KEY, () =>
      this.queue.run(annotationsQueueKey(id), () =>
        this.queue.run(this.documentKey(id), async () => {
          const meta = this.getDocument(id);
          if (meta === null) return null;
          this.textEdits.assertFinished(id);
          const edit = decide({ meta, annotations: await this.annotations.of(id).load() });
          await this.textEdits.commit(id, edit, displayTitle(meta));
          return { meta: this.getDocument(id) ?? meta, annotations: edit.annotations };
        }),
      ),
    );
  }

  /**
   * Folds a document's annotation journal into its snapshot now, rather than when it reaches its
   * limits or the library closes. Nothing to do for a document without a journal or not in the library.
   */
  async compactAnnotations(id: string): Promise<void> {
    this.assertOpen();
    await this.queue.run(annotationsQueueKey(id), async () => {
      if (this.getDocument(id) !== null) await this.annotations.peek(id)?.compact();
    });
  }

  /**
   * Waits for every pending write, compacts every annotation journal, then releases the lock. Later
   * calls on the store fail. A compaction that fails leaves its journal, whose changes are all durable
   * already and are read back at the next opening.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.queue.idle();
      await this.annotations.closeAll();
      await this.libraryFile.settled();
    } finally {
      await this.releaseLock();
    }
  }

  /** Writes an edit's text, annotations and metadata (see `text-edit-log.ts`); each step may be redone. */
  private async applyTextEdit(id: string, record: TextEditFile): Promise<void> {
    await this.texts.write(id, record.doc);
    await this.annotations.of(id).overwrite(record.annotations);
    this.tagCounts.setDocument(id, record.annotations);
    await this.commitLibrary({
      ...this.db.data,
      documents: this.db.data.documents.map((meta) => (meta.id === id ? { ...meta, ...record.meta } : meta)),
    });
  }

  private async commitLibrary(next: LibraryFile): Promise<void> {
    await this.libraryFile.write(next);
    this.db.data = next;
  }

  private forgetFiles(id: string): void {
    this.texts.forget(id);
    this.annotations.forget(id);
  }

  private documentKey(id: string): string {
    return `document:${id}`;
  }

  private assertOpen(): void {
    if (this.closed) throw new ScholiaError('internal', `The library at ${this.dir} has been closed.`);
  }
}
