/**
 * The documents' texts on disk (`documents/<id>.json` as imported, `documents/<id>.<revision>.json`
 * for each edit of it, each file written once), each read and written through its durable adapter, and a version number per text that tells caches when a text has changed. Whether a
 * document exists, and serialising writes, is the store's part.
 */
import { access } from 'node:fs/promises';
import type { DocJSON } from '../../shared/schema';
import { ScholiaError } from '../../shared/errors';
import type { DurableJsonFile } from './durable-json-file';
import { checkBelongs, type DocumentFile } from './file-schemas';
import { documentFileAdapter, documentFilePath, type LibraryFileOptions } from './library-layout';
import { CURRENT_SCHEMA_VERSION } from './migrations';

/** The revision id of a text as imported (`documents/<id>.json`). */
export const BASE_REVISION = 'base';

/** See the module comment. */
export class DocumentTexts {
  private readonly dir: string;
  private readonly options: LibraryFileOptions;
  private readonly files = new Map<string, DurableJsonFile<DocumentFile>>();
  private readonly versions = new Map<string, number>();

  constructor(dir: string, options: LibraryFileOptions) {
    this.dir = dir;
    this.options = options;
  }

  /**
   * `documents/<id>.json` for the text as imported, `documents/<id>.<revision>.json` for a revision of
   * it. Throws `invalid-input` for an id that is not a safe file name.
   */
  path(id: string, revision: string = BASE_REVISION): string {
    return documentFilePath(this.dir, id, revision === BASE_REVISION ? undefined : revision);
  }

  /** Whether the file of a revision is there (a sync engine may not have delivered it yet). */
  async has(id: string, revision: string): Promise<boolean> {
    try {
      await access(this.path(id, revision));
      return true;
    } catch {
      return false;
    }
  }

  /** Document `id`'s text. Throws `library-corrupt` when its file is missing, unreadable or another document's. */
  async read(id: string, revision: string = BASE_REVISION): Promise<DocJSON> {
    const path = this.path(id, revision);
    const file = await this.file(id, revision).read();
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

  /**
   * Saves `doc` as document `id`'s text (or one revision of it), durably, and then moves its
   * {@link version} on. A revision's file is written once, by the device that made it.
   */
  async write(id: string, doc: DocJSON, revision: string = BASE_REVISION): Promise<void> {
    await this.file(id, revision).write({ schemaVersion: CURRENT_SCHEMA_VERSION, documentId: id, doc });
    // After the write, so a projection made from the old text while it ran cannot pass as current.
    this.bump(id);
  }

  /**
   * A number that changes whenever document `id`'s text is written in this session or the document is
   * removed: what is derived from a text (its projection) stays valid while the version it was derived
   * at is current. Kept in memory only; the reader-facing count of edits is `meta.textRevision`.
   */
  version(id: string): number {
    return this.versions.get(id) ?? 0;
  }

  /** Drops document `id`'s adapters (its files are gone or were never made) and moves its version on. */
  forget(id: string): void {
    for (const key of this.files.keys()) if (key === id || key.startsWith(`${id}.`)) this.files.delete(key);
    this.bump(id);
  }

  /** Moves document `id`'s version on: the text it reads as changed (another device's revision arrived). */
  bump(id: string): void {
    this.versions.set(id, this.version(id) + 1);
  }

  private file(id: string, revision: string = BASE_REVISION): DurableJsonFile<DocumentFile> {
    const key = revision === BASE_REVISION ? id : `${id}.${revision}`;
    let file = this.files.get(key);
    if (file === undefined) {
      file = documentFileAdapter(
        this.dir,
        id,
        this.options,
        revision === BASE_REVISION ? undefined : revision,
      );
      this.files.set(key, file);
    }
    return file;
  }
}
