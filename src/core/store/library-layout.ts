/**
 * Where each file of a library folder lives, and the durable adapter each is read and written through
 * (its schema, format, migrations and the recovery advice its errors give).
 */
import { join } from 'node:path';
import { ScholiaError } from '../../shared/errors';
import { AnnotationJournal } from './annotation-journal';
import { serializeAnnotationsFile } from './annotations-serializer';
import { DurableJsonFile, type DurableWriteHooks } from './durable-json-file';
import {
  AnnotationsFileSchema,
  DocumentFileSchema,
  LibraryFileSchema,
  type AnnotationsFile,
  type DocumentFile,
  type LibraryFile,
} from './file-schemas';
import type { MigrationRegistry } from './migrations';

/** The names of the files and folders inside a library folder. */
export const LIBRARY_LAYOUT = {
  libraryFile: 'library.json',
  documents: 'documents',
  annotations: 'annotations',
  backups: 'backups',
  /** Files of this computer only, one folder per device (`local/<device>/`): the lock, the search index, edit records. */
  local: 'local',
  /** One folder per device (`devices/<device>/`), written only by that device: its change logs. */
  devices: 'devices',
} as const;

/** `local/<device>` in the library `dir`: what only this computer reads and writes. */
export function localFolder(dir: string, deviceId: string): string {
  return join(dir, LIBRARY_LAYOUT.local, deviceId);
}

/** What follows a document's id in the name of its annotation journal. */
export const ANNOTATION_JOURNAL_SUFFIX = '.journal.jsonl';

/** Ids become file names, so only these are accepted as document ids (UUIDs are). */
const FILE_SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

/** How every file of one library is read and written. */
export interface LibraryFileOptions {
  migrations: MigrationRegistry;
  hooks?: DurableWriteHooks | undefined;
}

/**
 * `documents/<id>.json` in the library `dir`, or `documents/<id>.<revision>.json` for a revision of the
 * text. Throws `invalid-input` for an id that is not a safe file name.
 */
export function documentFilePath(dir: string, id: string, revision?: string): string {
  const suffix = revision === undefined ? '' : `.${fileSafeId(revision)}`;
  return join(dir, LIBRARY_LAYOUT.documents, `${fileSafeId(id)}${suffix}.json`);
}

/** `annotations/<id>.json` in the library `dir`. Throws `invalid-input` for an id that is not a safe file name. */
export function annotationsFilePath(dir: string, id: string): string {
  return join(dir, LIBRARY_LAYOUT.annotations, `${fileSafeId(id)}.json`);
}

/**
 * `annotations/<id>.journal.jsonl` in the library `dir`: the changes to the document's annotations
 * since `annotations/<id>.json` was written (see `annotation-journal.ts` for the format). Throws
 * `invalid-input` for an id that is not a safe file name.
 */
export function annotationJournalPath(dir: string, id: string): string {
  return join(dir, LIBRARY_LAYOUT.annotations, `${fileSafeId(id)}${ANNOTATION_JOURNAL_SUFFIX}`);
}

/** The journal of one document's annotations. */
export function annotationJournal(dir: string, id: string, options: LibraryFileOptions): AnnotationJournal {
  return new AnnotationJournal(annotationJournalPath(dir, id), {
    documentId: id,
    migrations: options.migrations,
  });
}

/** The adapter of `library.json`. `onMigrated` is called when a read had to upgrade an older format. */
export function libraryFileAdapter(
  dir: string,
  options: LibraryFileOptions,
  onMigrated: () => void,
  fileName: string = LIBRARY_LAYOUT.libraryFile,
): DurableJsonFile<LibraryFile> {
  return new DurableJsonFile<LibraryFile>(join(dir, fileName), {
    schema: LibraryFileSchema,
    description: 'Scholia library file',
    recovery: `Restore it from a snapshot in ${join(dir, LIBRARY_LAYOUT.backups)} or move it aside, then open the library again.`,
    upgrade: (raw, path) => {
      const current = options.migrations.migrate('library', raw, path);
      if (current !== raw) onMigrated();
      return current;
    },
    ...hooksOf(options),
  });
}

/** The adapter of one document's text file. */
export function documentFileAdapter(
  dir: string,
  id: string,
  options: LibraryFileOptions,
  revision?: string,
): DurableJsonFile<DocumentFile> {
  return new DurableJsonFile(documentFilePath(dir, id, revision), {
    schema: DocumentFileSchema,
    description: 'Scholia document file',
    format: 'compact',
    recovery: 'Restore it from your own backup; until then this document cannot be opened.',
    upgrade: (raw, path) => options.migrations.migrate('document', raw, path),
    ...hooksOf(options),
  });
}

/** The adapter of one document's annotations file. */
export function annotationsFileAdapter(
  dir: string,
  id: string,
  options: LibraryFileOptions,
): DurableJsonFile<AnnotationsFile> {
  return new DurableJsonFile(annotationsFilePath(dir, id), {
    schema: AnnotationsFileSchema,
    description: 'Scholia annotations file',
    serialize: serializeAnnotationsFile,
    recovery:
      'Restore it from your own backup; until then the annotations of this document cannot be shown or changed.',
    upgrade: (raw, path) => options.migrations.migrate('annotations', raw, path),
    ...hooksOf(options),
  });
}

function hooksOf(options: LibraryFileOptions): { hooks?: DurableWriteHooks } {
  return options.hooks === undefined ? {} : { hooks: options.hooks };
}

/** `id` when it can be used in a file name (letters, digits, `-`, `_`); throws `invalid-input` otherwise. */
export function fileSafeId(id: string): string {
  if (!FILE_SAFE_ID.test(id)) {
    throw new ScholiaError('invalid-input', `"${id.slice(0, 100)}" cannot be used as a document id.`);
  }
  return id;
}
