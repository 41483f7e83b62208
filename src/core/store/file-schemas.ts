/**
 * What each file of a library holds, as zod schemas: what is read back from disk is validated
 * against these before Scholia uses it.
 */
import { z } from 'zod';
import { ScholiaError } from '../../shared/errors';
import {
  AnnotationSchema,
  DocumentMetaSchema,
  IdSchema,
  TagSchema,
  TimestampSchema,
} from '../../shared/model';
import type { DocJSON } from '../../shared/schema';
import { CURRENT_SCHEMA_VERSION } from './migrations';

const SchemaVersion = z.literal(CURRENT_SCHEMA_VERSION);

/**
 * A document's ProseMirror JSON at the level the store checks it: a `doc` node with content. The
 * node tree itself is checked against `documentSchema` where the text is used.
 */
export const DocJsonSchema: z.ZodType<DocJSON> = z.object({
  type: z.literal('doc'),
  content: z.array(z.unknown()),
});

/** `library.json`: every document's metadata, the codebook, collections and settings. */
export const LibraryFileSchema = z.object({
  schemaVersion: SchemaVersion,
  documents: z.array(DocumentMetaSchema),
  tags: z.array(TagSchema),
  // Reading lists (`Collection` in shared/export-options.ts); absent in a hand-made file means none.
  collections: z.array(z.unknown()).default([]),
  // Links between passages and the relations they use (shared/links.ts); absent means none.
  links: z.array(z.unknown()).default([]),
  relations: z.array(z.unknown()).default([]),
  settings: z.record(z.string(), z.unknown()),
});
/** The content of `library.json`. */
export type LibraryFile = z.infer<typeof LibraryFileSchema>;

/** `documents/<id>.json`: one document's text. */
export const DocumentFileSchema = z.object({
  schemaVersion: SchemaVersion,
  documentId: IdSchema,
  doc: DocJsonSchema,
});
/** The content of `documents/<id>.json`. */
export type DocumentFile = z.infer<typeof DocumentFileSchema>;

/** `annotations/<id>.json`: one document's annotations. */
export const AnnotationsFileSchema = z.object({
  schemaVersion: SchemaVersion,
  documentId: IdSchema,
  annotations: z.array(AnnotationSchema),
});
/** The content of `annotations/<id>.json`. */
export type AnnotationsFile = z.infer<typeof AnnotationsFileSchema>;

/**
 * `documents/<id>.edit.json`: an edit of a document's text while it is being saved, holding all it
 * changes (see `text-edit-log.ts`): the new text, every annotation with its new selectors, and the
 * metadata fields the edit sets.
 */
export const TextEditFileSchema = z.object({
  schemaVersion: SchemaVersion,
  documentId: IdSchema,
  doc: DocJsonSchema,
  annotations: z.array(AnnotationSchema),
  meta: z.object({
    textRevision: z.number().int().nonnegative(),
    wordCount: z.number().int().nonnegative(),
    modifiedAt: TimestampSchema,
  }),
  /** The revision of the text the edit makes, and those it was made from. */
  revision: z.object({ id: IdSchema, parents: z.array(IdSchema) }).optional(),
});
/** The content of `documents/<id>.edit.json`. */
export type TextEditFile = z.infer<typeof TextEditFileSchema>;

/** The content of a new, empty library. */
export function emptyLibraryFile(): LibraryFile {
  return {
    schemaVersion: CURRENT_SCHEMA_VERSION,
    documents: [],
    tags: [],
    collections: [],
    links: [],
    relations: [],
    settings: {},
  };
}

/**
 * Throws `library-corrupt` when the file read from `path` (a document's text or annotations) names
 * another document than `id`, the one it was read for.
 */
export function checkBelongs(file: { documentId: string }, id: string, path: string): void {
  if (file.documentId === id) return;
  throw new ScholiaError(
    'library-corrupt',
    `${path} belongs to document "${file.documentId}", not "${id}". Scholia has not changed it. Restore it from your own backup.`,
    { path },
  );
}
