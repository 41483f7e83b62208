/**
 * The data model: documents (with CSL-JSON metadata), annotations (W3C Web Annotation selectors) and tags.
 *
 * Every type here is inferred from a zod schema, so the same definition validates what crosses a
 * process boundary, what is read back from disk, and what the compiler checks.
 */
import { z } from 'zod';

/** An opaque identifier (a UUID when Scholia makes it; imported ids are kept as they are). */
export const IdSchema = z.string().min(1, 'An id cannot be empty.').max(200, 'An id is at most 200 characters.');

/** An ISO 8601 timestamp such as `2026-11-23T16:30:00.000Z`. */
export const TimestampSchema = z.iso.datetime({ offset: true });

/** A CSL-JSON name: a person (`family`, `given`) or an organisation (`literal`). */
export const CslNameSchema = z.object({
  family: z.string().optional(),
  given: z.string().optional(),
  literal: z.string().optional(),
  'dropping-particle': z.string().optional(),
  'non-dropping-particle': z.string().optional(),
  suffix: z.string().optional(),
});
export type CslName = z.infer<typeof CslNameSchema>;

/** A CSL-JSON date: `date-parts` such as `[[2009, 11, 18]]`, or a `raw`/`literal` string. */
export const CslDateSchema = z.object({
  'date-parts': z.array(z.array(z.union([z.number().int(), z.string()])).min(1).max(3)).min(1).max(2).optional(),
  raw: z.string().optional(),
  literal: z.string().optional(),
  circa: z.union([z.boolean(), z.string(), z.number()]).optional(),
});
export type CslDate = z.infer<typeof CslDateSchema>;

/** CSL item types Scholia offers in its editor; any other CSL type string is kept as it is. */
export const CSL_TYPES = [
  'article',
  'article-journal',
  'article-magazine',
  'article-newspaper',
  'book',
  'chapter',
  'paper-conference',
  'report',
  'thesis',
  'webpage',
  'post-weblog',
  'manuscript',
  'document',
] as const;

const cslText = z.string().max(10_000);

/**
 * Bibliographic metadata as a CSL-JSON item. Known fields are typed; unknown CSL fields that
 * arrive from a reference manager are kept (`loose`), so nothing the reader imported is dropped.
 */
export const CslItemSchema = z.looseObject({
  id: z.string(),
  type: z.string().min(1),
  title: cslText.optional(),
  'title-short': cslText.optional(),
  author: z.array(CslNameSchema).optional(),
  editor: z.array(CslNameSchema).optional(),
  translator: z.array(CslNameSchema).optional(),
  issued: CslDateSchema.optional(),
  accessed: CslDateSchema.optional(),
  'container-title': cslText.optional(),
  'collection-title': cslText.optional(),
  publisher: cslText.optional(),
  'publisher-place': cslText.optional(),
  edition: z.union([cslText, z.number()]).optional(),
  volume: z.union([cslText, z.number()]).optional(),
  issue: z.union([cslText, z.number()]).optional(),
  page: cslText.optional(),
  URL: cslText.optional(),
  DOI: cslText.optional(),
  ISBN: cslText.optional(),
  ISSN: cslText.optional(),
  language: cslText.optional(),
  abstract: z.string().max(100_000).optional(),
  note: z.string().max(100_000).optional(),
});
export type CslItem = z.infer<typeof CslItemSchema>;

/** CSL-JSON metadata before the item has an id (an importer's proposal). */
export const CslDraftSchema = CslItemSchema.omit({ id: true });
export type CslDraft = z.infer<typeof CslDraftSchema>;

/** File formats Scholia imports. */
export const SOURCE_FORMATS = ['txt', 'md'] as const;
export const SourceFormatSchema = z.enum(SOURCE_FORMATS);
export type SourceFormat = z.infer<typeof SourceFormatSchema>;

/** Where a document came from. */
export const DocumentSourceSchema = z.object({
  /** The imported file's base name, e.g. `ussr-1989.txt`. */
  fileName: z.string(),
  format: SourceFormatSchema,
  /** Size of the original file in bytes. */
  byteLength: z.number().int().nonnegative(),
});
export type DocumentSource = z.infer<typeof DocumentSourceSchema>;

/** A document's metadata as kept in `library.json`; its text lives in `documents/<id>.json`. */
export const DocumentMetaSchema = z.object({
  id: IdSchema,
  csl: CslItemSchema,
  /** The reader's summary and assessment of the source, in Markdown. */
  note: z.string(),
  source: DocumentSourceSchema,
  /** SHA-256 (hex) of the original file's bytes; finds a second import of the same file. */
  contentHash: z.string().regex(/^[0-9a-f]{64}$/),
  wordCount: z.number().int().nonnegative(),
  addedAt: TimestampSchema,
  modifiedAt: TimestampSchema,
});
export type DocumentMeta = z.infer<typeof DocumentMetaSchema>;

/** A passage identified by its exact text and the text around it (W3C `TextQuoteSelector`). */
export const TextQuoteSelectorSchema = z.object({
  type: z.literal('TextQuoteSelector'),
  exact: z.string().min(1, 'A quote cannot be empty.'),
  prefix: z.string(),
  suffix: z.string(),
});
export type TextQuoteSelector = z.infer<typeof TextQuoteSelectorSchema>;

/** A passage identified by character offsets into the plain-text projection (W3C `TextPositionSelector`). */
export const TextPositionSelectorSchema = z
  .object({
    type: z.literal('TextPositionSelector'),
    start: z.number().int().nonnegative(),
    end: z.number().int().nonnegative(),
  })
  .refine((s) => s.end > s.start, { message: 'A position selector must end after it starts.' });
export type TextPositionSelector = z.infer<typeof TextPositionSelectorSchema>;

/** The two selectors every annotation carries, quote first. Positions are never ProseMirror positions. */
export const SelectorsSchema = z.tuple([TextQuoteSelectorSchema, TextPositionSelectorSchema]);
export type Selectors = z.infer<typeof SelectorsSchema>;

/** The eight highlight colours. The reader can say what each one means (settings). */
export const HIGHLIGHT_COLORS = ['yellow', 'green', 'blue', 'pink', 'purple', 'orange', 'red', 'grey'] as const;
export const HighlightColorSchema = z.enum(HIGHLIGHT_COLORS);
export type HighlightColor = z.infer<typeof HighlightColorSchema>;

/** Comments are Markdown; 1 MB is far more than any comment and keeps a stray paste from bloating files. */
export const MAX_COMMENT_LENGTH = 1_000_000;

/** A highlight (with optional comment and tags) on a passage of one document. */
export const AnnotationSchema = z.object({
  id: IdSchema,
  documentId: IdSchema,
  selectors: SelectorsSchema,
  color: HighlightColorSchema,
  tagIds: z.array(IdSchema),
  /** Markdown. */
  comment: z.string().max(MAX_COMMENT_LENGTH),
  createdAt: TimestampSchema,
  modifiedAt: TimestampSchema,
});
export type Annotation = z.infer<typeof AnnotationSchema>;

/** A code in the reader's codebook; `parentId` makes the codebook a tree. */
export const TagSchema = z.object({
  id: IdSchema,
  name: z.string().min(1).max(200),
  parentId: IdSchema.nullable(),
  color: z.string().max(50).nullable(),
  description: z.string().max(10_000),
});
export type Tag = z.infer<typeof TagSchema>;

/** Facts about the open library, for the UI's status line and the CLI. */
export interface LibraryInfo {
  /** Absolute path of the library folder. */
  path: string;
  schemaVersion: number;
  documentCount: number;
}

/** A document with its text, as the reader opens it. */
export interface OpenedDocument {
  meta: DocumentMeta;
  /** The ProseMirror JSON of the text (`documentSchema`). */
  doc: import('./schema').DocJSON;
}

/** What happened to one file of an import. */
export type ImportOutcome =
  | { status: 'imported'; name: string; document: DocumentMeta }
  | { status: 'failed'; name: string; error: import('./errors').ApiError };

/** The result of importing one or more files: one outcome per file, in the order given. */
export interface ImportReport {
  outcomes: ImportOutcome[];
}

/** The title a reader sees for a document, with a placeholder for one that has none. */
export function displayTitle(meta: Pick<DocumentMeta, 'csl' | 'source'>): string {
  const title = meta.csl.title?.trim();
  return title !== undefined && title !== '' ? title : `Untitled (${meta.source.fileName})`;
}
