/**
 * The annotation methods of the service: listing, creating (with the selectors checked against the
 * document's text), changing, deleting, and restoring exact earlier versions for undo.
 *
 * Writes that add references to tags run through the store's codebook queue, so no tag can be merged
 * or deleted between the check that it exists and the write that refers to it.
 */
import { randomUUID } from 'node:crypto';
import type { ApiParsedArgs, ApiReturns } from '../../shared/api';
import { compareTextOrder } from '../../shared/annotation-order';
import { ScholiaError } from '../../shared/errors';
import type { Annotation, DocumentMeta } from '../../shared/model';
import type { AnnotationChange } from '../store/annotation-journal';
import {
  annotationNotFound,
  checkedAnnotation,
  checkTags,
  checkTarget,
  checkTextUnchanged,
  projectionOf,
  uniqueIds,
  type ProjectionAt,
} from './annotation-checks';
import { documentNotFound, requireDocument, type ServiceContext } from './service-context';

/** A document's annotations in text order: by start, then end, then creation time. */
export async function listAnnotations(
  context: ServiceContext,
  { documentId }: ApiParsedArgs<'listAnnotations'>,
): Promise<ApiReturns['listAnnotations']> {
  const annotations = await context.store.readAnnotations(documentId);
  if (annotations === null) throw documentNotFound(documentId);
  return [...annotations].sort(compareTextOrder);
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
  const tagIds = uniqueIds(args.tagIds ?? []);
  checkTags(context, tagIds);
  const [quote, position] = args.selectors;
  const at = await projectionOf(context, meta);
  checkTarget(meta, at.projection, args.selectors);
  const now = context.now().toISOString();
  const annotation = checkedAnnotation({
    id: randomUUID(),
    documentId,
    selectors: [
      { type: 'TextQuoteSelector', exact: quote.exact, prefix: quote.prefix, suffix: quote.suffix },
      { type: 'TextPositionSelector', start: position.start, end: position.end },
    ],
    motivation: args.motivation ?? 'highlighting',
    color: args.color ?? 'yellow',
    tagIds,
    comment: args.comment ?? '',
    createdAt: now,
    modifiedAt: now,
  } satisfies Annotation);
  const saved = await save(context, meta, tagIds, at, () => [{ op: 'put', annotation }]);
  return storedVersion(saved, annotation);
}

/** Deletes one annotation; `not-found` when the document or the annotation does not exist. */
export async function deleteAnnotation(
  context: ServiceContext,
  { documentId, annotationId }: ApiParsedArgs<'deleteAnnotation'>,
): Promise<ApiReturns['deleteAnnotation']> {
  const saved = await context.store.appendAnnotationChange(documentId, (list) => {
    if (!list.some((annotation) => annotation.id === annotationId))
      throw annotationNotFound(documentId, annotationId);
    return { op: 'delete', id: annotationId };
  });
  if (saved === null) throw documentNotFound(documentId);
  context.events.emit('library-changed', { scope: 'annotations', documentId });
  return null;
}

/**
 * Changes an annotation's colour, tags, comment, motivation or selectors and stamps its modified time.
 * New selectors are checked against the text like a new annotation's and place an orphaned annotation
 * again. `not-found` for a missing document or annotation; `invalid-input` for an unknown tag, selectors
 * that do not fit the text, or a result that is no valid annotation (a highlight at a point).
 */
export async function updateAnnotation(
  context: ServiceContext,
  { documentId, annotationId, patch }: ApiParsedArgs<'updateAnnotation'>,
): Promise<ApiReturns['updateAnnotation']> {
  const meta = requireDocument(context, documentId);
  const tagIds = patch.tagIds === undefined ? undefined : uniqueIds(patch.tagIds);
  checkTags(context, tagIds ?? []);
  const at = patch.selectors === undefined ? null : await projectionOf(context, meta);
  if (at !== null && patch.selectors !== undefined) checkTarget(meta, at.projection, patch.selectors);
  const modifiedAt = context.now().toISOString();
  let updated: Annotation | undefined;
  const saved = await save(context, meta, tagIds ?? [], at, (list) => {
    const current = list.find((annotation) => annotation.id === annotationId);
    if (current === undefined) throw annotationNotFound(documentId, annotationId);
    // An orphan stays one until it is given a place in the text again.
    const { orphanedAt: _orphanedAt, ...placed } = current;
    updated = checkedAnnotation({
      ...(patch.selectors === undefined ? current : placed),
      ...definedFields({ ...patch, tagIds }),
      modifiedAt,
    });
    return [{ op: 'put', annotation: updated }];
  });
  if (updated === undefined)
    throw new ScholiaError('internal', 'The annotation was saved without being made.');
  return storedVersion(saved, updated);
}

/**
 * Puts back exactly `annotations` (ids, times and all), replacing any with the same id: the undo of a
 * deletion or of a change. Each must belong to the document, be a valid annotation, carry only tags
 * in the codebook and, unless orphaned, have selectors that fit the current text; otherwise nothing is
 * saved. Resolves to the annotations as saved.
 */
export async function restoreAnnotations(
  context: ServiceContext,
  { documentId, annotations }: ApiParsedArgs<'restoreAnnotations'>,
): Promise<ApiReturns['restoreAnnotations']> {
  const meta = requireDocument(context, documentId);
  const restored = annotations.map(checkedAnnotation);
  const ids = new Set<string>();
  for (const annotation of restored) {
    if (annotation.documentId !== documentId) {
      throw new ScholiaError(
        'invalid-input',
        `Annotation "${annotation.id}" belongs to document "${annotation.documentId}", not "${documentId}". Nothing was restored.`,
      );
    }
    if (ids.has(annotation.id)) {
      throw new ScholiaError(
        'invalid-input',
        `Annotation "${annotation.id}" is given twice. Nothing was restored.`,
      );
    }
    ids.add(annotation.id);
  }
  const tagIds = uniqueIds(restored.flatMap((annotation) => annotation.tagIds));
  checkTags(context, tagIds);
  const placed = restored.filter((annotation) => annotation.orphanedAt === undefined);
  const at = placed.length === 0 ? null : await projectionOf(context, meta);
  if (at !== null) for (const annotation of placed) checkTarget(meta, at.projection, annotation.selectors);
  const saved = await save(context, meta, tagIds, at, () =>
    restored.map((annotation) => ({ op: 'put', annotation })),
  );
  return restored.map((annotation) => storedVersion(saved, annotation));
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

/**
 * Appends the changes `decide` makes to a document's annotations and announces them. When they refer
 * to tags, the write runs in the codebook queue and the tags are checked again there; when selectors
 * were checked against the text (`at`), the text must not have changed since.
 */
async function save(
  context: ServiceContext,
  meta: DocumentMeta,
  tagIds: readonly string[],
  at: ProjectionAt | null,
  decide: (current: readonly Annotation[]) => AnnotationChange[],
): Promise<readonly Annotation[]> {
  const write = async () => {
    const saved = await context.store.appendAnnotationChanges(meta.id, (current) => {
      checkTags(context, tagIds);
      if (at !== null) checkTextUnchanged(context, meta, at);
      return decide(current);
    });
    if (saved === null) throw documentNotFound(meta.id);
    return saved;
  };
  const saved = await (tagIds.length > 0 ? context.store.withCodebook(write) : write());
  context.events.emit('library-changed', { scope: 'annotations', documentId: meta.id });
  return saved;
}

/**
 * `annotation` as the store keeps it once saved: with who made it and who changed it last, which
 * the store works out from the change logs.
 */
function storedVersion(saved: readonly Annotation[], annotation: Annotation): Annotation {
  return saved.find((entry) => entry.id === annotation.id) ?? annotation;
}

/** `fields` without the keys whose value is `undefined`, so that spreading it changes only what is given. */
function definedFields<T extends object>(fields: T): Partial<T> {
  // Object.fromEntries loses the key types; the entries kept are a subset of `fields`' own.
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as Partial<T>;
}
