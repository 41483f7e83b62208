/**
 * The export and sharing methods of the service: reading lists (collections), citation styles, exports
 * (written atomically, or previewed without writing), and importing annotations from JSON-LD or
 * Hypothesis files into the documents they belong to.
 */
import { randomUUID } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { basename, join, resolve } from 'node:path';
import { parseApiArgs, type ApiParsedArgs, type ApiReturns } from '../../shared/api';
import { anchorSelectors, describeRange, matchQuote } from '../../shared/anchoring';
import { ScholiaError } from '../../shared/errors';
import {
  CollectionSchema,
  type AnnotationImportOutcome,
  type Collection,
  type ExportOptions,
} from '../../shared/export-options';
import type { Annotation, DocumentMeta, Selectors, Tag } from '../../shared/model';
import { DEFAULT_COLOR_LABELS, displayTitle } from '../../shared/model';
import { StyleRegistry, MAX_STYLE_BYTES, validateCslStyle } from '../citations/styles';
import { formatReferencesOffThread } from '../citations/citeproc-thread';
import { parseAnnotationFile, type IncomingAnnotation } from '../export/annotation-import';
import { prepareFolder, writeFileAtomic } from '../export/atomic-write';
import { buildReferences, cslItemOf, unformattedReferences } from '../export/references';
import { renderExportSteps, type RenderedFile } from '../export/render';
import { paragraphAt, passageFilter, type ExportDocument, type ExportSnapshot } from '../export/snapshot';
import { mergeVaultNote } from '../export/vault';
import { runInSlices } from '../search/sliced-work';
import type { LibraryStore } from '../store/library-store';
import { errnoCode, ioError } from '../store/fs-errors';
import { checkedAnnotation, projectionOf } from './annotation-checks';
import { documentNotFound, requireDocument, type ServiceContext } from './service-context';
import { getSettings } from './settings-operations';
import { createTag } from './tag-operations';

const registries = new WeakMap<LibraryStore, StyleRegistry>();

/** The citation styles of the library `context` serves (made on first use, kept with its store). */
export function stylesOf(context: ServiceContext): StyleRegistry {
  let registry = registries.get(context.store);
  if (registry === undefined) {
    registry = new StyleRegistry(context.store.dir);
    registries.set(context.store, registry);
  }
  return registry;
}

// ---------------------------------------------------------------------------------------------------
// Collections

/** The reading lists, in the order they were made; entries a hand-edited file damaged are left out. */
export function listCollections(context: ServiceContext): Collection[] {
  return context.store.collections().flatMap((raw) => {
    const parsed = CollectionSchema.safeParse(raw);
    return parsed.success ? [parsed.data] : [];
  });
}

function collectionNotFound(collectionId: string): ScholiaError {
  return new ScholiaError(
    'not-found',
    `No collection with id "${collectionId}". It may have been deleted; refresh the list of collections.`,
  );
}

function checkName(collections: readonly Collection[], name: string, exceptId: string | null): void {
  const taken = collections.find(
    (collection) =>
      collection.id !== exceptId &&
      collection.name.localeCompare(name, undefined, { sensitivity: 'accent' }) === 0,
  );
  if (taken !== undefined) {
    throw new ScholiaError(
      'invalid-input',
      `There is already a collection named “${taken.name}”. Choose another name.`,
    );
  }
}

async function changeCollections(
  context: ServiceContext,
  change: (current: Collection[]) => { next: Collection[]; result: Collection | null },
): Promise<Collection | null> {
  let result: Collection | null = null;
  await context.store.updateCollections((raw) => {
    // Entries Scholia cannot read are kept as they are, so nothing the reader saved is lost.
    const unreadable = raw.filter((entry) => !CollectionSchema.safeParse(entry).success);
    const outcome = change(listCollections(context));
    result = outcome.result;
    return [...outcome.next, ...unreadable];
  });
  context.events.emit('library-changed', { scope: 'documents' });
  return result;
}

function checkDocuments(context: ServiceContext, documentIds: readonly string[]): void {
  for (const id of documentIds) requireDocument(context, id);
}

/** Makes a reading list, empty or with the given documents. */
export async function createCollection(
  context: ServiceContext,
  { name, documentIds }: ApiParsedArgs<'createCollection'>,
): Promise<ApiReturns['createCollection']> {
  checkDocuments(context, documentIds ?? []);
  const made = await changeCollections(context, (current) => {
    checkName(current, name, null);
    const collection: Collection = {
      id: randomUUID(),
      name,
      documentIds: [...new Set(documentIds ?? [])],
      createdAt: context.now().toISOString(),
    };
    return { next: [...current, collection], result: collection };
  });
  if (made === null) throw new ScholiaError('internal', 'The collection was not saved.');
  return made;
}

function updateOne(
  context: ServiceContext,
  collectionId: string,
  update: (collection: Collection, all: Collection[]) => Collection,
): Promise<Collection> {
  return changeCollections(context, (current) => {
    const found = current.find((collection) => collection.id === collectionId);
    if (found === undefined) throw collectionNotFound(collectionId);
    const updated = update(found, current);
    return {
      next: current.map((collection) => (collection.id === collectionId ? updated : collection)),
      result: updated,
    };
  }).then((result) => {
    if (result === null) throw collectionNotFound(collectionId);
    return result;
  });
}

/** Renames a reading list. */
export function renameCollection(
  context: ServiceContext,
  { collectionId, name }: ApiParsedArgs<'renameCollection'>,
): Promise<ApiReturns['renameCollection']> {
  return updateOne(context, collectionId, (collection, all) => {
    checkName(all, name, collectionId);
    return { ...collection, name };
  });
}

/** Deletes a reading list (its documents stay in the library). */
export async function deleteCollection(
  context: ServiceContext,
  { collectionId }: ApiParsedArgs<'deleteCollection'>,
): Promise<ApiReturns['deleteCollection']> {
  await changeCollections(context, (current) => {
    if (!current.some((collection) => collection.id === collectionId)) throw collectionNotFound(collectionId);
    return { next: current.filter((collection) => collection.id !== collectionId), result: null };
  });
  return null;
}

/** Adds documents to a reading list (those already in it stay once). */
export function addToCollection(
  context: ServiceContext,
  { collectionId, documentIds }: ApiParsedArgs<'addToCollection'>,
): Promise<ApiReturns['addToCollection']> {
  checkDocuments(context, documentIds);
  return updateOne(context, collectionId, (collection) => ({
    ...collection,
    documentIds: [...new Set([...collection.documentIds, ...documentIds])],
  }));
}

/** Removes documents from a reading list (not from the library). */
export function removeFromCollection(
  context: ServiceContext,
  { collectionId, documentIds }: ApiParsedArgs<'removeFromCollection'>,
): Promise<ApiReturns['removeFromCollection']> {
  const removed = new Set(documentIds);
  return updateOne(context, collectionId, (collection) => ({
    ...collection,
    documentIds: collection.documentIds.filter((id) => !removed.has(id)),
  }));
}

// ---------------------------------------------------------------------------------------------------
// Styles

/** The citation styles: shipped ones, then the reader's. */
export function listStyles(context: ServiceContext): Promise<ApiReturns['listStyles']> {
  return stylesOf(context).list();
}

/**
 * Adds a `.csl` style to the library (as `styles/<name>.csl`) after checking it; a style with the same
 * file name is replaced. `invalid-input` for a file that is not a usable CSL style.
 */
export async function addStyle(
  context: ServiceContext,
  { fileName, xml }: ApiParsedArgs<'addStyle'>,
): Promise<ApiReturns['addStyle']> {
  const base = basename(fileName).replace(/\.csl$/i, '');
  const id = base
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (id === '')
    throw new ScholiaError(
      'invalid-input',
      `“${fileName}” does not give a usable style name. Rename the file, e.g. my-journal.csl.`,
    );
  if (Buffer.byteLength(xml, 'utf8') > MAX_STYLE_BYTES) {
    throw new ScholiaError(
      'invalid-input',
      `${fileName} is larger than 2 MB, far larger than any CSL style. Check that it is a .csl file.`,
    );
  }
  validateCslStyle(fileName, xml);
  const registry = stylesOf(context);
  await registry.list();
  const existing = (await registry.list()).find((style) => style.id === id);
  if (existing?.source === 'bundled') {
    throw new ScholiaError(
      'invalid-input',
      `“${id}” is the name of a style Scholia ships. Rename the file and add it again.`,
    );
  }
  await prepareFolder(registry.folder, true);
  await writeFileAtomic(join(registry.folder, `${id}.csl`), xml);
  return registry.addLibraryStyle(id, xml);
}

// ---------------------------------------------------------------------------------------------------
// Exports

function scopeDocuments(context: ServiceContext, options: ExportOptions): DocumentMeta[] {
  const all = context.store.listDocuments();
  const { scope } = options;
  if (scope.kind === 'library') return [...all];
  if (scope.kind === 'documents') return scope.documentIds.map((id) => requireDocument(context, id));
  const collection = listCollections(context).find((candidate) => candidate.id === scope.collectionId);
  if (collection === undefined) throw collectionNotFound(scope.collectionId);
  const members = new Set(collection.documentIds);
  return all.filter((meta) => members.has(meta.id));
}

const blockCaches = new WeakMap<LibraryStore, Map<string, { version: number; offsets: number[] }>>();

/**
 * Where each paragraph of a document starts in its plain text, kept per text version: an export of a
 * whole library needs them for every document, far more than the projection cache holds.
 */
async function blockOffsets(context: ServiceContext, meta: DocumentMeta): Promise<number[]> {
  let cache = blockCaches.get(context.store);
  if (cache === undefined) {
    cache = new Map();
    blockCaches.set(context.store, cache);
  }
  const version = context.store.textVersion(meta.id);
  const cached = cache.get(meta.id);
  if (cached?.version === version) return cached.offsets;
  const { projection, version: projected } = await projectionOf(context, meta);
  const offsets = projection.blocks.map((block) => block.offset);
  cache.set(meta.id, { version: projected, offsets });
  return offsets;
}

/** How long an export works before it lets other requests (and, in the app, the window) run. */
const SLICE_MS = 15;

/** How long writing the export's text works before it lets other requests run. */
const RENDER_SLICE_MS = 8;

/** A clock for working in slices: `pause()` yields to the event loop once a slice's time is up. */
function slicer(): { pause(): Promise<void> } {
  let started = performance.now();
  return {
    async pause() {
      if (performance.now() - started < SLICE_MS) return;
      await yieldToEventLoop();
      started = performance.now();
    },
  };
}

/**
 * The library as the export sees it: documents in scope, their passages after the filters. Works in
 * slices of {@link SLICE_MS}, so reading and projecting a whole library never holds the event loop long.
 */
export async function exportSnapshot(
  context: ServiceContext,
  options: ExportOptions,
): Promise<ExportSnapshot> {
  const tags = context.store.listTags();
  const keep = passageFilter(tags, options.filters);
  const filtering =
    options.filters.tagIds !== undefined ||
    options.filters.colors !== undefined ||
    options.filters.annotatedFrom !== undefined ||
    options.filters.annotatedTo !== undefined;
  const documents: ExportDocument[] = [];
  const slices = slicer();
  for (const meta of scopeDocuments(context, options)) {
    await slices.pause();
    const annotations = (await context.store.readAnnotations(meta.id)) ?? [];
    const kept = annotations.filter(keep);
    // With filters, a document none of whose passages pass is left out; without, every document is listed.
    if (filtering && kept.length === 0) continue;
    const blocks = kept.length === 0 ? null : await blockOffsets(context, meta);
    documents.push({
      meta,
      passages: kept.map((annotation) => ({
        annotation,
        paragraph:
          blocks === null || annotation.orphanedAt !== undefined
            ? null
            : paragraphAt(blocks, annotation.selectors[1].start),
      })),
    });
  }
  const { colorLabels } = await getSettings(context);
  return { documents, tags, colorLabels: { ...DEFAULT_COLOR_LABELS, ...colorLabels } };
}

async function render(context: ServiceContext, options: ExportOptions) {
  const registry = stylesOf(context);
  const style = await registry.resolve(options.style);
  const locale = await registry.resolveLocale(options.locale);
  const snapshot = await exportSnapshot(context, options);
  const metas = snapshot.documents.map((document) => document.meta);
  // JSON-LD and the codebook cite nothing: no need to run citeproc for them.
  const cites = options.format !== 'jsonld' && options.format !== 'csv-codebook';
  const references = cites
    ? buildReferences(metas, await formatReferencesOffThread(metas.map(cslItemOf), style, locale, SLICE_MS))
    : unformattedReferences(metas);
  await yieldToEventLoop();
  const files = await runInSlices(
    renderExportSteps(snapshot, references, options, registry.title(style)),
    RENDER_SLICE_MS,
  );
  const passages = snapshot.documents.reduce((sum, document) => sum + document.passages.length, 0);
  return { files, documents: snapshot.documents.length, passages };
}

/** The beginning of what the export would write (at most `maxChars` characters), without writing. */
export async function previewExport(
  context: ServiceContext,
  args: ApiParsedArgs<'previewExport'>,
): Promise<ApiReturns['previewExport']> {
  // Validated again so that callers inside core (the CLI, tests) get the defaults too.
  const { options, maxChars } = parseApiArgs('previewExport', args);
  const { files, documents, passages } = await render(context, options);
  const first: RenderedFile = files[0] ?? { name: 'notes', text: '' };
  const whole = files.map((file) => file.text).join('\n');
  return {
    format: options.format,
    text: first.text.slice(0, maxChars),
    truncated: whole.length > maxChars || files.length > 1,
    suggestedName: options.format === 'vault' ? 'Scholia notes' : first.name,
    documents,
    passages,
  };
}

async function isFolder(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return false;
    throw ioError('look at', path, error);
  }
}

async function existingText(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return null;
    throw ioError('read', path, error);
  }
}

/**
 * Writes the export to `path`: a file (or, when `path` is a folder, the proposed file name in it), or
 * for a vault a folder with one note per document (created if missing; notes written before are updated
 * in place, keeping the reader's own lines). Every file is written atomically.
 */
export async function exportLibrary(
  context: ServiceContext,
  args: ApiParsedArgs<'exportLibrary'>,
): Promise<ApiReturns['exportLibrary']> {
  const { options, path } = parseApiArgs('exportLibrary', args);
  const target = resolve(path);
  const { files, documents, passages } = await render(context, options);
  const written: string[] = [];
  let bytes = 0;
  if (options.format === 'vault') {
    await prepareFolder(target, true);
    const names = await readdir(target).catch((error: unknown) => {
      throw ioError('list the folder', target, error);
    });
    for (const file of files) {
      // A note written before keeps its name even when the document's title has changed since.
      const suffix = / \([0-9a-f-]{1,8}\)\.md$/.exec(file.name)?.[0];
      const earlier = suffix === undefined ? undefined : names.find((name) => name.endsWith(suffix));
      const filePath = join(target, earlier ?? file.name);
      const old = await existingText(filePath);
      bytes += await writeFileAtomic(filePath, old === null ? file.text : mergeVaultNote(old, file.text));
      written.push(filePath);
    }
    return { format: options.format, path: target, files: written, documents, passages, bytes };
  }
  const file = files[0];
  if (file === undefined) throw new ScholiaError('internal', 'The export produced no file.');
  const filePath = (await isFolder(target)) ? join(target, file.name) : target;
  await prepareFolder(resolve(filePath, '..'), false);
  bytes = await writeFileAtomic(filePath, file.text);
  return { format: options.format, path: filePath, files: [filePath], documents, passages, bytes };
}

// ---------------------------------------------------------------------------------------------------
// Importing annotations

/** Files larger than this are refused by `importAnnotations`. */
export const MAX_ANNOTATION_FILE_BYTES = 100 * 1024 * 1024;

async function readSource(
  source: ApiParsedArgs<'importAnnotations'>['source'],
): Promise<{ name: string; text: string }> {
  if (source.kind === 'bytes') return { name: source.name, text: new TextDecoder().decode(source.bytes) };
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
  const documents = context.store.listDocuments();
  const { hash, documentId, url } = incoming.source;
  const direct =
    (hash === null ? undefined : documents.find((meta) => meta.contentHash === hash)) ??
    (documentId === null ? undefined : documents.find((meta) => meta.id === documentId)) ??
    (url === null
      ? undefined
      : documents.find((meta) => meta.csl.URL !== undefined && sameUrl(meta.csl.URL, url)));
  if (direct !== undefined) return direct;
  let fallback: DocumentMeta | null = null;
  for (const meta of documents) {
    const text = await textOf(context, meta, texts);
    if (!text.includes(incoming.exact)) continue;
    if (text.includes(`${incoming.prefix}${incoming.exact}${incoming.suffix}`)) return meta;
    fallback ??= meta;
  }
  return fallback;
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

/** Where an incoming passage is in `text`: at its position if given, else the best match of its quote. */
function placeQuote(text: string, item: IncomingAnnotation): { start: number; end: number } | null {
  if (item.position !== null) {
    const anchored = anchorSelectors(text, [
      { type: 'TextQuoteSelector', exact: item.exact, prefix: item.prefix, suffix: item.suffix },
      { type: 'TextPositionSelector', ...item.position },
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

/** The tag id for a path of names, creating the tags that are missing. */
async function tagFor(context: ServiceContext, path: readonly string[]): Promise<string> {
  let parentId: string | null = null;
  for (const raw of path) {
    const name = raw.trim().slice(0, 200);
    const siblings: Tag[] = context.store.listTags().filter((tag) => tag.parentId === parentId);
    const found = siblings.find(
      (tag) => tag.name.localeCompare(name, undefined, { sensitivity: 'accent' }) === 0,
    );
    parentId = found !== undefined ? found.id : (await createTag(context, { name, parentId })).id;
  }
  if (parentId === null) throw new ScholiaError('invalid-input', 'A tag needs a name.');
  return parentId;
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
  const { name, text } = await readSource(source);
  const file = parseAnnotationFile(name, text);
  const outcomes: AnnotationImportOutcome[] = [];
  const texts = new Map<string, string>();
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
    const anchored = placeQuote(documentText, item);
    if (anchored === null) {
      outcome.documentId = meta.id;
      outcome.reason = `The passage is not in “${displayTitle(meta)}” (its text may differ from the annotated one).`;
      continue;
    }
    outcome.documentId = meta.id;
    const entry = byDocument.get(meta.id) ?? { meta, placed: [] };
    entry.placed.push({
      incoming: item,
      selectors: describeRange(documentText, anchored.start, anchored.end),
      outcome,
    });
    byDocument.set(meta.id, entry);
  }
  let changedTags = false;
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
