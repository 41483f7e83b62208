/**
 * The data model: documents (with CSL-JSON metadata), annotations (W3C Web Annotation selectors) and tags.
 *
 * Every type here is inferred from a zod schema, so the same definition validates what crosses a
 * process boundary, what is read back from disk, and what the compiler checks.
 */
import { z } from 'zod';
import { SOURCE_FORMATS } from './import-formats';

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
  /** A season (1 spring, 2 summer, 3 autumn, 4 winter, or its name), beside a year: "Spring 2010". */
  season: z.union([z.number().int().min(1).max(4), z.string().max(40)]).optional(),
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

/** File formats Scholia imports (the table of them is `import-formats.ts`). */
export const SourceFormatSchema = z.enum(SOURCE_FORMATS);

/** Where a document came from. */
export const DocumentSourceSchema = z.object({
  /** The imported file's base name, e.g. `ussr-1989.txt`. */
  fileName: z.string(),
  format: SourceFormatSchema,
  /** Size of the original file in bytes. */
  byteLength: z.number().int().nonnegative(),
});
export type DocumentSource = z.infer<typeof DocumentSourceSchema>;

/** How many pages of the original come before its printed page 1 (`DocumentMeta.pageOffset`). */
export const PageOffsetSchema = z.number().int().min(-100_000).max(100_000);

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
  /**
   * How many times the reader has edited the text (`updateDocumentText`); absent until the first edit,
   * which reads as 0. An edit names the revision it was made on, so a stale one is refused.
   */
  textRevision: z.number().int().nonnegative().optional(),
  /**
   * The original file as imported, kept as `originals/<original>` in the library (e.g. `<id>.pdf`), so
   * the document can be imported again later. Absent for documents imported before originals were kept.
   */
  original: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*\.[a-z0-9]{1,10}$/, 'An original is a file name such as "<id>.pdf".')
    .optional(),
  /**
   * A work the reader cites but has no text of, created from a reference file (CSL-JSON, BibTeX, RIS):
   * its text is one empty paragraph and its `source` is the reference file it came from.
   */
  metadataOnly: z.literal(true).optional(),
  /**
   * The metadata was proposed by Scholia from the text's first lines (plain text and Markdown imports)
   * and the reader has not yet confirmed it; saving the details in the metadata editor clears it.
   */
  metadataProposed: z.literal(true).optional(),
  /**
   * How the original's pages are numbered in citations when its own page labels are missing or wrong:
   * printed page 1 is page `pageOffset + 1` of the original (a PDF whose page 13 is printed page 1 has
   * offset 12). Absent: pages are cited by their labels, else their numbers (`shared/pages.ts`).
   */
  pageOffset: PageOffsetSchema.optional(),
});
export type DocumentMeta = z.infer<typeof DocumentMetaSchema>;

/** A document's text revision: `meta.textRevision`, or 0 for a text never edited. */
export function textRevisionOf(meta: Pick<DocumentMeta, 'textRevision'>): number {
  return meta.textRevision ?? 0;
}

/**
 * A document note is Markdown; 1 MB is far more than any summary and keeps a stray paste from
 * bloating library.json.
 */
export const MAX_NOTE_LENGTH = 1_000_000;

/** The reader's note on a document, as `updateDocumentNote` accepts it. */
export const DocumentNoteSchema = z
  .string()
  .max(
    MAX_NOTE_LENGTH,
    'A document note is at most 1,000,000 characters (about 1 MB). Shorten it, or keep the long text in a file of its own.',
  );

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

/**
 * The selectors of an annotation's target: either a passage (as {@link SelectorsSchema}), or a point
 * between two characters, which only a margin note may have: an empty `exact` at a zero-length position,
 * with the text before and after the point as `prefix` and `suffix`. Same shape as {@link Selectors}.
 */
export const TargetSelectorsSchema = z
  .tuple([
    TextQuoteSelectorSchema.extend({ exact: z.string() }),
    z
      .object({
        type: z.literal('TextPositionSelector'),
        start: z.number().int().nonnegative(),
        end: z.number().int().nonnegative(),
      })
      .refine((s) => s.end >= s.start, { message: 'A position selector cannot end before it starts.' }),
  ])
  .refine(([quote, position]) => (quote.exact === '') === (position.start === position.end), {
    message: 'A quote is empty exactly when its position is a point (start equal to end).',
  });

/** Whether `selectors` mark a point (a margin note between two characters) rather than a passage. */
export function isPointTarget(selectors: Selectors): boolean {
  return selectors[1].start === selectors[1].end;
}

/**
 * Why an annotation was made, after the W3C Web Annotation motivations: a `highlighting` marks a
 * passage (and may carry a comment and tags); a `commenting` is a margin note, on a passage or at a point.
 */
export const MOTIVATIONS = ['highlighting', 'commenting'] as const;
export const MotivationSchema = z.enum(MOTIVATIONS);
export type Motivation = z.infer<typeof MotivationSchema>;

/** The eight highlight colours. The reader can say what each one means (settings). */
export const HIGHLIGHT_COLORS = ['yellow', 'green', 'blue', 'pink', 'purple', 'orange', 'red', 'grey'] as const;
export const HighlightColorSchema = z.enum(HIGHLIGHT_COLORS);
export type HighlightColor = z.infer<typeof HighlightColorSchema>;

/** Comments are Markdown; 1 MB is far more than any comment and keeps a stray paste from bloating files. */
export const MAX_COMMENT_LENGTH = 1_000_000;

/** An annotation's comment, in Markdown. */
export const CommentSchema = z
  .string()
  .max(
    MAX_COMMENT_LENGTH,
    'A comment is at most 1,000,000 characters (about 1 MB). Shorten it, or split it over several notes.',
  );

/** At most this many tags on one annotation, as the API accepts them. */
export const MAX_TAGS_PER_ANNOTATION = 1000;

/** Who made a change and on which computer: the device's id and the reader's name there. */
export const ChangeAuthorSchema = z.object({
  deviceId: z.string().max(64),
  reader: z.string().max(200).optional(),
});
export type ChangeAuthor = z.infer<typeof ChangeAuthorSchema>;

/**
 * A highlight or a margin note on one document, with optional comment and tags.
 *
 * Annotations saved before margin notes existed have no `motivation` and read as highlights; a
 * highlight always has a passage, only a margin note may sit at a point. `orphanedAt` marks an
 * annotation whose passage an edit of the text deleted entirely: it keeps its old selectors (so its
 * quote), is listed as orphaned and is not placed in the text until it is given new selectors.
 */
export const AnnotationSchema = z
  .object({
    id: IdSchema,
    documentId: IdSchema,
    selectors: TargetSelectorsSchema,
    motivation: MotivationSchema.optional(),
    color: HighlightColorSchema,
    // No upper bound here: the API bounds new tags, and a stored annotation must never become unreadable.
    tagIds: z.array(IdSchema),
    /** Markdown. */
    comment: CommentSchema,
    createdAt: TimestampSchema,
    modifiedAt: TimestampSchema,
    orphanedAt: TimestampSchema.optional(),
    /** Who made the annotation, on which computer (worked out from the library's change logs, never stored). */
    createdBy: ChangeAuthorSchema.optional(),
    /** Who changed it last, on which computer. */
    modifiedBy: ChangeAuthorSchema.optional(),
  })
  .refine((annotation) => annotation.motivation === 'commenting' || !isPointTarget(annotation.selectors), {
    message: 'A highlight needs a passage: only a margin note (motivation "commenting") can sit at a point.',
    path: ['selectors'],
  });
export type Annotation = z.infer<typeof AnnotationSchema>;

/** An annotation's motivation: `highlighting` for annotations saved before margin notes existed. */
export function motivationOf(annotation: Pick<Annotation, 'motivation'>): Motivation {
  return annotation.motivation ?? 'highlighting';
}

/** A code in the reader's codebook; `parentId` makes the codebook a tree. */
export const TagSchema = z.object({
  id: IdSchema,
  name: z.string().min(1).max(200),
  parentId: IdSchema.nullable(),
  color: z.string().max(50).nullable(),
  description: z.string().max(10_000),
});
export type Tag = z.infer<typeof TagSchema>;

/** A tag's name as the reader types it: trimmed, 1–200 characters, unique among its siblings (ignoring case). */
export const TagNameSchema = z
  .string()
  .trim()
  .min(1, 'A tag needs a name.')
  .max(200, 'A tag name is at most 200 characters.');

/** A tag's colour: one of the highlight colours, or a hex colour such as `#1f77b4`. */
export const TagColorSchema = z
  .string()
  .refine((color) => (HIGHLIGHT_COLORS as readonly string[]).includes(color) || /^#[0-9a-fA-F]{6}$/.test(color), {
    message:
      'A tag colour is a highlight colour (yellow, green, blue, pink, purple, orange, red, grey) or a hex colour such as #1f77b4.',
  });

/** A tag's description (Markdown). */
export const TagDescriptionSchema = z.string().max(10_000, 'A tag description is at most 10,000 characters.');

/** A tag as the codebook lists it: with the number of annotations that carry it. */
export interface TagSummary extends Tag {
  /** How many annotations, across the library, carry this tag (not counting its sub-tags). */
  passageCount: number;
}

/** What deleting a tag would do, so the reader can be told before it happens. Passages are never deleted. */
export interface TagDeletionImpact {
  /** Annotations that carry the tag; they lose it. */
  passages: number;
  /** The tag's direct sub-tags: moved up to its parent, or deleted with it. */
  children: number;
  /** All tags below it, its children included. */
  descendants: number;
  /** Annotations that carry the tag or any tag below it: what loses a tag when the sub-tags are deleted too. */
  passagesWithDescendants: number;
}

/**
 * Everything needed to undo a tag merge or deletion (what `mergeTags` and `deleteTag` return and
 * `restoreTags` accepts): each tag the operation removed or changed, as it was and where it stood in
 * the codebook, and each annotation whose tags it changed, with its tag ids and modified time before.
 */
export const TagUndoSchema = z.object({
  tags: z.array(z.object({ tag: TagSchema, index: z.number().int().nonnegative() })).max(100_000),
  annotations: z
    .array(
      z.object({
        documentId: IdSchema,
        annotationId: IdSchema,
        tagIds: z.array(IdSchema).max(MAX_TAGS_PER_ANNOTATION),
        modifiedAt: TimestampSchema,
      }),
    )
    .max(1_000_000),
});
export type TagUndo = z.infer<typeof TagUndoSchema>;

/** What the reader says a highlight colour means, e.g. "key claim"; empty for no stated meaning. */
export const ColorLabelSchema = z.string().trim().max(100, 'A colour’s meaning is at most 100 characters.');

/** The reader's preferences kept with the library. */
export interface Settings {
  /** What each highlight colour means. */
  colorLabels: Record<HighlightColor, string>;
}

/** The colour meanings of a new library. */
export const DEFAULT_COLOR_LABELS: Readonly<Record<HighlightColor, string>> = {
  yellow: 'Highlight',
  green: 'Evidence',
  blue: 'Definition',
  pink: 'Question',
  purple: 'Concept',
  orange: 'Key claim',
  red: 'Disagree',
  grey: 'Aside',
};

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

/** A document after an edit of its text: the new metadata (word count, text revision) and every annotation. */
export interface EditedDocument {
  meta: DocumentMeta;
  /** All the document's annotations in text order, orphaned ones included. */
  annotations: Annotation[];
}

/** What happened to one file of an import. */
export type ImportOutcome =
  | {
      status: 'imported';
      name: string;
      document: DocumentMeta;
      /** How many annotations embedded in the file (a PDF's highlights and notes) were brought in. */
      annotations?: number;
      /** How many embedded annotations could not be placed (malformed, or over no text: a scanned page). */
      annotationsNotPlaced?: number;
    }
  | { status: 'failed'; name: string; error: import('./errors').ApiError }
  /** A REFI-QDA project or codebook: what it brought in (documents, tags, passages, notes). */
  | { status: 'qda'; name: string; report: import('./qda-import').QdaImportReport }
  /** The same content is already in the library (`document`); nothing was imported (`onDuplicate: 'skip'`). */
  | { status: 'duplicate'; name: string; document: DocumentMeta }
  /** The batch was cancelled before this file was stored. */
  | { status: 'cancelled'; name: string }
  /** A reference file (CSL-JSON, BibTeX, RIS): what became of each entry. */
  | { status: 'references'; name: string; entries: ReferenceEntryOutcome[] }
  /**
   * An annotation file (W3C Web Annotation JSON-LD, a Hypothesis export): what became of each of its
   * annotations, and (`detected`) what Scholia took the file for, in words.
   */
  | {
      status: 'annotations';
      name: string;
      detected: string;
      report: import('./export-options').AnnotationImportReport;
    };

/** What became of one entry of a reference file. */
export interface ReferenceEntryOutcome {
  /** The entry's title (or its key when it has none, or "entry at line N"). */
  title: string;
  /**
   * `matched`: it describes `documentId` (whose metadata it has set, or, when the reader had confirmed
   * the document's details, would set: `proposal`); `created`: a new metadata-only entry `documentId`;
   * `failed`: the entry could not be used (`message` says why).
   */
  action: 'matched' | 'created' | 'failed';
  /** How it was matched: by DOI, ISBN or normalised title. */
  matchedBy?: 'DOI' | 'ISBN' | 'title';
  documentId?: string;
  message?: string;
  /** The line of the file the entry starts on, counted from 1. */
  line?: number;
  /**
   * For a match with a document whose details the reader confirmed: what the entry would change, not
   * applied (`applyReferenceProposals` applies it). Absent when the entry changes nothing, or the
   * document's details were Scholia's proposal and the entry has set them.
   */
  proposal?: ReferenceProposal;
}

/**
 * What a reference entry would change in a document whose details the reader confirmed, field by
 * field, as of the document's `modifiedAt` (applying it refuses a document changed since).
 */
export interface ReferenceProposal {
  documentId: string;
  modifiedAt: string;
  changes: ReferenceFieldChange[];
}

/** One CSL field a reference entry would change: its value in the document (absent: none) and the entry's. */
export interface ReferenceFieldChange {
  field: string;
  before?: unknown;
  after: unknown;
}

/** The result of importing one or more files: one outcome per file, in the order given. */
export interface ImportReport {
  outcomes: ImportOutcome[];
}

/** The title a reader sees for a document, with a placeholder for one that has none. */
export function displayTitle(meta: Pick<DocumentMeta, 'csl' | 'source'>): string {
  const title = meta.csl.title?.trim();
  return title !== undefined && title !== '' ? title : `Untitled (${meta.source.fileName})`;
}
