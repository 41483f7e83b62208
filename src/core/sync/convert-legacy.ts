/**
 * Converting a library from the layout before folder sync (one `library.json`, one snapshot and
 * journal per document's annotations, `.lock` and the search index beside them) into change logs.
 *
 * The conversion is one pass that can be interrupted at any moment and run again: every change it
 * writes has a stamp worked out from the legacy content itself (the time a document or annotation
 * was added and last changed, the file's modification time for the codebook), so running it twice
 * appends the same changes twice, which merging takes as once. The steps:
 *
 * 1. Every legacy file is copied into `backups/before-sync-<time>/` (a copy that already exists is kept).
 * 2. An edit of a text that a crash left unfinished (`documents/<id>.edit.json`) is taken as done.
 * 3. Each document's annotations are appended to this device's annotation log of it.
 * 4. The library's documents, codebook, reading lists and settings are appended to its library log.
 * 5. The legacy files are removed, `library.json` last: until it is gone, opening converts again.
 *
 * The same conversion folds in a conflict copy of `library.json` that a sync engine made from two
 * computers using the old layout: its changes are stamped with the times they carry, so the later
 * version of each field wins.
 */
import { copyFile, mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { CollectionSchema } from '../../shared/export-options';
import type { Annotation } from '../../shared/model';
import type { DocJSON } from '../../shared/schema';
import { readLegacyAnnotations } from '../store/annotation-journal';
import { DurableJsonFile } from '../store/durable-json-file';
import { TextEditFileSchema, type LibraryFile, type TextEditFile } from '../store/file-schemas';
import { errnoCode, ioError } from '../store/fs-errors';
import {
  annotationJournal,
  annotationsFileAdapter,
  LIBRARY_LAYOUT,
  libraryFileAdapter,
  type LibraryFileOptions,
} from '../store/library-layout';
import {
  collectionKey,
  documentKey,
  encodeAnnotation,
  encodeCollection,
  encodeDocument,
  encodeTag,
  SETTINGS_KEY,
  tagKey,
} from './entity-codecs';
import { stampOf } from './hlc';
import type { LogEntry } from './replica';

/** What converting a legacy library gives: changes for the library log and for each document's annotation log. */
export interface LegacyChanges {
  library: LogEntry[];
  annotations: Map<string, LogEntry[]>;
  /** Texts of unfinished edits, to be written as the documents' texts. */
  texts: Map<string, DocJSON>;
  /** How much was converted, for the message the reader is shown. */
  counts: { documents: number; annotations: number; tags: number };
}

/** The folder of the legacy annotation files. */
const LEGACY_ANNOTATIONS = LIBRARY_LAYOUT.annotations;
const TEXT_EDIT_SUFFIX = '.edit.json';

/**
 * The changes that rebuild legacy library file `file` (read and migrated already) as changes by
 * `device`: each document, tag, reading list and setting, with its annotations read from the legacy
 * annotation files in `root` (unless `withAnnotations` is false), and any unfinished edit of a text applied. `fileTimeMs` stamps what carries
 * no time of its own (the codebook, reading lists and settings).
 */
export async function legacyChanges(
  root: string,
  file: LibraryFile,
  options: {
    device: string;
    by: string;
    fileTimeMs: number;
    fileOptions: LibraryFileOptions;
    withAnnotations?: boolean;
  },
): Promise<LegacyChanges> {
  const { device, by } = options;
  const entry = (ms: number, counter: number, k: string, s: Record<string, unknown>): LogEntry => ({
    h: stampOf(Math.max(0, ms), counter),
    d: device,
    by,
    k,
    s,
  });
  const edits = await legacyTextEdits(root, options.fileOptions);
  const library: LogEntry[] = [];
  const annotations = new Map<string, LogEntry[]>();
  let annotationCount = 0;
  for (const [index, legacyMeta] of file.documents.entries()) {
    const edit = edits.get(legacyMeta.id);
    const meta = edit === undefined ? legacyMeta : { ...legacyMeta, ...edit.meta };
    const added = Date.parse(meta.addedAt);
    // One change at the time the document was added sets its order; one at its last change holds it all.
    library.push(entry(added, index, documentKey(meta.id), { addedAt: meta.addedAt }));
    library.push(
      entry(Math.max(added, Date.parse(meta.modifiedAt)), index, documentKey(meta.id), encodeDocument(meta)),
    );
    const list =
      edit?.annotations ??
      (options.withAnnotations === false ? [] : await legacyAnnotations(root, meta.id, options.fileOptions));
    const changes: LogEntry[] = [];
    for (const [position, annotation] of list.entries()) {
      const created = Date.parse(annotation.createdAt);
      changes.push(entry(created, position, annotation.id, { createdAt: annotation.createdAt }));
      changes.push(
        entry(
          Math.max(created, Date.parse(annotation.modifiedAt)),
          position,
          annotation.id,
          encodeAnnotation(annotation),
        ),
      );
    }
    annotationCount += list.length;
    if (changes.length > 0) annotations.set(meta.id, changes);
  }
  const base = Math.floor(options.fileTimeMs);
  for (const [index, tag] of file.tags.entries())
    library.push(entry(base, index, tagKey(tag.id), encodeTag(tag)));
  for (const [index, raw] of file.collections.entries()) {
    const parsed = CollectionSchema.safeParse(raw);
    if (parsed.success)
      library.push(
        entry(base, file.tags.length + index, collectionKey(parsed.data.id), encodeCollection(parsed.data)),
      );
  }
  if (Object.keys(file.settings).length > 0) library.push(entry(base, 0, SETTINGS_KEY, { ...file.settings }));
  const texts = new Map([...edits].map(([id, record]) => [id, record.doc]));
  return {
    library,
    annotations,
    texts,
    counts: { documents: file.documents.length, annotations: annotationCount, tags: file.tags.length },
  };
}

/** Reads `library.json` at `path` (migrated to the current format), or `null` when there is none. Throws `library-corrupt` for a damaged one. */
export async function readLegacyLibrary(
  root: string,
  fileOptions: LibraryFileOptions,
  name: string = LIBRARY_LAYOUT.libraryFile,
): Promise<{ file: LibraryFile; mtimeMs: number } | null> {
  const file = await libraryFileAdapter(root, fileOptions, () => undefined, name).read();
  if (file === null) return null;
  return { file, mtimeMs: (await stat(join(root, name))).mtimeMs };
}

/** Copies every legacy file into `backups/before-sync-<time>/`. Resolves to the folder. */
export async function backUpLegacyFiles(root: string, when: Date): Promise<string> {
  const folder = join(
    root,
    LIBRARY_LAYOUT.backups,
    `before-sync-${when.toISOString().replace(/[:.]/g, '-')}`,
  );
  const copy = async (relative: string) => {
    const target = join(folder, relative);
    await mkdir(join(target, '..'), { recursive: true });
    try {
      await copyFile(join(root, relative), target);
    } catch (error) {
      if (errnoCode(error) !== 'ENOENT') throw ioError('back up', join(root, relative), error);
    }
  };
  await copy(LIBRARY_LAYOUT.libraryFile);
  for (const name of await namesIn(join(root, LEGACY_ANNOTATIONS)))
    await copy(join(LEGACY_ANNOTATIONS, name));
  for (const name of await namesIn(join(root, LIBRARY_LAYOUT.documents))) {
    if (name.endsWith(TEXT_EDIT_SUFFIX)) await copy(join(LIBRARY_LAYOUT.documents, name));
  }
  return folder;
}

/**
 * Removes the legacy files once their changes are in the logs: the annotation files, the edit records,
 * the old lock and search index when they are no process's, and `library.json` last.
 */
export async function removeLegacyFiles(root: string): Promise<void> {
  const remove = (path: string) =>
    rm(path, { force: true, recursive: true }).catch((error: unknown) => {
      throw ioError('remove', path, error);
    });
  await remove(join(root, LEGACY_ANNOTATIONS));
  for (const name of await namesIn(join(root, LIBRARY_LAYOUT.documents))) {
    if (name.endsWith(TEXT_EDIT_SUFFIX)) await remove(join(root, LIBRARY_LAYOUT.documents, name));
  }
  await remove(join(root, 'search'));
  await remove(join(root, LIBRARY_LAYOUT.libraryFile));
}

async function legacyAnnotations(
  root: string,
  id: string,
  fileOptions: LibraryFileOptions,
): Promise<readonly Annotation[]> {
  return readLegacyAnnotations(id, {
    snapshot: annotationsFileAdapter(root, id, fileOptions),
    journal: annotationJournal(root, id, fileOptions),
  });
}

async function legacyTextEdits(
  root: string,
  fileOptions: LibraryFileOptions,
): Promise<Map<string, TextEditFile>> {
  const edits = new Map<string, TextEditFile>();
  const folder = join(root, LIBRARY_LAYOUT.documents);
  for (const name of await namesIn(folder)) {
    if (!name.endsWith(TEXT_EDIT_SUFFIX)) continue;
    const record = await new DurableJsonFile(join(folder, name), {
      schema: TextEditFileSchema,
      description: 'record of an unfinished edit of a text',
      recovery:
        'Move it out of the folder to open the library without this edit: the text and its highlights stay as they were before it.',
      upgrade: (raw, path) => fileOptions.migrations.migrate('text-edit', raw, path),
    }).read();
    if (record !== null) edits.set(record.documentId, record);
  }
  return edits;
}

async function namesIn(folder: string): Promise<string[]> {
  try {
    return await readdir(folder);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return [];
    throw ioError('list the folder', folder, error);
  }
}
