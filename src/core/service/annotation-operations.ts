/**
 * The annotation methods of the service: listing, creating (with the selectors checked against the
 * document's text) and deleting.
 */
import { randomUUID } from 'node:crypto';
import type { ApiParsedArgs, ApiReturns } from '../../shared/api';
import { ScholiaError } from '../../shared/errors';
import { displayTitle, type Annotation, type DocumentMeta } from '../../shared/model';
import { projectDocument, type Projection } from '../../shared/projection';
import { docFromJSON } from '../../shared/schema';
import { documentNotFound, requireDocument, type ServiceContext } from './service-context';

/** A document's annotations in text order: by start, then end, then creation time. */
export async function listAnnotations(
  context: ServiceContext,
  { documentId }: ApiParsedArgs<'listAnnotations'>,
): Promise<ApiReturns['listAnnotations']> {
  const annotations = await context.store.readAnnotations(documentId);
  if (annotations === null) throw documentNotFound(documentId);
  return [...annotations].sort(compareByPosition);
}

/**
 * Creates an annotation after checking that the position selector lies inside the document's
 * projection, that the quote selector's `exact` is the text there, and that every tag exists.
 * Resolves once the annotation is on disk.
 */
export async function createAnnotation(
  context: ServiceContext,
  args: ApiParsedArgs<'createAnnotation'>,
): Promise<ApiReturns['createAnnotation']> {
  const { documentId } = args;
  const meta = requireDocument(context, documentId);
  const tagIds = [...new Set(args.tagIds ?? [])];
  checkTags(context, tagIds);
  const [quote, position] = args.selectors;
  checkSelectors(meta, await projectionOf(context, meta), quote.exact, position.start, position.end);
  const now = context.now().toISOString();
  const annotation: Annotation = {
    id: randomUUID(),
    documentId,
    selectors: [
      { type: 'TextQuoteSelector', exact: quote.exact, prefix: quote.prefix, suffix: quote.suffix },
      { type: 'TextPositionSelector', start: position.start, end: position.end },
    ],
    color: args.color ?? 'yellow',
    tagIds,
    comment: args.comment ?? '',
    createdAt: now,
    modifiedAt: now,
  };
  const saved = await context.store.appendAnnotationChange(documentId, () => ({ op: 'put', annotation }));
  if (saved === null) throw documentNotFound(documentId);
  context.events.emit('library-changed', { scope: 'annotations', documentId });
  return annotation;
}

/** Deletes one annotation; `not-found` when the document or the annotation does not exist. */
export async function deleteAnnotation(
  context: ServiceContext,
  { documentId, annotationId }: ApiParsedArgs<'deleteAnnotation'>,
): Promise<ApiReturns['deleteAnnotation']> {
  const saved = await context.store.appendAnnotationChange(documentId, (list) => {
    if (!list.some((annotation) => annotation.id === annotationId)) {
      throw new ScholiaError(
        'not-found',
        `No annotation with id "${annotationId}" in document "${documentId}". It may have been deleted already.`,
      );
    }
    return { op: 'delete', id: annotationId };
  });
  if (saved === null) throw documentNotFound(documentId);
  context.events.emit('library-changed', { scope: 'annotations', documentId });
  return null;
}

/**
 * Computes and caches a document's projection ahead of need: the reader is likely to highlight soon
 * after opening, and projecting a long book takes a noticeable fraction of a second. Never throws.
 */
export function warmProjection(context: ServiceContext, meta: DocumentMeta): void {
  setTimeout(() => {
    projectionOf(context, meta).catch(() => {
      // A broken text is reported when the reader acts on it; warming up stays silent.
    });
  }, 0);
}

/** The projection of a document's current text, from the cache when it is still current. */
async function projectionOf(context: ServiceContext, meta: DocumentMeta): Promise<Projection> {
  const revision = context.store.textRevision(meta.id);
  const cached = context.projections.get(meta.id, revision);
  if (cached !== undefined) return cached;
  const json = await context.store.readDocumentText(meta.id);
  if (json === null) throw documentNotFound(meta.id);
  let projection: Projection;
  try {
    projection = projectDocument(docFromJSON(json));
  } catch (error) {
    throw new ScholiaError(
      'library-corrupt',
      `The stored text of “${displayTitle(meta)}” does not fit Scholia’s document format (${error instanceof Error ? error.message : String(error)}). Restore documents/${meta.id}.json from your own backup.`,
      { cause: error },
    );
  }
  context.projections.set(meta.id, revision, projection);
  return projection;
}

function checkTags(context: ServiceContext, tagIds: readonly string[]): void {
  if (tagIds.length === 0) return;
  const known = new Set(context.store.listTags().map((tag) => tag.id));
  const unknown = tagIds.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw new ScholiaError(
      'invalid-input',
      `Unknown tag ${unknown.length === 1 ? 'id' : 'ids'} ${unknown.map((id) => `"${id}"`).join(', ')}. Create the tag first or choose an existing one.`,
    );
  }
}

function checkSelectors(meta: DocumentMeta, projection: Projection, exact: string, start: number, end: number): void {
  const { text } = projection;
  const title = displayTitle(meta);
  if (end > text.length) {
    throw new ScholiaError(
      'invalid-input',
      `The highlight’s position (${start}–${end}) lies outside the text of “${title}”, which has ${text.length} characters. Reload the document and select the passage again.`,
    );
  }
  const actual = text.slice(start, end);
  if (actual !== exact) {
    throw new ScholiaError(
      'invalid-input',
      `The quoted passage does not match the text of “${title}” at ${start}–${end}: the quote is “${excerpt(exact)}” but the text there is “${excerpt(actual)}”. Reload the document and select the passage again.`,
    );
  }
}

function excerpt(text: string): string {
  return text.length <= 60 ? text : `${text.slice(0, 28)}…${text.slice(-28)}`;
}

function compareByPosition(a: Annotation, b: Annotation): number {
  const [, pa] = a.selectors;
  const [, pb] = b.selectors;
  return pa.start - pb.start || pa.end - pb.end || a.createdAt.localeCompare(b.createdAt);
}
