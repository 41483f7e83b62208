/**
 * `updateDocumentText`: the reader's edit of a document's text (cleaning it up: removing navigation
 * clutter, fixing typos), saved together with the new place of every annotation.
 *
 * The editor maps each annotation through the edit and sends its fresh selectors, or `null` when its
 * passage was deleted entirely. Such an annotation is kept as an orphan (`orphanedAt`) with its old
 * selectors, so its quote is still shown, and is never silently dropped; giving it selectors again (by
 * `updateAnnotation`, or an edit that undoes this one) places it again. An annotation's modified time
 * stays the reader's last change to it: following the text does not change it. The store saves the
 * text, the annotations and the metadata together (see `store/text-edit-log.ts`).
 */
import { compareTextOrder } from '../../shared/annotation-order';
import type { ApiParsedArgs, ApiReturns } from '../../shared/api';
import { ScholiaError } from '../../shared/errors';
import {
  displayTitle,
  isPointTarget,
  motivationOf,
  textRevisionOf,
  type Annotation,
  type DocumentMeta,
  type Selectors,
} from '../../shared/model';
import { countWords, projectDocument, type Projection } from '../../shared/projection';
import { docFromJSON, type DocJSON } from '../../shared/schema';
import { annotationNotFound, checkTarget } from './annotation-checks';
import { documentNotFound, requireDocument, type ServiceContext } from './service-context';

/**
 * Replaces a document's text and moves its annotations to the places given. Refused, with nothing
 * saved: a text that does not fit the document schema, selectors that do not fit the new text, a
 * highlight given a point, an annotation given twice or not at all (`invalid-input`), an annotation
 * the document does not have (`not-found`), and an edit made on an older revision of the text than the
 * current one (`invalid-input`, saying the text has changed). Resolves to the new metadata (word count,
 * `textRevision` one higher) and every annotation in text order.
 */
export async function updateDocumentText(
  context: ServiceContext,
  { documentId, doc, annotations: placements, baseRevision }: ApiParsedArgs<'updateDocumentText'>,
): Promise<ApiReturns['updateDocumentText']> {
  const meta = requireDocument(context, documentId);
  const projection = projectEdited(meta, doc);
  const given = new Map<string, Selectors | null>();
  for (const { id, selectors } of placements) {
    if (given.has(id))
      throw new ScholiaError('invalid-input', `Annotation "${id}" is given twice. Nothing was saved.`);
    if (selectors !== null) checkTarget(meta, projection, selectors);
    given.set(id, selectors);
  }
  const now = context.now().toISOString();
  const edited = await context.store.editDocumentText(documentId, (current) => {
    checkRevision(current.meta, baseRevision);
    return {
      doc,
      annotations: placeAll(current.meta, current.annotations, given, now),
      textRevision: baseRevision + 1,
      wordCount: countWords(projection.text),
      modifiedAt: now,
    };
  });
  if (edited === null) throw documentNotFound(documentId);
  context.projections.set(documentId, context.store.textVersion(documentId), projection);
  context.events.emit('library-changed', { scope: 'documents', documentId });
  context.events.emit('library-changed', { scope: 'annotations', documentId });
  return { meta: edited.meta, annotations: [...edited.annotations].sort(compareTextOrder) };
}

/** The projection of the edited text, or `invalid-input` when it does not fit the document schema. */
function projectEdited(meta: DocumentMeta, doc: DocJSON): Projection {
  try {
    return projectDocument(docFromJSON(doc));
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new ScholiaError(
      'invalid-input',
      `The edited text of “${displayTitle(meta)}” does not fit Scholia’s document format (${detail}). Nothing was saved.`,
      { cause: error },
    );
  }
}

/** Throws when the text has been edited since revision `baseRevision`, which this edit was made on. */
function checkRevision(meta: DocumentMeta, baseRevision: number): void {
  const current = textRevisionOf(meta);
  if (current === baseRevision) return;
  throw new ScholiaError(
    'invalid-input',
    `The text of “${displayTitle(meta)}” has changed since this edit began (it is at revision ${current}; the edit was made on revision ${baseRevision}). Nothing was saved: reload the document and make the edit again.`,
  );
}

/**
 * Every annotation of the document at its given place. Every annotation must be given, and only those.
 * An annotation whose place is unchanged stays the very same object (and is not rewritten).
 */
function placeAll(
  meta: DocumentMeta,
  annotations: readonly Annotation[],
  given: ReadonlyMap<string, Selectors | null>,
  now: string,
): Annotation[] {
  const known = new Set(annotations.map((annotation) => annotation.id));
  for (const id of given.keys()) if (!known.has(id)) throw annotationNotFound(meta.id, id);
  const missing = annotations.filter((annotation) => !given.has(annotation.id));
  if (missing.length > 0) {
    throw new ScholiaError(
      'invalid-input',
      `The edit of “${displayTitle(meta)}” does not say where ${missing.length} of its annotations went (${missing
        .slice(0, 3)
        .map((annotation) => `“${annotation.selectors[0].exact.slice(0, 40)}”`)
        .join(
          ', ',
        )}…). Nothing was saved: reload the document (another window may have added them) and edit again.`,
    );
  }
  return annotations.map((annotation) => place(annotation, given.get(annotation.id) ?? null, now));
}

/** `annotation` at `selectors`, or orphaned (keeping its old selectors) when they are `null`. */
function place(annotation: Annotation, selectors: Selectors | null, now: string): Annotation {
  if (selectors === null)
    return annotation.orphanedAt === undefined ? { ...annotation, orphanedAt: now } : annotation;
  if (isPointTarget(selectors) && motivationOf(annotation) === 'highlighting') {
    throw new ScholiaError(
      'invalid-input',
      `The highlight on “${annotation.selectors[0].exact.slice(0, 60)}” would be left without a passage. Nothing was saved: give it null selectors to keep it as an orphan.`,
    );
  }
  const { orphanedAt, ...placed } = annotation;
  if (orphanedAt === undefined && sameSelectors(annotation.selectors, selectors)) return annotation;
  const [quote, position] = selectors;
  return {
    ...placed,
    selectors: [
      { type: 'TextQuoteSelector', exact: quote.exact, prefix: quote.prefix, suffix: quote.suffix },
      { type: 'TextPositionSelector', start: position.start, end: position.end },
    ],
  };
}

function sameSelectors(a: Selectors, b: Selectors): boolean {
  const [qa, pa] = a;
  const [qb, pb] = b;
  return (
    qa.exact === qb.exact &&
    qa.prefix === qb.prefix &&
    qa.suffix === qb.suffix &&
    pa.start === pb.start &&
    pa.end === pb.end
  );
}
