/**
 * Importing annotations into the library: a W3C Web Annotation JSON-LD file (as Scholia exports it), a
 * Hypothesis export (the API's JSON, or the client's "Export annotations" file), a Kindle's
 * `My Clippings.txt` or Taguette's highlights CSV. Each annotation is matched to the document it
 * belongs to and placed on its passage (or its point, for a margin note); one already there is
 * skipped, one that cannot be placed is reported and changes nothing. A Scholia export's orphan (its
 * passage deleted by an edit of the text) comes back as an orphan when its document is here and its
 * passage is not. What a Scholia export holds beside its annotations comes in too, never over what
 * the reader has: the codebook's missing tags (with colour, description and place in the tree), a
 * document's note where it has none, a colour's meaning where the reader left the default; the report
 * counts them. So do its links between passages, once the annotations are in (see {@link importLinks}).
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
import { sameTagName } from '../../shared/codebook';
import { foldString } from '../../shared/typographic-fold';
import { ScholiaError } from '../../shared/errors';
import type { AnnotationImportOutcome, LinkImportOutcome } from '../../shared/export-options';
import {
  LinkCommentSchema,
  LinkRelationSchema,
  PassageLinkSchema,
  RelationNameSchema,
  type LinkRelation,
  type PassageLink,
  type PassageRef,
} from '../../shared/links';
import type { Annotation, DocumentMeta, HighlightColor, Selectors, Tag } from '../../shared/model';
import { DEFAULT_COLOR_LABELS, HIGHLIGHT_COLORS, MAX_NOTE_LENGTH, displayTitle } from '../../shared/model';
import {
  parseAnnotationFile,
  type IncomingAnnotation,
  type IncomingLibrary,
  type IncomingLink,
  type IncomingLinkEnd,
  type UnreadableLink,
} from '../export/annotation-import';
import { annotationFileText } from '../import/file-kind';
import { CodePoints } from '../export/jsonld';
import { ioError } from '../store/fs-errors';
import { checkedAnnotation, projectionOf } from './annotation-checks';
import { updateDocumentNote } from './document-operations';
import { documentNotFound, type ServiceContext } from './service-context';
import { listLinkRelations } from './link-operations';
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
  /** Set when it comes in as an orphan, at the time it was orphaned. */
  orphanedAt?: string;
}

/** The texts of the documents, read once per import: as they are, loosened for a search, counted. */
interface Texts {
  readonly exact: Map<string, string>;
  readonly loose: Map<string, string>;
  readonly points: Map<string, CodePoints>;
  /** Each document's names as compared with a file's titles (see {@link titledDocuments}). */
  readonly titles: Map<string, string[]>;
}

/**
 * Text with the differences between copies of one text taken out: typographic quotes, dashes, spaces
 * and ligatures as anchoring folds them (`shared/typographic-fold.ts`), any run of white space as one
 * space, soft hyphens gone. Only to search in: its offsets are not the text's.
 */
function loosened(text: string): string {
  return foldString(text.replace(/\u00ad/g, '')).replace(/\s+/g, ' ');
}

/** Where an incoming annotation goes: its document (null for none found) and its place there (null for none). */
interface Located {
  meta: DocumentMeta | null;
  anchored: { start: number; end: number } | null;
}

/**
 * The document an incoming annotation belongs to, and where in it: the document the file names (by
 * content hash, id or URL); else a document of the title it names (Kindle clippings, Taguette's CSV)
 * where its quote is; else the document whose text has its quote (with its context, else without,
 * else differing only in quotes, dashes and spacing); else, with no place, the document of its title.
 */
async function locate(context: ServiceContext, item: IncomingAnnotation, texts: Texts): Promise<Located> {
  const place = async (meta: DocumentMeta) => {
    const text = await textOf(context, meta, texts);
    return placeQuote(text, item, pointsOf(texts, meta, text));
  };
  const direct = namedDocument(context, item.source);
  if (direct !== null) return { meta: direct, anchored: await place(direct) };
  const titled = titledDocuments(context, item.source, texts);
  for (const meta of titled) {
    const anchored = await place(meta);
    if (anchored !== null) return { meta, anchored };
  }
  const found = await quotedDocument(context, item, texts, new Set(titled));
  if (found !== null) {
    const anchored = await place(found);
    if (anchored !== null || titled.length === 0) return { meta: found, anchored };
  }
  return { meta: titled[0] ?? null, anchored: null };
}

/**
 * The document whose text holds the quote of `item`, leaving out `tried`: with its context first, then
 * without, then loosened (see {@link loosened}); null for none.
 */
async function quotedDocument(
  context: ServiceContext,
  item: IncomingAnnotation,
  texts: Texts,
  tried: ReadonlySet<DocumentMeta>,
): Promise<DocumentMeta | null> {
  if (item.exact === '') return null;
  const documents = context.store.listDocuments().filter((meta) => !tried.has(meta));
  let fallback: DocumentMeta | null = null;
  for (const meta of documents) {
    const text = await textOf(context, meta, texts);
    if (!text.includes(item.exact)) continue;
    if (text.includes(`${item.prefix}${item.exact}${item.suffix}`)) return meta;
    fallback ??= meta;
  }
  if (fallback !== null) return fallback;
  // Quotes copied by other readers differ in their quotation marks and spacing, seldom in words.
  const quote = loosened(item.exact).trim();
  if (quote === '') return null;
  for (const meta of documents) {
    let loose = texts.loose.get(meta.id);
    if (loose === undefined) {
      loose = loosened(await textOf(context, meta, texts));
      texts.loose.set(meta.id, loose);
    }
    if (loose.includes(quote)) return meta;
  }
  return null;
}

/** A title as compared: lower case, letters and digits only, single spaces between words. */
function titleKey(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * The documents whose title is the one `source` names, case, accents and punctuation aside: the title
 * Scholia shows, the reference's title, or the file name with or without its extension (Taguette names
 * a document by its file). A Kindle's title line may end in parentheses that are not an author's, so
 * the title with its "author" counts too. Empty when the source names no title.
 */
function titledDocuments(
  context: ServiceContext,
  source: IncomingAnnotation['source'],
  texts: Texts,
): DocumentMeta[] {
  if (source.title === undefined) return [];
  const wanted = new Set([titleKey(source.title)]);
  if (source.author !== undefined) wanted.add(titleKey(`${source.title} ${source.author}`));
  wanted.delete('');
  if (wanted.size === 0) return [];
  return context.store.listDocuments().filter((meta) => {
    let names = texts.titles.get(meta.id);
    if (names === undefined) {
      const fileName = meta.source.fileName;
      names = [displayTitle(meta), meta.csl.title ?? '', fileName, fileName.replace(/\.[^.]+$/, '')].map(
        titleKey,
      );
      texts.titles.set(meta.id, names);
    }
    return names.some((name) => wanted.has(name));
  });
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

async function textOf(context: ServiceContext, meta: DocumentMeta, texts: Texts): Promise<string> {
  const known = texts.exact.get(meta.id);
  if (known !== undefined) return known;
  const text = (await projectionOf(context, meta)).projection.text;
  texts.exact.set(meta.id, text);
  return text;
}

/** A document's code points (JSON-LD positions count them), counted once per import. */
function pointsOf(texts: Texts, meta: DocumentMeta, text: string): CodePoints {
  const known = texts.points.get(meta.id);
  if (known !== undefined) return known;
  const points = new CodePoints(text);
  texts.points.set(meta.id, points);
  return points;
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

/** How many tags an import created. */
interface TagCount {
  created: number;
}

/**
 * The tag id for a path of names, creating the tags that are missing (counted in `count`); the last
 * one, when created, gets `details` (its colour and description).
 */
async function tagFor(
  context: ServiceContext,
  path: readonly string[],
  count: TagCount,
  details: { color?: string; description?: string } = {},
): Promise<string> {
  let parentId: string | null = null;
  for (const [index, raw] of path.entries()) {
    const name = raw.trim().slice(0, 200);
    const siblings: Tag[] = context.store.listTags().filter((tag) => tag.parentId === parentId);
    const found = siblings.find((tag) => sameTagName(tag.name, name));
    const own = index === path.length - 1 ? details : {};
    if (found !== undefined) {
      parentId = found.id;
      continue;
    }
    parentId = (await createTag(context, { name, parentId, ...own })).id;
    count.created += 1;
  }
  if (parentId === null) throw new ScholiaError('invalid-input', 'A tag needs a name.');
  return parentId;
}

/** What {@link importLibrary} brought in, for the report. */
interface LibraryCounts {
  tagsCreated: number;
  notesSet: number;
  colorMeaningsSet: number;
}

/**
 * Brings in what a Scholia export holds beside its annotations, never over what the reader has: the
 * tags the codebook lacks, notes of documents that have none, meanings of colours the reader left at
 * their default. A tag the codebook cannot take (an invalid colour) is left out. Resolves to how many
 * of each came in.
 */
async function importLibrary(context: ServiceContext, library: IncomingLibrary): Promise<LibraryCounts> {
  const tags: TagCount = { created: 0 };
  let notesSet = 0;
  for (const tag of library.tags) {
    await tagFor(context, tag.path, tags, {
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
      notesSet += 1;
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
  const colorMeaningsSet = Object.keys(labels).length;
  if (colorMeaningsSet > 0) await updateSettings(context, { colorLabels: labels });
  return { tagsCreated: tags.created, notesSet, colorMeaningsSet };
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
 * The selectors of a Scholia export's orphan, as it was in the library it came from: its quote with
 * its context, at its old position (or, when the file does not give one, at the start: an orphan's
 * position is in no text there is now, so only its length matters).
 */
function orphanSelectors(
  item: IncomingAnnotation,
  position: { start: number; end: number } | null,
): Selectors {
  const { start, end } = position ?? { start: 0, end: item.exact.length };
  return [
    { type: 'TextQuoteSelector', exact: item.exact, prefix: item.prefix, suffix: item.suffix },
    { type: 'TextPositionSelector', start, end },
  ];
}

/**
 * Imports the annotations of an annotation file (W3C Web Annotation JSON-LD, a Hypothesis export,
 * Kindle clippings, a Taguette highlights CSV) into the documents they belong to. An annotation already
 * in the library (same id, or same passage, comment and tags) is skipped; one whose document or passage
 * cannot be found is reported and changes nothing; a Scholia export's orphan whose document is here
 * but whose passage is not comes in as an orphan, reported as such.
 */
export async function importAnnotations(
  context: ServiceContext,
  { source }: ApiParsedArgs<'importAnnotations'>,
): Promise<ApiReturns['importAnnotations']> {
  const { name, text } = await readSource(context, source);
  // A Hypothesis client export holds the API's annotations under another key.
  const file = parseAnnotationFile(name, annotationFileText(text));
  const counts = await importLibrary(context, file.library);
  const tags: TagCount = { created: 0 };
  let changedTags = file.library.tags.length > 0;
  const outcomes: AnnotationImportOutcome[] = [];
  const texts: Texts = { exact: new Map(), loose: new Map(), points: new Map(), titles: new Map() };
  const byDocument = new Map<
    string,
    { meta: DocumentMeta; placed: (Placed & { outcome: AnnotationImportOutcome })[] }
  >();
  /** The passages of the file by the file's ids, as they are in the library now. */
  const placedIds = new Map<string, PassageRef>();
  for (const item of file.items) {
    const quote = 'exact' in item ? item.exact.slice(0, 80) : item.quote;
    if (!('exact' in item)) {
      outcomes.push(
        item.skipped === true
          ? { id: item.key, quote, status: 'skipped', reason: item.reason }
          : { id: item.key, quote, status: 'failed', reason: `It could not be read: ${item.reason}.` },
      );
      continue;
    }
    const outcome: AnnotationImportOutcome = { id: item.key, quote, status: 'failed' };
    outcomes.push(outcome);
    const { meta, anchored } = await locate(context, item, texts);
    if (meta === null) {
      outcome.reason =
        item.source.title === undefined
          ? 'No document in the library has this passage (nor the same file, id or URL). Import the document first.'
          : `No document in the library is titled “${item.source.title}” or has this passage. Import the document first.`;
      continue;
    }
    outcome.documentId = meta.id;
    const entry = byDocument.get(meta.id) ?? { meta, placed: [] };
    byDocument.set(meta.id, entry);
    if (anchored === null && item.orphan !== undefined) {
      // Orphaned where it came from, and its passage is not here either: it stays an orphan.
      outcome.orphaned = true;
      outcome.reason = `Its passage is not in “${displayTitle(meta)}”, as it was not in the library it was exported from: it is kept as an orphan with its old quote.`;
      entry.placed.push({
        incoming: item,
        selectors: orphanSelectors(item, item.orphan.position),
        orphanedAt: item.orphan.orphanedAt,
        outcome,
      });
      continue;
    }
    if (anchored === null) {
      outcome.reason = `The passage is not in “${displayTitle(meta)}” (its text may differ from the annotated one).`;
      continue;
    }
    const documentText = await textOf(context, meta, texts);
    entry.placed.push({
      incoming: item,
      selectors:
        anchored.start === anchored.end
          ? describePoint(documentText, anchored.start)
          : describeRange(documentText, anchored.start, anchored.end),
      outcome,
    });
  }
  for (const { meta, placed } of byDocument.values()) {
    if (placed.length === 0) continue;
    const candidates: { annotation: Annotation; outcome: AnnotationImportOutcome; fileId: string | null }[] =
      [];
    for (const { incoming, selectors, orphanedAt, outcome } of placed) {
      const tagIds: string[] = [];
      for (const path of incoming.tags) {
        tagIds.push(await tagFor(context, path, tags));
        changedTags = true;
      }
      const now = context.now().toISOString();
      const created = incoming.created ?? now;
      try {
        candidates.push({
          outcome,
          fileId: incoming.id,
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
            ...(orphanedAt === undefined ? {} : { orphanedAt }),
          }),
        });
      } catch (error) {
        delete outcome.orphaned;
        outcome.reason = error instanceof Error ? error.message : String(error);
      }
    }
    const save = async () => {
      const saved = await context.store.appendAnnotationChanges(meta.id, (current) => {
        const known = [...current];
        const changes: { op: 'put'; annotation: Annotation }[] = [];
        const existingTags = new Set(context.store.listTags().map((tag) => tag.id));
        for (const { annotation, outcome, fileId } of candidates) {
          const duplicate = known.find((other) => other.id === annotation.id || sameBody(other, annotation));
          // A link of the file names its passages by the file's ids: each is where it came in, or was already.
          if (fileId !== null)
            placedIds.set(fileId, { documentId: meta.id, annotationId: (duplicate ?? annotation).id });
          if (duplicate !== undefined) {
            outcome.status = 'skipped';
            delete outcome.orphaned;
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
  const linkOutcomes =
    file.links.length === 0 ? [] : await importLinks(context, file.links, placedIds, texts);
  const count = (status: AnnotationImportOutcome['status']) =>
    outcomes.filter((outcome) => outcome.status === status).length;
  const linksImported = linkOutcomes.filter((outcome) => outcome.status === 'imported').length;
  return {
    format: file.format,
    imported: count('imported'),
    skipped: count('skipped'),
    failed: count('failed'),
    outcomes,
    tagsCreated: counts.tagsCreated + tags.created,
    notesSet: counts.notesSet,
    colorMeaningsSet: counts.colorMeaningsSet,
    ...(file.links.length === 0
      ? {}
      : { linksImported, linksLeftOut: linkOutcomes.length - linksImported, linkOutcomes }),
  };
}

/** A quote shortened to recognise a passage by, in quotation marks (a point note says so). */
function shortQuote(exact: string): string {
  const flat = exact.replace(/\s+/g, ' ').trim();
  if (flat === '') return '(a note at a point)';
  return `“${flat.length > 40 ? `${flat.slice(0, 39)}…` : flat}”`;
}

/** Each passage of the library by its id, read once per import of links and only when needed. */
class LibraryPassages {
  private all: Promise<Map<string, Annotation>> | null = null;
  private readonly byDocument = new Map<string, Promise<readonly Annotation[]>>();

  constructor(private readonly context: ServiceContext) {}

  annotationsOf(documentId: string): Promise<readonly Annotation[]> {
    let list = this.byDocument.get(documentId);
    if (list === undefined) {
      list = this.context.store.readAnnotations(documentId).then((found) => found ?? []);
      this.byDocument.set(documentId, list);
    }
    return list;
  }

  async byId(annotationId: string): Promise<Annotation | undefined> {
    this.all ??= (async () => {
      const all = new Map<string, Annotation>();
      for (const meta of this.context.store.listDocuments())
        for (const annotation of await this.annotationsOf(meta.id)) all.set(annotation.id, annotation);
      return all;
    })();
    return (await this.all).get(annotationId);
  }
}

/**
 * The passage of the library an end of an incoming link is: the file's passage as this import placed
 * it (or found it already there), else the library's annotation of the id the file gives, else an
 * annotation exactly where the end's selectors place it. Null when none is.
 */
async function linkEnd(
  context: ServiceContext,
  end: IncomingLinkEnd,
  placedIds: ReadonlyMap<string, PassageRef>,
  passages: LibraryPassages,
  texts: Texts,
): Promise<PassageRef | null> {
  if (end.annotationId !== null) {
    const placed = placedIds.get(end.annotationId);
    if (placed !== undefined) return placed;
    const known = await passages.byId(end.annotationId);
    if (known !== undefined) return { documentId: known.documentId, annotationId: known.id };
  }
  const { meta, anchored } = await locate(context, end.passage, texts);
  if (meta === null || anchored === null) return null;
  const found = (await passages.annotationsOf(meta.id)).find(
    (annotation) =>
      annotation.orphanedAt === undefined &&
      annotation.selectors[1].start === anchored.start &&
      annotation.selectors[1].end === anchored.end,
  );
  return found === undefined ? null : { documentId: meta.id, annotationId: found.id };
}

/** A relation name as the library takes it: trimmed, at most 80 characters, never empty. */
function relationName(name: string): string {
  const parsed = RelationNameSchema.safeParse(name.slice(0, 80));
  return parsed.success ? parsed.data : 'related to';
}

/**
 * Brings in the links of a Scholia export, never over the library's: each end is found as
 * {@link linkEnd} says; the relation by its id, else by its name, else made a relation of the
 * reader's with the names the file gives; a link already there (its id, or the same passages and
 * relation) is skipped. Every new link and relation is written in one change of the library log.
 * Resolves to one outcome per link of the file.
 */
async function importLinks(
  context: ServiceContext,
  incoming: readonly (IncomingLink | UnreadableLink)[],
  placedIds: ReadonlyMap<string, PassageRef>,
  texts: Texts,
): Promise<LinkImportOutcome[]> {
  const passages = new LibraryPassages(context);
  const relations: LinkRelation[] = listLinkRelations(context);
  const newRelations: LinkRelation[] = [];
  const existing = context.store.links().flatMap((entry) => {
    const parsed = PassageLinkSchema.safeParse(entry);
    return parsed.success ? [parsed.data] : [];
  });
  const takenIds = new Set(
    context.store
      .links()
      .map((entry) => (typeof entry === 'object' && entry !== null ? (entry as { id?: unknown }).id : null)),
  );
  const sameRef = (a: PassageRef, b: PassageRef) =>
    a.documentId === b.documentId && a.annotationId === b.annotationId;
  const added: PassageLink[] = [];
  const outcomes: LinkImportOutcome[] = [];
  for (const item of incoming) {
    if (!('from' in item)) {
      outcomes.push({
        id: item.key,
        quotes: '',
        status: 'failed',
        reason: `It could not be read: ${item.reason}.`,
      });
      continue;
    }
    const outcome: LinkImportOutcome = {
      id: item.key,
      quotes: `${shortQuote(item.from.passage.exact)} → ${shortQuote(item.to.passage.exact)}`,
      status: 'failed',
    };
    outcomes.push(outcome);
    const from = await linkEnd(context, item.from, placedIds, passages, texts);
    const to = await linkEnd(context, item.to, placedIds, passages, texts);
    if (from === null || to === null) {
      const which =
        from === null && to === null
          ? 'Neither of its passages is'
          : `Its ${from === null ? 'first' : 'second'} passage is not`;
      outcome.reason = `${which} in the library (nor imported from this file): import ${from === null && to === null ? 'them' : 'it'} first.`;
      continue;
    }
    if (sameRef(from, to)) {
      outcome.reason = 'Both its ends are the same passage here, and a passage cannot be linked to itself.';
      continue;
    }
    const comment = LinkCommentSchema.safeParse(item.comment);
    if (!comment.success) {
      outcome.reason = 'Its comment is longer than 100,000 characters.';
      continue;
    }
    let relation =
      (item.relation.id === null ? undefined : relations.find((known) => known.id === item.relation.id)) ??
      relations.find(
        (known) => known.name.localeCompare(item.relation.name, undefined, { sensitivity: 'accent' }) === 0,
      );
    if (relation === undefined) {
      const candidate = {
        id: item.relation.id ?? randomUUID(),
        name: relationName(item.relation.name),
        inverseName: relationName(item.relation.inverseName),
      };
      const parsed = LinkRelationSchema.safeParse(candidate);
      relation = parsed.success ? parsed.data : { ...candidate, id: randomUUID() };
      relations.push(relation);
      newRelations.push(relation);
    }
    const relationId = relation.id;
    const already =
      (item.id !== null && takenIds.has(item.id)) ||
      [...existing, ...added].some(
        (link) => link.relationId === relationId && sameRef(link.from, from) && sameRef(link.to, to),
      );
    if (already) {
      outcome.status = 'skipped';
      outcome.reason =
        item.id !== null && takenIds.has(item.id)
          ? 'A link with this id is already there.'
          : 'The same link is already there.';
      continue;
    }
    const created = item.created ?? context.now().toISOString();
    const candidate = {
      id: item.id ?? randomUUID(),
      from,
      to,
      relationId,
      ...(item.comment.trim() === '' ? {} : { comment: item.comment }),
      createdAt: created,
      modifiedAt: item.modified ?? created,
    };
    const parsed = PassageLinkSchema.safeParse(candidate);
    const link = parsed.success ? parsed.data : { ...candidate, id: randomUUID() };
    added.push(link);
    takenIds.add(link.id);
    outcome.status = 'imported';
  }
  if (added.length > 0 || newRelations.length > 0) {
    await context.store.updateLinks(({ links, relations: stored }) => ({
      links: [...links, ...added],
      relations: [...stored, ...newRelations],
    }));
    context.events.emit('library-changed', { scope: 'links' });
  }
  return outcomes;
}
