/**
 * The documents' texts on disk (`documents/<id>.json`), each read and written through its durable
 * adapter, and a version number per text that tells caches when a text has changed. Whether a
 * document exists, and serialising writes, is the store's part.
 */
import type { DocJSON } from '../../shared/schema';
import { ScholiaError } from '../../shared/errors';
import type { DurableJsonFile } from './durable-json-file';
import { checkBelongs, type DocumentFile } from './file-schemas';
import { documentFileAdapter, documentFilePath, type LibraryFileOptions } from './library-layout';
import { CURRENT_SCHEMA_VERSION } from './migrations';

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

  /** `documents/<id>.json`. Throws `invalid-input` for an id that is not a safe file name. */
  path(id: string): string {
    return documentFilePath(this.dir, id);
  }

  /** Document `id`'s text. Throws `library-corrupt` when its file is missing, unreadable or another document's. */
  async read(id: string): Promise<DocJSON> {
    const path = this.path(id);
    const file = await this.file(id).read();
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

  /** Saves `doc` as document `id`'s text, durably, and then moves its {@link version} on. */
  async write(id: string, doc: DocJSON): Promise<void> {
    await this.file(id).write({ schemaVersion: CURRENT_SCHEMA_VERSION, documentId: id, doc });
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

  /** Drops document `id`'s adapter (its files are gone or were never made) and moves its version on. */
  forget(id: string): void {
    this.files.delete(id);
    this.bump(id);
  }

  private bump(id: string): void {
    this.versions.set(id, this.version(id) + 1);
  }

  private file(id: string): DurableJsonFile<DocumentFile> {
    let file = this.files.get(id);
    if (file === undefined) {
      file = documentFileAdapter(this.dir, id, this.options);
      this.files.set(id, file);
    }
    return file;
  }
}
