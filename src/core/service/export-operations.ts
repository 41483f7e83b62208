/**
 * Exports of the service: the library as the export sees it (documents in scope, their passages after
 * the filters), and what an export writes, previewed without writing or written atomically (a file, or
 * a folder of vault notes updated in place). Long work runs in slices so other requests never wait
 * long (see `util/sliced-work.ts`).
 */
import { zipSync } from 'fflate';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseApiArgs, type ApiParsedArgs, type ApiReturns } from '../../shared/api';
import { ScholiaError } from '../../shared/errors';
import type { ExportOptions } from '../../shared/export-options';
import { EXPORT_FORMAT_INFO } from '../../shared/export-formats';
import type { Annotation, DocumentMeta } from '../../shared/model';
import { DEFAULT_COLOR_LABELS } from '../../shared/model';
import { formatReferencesOffThread } from '../citations/citeproc-thread';
import { prepareFolder, writeFileAtomic } from '../export/atomic-write';
import { buildReferences, cslItemOf, locatedCites, unformattedReferences } from '../export/references';
import { renderExportSteps, type RenderedFile } from '../export/render';
import {
  linkedOnlyDocuments,
  passageFilter,
  type ExportDocument,
  type ExportLink,
  type ExportLinkEnd,
  type ExportSnapshot,
} from '../export/snapshot';
import { mergeVaultNote } from '../export/vault';
import { errnoCode, ioError } from '../store/fs-errors';
import { nextTurn, pauser, runInSlices } from '../util/sliced-work';
import { collectionNotFound, listCollections } from './collection-operations';
import { listLinkRelations, listLinks } from './link-operations';
import { projectionOf } from './annotation-checks';
import { passagePlace, textPlaces } from './passage-places';
import { requireDocument, type ServiceContext } from './service-context';
import { getSettings } from './settings-operations';
import { stylesOf } from './style-operations';

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

/** How long an export works before it lets other requests (and, in the app, the window) run. */
const SLICE_MS = 15;

/** The folder name proposed for an export written as a folder of notes. */
const FOLDER_NAME = 'Scholia notes';

/** How long writing the export's text works before it lets other requests run. */
const RENDER_SLICE_MS = 8;

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
  const pause = pauser(SLICE_MS);
  for (const meta of scopeDocuments(context, options)) {
    await pause();
    const annotations = (await context.store.readAnnotations(meta.id)) ?? [];
    const kept = annotations.filter(keep);
    // With filters, a document none of whose passages pass is left out; without, every document is listed.
    if (filtering && kept.length === 0) continue;
    const places = kept.length === 0 ? null : await textPlaces(context, meta);
    // JSON-LD and REFI-QDA count positions in code points, which only the text itself tells; a REFI-QDA
    // project also carries every document's text, passages or not.
    const withText = options.format === 'refi-qdpx' || (options.format === 'jsonld' && kept.length > 0);
    const text = withText ? (await projectionOf(context, meta)).projection.text : undefined;
    documents.push({
      meta,
      passages: kept.map((annotation) => ({ annotation, ...passagePlace(annotation, places, meta) })),
      ...(text === undefined ? {} : { text }),
    });
  }
  const { colorLabels } = await getSettings(context);
  const links = await snapshotLinks(context, documents, pause);
  return {
    documents,
    tags,
    colorLabels: { ...DEFAULT_COLOR_LABELS, ...colorLabels },
    ...(links.length === 0 ? {} : { links }),
    relations: listLinkRelations(context),
  };
}

/**
 * The links with an end in one of `documents` (both their passages in the library), each end with its
 * passage placed as the export places passages, and whether the export holds it.
 */
async function snapshotLinks(
  context: ServiceContext,
  documents: readonly ExportDocument[],
  pause: () => Promise<unknown>,
): Promise<ExportLink[]> {
  const inScope = new Map(documents.map((document) => [document.meta.id, document]));
  const views = (await listLinks(context, {})).filter(
    (view) => inScope.has(view.from.documentId) || inScope.has(view.to.documentId),
  );
  if (views.length === 0) return [];
  const annotations = new Map<string, Promise<Map<string, Annotation>>>();
  const placesOf = new Map<string, ReturnType<typeof textPlaces>>();
  const end = async (documentId: string, annotationId: string): Promise<ExportLinkEnd | null> => {
    const exported = inScope.get(documentId)?.passages.find((p) => p.annotation.id === annotationId);
    const meta = inScope.get(documentId)?.meta ?? context.store.getDocument(documentId);
    if (meta === null) return null;
    if (exported !== undefined) return { meta, passage: exported, exported: true };
    let byId = annotations.get(documentId);
    if (byId === undefined) {
      byId = context.store
        .readAnnotations(documentId)
        .then((list) => new Map((list ?? []).map((annotation) => [annotation.id, annotation])));
      annotations.set(documentId, byId);
    }
    const annotation = (await byId).get(annotationId);
    if (annotation === undefined) return null;
    let places = placesOf.get(documentId);
    if (places === undefined) {
      places = textPlaces(context, meta);
      placesOf.set(documentId, places);
    }
    return {
      meta,
      passage: { annotation, ...passagePlace(annotation, await places, meta) },
      exported: false,
    };
  };
  const links: ExportLink[] = [];
  for (const view of views) {
    await pause();
    const from = await end(view.from.documentId, view.from.annotationId);
    const to = await end(view.to.documentId, view.to.annotationId);
    if (from !== null && to !== null) links.push({ link: view.link, from, to });
  }
  return links;
}

async function render(context: ServiceContext, options: ExportOptions) {
  const registry = stylesOf(context);
  const style = await registry.resolve(options.style);
  const locale = await registry.resolveLocale(options.locale, style);
  const snapshot = await exportSnapshot(context, options);
  const exported = snapshot.documents.map((document) => document.meta);
  // The documents of linked passages outside the export are cited beside them, not listed.
  const metas = [...exported, ...linkedOnlyDocuments(snapshot)];
  // Formats that cite nothing (JSON-LD, the codebook) need no citeproc.
  const cites = locatedCites([
    ...snapshot.documents.flatMap((document) =>
      document.passages.map((passage) => ({ documentId: document.meta.id, locator: passage.locator })),
    ),
    ...(snapshot.links ?? []).flatMap((link) =>
      [link.from, link.to].map((end) => ({ documentId: end.meta.id, locator: end.passage.locator })),
    ),
  ]);
  const formatted = EXPORT_FORMAT_INFO[options.format].formatsReferences
    ? buildReferences(
        metas,
        await formatReferencesOffThread(metas.map(cslItemOf), style, locale, SLICE_MS, cites),
      )
    : unformattedReferences(metas);
  const listed = new Set(exported.map((meta) => meta.id));
  const references = { ...formatted, order: formatted.order.filter((id) => listed.has(id)) };
  await nextTurn();
  const files = await runInSlices(
    renderExportSteps(snapshot, references, options, registry.title(style)),
    RENDER_SLICE_MS,
  );
  const passages = snapshot.documents.reduce((sum, document) => sum + document.passages.length, 0);
  const skipped = files.reduce((sum, file) => sum + (file.skipped ?? 0), 0);
  // Only a format that leaves passages out says how many: the others' results stay as they were.
  return { files, documents: snapshot.documents.length, passages, ...(skipped > 0 ? { skipped } : {}) };
}

/** The beginning of what the export would write (at most `maxChars` characters), without writing. */
export async function previewExport(
  context: ServiceContext,
  args: ApiParsedArgs<'previewExport'>,
): Promise<ApiReturns['previewExport']> {
  // Validated again so that callers inside core (the CLI, tests) get the defaults too.
  const { options, maxChars } = parseApiArgs('previewExport', args);
  const { files, documents, passages, ...counts } = await render(context, options);
  // A binary file's text is its summary in words (`RenderedFile`), never its bytes.
  const first: RenderedFile = files[0] ?? { name: 'notes', text: '' };
  const whole = files.map((file) => file.text).join('\n');
  return {
    format: options.format,
    text: first.text.slice(0, maxChars),
    truncated: whole.length > maxChars || files.length > 1,
    suggestedName: EXPORT_FORMAT_INFO[options.format].output === 'folder' ? FOLDER_NAME : first.name,
    documents,
    passages,
    ...counts,
  };
}

/** The largest export offered as a download: far more than any library's notes, less than a transport chokes on. */
const MAX_DOWNLOAD_BYTES = 64 * 1024 * 1024;

/**
 * What the export would write, as one file to download: the file, or for a vault a ZIP of its notes
 * (`Scholia notes.zip`, a folder of that name inside), so that browser mode can export a vault too.
 */
export async function downloadExport(
  context: ServiceContext,
  args: ApiParsedArgs<'downloadExport'>,
): Promise<ApiReturns['downloadExport']> {
  const { options } = parseApiArgs('downloadExport', args);
  const { files, documents, passages, ...counts } = await render(context, options);
  const info = EXPORT_FORMAT_INFO[options.format];
  const encoder = new TextEncoder();
  let name: string;
  let bytes: Uint8Array;
  let mediaType: string = info.mediaType;
  if (info.output === 'folder') {
    const entries: Record<string, Uint8Array> = {};
    for (const file of files)
      entries[`${FOLDER_NAME}/${file.name}`] = file.bytes ?? encoder.encode(file.text);
    await nextTurn();
    bytes = zipSync(entries, { level: 6 });
    name = `${FOLDER_NAME}.zip`;
    mediaType = 'application/zip';
  } else {
    const file = files[0];
    if (file === undefined) throw new ScholiaError('internal', 'The export produced no file.');
    name = file.name;
    bytes = file.bytes ?? encoder.encode(file.text);
  }
  if (bytes.byteLength > MAX_DOWNLOAD_BYTES) {
    throw new ScholiaError(
      'invalid-input',
      `This export is ${String(Math.round(bytes.byteLength / 1024 / 1024))} MB, too large to download from the browser; export a collection at a time, or use the command line (scholia export).`,
    );
  }
  await nextTurn();
  return {
    name,
    mediaType,
    base64: Buffer.from(bytes).toString('base64'),
    documents,
    passages,
    ...counts,
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
 * in place, keeping the reader's own lines). Every file is written atomically. `path` must be where the
 * reader chose to export in this session, or inside it (`path-grants.ts`); otherwise nothing is written
 * or created.
 */
export async function exportLibrary(
  context: ServiceContext,
  args: ApiParsedArgs<'exportLibrary'>,
): Promise<ApiReturns['exportLibrary']> {
  const { options, path } = parseApiArgs('exportLibrary', args);
  const target = resolve(path);
  await context.grants.checkWrite(target);
  const { files, documents, passages, ...counts } = await render(context, options);
  const written: string[] = [];
  let bytes = 0;
  if (EXPORT_FORMAT_INFO[options.format].output === 'folder') {
    await prepareFolder(target, true);
    const names = await readdir(target).catch((error: unknown) => {
      throw ioError('list the folder', target, error);
    });
    // A note written before keeps its name even when the document's title has changed since.
    const kept = files.map((file) => {
      const suffix = / \([0-9a-f-]{1,8}\)\.md$/.exec(file.name)?.[0];
      return (suffix === undefined ? undefined : names.find((name) => name.endsWith(suffix))) ?? file.name;
    });
    // Links between passages name their notes: a note that kept its old name is linked to by it.
    const renamed = files.flatMap((file, index) => {
      const name = kept[index] ?? file.name;
      return name === file.name
        ? []
        : [[`[[${file.name.replace(/\.md$/, '')}#^`, `[[${name.replace(/\.md$/, '')}#^`]];
    });
    for (const [index, file] of files.entries()) {
      const filePath = join(target, kept[index] ?? file.name);
      const text = renamed.reduce((current, [from = '', to = '']) => current.replaceAll(from, to), file.text);
      const old = await existingText(filePath);
      bytes +=
        file.bytes !== undefined
          ? await writeFileAtomic(filePath, file.bytes)
          : await writeFileAtomic(filePath, old === null ? text : mergeVaultNote(old, text));
      written.push(filePath);
    }
    return { format: options.format, path: target, files: written, documents, passages, bytes, ...counts };
  }
  const file = files[0];
  if (file === undefined) throw new ScholiaError('internal', 'The export produced no file.');
  const filePath = (await isFolder(target)) ? join(target, file.name) : target;
  if (filePath !== target) await context.grants.checkWrite(filePath);
  await prepareFolder(resolve(filePath, '..'), false);
  bytes = await writeFileAtomic(filePath, file.bytes ?? file.text);
  return {
    format: options.format,
    path: filePath,
    files: [filePath],
    documents,
    passages,
    bytes,
    ...counts,
  };
}
