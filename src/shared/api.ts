/**
 * The API contract: every operation the UI (and the CLI) performs on a library.
 *
 * `apiMethods` is the runtime half: for each method, the zod schema of its single argument object.
 * `ApiReturns` is the type half: what each method resolves to. `core` implements {@link ScholiaService};
 * transports (Electron IPC, the browser-mode HTTP server) are generic over these two tables, validate
 * every argument with {@link parseApiArgs} and carry results as {@link Result}s.
 */
import { z } from 'zod';
import {
  AnnotationSchema,
  ColorLabelSchema,
  CommentSchema,
  CslDraftSchema,
  DocumentNoteSchema,
  HighlightColorSchema,
  IdSchema,
  isPointTarget,
  MAX_TAGS_PER_ANNOTATION,
  MotivationSchema,
  PageOffsetSchema,
  TagColorSchema,
  TagDescriptionSchema,
  TagNameSchema,
  TagUndoSchema,
  TargetSelectorsSchema,
  TimestampSchema,
  type Annotation,
  type DocumentMeta,
  type EditedDocument,
  type ImportReport,
  type LibraryInfo,
  type OpenedDocument,
  type Settings,
  type Tag,
  type TagDeletionImpact,
  type TagSummary,
  type TagUndo,
} from './model';
import type { LibraryHealth } from './library-health';
import {
  LinkCommentSchema,
  PassageLinkSchema,
  PassageRefSchema,
  RelationNameSchema,
  type LinkRelation,
  type LinkView,
  type PassageLink,
} from './links';
import type { DocJSON } from './schema';
import {
  CollectionNameSchema,
  ExportOptionsSchema,
  type AnnotationImportReport,
  type CitationStyleInfo,
  type Collection,
  type ExportPreview,
  type ExportSummary,
} from './export-options';
import type {
  AnnotateOccurrencesReport,
  AnnotationSearchResult,
  ConcordanceResult,
  CorpusSearchResult,
  ReadingStatistics,
  SearchIndexProgress,
} from './find';
import { API_EVENT_NAMES, API_METHOD_NAMES, type ApiEventNameLiteral, type ApiMethodName } from './api-names';
import { ScholiaError } from './errors';
import {
  ConflictChoiceSchema,
  DeviceNameSchema,
  type DeviceInfo,
  type LibraryDevice,
  type LibraryNotice,
  type TextConflicts,
} from './sync';

/** Files larger than this are refused by `importFiles`; see README "Limits". */
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;

/**
 * One file to import: a path on the machine running core, or the file's bytes (browser uploads). A path
 * is read only if the reader chose it (or a folder holding it) in this session; any other is refused
 * with `not-allowed` (see core/service/path-grants.ts).
 */
export const ImportSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('path'), path: z.string().min(1).max(4096) }),
  z.object({
    kind: z.literal('bytes'),
    name: z.string().min(1).max(1024),
    bytes: z.instanceof(Uint8Array),
  }),
]);
export type ImportSource = z.infer<typeof ImportSourceSchema>;

const DocumentIdArgs = z.object({ documentId: IdSchema });

/**
 * No argument nests arrays and objects deeper than this. A text's node tree is the deepest thing the
 * API takes (an imported text nests at most 512 elements, about 1,030 levels of JSON); what core stores
 * must stay far enough within this that it can be written, read back and sent again.
 */
export const MAX_ARGUMENT_DEPTH = 1_200;

/**
 * CSL-JSON nests a few levels (an item, its names or dates, their parts); the extra fields of a
 * reference manager little more.
 */
const MAX_CSL_DEPTH = 16;

/**
 * Whether `value` nests arrays and objects more than `limit` levels deep (the value itself is level 1).
 * Walks without recursion, so it cannot itself run out of stack on what it judges; byte arrays count as
 * values.
 */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  const pending: { item: unknown; depth: number }[] = [{ item: value, depth: 1 }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { item, depth } = next;
    if (item === null || typeof item !== 'object' || ArrayBuffer.isView(item)) continue;
    if (depth > limit) return true;
    for (const inner of Array.isArray(item) ? (item as unknown[]) : Object.values(item))
      if (inner !== null && typeof inner === 'object') pending.push({ item: inner, depth: depth + 1 });
  }
  return false;
}

/** The most names (authors, editors, …) or other entries one field of an item's metadata may list. */
const MAX_CSL_LIST = 10_000;

/**
 * A document's metadata as a call gives it: CSL-JSON, nested no deeper than CSL-JSON is, and with lists
 * of a length citeproc formats in moments (the longest author lists of real papers run to a few thousand).
 */
export const CslDraftArgSchema = CslDraftSchema.refine((csl) => !nestsDeeperThan(csl, MAX_CSL_DEPTH), {
  message: `Metadata nests more than ${String(MAX_CSL_DEPTH)} levels deep, which CSL-JSON never does. Check the reference it came from.`,
}).refine(
  (csl) => Object.values(csl).every((value) => !Array.isArray(value) || value.length <= MAX_CSL_LIST),
  {
    message: `A field of the metadata lists more than ${MAX_CSL_LIST.toLocaleString('en')} names or entries. Check the reference it came from.`,
  },
);

/**
 * A document's text as an edit sends it: a `doc` node with content. The node tree itself is checked
 * against `documentSchema` by core, which refuses a text that does not fit it.
 */
export const DocJsonArgSchema: z.ZodType<DocJSON, DocJSON> = z.object({
  type: z.literal('doc'),
  content: z.array(z.unknown()).max(10_000_000),
});

const TagIdsSchema = z.array(IdSchema).max(MAX_TAGS_PER_ANNOTATION);

/** The name of a CSL field a reference proposal sets: a CSL variable's name, never the item's `id`. */
const CslFieldNameSchema = z
  .string()
  .regex(
    /^[A-Za-z][A-Za-z0-9_-]{0,99}$/,
    'A field is named by a CSL variable, such as "title" or "container-title".',
  )
  .refine((field) => field !== 'id', { message: 'A document’s id is not a field a proposal can change.' });

/**
 * One document's part of a reference proposal as `applyReferenceProposals` takes it: the
 * `modifiedAt` the document had when proposed, and each CSL field to set to `value` (a change without
 * `value` removes the field). A `ReferenceProposal` of an import report gives it with each change's
 * `after` as `value`; what `applyReferenceProposals` returns as `previous` gives it back for an undo.
 */
export const ReferenceProposalArgSchema = z.object({
  documentId: IdSchema,
  modifiedAt: TimestampSchema,
  changes: z
    .array(z.object({ field: CslFieldNameSchema, value: z.unknown().optional() }))
    .min(1, 'A proposal changes at least one field.')
    .max(1_000),
});
export type ReferenceProposalArg = z.infer<typeof ReferenceProposalArgSchema>;

/** Refuses a patch that changes nothing, which is always a mistake of the caller. */
function somethingToChange(patch: Record<string, unknown>): boolean {
  return Object.values(patch).some((value) => value !== undefined);
}

const HIGHLIGHT_NEEDS_PASSAGE =
  'A highlight needs a passage: select some text, or make a margin note (motivation "commenting") to note a point.';

/** A search query as typed; longer input is refused with a message rather than searched slowly. */
const SearchQuerySchema = z
  .string()
  .max(10_000, 'A search is at most 10,000 characters. Search for a shorter passage.');

/** Restricts a find method to some documents (a collection, say). */
const DocumentIdsFilterSchema = z.array(IdSchema).max(100_000);

const HIGHLIGHT_COLOR_COUNT = 8;

/** The argument schema of every API method. */
export const apiMethods = {
  /** Where the library is and what it holds. */
  getLibraryInfo: z.object({}),
  /** All documents' metadata, most recently added first. */
  listDocuments: z.object({}),
  /** One document's metadata and text. */
  getDocument: DocumentIdArgs,
  /**
   * Imports files one by one; a file that fails is reported and leaves nothing behind, and the rest
   * are still imported. Emits `import-progress` per file. `batchId` names the batch in those events.
   */
  importFiles: z.object({
    sources: z.array(ImportSourceSchema).min(1).max(10_000),
    batchId: z.string().max(100).optional(),
    /** Content already in the library: report it as a duplicate (`skip`, the default) or import it again. */
    onDuplicate: z.enum(['skip', 'import-copy']).optional(),
  }),
  /**
   * Stops an `importFiles` batch: files not yet started are reported `cancelled`; the file in progress
   * is not stored. Resolves to whether such a batch was running.
   */
  cancelImport: z.object({ batchId: z.string().min(1).max(100) }),
  /**
   * Applies the chosen reference proposals of an import (`ReferenceEntryOutcome.proposal`, all of its
   * changes or some), to all their documents in one change of the library. A document changed since it
   * was proposed (its `modifiedAt` differs), deleted, or whose details the changes would make invalid
   * is refused with the reason and left as it is; the others are applied. Resolves to the documents as
   * saved and what they held before (`previous`), which applied in turn undoes the change in one step.
   */
  applyReferenceProposals: z.object({
    proposals: z
      .array(ReferenceProposalArgSchema)
      .min(1, 'Choose at least one proposal to apply.')
      .max(10_000, 'At most 10,000 proposals can be applied at once.'),
  }),
  /** Sets the document's title (the CSL `title`). */
  renameDocument: z.object({
    documentId: IdSchema,
    title: z.string().trim().min(1, 'A title cannot be empty.').max(10_000),
  }),
  /** Deletes a document, its text and all its annotations. */
  deleteDocument: DocumentIdArgs,
  /** A document's annotations in text order. */
  listAnnotations: DocumentIdArgs,
  /**
   * Creates an annotation: a highlight (the default) on a passage, or a margin note (`motivation:
   * 'commenting'`) on a passage or at a point (an empty quote at a zero-length position). The quote
   * selector's `exact` must be the text at the position selector's range in the document's projection,
   * and every tag must exist; otherwise the call fails with `invalid-input`.
   */
  createAnnotation: z
    .object({
      documentId: IdSchema,
      selectors: TargetSelectorsSchema,
      motivation: MotivationSchema.optional(),
      color: HighlightColorSchema.optional(),
      tagIds: TagIdsSchema.optional(),
      comment: CommentSchema.optional(),
    })
    .refine((args) => args.motivation === 'commenting' || !isPointTarget(args.selectors), {
      message: HIGHLIGHT_NEEDS_PASSAGE,
      path: ['selectors'],
    }),
  /** Deletes one annotation. */
  deleteAnnotation: z.object({ documentId: IdSchema, annotationId: IdSchema }),
  /**
   * Changes an annotation's colour, tags, comment, motivation or extent, and stamps its modified
   * time. New selectors are checked like `createAnnotation`'s, and place an orphaned annotation again.
   */
  updateAnnotation: z.object({
    documentId: IdSchema,
    annotationId: IdSchema,
    patch: z
      .object({
        color: HighlightColorSchema.optional(),
        tagIds: TagIdsSchema.optional(),
        comment: CommentSchema.optional(),
        motivation: MotivationSchema.optional(),
        selectors: TargetSelectorsSchema.optional(),
      })
      .refine(somethingToChange, {
        message: 'Say what to change: color, tagIds, comment, motivation or selectors.',
      }),
  }),
  /**
   * Puts back exactly these annotations (ids, times and all), replacing any with the same id: the
   * undo of a deletion or of a change. Each is checked like a new one (its document, tags and, unless
   * it is orphaned, its selectors against the current text); if any fails, none is saved.
   */
  restoreAnnotations: z.object({
    documentId: IdSchema,
    annotations: z.array(AnnotationSchema).min(1).max(100_000),
  }),
  /** Sets the reader's note on a document (Markdown, at most 1 MB). */
  updateDocumentNote: z.object({ documentId: IdSchema, note: DocumentNoteSchema }),
  /**
   * Replaces a document's bibliographic metadata (CSL-JSON without its id, which stays the document's).
   * The reader has thereby confirmed it, unless `proposed` is true (how an undo puts back metadata that
   * was still Scholia's proposal). `pageOffset` renumbers the original's pages in citations
   * (`DocumentMeta.pageOffset`; null removes it, absent leaves it as it is).
   */
  updateDocumentMetadata: z.object({
    documentId: IdSchema,
    csl: CslDraftArgSchema,
    proposed: z.boolean().optional(),
    pageOffset: PageOffsetSchema.nullable().optional(),
  }),
  /**
   * Replaces a document's text with the reader's edit of it, together with the new selectors of every
   * one of its annotations (`null` for one whose passage the edit deleted: it is kept, orphaned, with
   * its old quote). `baseRevision` is the `meta.textRevision` the edit was made on; when the text has
   * changed since, the call fails and nothing is saved. Text and annotations are saved together.
   */
  updateDocumentText: z.object({
    documentId: IdSchema,
    doc: DocJsonArgSchema,
    annotations: z
      .array(z.object({ id: IdSchema, selectors: TargetSelectorsSchema.nullable() }))
      .max(1_000_000),
    baseRevision: z.number().int().nonnegative(),
  }),
  /**
   * The passages of a document's text that two computers edited differently while apart (edits to
   * different paragraphs are merged without asking).
   */
  getTextConflicts: DocumentIdArgs,
  /** Settles a text's conflicts with the reader's choice for each, in order, as a new revision of the text. */
  resolveTextConflicts: z.object({
    documentId: IdSchema,
    choices: z.array(ConflictChoiceSchema).max(100_000),
  }),
  /** What the reader should be told about the library since it was opened (each notice is handed out once). */
  takeLibraryNotices: z.object({}),
  /**
   * Every damaged, missing or shortened file the library knows of, with what it held, what to do, and
   * the backup that can restore it (every document's annotations are read for this).
   */
  checkLibrary: z.object({}),
  /**
   * Restores from backups what they can bring back (each damaged file kept aside in
   * `local/<device>/damaged/`, never overwritten; the changes saved in it since kept), reopening the
   * library meanwhile; then checks again.
   */
  repairLibrary: z.object({}),
  /** This computer and its reader, as changes made here are signed. */
  getDevice: z.object({}),
  /** Every computer sharing the library (this one first), with its name and its reader's: who signed each change. */
  listDevices: z.object({}),
  /** Renames this computer or its reader. */
  updateDevice: z
    .object({ name: DeviceNameSchema.optional(), readerName: DeviceNameSchema.optional() })
    .refine(somethingToChange, 'Give a new name for the computer or for the reader.'),
  /** The codebook: every tag, parents before their children, with how many passages carry it. */
  listTags: z.object({}),
  /** Adds a tag, at the top of the codebook or under `parentId`. Names are unique among siblings, ignoring case. */
  createTag: z.object({
    name: TagNameSchema,
    parentId: IdSchema.nullable().optional(),
    color: TagColorSchema.nullable().optional(),
    description: TagDescriptionSchema.optional(),
  }),
  /** Renames, moves (never under itself or its own sub-tags), recolours or redescribes a tag. */
  updateTag: z.object({
    tagId: IdSchema,
    patch: z
      .object({
        name: TagNameSchema.optional(),
        parentId: IdSchema.nullable().optional(),
        color: TagColorSchema.nullable().optional(),
        description: TagDescriptionSchema.optional(),
      })
      .refine(somethingToChange, { message: 'Say what to change: name, parentId, color or description.' }),
  }),
  /**
   * Merges tag `sourceId` into `targetId`: every annotation tagged with the source carries the target
   * instead (once), the source's sub-tags move under the target, and the source is removed. When the
   * target lies below the source, it first takes the source's place. Resolves to what `restoreTags` needs to undo it.
   */
  mergeTags: z.object({ sourceId: IdSchema, targetId: IdSchema }),
  /** What `deleteTag` would do to passages and sub-tags, so the reader can be told before it happens. */
  describeTagDeletion: z.object({ tagId: IdSchema }),
  /**
   * Deletes a tag and removes it from every annotation (the annotations stay). Its sub-tags move up
   * to its parent (`reparent`) or are deleted with it (`delete`). Resolves to what `restoreTags` needs to undo it.
   */
  deleteTag: z.object({ tagId: IdSchema, children: z.enum(['reparent', 'delete']) }),
  /**
   * Undoes a merge or deletion: puts the recorded tags back as they were and where they were, then
   * gives each recorded annotation that still exists its recorded tags and modified time.
   */
  restoreTags: TagUndoSchema,
  /** The reader's preferences: what each highlight colour means. */
  getSettings: z.object({}),
  /** Changes what some highlight colours mean; an empty label means the colour has no stated meaning. */
  updateSettings: z.object({ colorLabels: z.partialRecord(HighlightColorSchema, ColorLabelSchema) }),
  /** The reading lists (collections), in the order they were made. */
  listCollections: z.object({}),
  /** Makes a reading list, empty or with `documentIds`. Names are unique, ignoring case. */
  createCollection: z.object({
    name: CollectionNameSchema,
    documentIds: z.array(IdSchema).max(100_000).optional(),
  }),
  /** Renames a reading list. */
  renameCollection: z.object({ collectionId: IdSchema, name: CollectionNameSchema }),
  /** Deletes a reading list; its documents stay in the library. */
  deleteCollection: z.object({ collectionId: IdSchema }),
  /** Adds documents to a reading list (a document may be in several lists). */
  addToCollection: z.object({ collectionId: IdSchema, documentIds: z.array(IdSchema).min(1).max(100_000) }),
  /** Removes documents from a reading list (not from the library). */
  removeFromCollection: z.object({
    collectionId: IdSchema,
    documentIds: z.array(IdSchema).min(1).max(100_000),
  }),
  /** The relations links are made by: the shipped ones (as the reader changed them), then the reader's own. */
  listLinkRelations: z.object({}),
  /**
   * Adds a relation (no `relationId`), or renames or hides one (a shipped relation too). Names are
   * unique, ignoring case; a relation reads the same both ways when its two names are the same.
   */
  saveLinkRelation: z.object({
    relationId: IdSchema.optional(),
    name: RelationNameSchema,
    inverseName: RelationNameSchema,
    hidden: z.boolean().optional(),
  }),
  /**
   * Deletes one of the reader's own relations, refused while a link uses it; a shipped relation
   * goes back to how Scholia ships it.
   */
  deleteLinkRelation: z.object({ relationId: IdSchema }),
  /**
   * The links with an end in `documentId` (every link without it), each with both its passages: their
   * documents' titles, quotes, and whether they are orphaned. Links whose passage is gone are left out.
   */
  listLinks: z.object({ documentId: IdSchema.optional() }),
  /** Links passage `from` to passage `to` (another one) by a relation from `listLinkRelations`. */
  createLink: z.object({
    from: PassageRefSchema,
    to: PassageRefSchema,
    relationId: IdSchema,
    comment: LinkCommentSchema.optional(),
  }),
  /** Changes a link's relation or comment (an empty comment removes it), or turns it round. */
  updateLink: z.object({
    linkId: IdSchema,
    patch: z
      .object({
        relationId: IdSchema.optional(),
        comment: LinkCommentSchema.optional(),
        reverse: z.boolean().optional(),
      })
      .refine(somethingToChange, { message: 'Say what to change: relationId, comment or reverse.' }),
  }),
  /** Deletes links; resolves to them as they were, for `restoreLinks` to undo it. */
  deleteLinks: z.object({ linkIds: z.array(IdSchema).min(1).max(100_000) }),
  /** Puts back exactly these links (ids, times and all), replacing any with the same id: the undo of a deletion or a change. */
  restoreLinks: z.object({ links: z.array(PassageLinkSchema).min(1).max(100_000) }),
  /** The citation styles exports can use: those shipped with Scholia, then the reader's own. */
  listStyles: z.object({}),
  /** Adds a CSL style (the text of a `.csl` file) to the library; refused unless it is a usable CSL style. */
  addStyle: z.object({ fileName: z.string().min(1).max(1024), xml: z.string().min(1).max(10_000_000) }),
  /**
   * Formats one item that need not be saved (the metadata editor's preview) in a citation style from
   * `listStyles`: its bibliography entry and its in-text citation, as plain text.
   */
  formatCitation: z.object({
    csl: CslDraftArgSchema,
    style: z.string().min(1).max(200),
    locale: z.string().min(2).max(20).default('en-US'),
  }),
  /**
   * A passage as a quotation with its citation in `style` and `locale`: the quote between the locale's
   * quotation marks and the citation with the passage's locator (its page or pages, else its
   * paragraph), e.g. “…” (Doyle 2009, 45).
   */
  citePassage: z.object({
    documentId: IdSchema,
    annotationId: IdSchema,
    style: z.string().min(1).max(200),
    locale: z.string().min(2).max(20).default('en-US'),
  }),
  /**
   * Writes an export (see `ExportOptions`) to `path`: a file, or a folder for a vault (one note per
   * document; notes from an earlier export are updated, keeping the reader's own lines). Atomic per file.
   * `path` must be where the reader chose to export in this session, or inside it; otherwise the call
   * fails with `not-allowed` and writes nothing.
   */
  exportLibrary: z.object({ options: ExportOptionsSchema, path: z.string().min(1).max(4096) }),
  /**
   * What `exportLibrary` would write, as one file to download (browser mode, which writes no paths): the
   * file itself, or for a vault a ZIP of its notes. Base64, so that any bytes cross every transport.
   */
  downloadExport: z.object({ options: ExportOptionsSchema }),
  /** The first `maxChars` characters of what `exportLibrary` would write, without writing anything. */
  previewExport: z.object({
    options: ExportOptionsSchema,
    maxChars: z.number().int().min(100).max(1_000_000).default(8000),
  }),
  /**
   * Imports annotations from a W3C Web Annotation JSON-LD file or a Hypothesis export into the documents
   * they belong to, skipping any already there; reports what happened to each one.
   */
  importAnnotations: z.object({ source: ImportSourceSchema }),
  /**
   * Searches the documents' text and metadata: words, "quoted phrases", `prefix*`, `fuzzy~` (see
   * core/search/query.ts). Results are grouped by document, best first, with passages around the
   * matches. `prefix` (default true) lets the last word match as a prefix, for search as you type.
   */
  searchCorpus: z.object({
    query: SearchQuerySchema,
    documentIds: DocumentIdsFilterSchema.optional(),
    limit: z.number().int().min(1).max(200).optional(),
    snippets: z.number().int().min(0).max(10).optional(),
    prefix: z.boolean().optional(),
    fuzzy: z.boolean().optional(),
  }),
  /** Searches annotations' quotes, comments and tag names, with the margin's filters. */
  searchAnnotations: z.object({
    query: SearchQuerySchema.optional(),
    colors: z.array(HighlightColorSchema).max(HIGHLIGHT_COLOR_COUNT).optional(),
    tagId: IdSchema.optional(),
    /** Whether passages carrying a sub-tag of `tagId` count (default true). */
    includeSubTags: z.boolean().optional(),
    motivation: MotivationSchema.optional(),
    documentIds: DocumentIdsFilterSchema.optional(),
    /** Only annotations made at or after this time. */
    from: TimestampSchema.optional(),
    /** Only annotations made at or before this time. */
    to: TimestampSchema.optional(),
    limit: z.number().int().min(1).max(5_000).optional(),
  }),
  /**
   * Every occurrence of a word or phrase (`word*` for a prefix) as keyword-in-context lines, in the
   * corpus, the given documents, or only inside passages carrying `tagId` or one of its sub-tags.
   */
  concordance: z.object({
    query: SearchQuerySchema,
    documentIds: DocumentIdsFilterSchema.optional(),
    tagId: IdSchema.optional(),
    /** Characters of context on each side (default 40). */
    width: z.number().int().min(5).max(200).optional(),
    sort: z.enum(['document', 'left', 'right']).optional(),
    limit: z.number().int().min(1).max(20_000).optional(),
  }),
  /**
   * Highlights many passages at once (concordance lines), with one colour, tags and comment. All are
   * checked before anything is saved; a passage that already has a highlight on exactly its span gets
   * the colour and tags added to it instead.
   */
  annotateOccurrences: z.object({
    occurrences: z
      .array(
        z
          .object({
            documentId: IdSchema,
            start: z.number().int().nonnegative(),
            end: z.number().int().nonnegative(),
          })
          .refine((span) => span.end > span.start, { message: 'An occurrence must end after it starts.' }),
      )
      .min(1, 'Select at least one occurrence.')
      .max(10_000, 'At most 10,000 occurrences can be annotated at once.'),
    color: HighlightColorSchema.optional(),
    tagIds: TagIdsSchema.optional(),
    comment: CommentSchema.optional(),
  }),
  /** Data for the reading charts: passages per tag, tag co-occurrence, annotation density along each document. */
  readingStatistics: z.object({
    documentIds: DocumentIdsFilterSchema.optional(),
    bins: z.number().int().min(1).max(500).optional(),
  }),
} as const;

/** The names of all API methods. */
export type ApiMethod = keyof typeof apiMethods;

/** The names of all API methods, at run time (for the preload and transports). */
export const API_METHODS: readonly ApiMethod[] = API_METHOD_NAMES;

// Compile-time proof that api-names.ts lists exactly the methods and events declared here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** @internal Fails to compile when api-names.ts and this file disagree. */
export const API_NAMES_MATCH: [Same<ApiMethod, ApiMethodName>, Same<keyof ApiEvents, ApiEventNameLiteral>] = [
  true,
  true,
];

/** The argument a caller passes to method `M`. */
export type ApiArgs<M extends ApiMethod> = z.input<(typeof apiMethods)[M]>;

/** The argument an implementation receives for method `M`, after validation. */
export type ApiParsedArgs<M extends ApiMethod> = z.output<(typeof apiMethods)[M]>;

/** What each method resolves to. */
export interface ApiReturns {
  getLibraryInfo: LibraryInfo;
  listDocuments: DocumentMeta[];
  getDocument: OpenedDocument;
  importFiles: ImportReport;
  cancelImport: { cancelled: boolean };
  applyReferenceProposals: ReferenceProposalsApplied;
  renameDocument: DocumentMeta;
  deleteDocument: null;
  listAnnotations: Annotation[];
  createAnnotation: Annotation;
  deleteAnnotation: null;
  updateAnnotation: Annotation;
  /** The annotations as saved. */
  restoreAnnotations: Annotation[];
  updateDocumentNote: DocumentMeta;
  updateDocumentMetadata: DocumentMeta;
  updateDocumentText: EditedDocument;
  getTextConflicts: TextConflicts;
  resolveTextConflicts: DocumentMeta;
  takeLibraryNotices: LibraryNotice[];
  checkLibrary: LibraryHealth;
  repairLibrary: LibraryHealth;
  getDevice: DeviceInfo;
  listDevices: LibraryDevice[];
  updateDevice: DeviceInfo;
  listTags: TagSummary[];
  createTag: Tag;
  updateTag: Tag;
  mergeTags: TagUndo;
  describeTagDeletion: TagDeletionImpact;
  deleteTag: TagUndo;
  restoreTags: null;
  getSettings: Settings;
  updateSettings: Settings;
  listCollections: Collection[];
  createCollection: Collection;
  renameCollection: Collection;
  deleteCollection: null;
  addToCollection: Collection;
  removeFromCollection: Collection;
  listLinkRelations: LinkRelation[];
  saveLinkRelation: LinkRelation;
  deleteLinkRelation: null;
  listLinks: LinkView[];
  createLink: LinkView;
  updateLink: LinkView;
  /** The links as they were before. */
  deleteLinks: PassageLink[];
  restoreLinks: LinkView[];
  listStyles: CitationStyleInfo[];
  addStyle: CitationStyleInfo;
  /** The item's bibliography entry, e.g. `Doyle, C. (2009). …`, and its in-text citation, e.g. `(Doyle, 2009)`. */
  formatCitation: { bibliography: string; citation: string };
  citePassage: PassageCitation;
  exportLibrary: ExportSummary;
  previewExport: ExportPreview;
  downloadExport: ExportDownload;
  importAnnotations: AnnotationImportReport;
  searchCorpus: CorpusSearchResult;
  searchAnnotations: AnnotationSearchResult;
  concordance: ConcordanceResult;
  annotateOccurrences: AnnotateOccurrencesReport;
  readingStatistics: ReadingStatistics;
}

/** An export as one file to download (`downloadExport`). */
export interface ExportDownload {
  /** The file name to save it as, e.g. `passages-by-tag.md` or `Scholia notes.zip`. */
  name: string;
  mediaType: string;
  /** The file's bytes, in base64. */
  base64: string;
  documents: number;
  passages: number;
  /** Passages the format could not hold and left out (REFI-QDA: orphaned, or quote moved); absent for none. */
  skipped?: number;
}

/** A passage quoted with its citation (`citePassage`). */
export interface PassageCitation {
  /** The quote between the locale's quotation marks, then the citation: “…” (Doyle 2009, 45). */
  text: string;
  /** The same as CommonMark, with the style's italics and links. */
  markdown: string;
  /** The citation alone, as plain text, e.g. (Doyle 2009, 45). */
  citation: string;
  /** Where the citation points to, or null for a passage no longer in the text. */
  locator: { label: 'page' | 'paragraph'; locator: string } | null;
}

/** What `applyReferenceProposals` did. */
export interface ReferenceProposalsApplied {
  /** The documents the proposals changed, as saved. */
  documents: DocumentMeta[];
  /**
   * For each changed document, its fields as they were before (a change without `value`: the field
   * was absent) with its new `modifiedAt`: `applyReferenceProposals({ proposals: previous })` undoes it.
   */
  previous: ReferenceProposalArg[];
  /** The proposals not applied, each with why: the document changed since, was deleted, or the change is invalid. */
  refused: { documentId: string; message: string }[];
}

/** Events that flow from core to every connected UI. */
export interface ApiEvents {
  /** Something in the library changed; views showing it should refresh. */
  'library-changed': {
    /**
     * What changed: documents (metadata, text, note), a document's annotations, the codebook, the
     * settings, the links between passages (or the relations they use).
     */
    scope: 'documents' | 'annotations' | 'tags' | 'settings' | 'links';
    /** The document concerned, when the change is about one. */
    documentId?: string;
  };
  /** Progress of an `importFiles` call: one event as each file starts and as it ends. */
  'import-progress': {
    batchId: string;
    /** 0-based index of the file in the batch. */
    index: number;
    total: number;
    name: string;
    phase: 'started' | 'imported' | 'failed' | 'duplicate' | 'cancelled';
    /** The document imported, or the one already holding the same content (`duplicate`). */
    documentId?: string;
    /**
     * The reader-facing reason, when `phase` is `failed`; while a long file is under way (`started`,
     * sent again as it goes), how far it has got, e.g. "Saving references: 2,500 of 10,000".
     */
    message?: string;
    /** While a long file is under way (a reference file's entries): how many of how many are done. */
    progress?: { done: number; total: number };
  };
  /** Something the reader should be told about the library, e.g. that changes from another computer were merged. */
  'library-notice': LibraryNotice;
  /** The search index is being loaded or built (after an import, or because it was missing or damaged). */
  'search-index-progress': SearchIndexProgress;
}

/** The names of all events. */
export type ApiEventName = keyof ApiEvents;

/** The event names at run time. */
export const API_EVENTS: readonly ApiEventName[] = API_EVENT_NAMES;

/** Removes an event listener. */
export type Unsubscribe = () => void;

/** What `core` implements: each method takes validated arguments. */
export type ScholiaService = {
  [M in ApiMethod]: (args: ApiParsedArgs<M>) => Promise<ApiReturns[M]>;
};

/** What the renderer sees as `window.scholia`: each method, plus event subscription. */
export type ScholiaApi = {
  [M in ApiMethod]: (args: ApiArgs<M>) => Promise<ApiReturns[M]>;
} & {
  /** Subscribes to an event; returns a function that unsubscribes. */
  on<E extends ApiEventName>(event: E, listener: (payload: ApiEvents[E]) => void): Unsubscribe;
};

/** Whether `name` is an API method (transports check this before dispatching untrusted input). */
export function isApiMethod(name: unknown): name is ApiMethod {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(apiMethods, name);
}

/**
 * Validates an untrusted argument for method `method`.
 * Throws a `ScholiaError` with code `invalid-input` that says which field is wrong.
 */
export function parseApiArgs<M extends ApiMethod>(method: M, raw: unknown): ApiParsedArgs<M> {
  const schema: z.ZodType = apiMethods[method];
  // Checked before the schema reads it: code that walks a value recursively runs out of stack on one
  // nested thousands deep, and a value stored so deep could no longer be written or sent.
  if (nestsDeeperThan(raw, MAX_ARGUMENT_DEPTH)) {
    throw new ScholiaError(
      'invalid-input',
      `Invalid arguments for ${method}: they nest more than ${MAX_ARGUMENT_DEPTH.toLocaleString('en')} levels deep, far deeper than any call needs.`,
    );
  }
  const parsed = schema.safeParse(raw ?? {});
  // The schema for `method` outputs exactly ApiParsedArgs<M>; zod's union of schemas cannot say so.
  if (parsed.success) return parsed.data as ApiParsedArgs<M>;
  const issues = parsed.error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'argument'}: ${issue.message}`)
    .join('; ');
  throw new ScholiaError('invalid-input', `Invalid arguments for ${method}: ${issues}`);
}
