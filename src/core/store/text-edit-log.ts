/**
 * The record of an edit of a document's text, kept while the edit is being saved so that a crash can
 * never leave a text with annotations whose positions belong to another version of it.
 *
 * An edit writes three files: the new revision of the text (`documents/<id>.<revision>.json`), the
 * annotations' new selectors (this device's annotation log of the document) and the revision with the
 * document's metadata (this device's library log). No single write covers them all, so the edit is first
 * written whole, durably, to `local/<device>/edits/<id>.edit.json` (a file of this computer only): that
 * write is the moment the edit happens. Then each file is written in turn, and the record is removed
 * last. Opening a library finishes every edit whose record it finds, by writing the same changes again
 * (a revision file is written whole, and a change appended twice merges as once). A crash before the record is
 * durable leaves the library as it was before the edit; a crash after it, the edit complete once the
 * library is opened again.
 */
import { readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { ScholiaError } from '../../shared/errors';
import type { Annotation } from '../../shared/model';
import type { DocJSON } from '../../shared/schema';
import { DurableJsonFile, syncDirectory } from './durable-json-file';
import { checkBelongs, TextEditFileSchema, type TextEditFile } from './file-schemas';
import { errnoCode, ioError } from './fs-errors';
import { fileSafeId, type LibraryFileOptions } from './library-layout';
import { CURRENT_SCHEMA_VERSION } from './migrations';

/** What an edit of a document's text sets. */
export interface TextEdit {
  doc: DocJSON;
  /** Every annotation of the document, as it is after the edit. */
  annotations: readonly Annotation[];
  /** The document's metadata fields the edit sets. */
  textRevision: number;
  wordCount: number;
  modifiedAt: string;
  /** The revision the edit makes and the revisions it was made from (set by the store). */
  revision?: { id: string; parents: string[] };
}

/** How the store carries out an edit: write its files, or give up on the document for this session. */
export interface TextEditSteps {
  /** Writes the text, the annotations and the metadata of `record`; each may be written again later. */
  apply(id: string, record: TextEditFile): Promise<void>;
  /** Drops what the store holds in memory about document `id`, whose edit is left for the next opening. */
  abandon(id: string): Promise<void>;
}

/**
 * The edits of texts of one open library: saving each through its record, finishing those a crash
 * interrupted, and refusing documents whose edit could not be finished in this session.
 */
export class TextEditLog {
  private readonly dir: string;
  private readonly options: LibraryFileOptions;
  private readonly steps: TextEditSteps;
  /** Documents whose edit could not be finished, with the error every later use of them reports. */
  private readonly unfinished = new Map<string, ScholiaError>();

  /** `dir` is the folder that holds the records (this device's local folder). */
  constructor(dir: string, options: LibraryFileOptions, steps: TextEditSteps) {
    this.dir = dir;
    this.options = options;
    this.steps = steps;
  }

  /**
   * Saves the record of document `id`'s `edit` (the edit then has happened), applies it, and removes
   * the record. Rejects with what the disk said when the record cannot be saved (nothing has changed).
   * When applying fails, the edit is left to be finished at the next opening: the store abandons the
   * document, which is refused from then on, and this rejects with an `io` error saying so. `title`
   * names the document in that message.
   */
  async commit(id: string, edit: TextEdit, title: string): Promise<void> {
    const record: TextEditFile = {
      schemaVersion: CURRENT_SCHEMA_VERSION,
      documentId: id,
      doc: edit.doc,
      annotations: [...edit.annotations],
      meta: { textRevision: edit.textRevision, wordCount: edit.wordCount, modifiedAt: edit.modifiedAt },
      ...(edit.revision === undefined ? {} : { revision: edit.revision }),
    };
    await textEditFile(this.dir, id, this.options).write(record);
    try {
      await this.steps.apply(id, record);
      await removeTextEdit(this.dir, id);
    } catch (cause) {
      const reason = cause instanceof Error ? cause.message : String(cause);
      const error = new ScholiaError(
        'io',
        `The edit of the text of “${title}” is saved but could not be finished: ${reason} Close the library and open it again to finish it; until then this document cannot be opened or annotated.`,
        { cause, path: textEditPath(this.dir, id) },
      );
      this.unfinished.set(id, error);
      await this.steps.abandon(id);
      throw error;
    }
  }

  /**
   * Finishes every edit whose record is in the library (after a crash), and removes the records of
   * documents that no longer exist. Run once, while opening, before anything reads a document.
   * Resolves to a message for each damaged record (naming it and what to do), whose document is then
   * refused until it is settled; throws `io` when a file cannot be written.
   */
  async finishAll(exists: (id: string) => boolean): Promise<string[]> {
    const damaged: string[] = [];
    for (const id of await unfinishedTextEdits(this.dir)) {
      if (!exists(id)) {
        await removeTextEdit(this.dir, id);
        continue;
      }
      const file = textEditFile(this.dir, id, this.options);
      let record: TextEditFile | null;
      try {
        record = await file.read();
        if (record === null) continue;
        checkBelongs(record, id, file.path);
      } catch (error) {
        // A record that cannot be read is left as it is, and only its document waits for it: the rest
        // of the library opens. The edit may have been half written, so the document is not served.
        const why = error instanceof Error ? error.message : String(error);
        const message = `An edit of a document's text could not be finished: ${why} Until then, that document's text and highlights are not shown, so that nothing is shown half edited; the rest of the library is open.`;
        this.unfinished.set(id, new ScholiaError('library-corrupt', message));
        damaged.push(message);
        continue;
      }
      await this.steps.apply(id, record);
      await removeTextEdit(this.dir, id);
    }
    return damaged;
  }

  /** The documents whose edit could not be finished in this session, with why. */
  unfinishedEdits(): ReadonlyMap<string, ScholiaError> {
    return this.unfinished;
  }

  /** Throws the error of document `id`'s edit if it could not be finished in this session. */
  assertFinished(id: string): void {
    const error = this.unfinished.get(id);
    if (error !== undefined) throw error;
  }

  /** Forgets document `id` (it is being removed) and deletes its record, if any. */
  async remove(id: string): Promise<void> {
    this.unfinished.delete(id);
    await removeTextEdit(this.dir, id);
  }
}

/** What follows a document's id in the name of its edit record. */
const TEXT_EDIT_SUFFIX = '.edit.json';

/** `<id>.edit.json` in the records folder `dir`. Throws `invalid-input` for an id that is not a safe file name. */
export function textEditPath(dir: string, id: string): string {
  return join(dir, `${fileSafeId(id)}${TEXT_EDIT_SUFFIX}`);
}

/** The adapter of one document's edit record. */
export function textEditFile(
  dir: string,
  id: string,
  options: LibraryFileOptions,
): DurableJsonFile<TextEditFile> {
  return new DurableJsonFile(textEditPath(dir, id), {
    schema: TextEditFileSchema,
    description: 'record of an unfinished edit of a text',
    format: 'compact',
    recovery:
      'Move it out of the folder to open the library without this edit: the text and its highlights stay as they were before it.',
    upgrade: (raw, path) => options.migrations.migrate('text-edit', raw, path),
    ...(options.hooks === undefined ? {} : { hooks: options.hooks }),
  });
}

/** The ids of the documents that have an edit record in the library `dir`, i.e. an edit to finish. */
export async function unfinishedTextEdits(dir: string): Promise<string[]> {
  const folder = dir;
  let names: string[];
  try {
    names = await readdir(folder);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return [];
    throw ioError('list the folder', folder, error);
  }
  // Document ids never contain a dot, so the suffix cannot be part of an id.
  return names
    .filter((name) => name.endsWith(TEXT_EDIT_SUFFIX))
    .map((name) => name.slice(0, -TEXT_EDIT_SUFFIX.length));
}

/** Removes document `id`'s edit record durably: the edit is then complete. A missing record is fine. */
export async function removeTextEdit(dir: string, id: string): Promise<void> {
  const path = textEditPath(dir, id);
  try {
    await unlink(path);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return;
    throw ioError('remove', path, error);
  }
  await syncDirectory(dir);
}
