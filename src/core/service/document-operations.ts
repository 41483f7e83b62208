/**
 * The document methods of the service besides importing: opening one, renaming it, writing its note,
 * and deleting it.
 */
import type { ApiParsedArgs, ApiReturns } from '../../shared/api';
import { ScholiaError } from '../../shared/errors';
import type { DocumentMeta } from '../../shared/model';
import { warmProjection } from './annotation-operations';
import { documentNotFound, requireDocument, type ServiceContext } from './service-context';

/** All documents' metadata, most recently added first; documents added in the same instant, the later-added first. */
export function listDocuments(context: ServiceContext): DocumentMeta[] {
  return [...context.store.listDocuments()]
    .reverse()
    .sort((a, b) => Date.parse(b.addedAt) - Date.parse(a.addedAt));
}

/** One document's metadata and text; starts computing its projection for the highlights to come. */
export async function getDocument(
  context: ServiceContext,
  { documentId }: ApiParsedArgs<'getDocument'>,
): Promise<ApiReturns['getDocument']> {
  const meta = requireDocument(context, documentId);
  const doc = await context.store.readDocumentText(documentId);
  if (doc === null) throw documentNotFound(documentId);
  warmProjection(context, meta);
  return { meta, doc };
}

/** Sets the document's CSL title and stamps its modified time. */
export function renameDocument(
  context: ServiceContext,
  { documentId, title }: ApiParsedArgs<'renameDocument'>,
): Promise<ApiReturns['renameDocument']> {
  return changeMeta(context, documentId, (meta) => ({ ...meta, csl: { ...meta.csl, title } }));
}

/** Sets the reader's note on the document (Markdown) and stamps its modified time. */
export function updateDocumentNote(
  context: ServiceContext,
  { documentId, note }: ApiParsedArgs<'updateDocumentNote'>,
): Promise<ApiReturns['updateDocumentNote']> {
  return changeMeta(context, documentId, (meta) => ({ ...meta, note }));
}

/**
 * Replaces the document's CSL metadata with `csl` (its id stays the document's), sets or removes its
 * page offset when given, and stamps its modified time. Refuses a blank title: every document keeps a
 * name in the library.
 */
export function updateDocumentMetadata(
  context: ServiceContext,
  { documentId, csl, proposed, pageOffset }: ApiParsedArgs<'updateDocumentMetadata'>,
): Promise<ApiReturns['updateDocumentMetadata']> {
  if (csl.title !== undefined && csl.title.trim() === '') {
    return Promise.reject(
      new ScholiaError(
        'invalid-input',
        'A title cannot be empty: type the title of the work, or leave the title field out to keep the current one.',
      ),
    );
  }
  return changeMeta(context, documentId, ({ metadataProposed: _wasProposed, pageOffset: offset, ...meta }) => {
    const kept = pageOffset === undefined ? offset : (pageOffset ?? undefined);
    return {
      ...meta,
      csl: { ...csl, title: csl.title ?? meta.csl.title, id: meta.csl.id },
      ...(proposed === true ? { metadataProposed: true as const } : {}),
      ...(kept === undefined ? {} : { pageOffset: kept }),
    };
  });
}

/** Deletes a document with its text and annotations; `not-found` when there is no such document. */
export async function deleteDocument(
  context: ServiceContext,
  { documentId }: ApiParsedArgs<'deleteDocument'>,
): Promise<ApiReturns['deleteDocument']> {
  if (!(await context.store.removeDocument(documentId))) throw documentNotFound(documentId);
  context.projections.delete(documentId);
  context.events.emit('library-changed', { scope: 'documents', documentId });
  return null;
}

/** Saves `change(meta)` with a new modified time, announces it, and resolves to the new metadata. */
async function changeMeta(
  context: ServiceContext,
  documentId: string,
  change: (meta: DocumentMeta) => DocumentMeta,
): Promise<DocumentMeta> {
  const modifiedAt = context.now().toISOString();
  const changed = await context.store.updateDocument(documentId, (meta) => ({ ...change(meta), modifiedAt }));
  if (changed === null) throw documentNotFound(documentId);
  context.events.emit('library-changed', { scope: 'documents', documentId });
  return changed;
}
