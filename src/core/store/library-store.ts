/**
 * A library folder on disk and the typed operations on it.
 *
 * ```
 * <library>/library.json            documents' metadata, tags, collections, settings
 * <library>/documents/<id>.json     one document's text (ProseMirror JSON)
 * <library>/annotations/<id>.json   one document's annotations, as of the last snapshot
 * <library>/annotations/<id>.journal.jsonl   the changes to them since (absent when there are none)
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
 * A document's annotations are changed one at a time by appending to its journal, which is compacted
 * into the snapshot after enough changes and when the library is closed (see `document-annotations.ts`).
 */
import { mkdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Low } from 'lowdb';
import type { Annotation, DocumentMeta, Tag } from '../../shared/model';
import type { DocJSON } from '../../shared/schema';
import { ScholiaError } from '../../shared/errors';
import { snapshotLibraryFile } from './backups';
import type { AnnotationChange } from './annotation-journal';
import { AnnotationRegistry, annotationsQueueKey } from './annotation-registry';
import type { CompactionHooks, JournalLimits } from './document-annotations';
import { removeTempFiles, type DurableJsonFile, type DurableWriteHooks } from './durable-json-file';
import { checkBelongs, emptyLibraryFile, type DocumentFile, type LibraryFile } from './file-schemas';
import { ioError } from './fs-errors';
import { KeyedQueue } from './keyed-queue';
import {
  annotationJournalPath,
  annotationsFilePath,
  documentFileAdapter,
  documentFilePath,
  LIBRARY_LAYOUT,
  libraryFileAdapter,
  type LibraryFileOptions,
} from './library-layout';
import { acquireLibraryLock, type ReleaseLock } from './lock';
import { CURRENT_SCHEMA_VERSION, defaultMigrations, type MigrationRegistry } from './migrations';

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

const { libraryFile: LIBRARY_FILE, documents: DOCUMENTS_DIR, annotations: ANNOTATIONS_DIR, backups: BACKUPS_DIR } =
  LIBRARY_LAYOUT;
const LIBRARY_KEY = 'library.json';

/** An open library folder. Create with {@link LibraryStore.open}; call {@link close} when done. */
export class LibraryStore {
  /** Absolute path of the library folder. */
  readonly dir: string;
  private readonly db: Low<LibraryFile>;
  private readonly libraryFile: DurableJsonFile<LibraryFile>;
  private readonly fileOptions: LibraryFileOptions;
  private readonly releaseLock: ReleaseLock;
  private readonly queue = new KeyedQueue();
  private readonly documentFiles = new Map<string, DurableJsonFile<DocumentFile>>();
  private readonly annotations: AnnotationRegistry;
  private readonly textRevisions = new Map<string, number>();
  private closed = false;

  private constructor(
    dir: string,
    db: Low<LibraryFile>,
    libraryFile: DurableJsonFile<LibraryFile>,
    releaseLock: ReleaseLock,
    fileOptions: LibraryFileOptions,
    options: LibraryStoreOptions,
  ) {
    this.dir = dir;
    this.db = db;
    this.libraryFile = libraryFile;
    this.releaseLock = releaseLock;
    this.fileOptions = fileOptions;
    const { journalLimits: limits, hooks } = options;
    this.annotations = new AnnotationRegistry({ dir, fileOptions, queue: this.queue, limits, hooks });
  }

  /**
   * Opens (creating if absent) the library folder `dir`: takes its lock, removes temp files left by
   * an interrupted write, reads, validates and migrates library.json, and snapshots it into
   * `backups/`. Throws `library-locked` when another process has it open, `library-corrupt` when
   * library.json is unreadable (the file is left as it is), `io` when the folder cannot be used.
   */
  static async open(dir: string, options: LibraryStoreOptions): Promise<LibraryStore> {
    const root = resolve(dir);
    try {
      await mkdir(root, { recursive: true });
    } catch (error) {
      throw ioError('create the library folder', root, error);
    }
    const releaseLock = await acquireLibraryLock(root, options.owner);
    try {
      await Promise.all(
        [DOCUMENTS_DIR, ANNOTATIONS_DIR, BACKUPS_DIR].map((name) =>
          mkdir(join(root, name), { recursive: true }).catch((error: unknown) => {
            throw ioError('create the folder', join(root, name), error);
          }),
        ),
      );
      await Promise.all([root, join(root, DOCUMENTS_DIR), join(root, ANNOTATIONS_DIR)].map(removeTempFiles));
      const fileOptions: LibraryFileOptions = { migrations: options.migrations ?? defaultMigrations, hooks: options.hooks };
      const migration = { happened: false };
      const libraryPath = join(root, LIBRARY_FILE);
      const libraryFile = libraryFileAdapter(root, fileOptions, () => (migration.happened = true));
      const db = new Low(libraryFile, emptyLibraryFile());
      const existing = await libraryFile.read();
      if (existing === null) {
        await libraryFile.write(db.data);
      } else {
        db.data = existing;
        // The snapshot copies the file as it is on disk, so a migration can always be undone.
        await snapshotLibraryFile(libraryPath, join(root, BACKUPS_DIR), {
          ...(options.backupsKept === undefined ? {} : { keep: options.backupsKept }),
        });
        if (migration.happened) await libraryFile.write(existing);
      }
      return new LibraryStore(root, db, libraryFile, releaseLock, fileOptions, options);
    } catch (error) {
      await releaseLock();
      throw error;
    }
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
   * Adds a document with its text and no annotations, all or nothing: its text and annotations files
   * are written first and library.json last; if any step fails, what was written is removed and the
   * error is rethrown. Throws `internal` when a document with that id exists.
   */
  async addDocument(meta: DocumentMeta, doc: DocJSON): Promise<void> {
    this.assertOpen();
    const id = meta.id;
    const paths = [this.documentPath(id), annotationsFilePath(this.dir, id), annotationJournalPath(this.dir, id)];
    await this.queue.run(LIBRARY_KEY, async () => {
      if (this.getDocument(id) !== null) {
        throw new ScholiaError('internal', `The library already has a document with id "${id}".`);
      }
      try {
        await this.documentFile(id).write({ schemaVersion: CURRENT_SCHEMA_VERSION, documentId: id, doc });
        await this.annotations.of(id).create();
        await this.commitLibrary({ ...this.db.data, documents: [...this.db.data.documents, meta] });
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
          if (this.getDocument(id) === null) return false;
          await this.commitLibrary({
            ...this.db.data,
            documents: this.db.data.documents.filter((meta) => meta.id !== id),
          });
          const annotations = this.annotations.of(id);
          this.forgetFiles(id);
          this.bumpTextRevision(id);
          try {
            await Promise.all([rm(this.documentPath(id), { force: true }), annotations.remove()]);
          } catch (error) {
            throw ioError('delete the files of', this.documentPath(id), error);
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
    const path = this.documentPath(id);
    const file = await this.documentFile(id).read();
    if (file === null) {
      throw new ScholiaError(
        'library-corrupt',
        `The text of document "${id}" is missing: ${path} does not exist. Restore it from your own backup, or delete the document.`,
        { path },
      );
    }
    checkBelongs(file, id, path);
    return file.doc;
  }

  /** Replaces a document's text. Resolves to `false` when the library has no such document. */
  async writeDocumentText(id: string, doc: DocJSON): Promise<boolean> {
    this.assertOpen();
    return this.queue.run(this.documentKey(id), async () => {
      if (this.getDocument(id) === null) return false;
      await this.documentFile(id).write({ schemaVersion: CURRENT_SCHEMA_VERSION, documentId: id, doc });
      // After the write, so a projection made from the old text while it ran cannot pass as current.
      this.bumpTextRevision(id);
      return true;
    });
  }

  /**
   * A number that changes whenever a document's text is written or the document is removed: what is
   * derived from a text (its projection) stays valid while the revision it was derived at is current.
   */
  textRevision(id: string): number {
    return this.textRevisions.get(id) ?? 0;
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
    this.assertOpen();
    return this.queue.run(annotationsQueueKey(id), async () => {
      if (this.getDocument(id) === null) return null;
      const next = await this.annotations.of(id).change(decide);
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
      const annotations = this.annotations.of(id);
      const next = change(await annotations.load());
      await annotations.replace(next);
      return next;
    });
  }

  /** Replaces a document's annotations. Resolves to `false` when the library has no such document. */
  async writeAnnotations(id: string, annotations: readonly Annotation[]): Promise<boolean> {
    return (await this.updateAnnotations(id, () => annotations)) !== null;
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

  private async commitLibrary(next: LibraryFile): Promise<void> {
    await this.libraryFile.write(next);
    this.db.data = next;
  }

  private documentFile(id: string): DurableJsonFile<DocumentFile> {
    let file = this.documentFiles.get(id);
    if (file === undefined) {
      file = documentFileAdapter(this.dir, id, this.fileOptions);
      this.documentFiles.set(id, file);
    }
    return file;
  }

  private bumpTextRevision(id: string): void {
    this.textRevisions.set(id, this.textRevision(id) + 1);
  }

  private forgetFiles(id: string): void {
    this.documentFiles.delete(id);
    this.annotations.forget(id);
  }

  private documentPath(id: string): string {
    return documentFilePath(this.dir, id);
  }

  private documentKey(id: string): string {
    return `document:${id}`;
  }

  private assertOpen(): void {
    if (this.closed) throw new ScholiaError('internal', `The library at ${this.dir} has been closed.`);
  }
}
