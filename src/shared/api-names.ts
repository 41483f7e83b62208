/**
 * The names of the API's methods and events, free of any schema code so the preload stays tiny.
 * `api.ts` checks at compile time that these lists match its method and event tables exactly.
 */

/** Every API method, in the order `apiMethods` declares them. */
export const API_METHOD_NAMES = [
  'getLibraryInfo',
  'listDocuments',
  'getDocument',
  'importFiles',
  'cancelImport',
  'applyReferenceProposals',
  'renameDocument',
  'deleteDocument',
  'listAnnotations',
  'createAnnotation',
  'deleteAnnotation',
  'updateAnnotation',
  'restoreAnnotations',
  'updateDocumentNote',
  'updateDocumentMetadata',
  'updateDocumentText',
  'listTags',
  'createTag',
  'updateTag',
  'mergeTags',
  'describeTagDeletion',
  'deleteTag',
  'restoreTags',
  'getTextConflicts',
  'resolveTextConflicts',
  'takeLibraryNotices',
  'checkLibrary',
  'repairLibrary',
  'getDevice',
  'listDevices',
  'updateDevice',
  'getSettings',
  'updateSettings',
  'listCollections',
  'createCollection',
  'renameCollection',
  'deleteCollection',
  'addToCollection',
  'removeFromCollection',
  'listLinkRelations',
  'saveLinkRelation',
  'deleteLinkRelation',
  'listLinks',
  'createLink',
  'updateLink',
  'deleteLinks',
  'restoreLinks',
  'listStyles',
  'addStyle',
  'formatCitation',
  'citePassage',
  'exportLibrary',
  'previewExport',
  'downloadExport',
  'importAnnotations',
  'searchCorpus',
  'searchAnnotations',
  'concordance',
  'annotateOccurrences',
  'readingStatistics',
] as const;

/** Every event core emits. */
export const API_EVENT_NAMES = ['library-changed', 'library-notice', 'import-progress', 'search-index-progress'] as const;

/** A method name. */
export type ApiMethodName = (typeof API_METHOD_NAMES)[number];

/** An event name. */
export type ApiEventNameLiteral = (typeof API_EVENT_NAMES)[number];

/** Whether `name` is an API method (transports check this before dispatching untrusted input). */
export function isApiMethodName(name: unknown): name is ApiMethodName {
  return typeof name === 'string' && (API_METHOD_NAMES as readonly string[]).includes(name);
}
