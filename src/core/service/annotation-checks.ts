/**
 * The checks every annotation passes before it is saved: its selectors against the document's text
 * (through the cached projection), its tags against the codebook, and the whole against the schema
 * every saved annotation must satisfy. Each failure is an error the reader can act on.
 */
import { ScholiaError } from '../../shared/errors';
import {
  AnnotationSchema,
  displayTitle,
  type Annotation,
  type DocumentMeta,
  type Selectors,
} from '../../shared/model';
import { projectDocument, type Projection } from '../../shared/projection';
import { docFromJSON } from '../../shared/schema';
import { documentNotFound, type ServiceContext } from './service-context';

/** A document's projection and the text version it was made from. */
export interface ProjectionAt {
  projection: Projection;
  /** The store's `textVersion` when the projection was made. */
  version: number;
}

/** The projection of a document's current text, from the cache when it is still current. */
export async function projectionOf(context: ServiceContext, meta: DocumentMeta): Promise<ProjectionAt> {
  const version = context.store.textVersion(meta.id);
  const cached = context.projections.get(meta.id, version);
  if (cached !== undefined) return { projection: cached, version };
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
  context.projections.set(meta.id, version, projection);
  return { projection, version };
}

/**
 * Throws `invalid-input` when the document's text changed since `at` was made: selectors checked
 * against the old text must not be saved with the new one. Call it where the write is decided, inside
 * the document's annotation queue, which an edit of the text also holds.
 */
export function checkTextUnchanged(context: ServiceContext, meta: DocumentMeta, at: ProjectionAt): void {
  if (context.store.textVersion(meta.id) === at.version) return;
  throw new ScholiaError(
    'invalid-input',
    `The text of “${displayTitle(meta)}” was edited while this annotation was being saved. Nothing was saved: select the passage again in the new text.`,
  );
}

/**
 * Throws `invalid-input` unless `selectors` lie inside the projection and the quote's `exact` is the
 * text at the position (an empty quote at a point between two characters is allowed here; whether the
 * annotation may sit at a point is the schema's part).
 */
export function checkTarget(meta: DocumentMeta, projection: Projection, selectors: Selectors): void {
  const [{ exact }, { start, end }] = selectors;
  const { text } = projection;
  const title = displayTitle(meta);
  if (end > text.length) {
    throw new ScholiaError(
      'invalid-input',
      `The annotation’s position (${start}–${end}) lies outside the text of “${title}”, which has ${text.length} characters. Reload the document and select the passage again.`,
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

/** Throws `invalid-input` naming every id in `tagIds` that is not in the codebook. */
export function checkTags(context: ServiceContext, tagIds: readonly string[]): void {
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

/**
 * `candidate` as a valid annotation (with its fields in the schema's order, as they are stored), or an
 * `invalid-input` error naming the first field that is wrong.
 */
export function checkedAnnotation(candidate: unknown): Annotation {
  const parsed = AnnotationSchema.safeParse(candidate);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue === undefined || issue.path.length === 0 ? 'annotation' : issue.path.join('.');
  throw new ScholiaError(
    'invalid-input',
    `The annotation cannot be saved: ${field}: ${issue?.message ?? 'invalid'}`,
  );
}

/** The `not-found` error for an annotation id a document does not have. */
export function annotationNotFound(documentId: string, annotationId: string): ScholiaError {
  return new ScholiaError(
    'not-found',
    `No annotation with id "${annotationId}" in document "${documentId}". It may have been deleted already.`,
  );
}

/** Tag ids without repeats, in the order first given. */
export function uniqueIds(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}

function excerpt(text: string): string {
  return text.length <= 60 ? text : `${text.slice(0, 28)}…${text.slice(-28)}`;
}
