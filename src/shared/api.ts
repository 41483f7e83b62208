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
  HighlightColorSchema,
  IdSchema,
  MAX_COMMENT_LENGTH,
  SelectorsSchema,
  type Annotation,
  type DocumentMeta,
  type ImportReport,
  type LibraryInfo,
  type OpenedDocument,
} from './model';
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
   * Creates an annotation. The quote selector's `exact` must be the text at the position selector's
   * range in the document's projection; otherwise the call fails with `invalid-input`.
   */
  createAnnotation: z.object({
    documentId: IdSchema,
    selectors: SelectorsSchema,
    color: HighlightColorSchema.optional(),
    tagIds: z.array(IdSchema).max(1000).optional(),
    comment: z.string().max(MAX_COMMENT_LENGTH).optional(),
  }),
  /** Deletes one annotation. */
  deleteAnnotation: z.object({ documentId: IdSchema, annotationId: IdSchema }),
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
}

/** Events that flow from core to every connected UI. */
export interface ApiEvents {
  /** Something in the library changed; views showing it should refresh. */
  'library-changed': {
    scope: 'documents' | 'annotations';
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
