/**
 * The library service: `core`'s implementation of the API contract ({@link ScholiaService}) over one
 * open {@link LibraryStore}. Arguments arrive validated (by the transport, through `parseApiArgs`).
 * Every change is on disk before its promise resolves, and is then announced with `library-changed`.
 */
import type { ScholiaService } from '../../shared/api';
import { ScholiaError } from '../../shared/errors';
import type { LibraryHealth } from '../../shared/library-health';
import type { LibraryNotice } from '../../shared/sync';
import type { LibraryEvents } from '../events';
import { importSource } from '../import';
import type { LibraryStore } from '../store/library-store';
import {
  createAnnotation,
  deleteAnnotation,
  listAnnotations,
  restoreAnnotations,
  updateAnnotation,
} from './annotation-operations';
import {
  deleteDocument,
  getDocument,
  listDocuments,
  renameDocument,
  updateDocumentMetadata,
  updateDocumentNote,
} from './document-operations';
import { updateDocumentText } from './document-text-edit';
import { SearchKeeper } from '../search/search-keeper';
import {
  annotateOccurrences,
  concordance,
  readingStatistics,
  searchAnnotations,
  searchCorpus,
} from './find-operations';
import { applyReferenceProposals } from './reference-proposals';
import { PathGrants } from './path-grants';
import { ProjectionCache } from './projection-cache';
import type { Importer, ServiceContext } from './service-context';
import { importAnnotations } from './annotation-import-operations';
import {
  addToCollection,
  createCollection,
  deleteCollection,
  listCollections,
  removeFromCollection,
  renameCollection,
} from './collection-operations';
import {
  createLink,
  deleteLinkRelation,
  deleteLinks,
  listLinkRelations,
  listLinks,
  restoreLinks,
  saveLinkRelation,
  updateLink,
} from './link-operations';
import { getSettings, updateSettings } from './settings-operations';
import {
  getDevice,
  getTextConflicts,
  listDevices,
  resolveTextConflicts,
  takeLibraryNotices,
  updateDevice,
} from './sync-operations';
import {
  createTag,
  deleteTag,
  describeTagDeletion,
  listTags,
  mergeTags,
  restoreTags,
  updateTag,
} from './tag-operations';

/*
 * Importing (jsdom, the format converters, reference files), exporting and formatting citations
 * (citeproc, citation-js, fflate) are loaded when first called, each a chunk of its own in the build:
 * opening a library, as every command and the app's start do, needs none of them.
 */
const importOperations = () => import('./import-files');
const exportOperations = () => import('./export-operations');
const citationOperations = () => import('./citation-operations');
const styleOperations = () => import('./style-operations');

/** Replaceable parts of the service, for tests and other front ends. */
export interface LibraryServiceDependencies {
  /** Turns a file into a document (default: `importSource` from `core/import`). */
  importSource?: Importer;
  /** The clock (default: the system clock). */
  now?: () => Date;
  /** Keeps the search index (default: a new one, which does nothing until the first search). */
  search?: SearchKeeper;
  /**
   * The paths the reader chose, the only ones outside the library that import reads and export writes
   * (default: none, so only uploaded bytes are imported and no export is written).
   */
  grants?: PathGrants;
  /**
   * Restores what backups can bring back, reopening the library meanwhile (given by `openLibrary`,
   * which holds the library; without it, a repair is refused with advice to use `scholia check --repair`).
   */
  repair?: () => Promise<LibraryHealth>;
  /** What the reader should be told, each once (default: what the store kept since it opened). */
  takeNotices?: () => LibraryNotice[];
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
    grants: dependencies.grants ?? new PathGrants(),
  };
  const search = dependencies.search ?? new SearchKeeper(store, events);
  return {
    getLibraryInfo: () =>
      Promise.resolve({
        path: store.dir,
        schemaVersion: store.schemaVersion,
        documentCount: store.listDocuments().length,
      }),
    listDocuments: () => Promise.resolve(listDocuments(context)),
    getDocument: (args) => getDocument(context, args),
    importFiles: async (args) => (await importOperations()).importFiles(context, args),
    cancelImport: async (args) => (await importOperations()).cancelImport(context, args),
    applyReferenceProposals: (args) => applyReferenceProposals(context, args),
    renameDocument: (args) => renameDocument(context, args),
    deleteDocument: (args) => deleteDocument(context, args),
    listAnnotations: (args) => listAnnotations(context, args),
    createAnnotation: (args) => createAnnotation(context, args),
    deleteAnnotation: (args) => deleteAnnotation(context, args),
    updateAnnotation: (args) => updateAnnotation(context, args),
    restoreAnnotations: (args) => restoreAnnotations(context, args),
    updateDocumentNote: (args) => updateDocumentNote(context, args),
    updateDocumentMetadata: (args) => updateDocumentMetadata(context, args),
    updateDocumentText: (args) => updateDocumentText(context, args),
    listTags: () => listTags(context),
    createTag: (args) => createTag(context, args),
    updateTag: (args) => updateTag(context, args),
    mergeTags: (args) => mergeTags(context, args),
    describeTagDeletion: (args) => describeTagDeletion(context, args),
    deleteTag: (args) => deleteTag(context, args),
    restoreTags: (args) => restoreTags(context, args),
    getTextConflicts: (args) => getTextConflicts(context, args),
    resolveTextConflicts: (args) => resolveTextConflicts(context, args),
    takeLibraryNotices: () => Promise.resolve(dependencies.takeNotices?.() ?? takeLibraryNotices(context)),
    checkLibrary: async () => ({ problems: await store.check(), repairs: [] }),
    repairLibrary: () =>
      dependencies.repair?.() ??
      Promise.reject(
        new ScholiaError(
          'not-allowed',
          `The library at ${store.dir} cannot be repaired while it is open here. Close it and run "scholia check --repair".`,
        ),
      ),
    getDevice: () => Promise.resolve(getDevice(context)),
    listDevices: () => listDevices(context),
    updateDevice: (args) => updateDevice(context, args),
    getSettings: () => getSettings(context),
    updateSettings: (args) => updateSettings(context, args),
    listCollections: () => Promise.resolve(listCollections(context)),
    createCollection: (args) => createCollection(context, args),
    renameCollection: (args) => renameCollection(context, args),
    deleteCollection: (args) => deleteCollection(context, args),
    addToCollection: (args) => addToCollection(context, args),
    removeFromCollection: (args) => removeFromCollection(context, args),
    listLinkRelations: () => Promise.resolve(listLinkRelations(context)),
    saveLinkRelation: (args) => saveLinkRelation(context, args),
    deleteLinkRelation: (args) => deleteLinkRelation(context, args),
    listLinks: (args) => listLinks(context, args),
    createLink: (args) => createLink(context, args),
    updateLink: (args) => updateLink(context, args),
    deleteLinks: (args) => deleteLinks(context, args),
    restoreLinks: (args) => restoreLinks(context, args),
    listStyles: async () => (await styleOperations()).listStyles(context),
    addStyle: async (args) => (await styleOperations()).addStyle(context, args),
    formatCitation: async (args) => (await citationOperations()).formatCitation(context, args),
    citePassage: async (args) => (await citationOperations()).citePassage(context, args),
    exportLibrary: async (args) => (await exportOperations()).exportLibrary(context, args),
    previewExport: async (args) => (await exportOperations()).previewExport(context, args),
    downloadExport: async (args) => (await exportOperations()).downloadExport(context, args),
    importAnnotations: (args) => importAnnotations(context, args),
    searchCorpus: (args) => searchCorpus(context, search, args),
    searchAnnotations: (args) => searchAnnotations(context, args),
    concordance: (args) => concordance(context, search, args),
    annotateOccurrences: (args) => annotateOccurrences(context, args),
    readingStatistics: (args) => readingStatistics(context, search, args),
  };
}
