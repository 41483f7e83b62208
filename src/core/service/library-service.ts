/**
 * The library service: `core`'s implementation of the API contract ({@link ScholiaService}) over one
 * open {@link LibraryStore}. Arguments arrive validated (by the transport, through `parseApiArgs`).
 * Every change is on disk before its promise resolves, and is then announced with `library-changed`.
 */
import type { ApiParsedArgs, ApiReturns, ScholiaService } from '../../shared/api';
import type { DocumentMeta } from '../../shared/model';
import type { LibraryEvents } from '../events';
import { importSource } from '../import';
import type { LibraryStore } from '../store/library-store';
import { createAnnotation, deleteAnnotation, listAnnotations, warmProjection } from './annotation-operations';
import { importFiles } from './import-files';
import { ProjectionCache } from './projection-cache';
import { documentNotFound, requireDocument, type Importer, type ServiceContext } from './service-context';

/** Replaceable parts of the service, for tests and other front ends. */
export interface LibraryServiceDependencies {
  /** Turns a file into a document (default: `importSource` from `core/import`). */
  importSource?: Importer;
  /** The clock (default: the system clock). */
  now?: () => Date;
}

/** Creates the service for `store`, announcing changes on `events`. */
export function createLibraryService(
  store: LibraryStore,
  events: LibraryEvents,
  dependencies: LibraryServiceDependencies = {},
): ScholiaService {
  const context: ServiceContext = {
    store,
    events,
    importSource: dependencies.importSource ?? importSource,
    now: dependencies.now ?? (() => new Date()),
    projections: new ProjectionCache(),
  };
  return {
    getLibraryInfo: () =>
      Promise.resolve({ path: store.dir, schemaVersion: store.schemaVersion, documentCount: store.listDocuments().length }),
    listDocuments: () => Promise.resolve(newestFirst(store.listDocuments())),
    getDocument: (args) => getDocument(context, args),
    importFiles: (args) => importFiles(context, args),
    renameDocument: (args) => renameDocument(context, args),
    deleteDocument: (args) => deleteDocument(context, args),
    listAnnotations: (args) => listAnnotations(context, args),
    createAnnotation: (args) => createAnnotation(context, args),
    deleteAnnotation: (args) => deleteAnnotation(context, args),
  };
}

/** Most recently added first; documents added in the same instant, the later-added first. */
function newestFirst(documents: readonly DocumentMeta[]): DocumentMeta[] {
  return [...documents].reverse().sort((a, b) => Date.parse(b.addedAt) - Date.parse(a.addedAt));
}

async function getDocument(
  context: ServiceContext,
  { documentId }: ApiParsedArgs<'getDocument'>,
): Promise<ApiReturns['getDocument']> {
  const meta = requireDocument(context, documentId);
  const doc = await context.store.readDocumentText(documentId);
  if (doc === null) throw documentNotFound(documentId);
  warmProjection(context, meta);
  return { meta, doc };
}

async function renameDocument(
  context: ServiceContext,
  { documentId, title }: ApiParsedArgs<'renameDocument'>,
): Promise<ApiReturns['renameDocument']> {
  const modifiedAt = context.now().toISOString();
  const renamed = await context.store.updateDocument(documentId, (meta) => ({
    ...meta,
    csl: { ...meta.csl, title },
    modifiedAt,
  }));
  if (renamed === null) throw documentNotFound(documentId);
  context.events.emit('library-changed', { scope: 'documents', documentId });
  return renamed;
}

async function deleteDocument(
  context: ServiceContext,
  { documentId }: ApiParsedArgs<'deleteDocument'>,
): Promise<ApiReturns['deleteDocument']> {
  if (!(await context.store.removeDocument(documentId))) throw documentNotFound(documentId);
  context.projections.delete(documentId);
  context.events.emit('library-changed', { scope: 'documents', documentId });
  return null;
}
