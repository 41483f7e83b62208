/**
 * Importing annotations into the library: a W3C Web Annotation JSON-LD file (as Scholia exports it) or
 * a Hypothesis export (the API's JSON, or the client's "Export annotations" file). Each annotation is
 * matched to the document it belongs to and placed on its passage (or its point, for a margin note);
 * one already there is skipped, one that cannot be placed is reported and changes nothing. What a
 * Scholia export holds beside its annotations comes in too, never over what the reader has: the
 * codebook's missing tags (with colour, description and place in the tree), a document's note where it
 * has none, a colour's meaning where the reader left the default.
 */
import { randomUUID } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { ApiParsedArgs, ApiReturns } from '../../shared/api';
import {
  anchorPoint,
  anchorSelectors,
  describePoint,
  describeRange,
  matchQuote,
} from '../../shared/anchoring';
import { ScholiaError } from '../../shared/errors';
import type { AnnotationImportOutcome } from '../../shared/export-options';
import type { Annotation, DocumentMeta, HighlightColor, Selectors, Tag } from '../../shared/model';
import { DEFAULT_COLOR_LABELS, HIGHLIGHT_COLORS, MAX_NOTE_LENGTH, displayTitle } from '../../shared/model';
import {
  parseAnnotationFile,
  type IncomingAnnotation,
  type IncomingLibrary,
} from '../export/annotation-import';
import { annotationFileText } from '../import/file-kind';
import { CodePoints } from '../export/jsonld';
import { ioError } from '../store/fs-errors';
import { checkedAnnotation, projectionOf } from './annotation-checks';
import { updateDocumentNote } from './document-operations';
import { documentNotFound, type ServiceContext } from './service-context';
import { getSettings, updateSettings } from './settings-operations';
import { createTag } from './tag-operations';

/** Files larger than this are refused by `importAnnotations`. */
export const MAX_ANNOTATION_FILE_BYTES = 100 * 1024 * 1024;

async function readSource(
  context: ServiceContext,
  source: ApiParsedArgs<'importAnnotations'>['source'],
): Promise<{ name: string; text: string }> {
  if (source.kind === 'bytes') return { name: source.name, text: new TextDecoder().decode(source.bytes) };
  // Only a file the reader chose in this session is read.
  await context.grants.checkRead(source.path);
  const size = await stat(source.path).then(
    (info) => info.size,
    (error: unknown) => {
      throw ioError('read', source.path, error);
    },
  );
  if (size > MAX_ANNOTATION_FILE_BYTES) {
    throw new ScholiaError(
      'invalid-input',
      `${source.path} is larger than 100 MB; split the annotations over several files.`,
      {
        path: source.path,
      },
    );
  }
  const text = await readFile(source.path, 'utf8').catch((error: unknown) => {
    throw ioError('read', source.path, error);
  });
  return { name: basename(source.path), text };
}

interface Placed {
  incoming: IncomingAnnotation;
  selectors: Selectors;
}

/** The document an incoming annotation belongs to: by content hash, then id, then URL, then by its quote. */
async function findDocument(
  context: ServiceContext,
  incoming: IncomingAnnotation,
  texts: Map<string, string>,
): Promise<DocumentMeta | null> {
  const direct = namedDocument(context, incoming.source);
  if (direct !== null) return direct;
  let fallback: DocumentMeta | null = null;
  for (const meta of context.store.listDocuments()) {
    const text = await textOf(context, meta, texts);
    if (!text.includes(incoming.exact)) continue;
    if (text.includes(`${incoming.prefix}${incoming.exact}${incoming.suffix}`)) return meta;
    fallback ??= meta;
  }
  return fallback;
}

/** The document the file names: by content hash, then id, then URL; `null` for none. */
function namedDocument(context: ServiceContext, source: IncomingAnnotation['source']): DocumentMeta | null {
  const documents = context.store.listDocuments();
  const { hash, documentId, url } = source;
  return (
    (hash === null ? undefined : documents.find((meta) => meta.contentHash === hash)) ??
    (documentId === null ? undefined : documents.find((meta) => meta.id === documentId)) ??
    (url === null
      ? undefined
      : documents.find((meta) => meta.csl.URL !== undefined && sameUrl(meta.csl.URL, url))) ??
    null
  );
}

function sameUrl(a: string, b: string): boolean {
  const normal = (url: string) =>
    url
      .trim()
      .replace(/#.*$/, '')
      .replace(/\/+$/, '')
      .replace(/^https?:\/\/(www\.)?/i, '');
  return normal(a) === normal(b);
}

async function textOf(
  context: ServiceContext,
  meta: DocumentMeta,
  texts: Map<string, string>,
): Promise<string> {
  const known = texts.get(meta.id);
  if (known !== undefined) return known;
  const text = (await projectionOf(context, meta)).projection.text;
  texts.set(meta.id, text);
  return text;
}

/** The incoming position in UTF-16 units of `text`, which Scholia's selectors count. */
function positionIn(
  text: string,
  item: IncomingAnnotation,
  points: CodePoints,
): { start: number; end: number } | null {
  if (item.position === null || item.positionUnit === 'utf-16') return item.position;
  const at = (point: number) => Math.min(text.length, points.toUtf16(point));
  return { start: at(item.position.start), end: at(item.position.end) };
}

/**
 * Where an incoming passage is in `text`: at its position if given, else the best match of its quote;
 * a point (an empty quote) where its context is, nearest its position.
 */
function placeQuote(
  text: string,
  item: IncomingAnnotation,
  points: CodePoints,
): { start: number; end: number } | null {
  const position = positionIn(text, item, points);
  // Other tools leave the context empty when they did not record it: a position then stands alone.
  if (position !== null && item.prefix === '' && item.suffix === '') {
    if (position.end <= text.length && text.slice(position.start, position.end) === item.exact)
      return position;
  }
  if (item.exact === '') {
    const at = position?.start ?? 0;
    const anchored = anchorPoint(
      text,
      [
        { type: 'TextQuoteSelector', exact: '', prefix: item.prefix, suffix: item.suffix },
        { type: 'TextPositionSelector', start: at, end: at },
      ],
      at,
    );
    return anchored.status === 'orphan' ? null : anchored;
  }
  if (position !== null) {
    const anchored = anchorSelectors(text, [
      { type: 'TextQuoteSelector', exact: item.exact, prefix: item.prefix, suffix: item.suffix },
      { type: 'TextPositionSelector', ...position },
    ]);
    return anchored.status === 'orphan' ? null : anchored;
  }
  // Other tools leave the context empty when they did not record it; empty then means unknown.
  const match = matchQuote(text, item.exact, {
    ...(item.prefix === '' ? {} : { prefix: item.prefix }),
    ...(item.suffix === '' ? {} : { suffix: item.suffix }),
  });
  return match?.confident === true ? match : null;
}

/**
 * The tag id for a path of names, creating the tags that are missing; the last one, when created,
 * gets `details` (its colour and description).
 */
async function tagFor(
  context: ServiceContext,
  path: readonly string[],
  details: { color?: string; description?: string } = {},
): Promise<string> {
  let parentId: string | null = null;
  for (const [index, raw] of path.entries()) {
    const name = raw.trim().slice(0, 200);
    const siblings: Tag[] = context.store.listTags().filter((tag) => tag.parentId === parentId);
    const found = siblings.find(
      (tag) => tag.name.localeCompare(name, undefined, { sensitivity: 'accent' }) === 0,
    );
    const own = index === path.length - 1 ? details : {};
    parentId = found !== undefined ? found.id : (await createTag(context, { name, parentId, ...own })).id;
  }
  if (parentId === null) throw new ScholiaError('invalid-input', 'A tag needs a name.');
  return parentId;
}

/**
 * Brings in what a Scholia export holds beside its annotations, never over what the reader has: the
 * tags the codebook lacks, notes of documents that have none, meanings of colours the reader left at
 * their default. A tag the codebook cannot take (an invalid colour) is left out. Resolves to whether
 * the codebook was touched.
 */
async function importLibrary(context: ServiceContext, library: IncomingLibrary): Promise<boolean> {
  for (const tag of library.tags) {
    await tagFor(context, tag.path, {
      ...(tag.color === null ? {} : { color: tag.color }),
      ...(tag.description === '' ? {} : { description: tag.description }),
    }).catch((error: unknown) => {
      if (!(error instanceof ScholiaError)) throw error;
    });
  }
  for (const document of library.documents) {
    const meta = namedDocument(context, document.source);
    if (
      meta !== null &&
      meta.note === '' &&
      document.note !== '' &&
      document.note.length <= MAX_NOTE_LENGTH
    ) {
      await updateDocumentNote(context, { documentId: meta.id, note: document.note });
    }
  }
  const { colorLabels } = await getSettings(context);
  const labels: Partial<Record<HighlightColor, string>> = {};
  for (const color of HIGHLIGHT_COLORS) {
    const meaning = library.colorLabels[color]?.trim().slice(0, 100);
    if (
      meaning !== undefined &&
      colorLabels[color] === DEFAULT_COLOR_LABELS[color] &&
      meaning !== colorLabels[color]
    ) {
      labels[color] = meaning;
    }
  }
  if (Object.keys(labels).length > 0) await updateSettings(context, { colorLabels: labels });
  return library.tags.length > 0;
}

function sameBody(existing: Annotation, candidate: Annotation): boolean {
  const tags = (ids: readonly string[]) => [...ids].sort().join('\u0000');
  return (
    existing.selectors[0].exact === candidate.selectors[0].exact &&
    existing.selectors[1].start === candidate.selectors[1].start &&
    existing.selectors[1].end === candidate.selectors[1].end &&
    existing.comment === candidate.comment &&
    tags(existing.tagIds) === tags(candidate.tagIds)
  );
}

/**
 * Imports the annotations of a W3C Web Annotation JSON-LD file or a Hypothesis export into the documents
 * they belong to. An annotation already in the library (same id, or same passage, comment and tags) is
 * skipped; one whose document or passage cannot be found is reported and changes nothing.
 */
export async function importAnnotations(
  context: ServiceContext,
  { source }: ApiParsedArgs<'importAnnotations'>,
): Promise<ApiReturns['importAnnotations']> {
  const { name, text } = await readSource(context, source);
  // A Hypothesis client export holds the API's annotations under another key.
  const file = parseAnnotationFile(name, annotationFileText(text));
  let changedTags = await importLibrary(context, file.library);
  const outcomes: AnnotationImportOutcome[] = [];
  const texts = new Map<string, string>();
  const counted = new Map<string, CodePoints>();
  const pointsOf = (documentId: string, documentText: string): CodePoints => {
    const known = counted.get(documentId) ?? new CodePoints(documentText);
    counted.set(documentId, known);
    return known;
  };
  const byDocument = new Map<
    string,
    { meta: DocumentMeta; placed: (Placed & { outcome: AnnotationImportOutcome })[] }
  >();
  for (const item of file.items) {
    const quote = 'exact' in item ? item.exact.slice(0, 80) : item.quote;
    if (!('exact' in item)) {
      outcomes.push({
        id: item.key,
        quote,
        status: 'failed',
        reason: `It could not be read: ${item.reason}.`,
      });
      continue;
    }
    const outcome: AnnotationImportOutcome = { id: item.key, quote, status: 'failed' };
    outcomes.push(outcome);
    const meta = await findDocument(context, item, texts);
    if (meta === null) {
      outcome.reason =
        'No document in the library has this passage (nor the same file, id or URL). Import the document first.';
      continue;
    }
    const documentText = await textOf(context, meta, texts);
    const anchored = placeQuote(documentText, item, pointsOf(meta.id, documentText));
    if (anchored === null) {
      outcome.documentId = meta.id;
      outcome.reason = `The passage is not in “${displayTitle(meta)}” (its text may differ from the annotated one).`;
      continue;
    }
    outcome.documentId = meta.id;
    const entry = byDocument.get(meta.id) ?? { meta, placed: [] };
    entry.placed.push({
      incoming: item,
      selectors:
        anchored.start === anchored.end
          ? describePoint(documentText, anchored.start)
          : describeRange(documentText, anchored.start, anchored.end),
      outcome,
    });
    byDocument.set(meta.id, entry);
  }
  for (const { meta, placed } of byDocument.values()) {
    const candidates: { annotation: Annotation; outcome: AnnotationImportOutcome }[] = [];
    for (const { incoming, selectors, outcome } of placed) {
      const tagIds: string[] = [];
      for (const path of incoming.tags) {
        tagIds.push(await tagFor(context, path));
        changedTags = true;
      }
      const now = context.now().toISOString();
      const created = incoming.created ?? now;
      try {
        candidates.push({
          outcome,
          annotation: checkedAnnotation({
            id: incoming.id ?? randomUUID(),
            documentId: meta.id,
            selectors,
            motivation: incoming.motivation,
            color: incoming.color ?? 'yellow',
            tagIds: [...new Set(tagIds)],
            comment: incoming.comment,
            createdAt: created,
            modifiedAt: incoming.modified ?? created,
          }),
        });
      } catch (error) {
        outcome.reason = error instanceof Error ? error.message : String(error);
      }
    }
    const save = async () => {
      const saved = await context.store.appendAnnotationChanges(meta.id, (current) => {
        const known = [...current];
        const changes: { op: 'put'; annotation: Annotation }[] = [];
        const existingTags = new Set(context.store.listTags().map((tag) => tag.id));
        for (const { annotation, outcome } of candidates) {
          const duplicate = known.find((other) => other.id === annotation.id || sameBody(other, annotation));
          if (duplicate !== undefined) {
            outcome.status = 'skipped';
            outcome.reason =
              duplicate.id === annotation.id
                ? 'An annotation with this id is already there.'
                : 'The same annotation is already there.';
            continue;
          }
          const kept = { ...annotation, tagIds: annotation.tagIds.filter((id) => existingTags.has(id)) };
          changes.push({ op: 'put', annotation: kept });
          known.push(kept);
          outcome.status = 'imported';
        }
        return changes;
      });
      if (saved === null) throw documentNotFound(meta.id);
    };
    await context.store.withCodebook(save);
    context.events.emit('library-changed', { scope: 'annotations', documentId: meta.id });
  }
  if (changedTags) context.events.emit('library-changed', { scope: 'tags' });
  const count = (status: AnnotationImportOutcome['status']) =>
    outcomes.filter((outcome) => outcome.status === status).length;
  return {
    format: file.format,
    imported: count('imported'),
    skipped: count('skipped'),
    failed: count('failed'),
    outcomes,
  };
}
