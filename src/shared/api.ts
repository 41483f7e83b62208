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
  DocumentNoteSchema,
  HighlightColorSchema,
  IdSchema,
  isPointTarget,
  MAX_TAGS_PER_ANNOTATION,
  MotivationSchema,
  TagColorSchema,
  TagDescriptionSchema,
  TagNameSchema,
  TagUndoSchema,
  TargetSelectorsSchema,
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
import type { DocJSON } from './schema';
import { API_EVENT_NAMES, API_METHOD_NAMES, type ApiEventNameLiteral, type ApiMethodName } from './api-names';
import { ScholiaError } from './errors';

/** Files larger than this are refused by `importFiles`; see README "Limits". */
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;

/** One file to import: a path on the machine running core, or the file's bytes (browser uploads). */
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
 * A document's text as an edit sends it: a `doc` node with content. The node tree itself is checked
 * against `documentSchema` by core, which refuses a text that does not fit it.
 */
export const DocJsonArgSchema: z.ZodType<DocJSON, DocJSON> = z.object({
  type: z.literal('doc'),
  content: z.array(z.unknown()).max(10_000_000),
});

const TagIdsSchema = z.array(IdSchema).max(MAX_TAGS_PER_ANNOTATION);

/** Refuses a patch that changes nothing, which is always a mistake of the caller. */
function somethingToChange(patch: Record<string, unknown>): boolean {
  return Object.values(patch).some((value) => value !== undefined);
}

const HIGHLIGHT_NEEDS_PASSAGE =
  'A highlight needs a passage: select some text, or make a margin note (motivation "commenting") to note a point.';

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
      .refine(somethingToChange, { message: 'Say what to change: color, tagIds, comment, motivation or selectors.' }),
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
   * Replaces a document's text with the reader's edit of it, together with the new selectors of every
   * one of its annotations (`null` for one whose passage the edit deleted: it is kept, orphaned, with
   * its old quote). `baseRevision` is the `meta.textRevision` the edit was made on; when the text has
   * changed since, the call fails and nothing is saved. Text and annotations are saved together.
   */
  updateDocumentText: z.object({
    documentId: IdSchema,
    doc: DocJsonArgSchema,
    annotations: z.array(z.object({ id: IdSchema, selectors: TargetSelectorsSchema.nullable() })).max(1_000_000),
    baseRevision: z.number().int().nonnegative(),
  }),
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
  renameDocument: DocumentMeta;
  deleteDocument: null;
  listAnnotations: Annotation[];
  createAnnotation: Annotation;
  deleteAnnotation: null;
  updateAnnotation: Annotation;
  /** The annotations as saved. */
  restoreAnnotations: Annotation[];
  updateDocumentNote: DocumentMeta;
  updateDocumentText: EditedDocument;
  listTags: TagSummary[];
  createTag: Tag;
  updateTag: Tag;
  mergeTags: TagUndo;
  describeTagDeletion: TagDeletionImpact;
  deleteTag: TagUndo;
  restoreTags: null;
  getSettings: Settings;
  updateSettings: Settings;
}

/** Events that flow from core to every connected UI. */
export interface ApiEvents {
  /** Something in the library changed; views showing it should refresh. */
  'library-changed': {
    /** What changed: documents (metadata, text, note), a document's annotations, the codebook, the settings. */
    scope: 'documents' | 'annotations' | 'tags' | 'settings';
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
    phase: 'started' | 'imported' | 'failed';
    /** The reader-facing reason, when `phase` is `failed`. */
    message?: string;
  };
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
  const parsed = schema.safeParse(raw ?? {});
  // The schema for `method` outputs exactly ApiParsedArgs<M>; zod's union of schemas cannot say so.
  if (parsed.success) return parsed.data as ApiParsedArgs<M>;
  const issues = parsed.error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'argument'}: ${issue.message}`)
    .join('; ');
  throw new ScholiaError('invalid-input', `Invalid arguments for ${method}: ${issues}`);
}
