/**
 * The find methods of the service: corpus search, annotation search, the concordance, annotating many
 * occurrences at once, and reading statistics. The corpus index is kept by a {@link SearchKeeper};
 * annotations are read from the store, which holds them in memory once read.
 *
 * Every query is bounded: its text is cut (see `search/query.ts`), results are capped, and matching
 * stops at a time limit and says so (`truncated`), so no input can freeze the process.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { ApiParsedArgs, ApiReturns } from '../../shared/api';
import { describeRange } from '../../shared/anchoring';
import { annotationFilter } from '../../shared/annotation-filter';
import { compareTextOrder } from '../../shared/annotation-order';
import { tagLineage, tagPath, tagWithSubTags } from '../../shared/codebook';
import { ScholiaError } from '../../shared/errors';
import type { AnnotationSearchHit, KwicLine, TagStatistic } from '../../shared/find';
import { displayTitle, motivationOf, type Annotation, type Tag } from '../../shared/model';
import type { CorpusIndex, IndexedDocument } from '../search/corpus-index';
import { parseQuery, type Clause, type ParsedQuery, MAX_PHRASE_TERMS } from '../search/query';
import { pauser } from '../util/sliced-work';
import type { SearchKeeper } from '../search/search-keeper';
import {
  AnnotationIndex,
  matchAnnotation,
  type FoldedAnnotation,
  type IndexedAnnotation,
  type MatchedIn,
} from '../search/annotation-index';
import { kwicLine, snippets } from '../search/text-context';
import { terms } from '../search/tokenize';
import type { LibraryStore } from '../store/library-store';
import {
  checkedAnnotation,
  checkTags,
  checkTextUnchanged,
  projectionOf,
  uniqueIds,
  type ProjectionAt,
} from './annotation-checks';
import { documentNotFound, requireDocument, type ServiceContext } from './service-context';
import { requireTag } from './tag-tree';

/** How long one search may look before it answers with what it has. */
const TIME_LIMIT_MS = 250;

/** The documents matching a query, best first, each with its best passages. */
export async function searchCorpus(
  context: ServiceContext,
  keeper: SearchKeeper,
  args: ApiParsedArgs<'searchCorpus'>,
): Promise<ApiReturns['searchCorpus']> {
  const only = documentFilter(context, args.documentIds);
  const parsed = parseQuery(args.query, { prefixLast: args.prefix ?? true });
  if (args.fuzzy === true) for (const clause of parsed.clauses) clause.fuzzy = true;
  if (parsed.clauses.length === 0) return { documents: [], totalDocuments: 0, truncated: parsed.truncated };
  const index = await keeper.current();
  const { hits, total, timedOut } = index.search(parsed, {
    limit: args.limit ?? 50,
    only,
    deadline: performance.now() + TIME_LIMIT_MS,
  });
  return {
    documents: hits.map((hit) => ({
      documentId: hit.document.id,
      title: hit.document.title,
      score: Math.round(hit.score * 1000) / 1000,
      matchCount: hit.matchCount,
      metaFields: hit.metaFields,
      snippets: snippets(hit.document.text, hit.spans, args.snippets ?? 3),
    })),
    totalDocuments: total,
    truncated: parsed.truncated || timedOut,
  };
}

/**
 * Every occurrence of a word or phrase (`privat*` for a prefix) across the corpus or the given
 * documents, optionally only inside passages carrying a tag (or one of its sub-tags), as aligned lines.
 */
export async function concordance(
  context: ServiceContext,
  keeper: SearchKeeper,
  args: ApiParsedArgs<'concordance'>,
): Promise<ApiReturns['concordance']> {
  const width = args.width ?? 40;
  const limit = args.limit ?? 2_000;
  const only = documentFilter(context, args.documentIds);
  const tagIds = args.tagId === undefined ? null : requireWithSubTags(context.store.listTags(), args.tagId);
  const words = terms(args.query.slice(0, 1_000));
  const empty = { lines: [], total: 0, perDocument: [], width, truncated: false };
  if (words.length === 0) return empty;
  const clause: Clause = {
    terms: words.slice(0, MAX_PHRASE_TERMS),
    prefix: /\*["”]?\s*$/.test(args.query),
    fuzzy: false,
    quoted: true,
  };
  const index = await keeper.current();
  const deadline = performance.now() + TIME_LIMIT_MS;
  const lines: KwicLine[] = [];
  const perDocument: { documentId: string; title: string; count: number }[] = [];
  let total = 0;
  let truncated = words.length > MAX_PHRASE_TERMS;
  for (const document of documentsInOrder(context, index, only)) {
    if (performance.now() > deadline) {
      truncated = true;
      break;
    }
    let spans = index.occurrences(document, clause);
    if (tagIds !== null) spans = await insideTagged(context, document.id, tagIds, spans);
    if (spans.length === 0) continue;
    total += spans.length;
    perDocument.push({ documentId: document.id, title: document.title, count: spans.length });
    for (const span of spans) {
      if (lines.length >= limit) break;
      lines.push(kwicLine(document.id, document.text, span, width));
    }
  }
  if (total > lines.length) truncated = true;
  sortLines(lines, args.sort ?? 'document');
  perDocument.sort((a, b) => b.count - a.count);
  return { lines, total, perDocument, width, truncated };
}

/** Sorts concordance lines by the words nearest the keyword on the left or on the right (stable). */
export function sortLines(lines: KwicLine[], by: 'left' | 'right' | 'document'): void {
  if (by === 'document') return;
  const keys = new Map(
    lines.map((line) => [line, by === 'left' ? terms(line.left).reverse() : terms(line.right)]),
  );
  lines.sort((a, b) => compareWords(keys.get(a) ?? [], keys.get(b) ?? []));
}

function compareWords(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i] ?? '';
    const y = b[i] ?? '';
    if (x !== y) return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

const annotationIndexes = new WeakMap<LibraryStore, AnnotationIndex>();

/** The annotation index of the library open in `store`, made (empty) the first time it is asked for. */
function annotationIndexOf(store: LibraryStore): AnnotationIndex {
  let index = annotationIndexes.get(store);
  if (index === undefined) annotationIndexes.set(store, (index = new AnnotationIndex()));
  return index;
}

/**
 * An annotation search's arguments, read once: the query's clauses, the words of every tag's name, and
 * the exact rule each annotation is checked by (the filters, then the words).
 */
export interface AnnotationQuery {
  readonly parsed: ParsedQuery;
  readonly tagTerms: ReadonlyMap<string, readonly string[]>;
  /** How many hits to return at the most. */
  readonly limit: number;
  /** Where `annotation` matches (`folded`: its words), or null when a filter or the query leaves it out. */
  match(annotation: Annotation, folded: FoldedAnnotation): MatchedIn[] | null;
}

/**
 * The {@link AnnotationQuery} of `args` over the codebook `tags`; null when the query holds characters
 * but not a single word (punctuation only), which matches nothing. `not-found` for an unknown tag.
 */
export function annotationQuery(
  tags: readonly Tag[],
  args: ApiParsedArgs<'searchAnnotations'>,
): AnnotationQuery | null {
  const tagIds =
    args.tagId === undefined
      ? undefined
      : args.includeSubTags === false
        ? new Set([requireTag(tags, args.tagId).id])
        : requireWithSubTags(tags, args.tagId);
  const tagTerms = new Map(tags.map((tag) => [tag.id, terms(tag.name)]));
  const parsed = parseQuery(args.query ?? '', { prefixLast: true });
  if (parsed.clauses.length === 0 && (args.query ?? '').trim() !== '') return null;
  const passes = annotationFilter({
    tagIds,
    colors: args.colors,
    motivation: args.motivation,
    from: args.from,
    to: args.to,
  });
  return {
    parsed,
    tagTerms,
    limit: args.limit ?? 500,
    match: (annotation, folded) =>
      passes(annotation) ? matchAnnotation(annotation, folded, parsed.clauses, tagTerms) : null,
  };
}

/**
 * Annotations matching a text query (in their quote, comment or tag names) and the filters, in the
 * order of `documentIds` (or the library's) and, within a document, by position. The annotation index
 * (brought up to date first, in slices) gives the candidates; each is checked with the exact rule
 * ({@link annotationQuery}), a document at a time with turns of the event loop in between.
 */
export async function searchAnnotations(
  context: ServiceContext,
  args: ApiParsedArgs<'searchAnnotations'>,
): Promise<ApiReturns['searchAnnotations']> {
  const { store } = context;
  const query = annotationQuery(store.listTags(), args);
  if (query === null) return { hits: [], total: 0, truncated: false };
  const ids = args.documentIds ?? store.listDocuments().map((meta) => meta.id);
  for (const id of ids) if (store.getDocument(id) === null) throw documentNotFound(id);
  const index = annotationIndexOf(store);
  await index.refresh(store, ids);
  const candidates = index.candidates(query.parsed.clauses, query.tagTerms);
  const byDocument = new Map<string, IndexedAnnotation[]>();
  if (candidates !== null) {
    for (const slot of candidates) {
      const entry = index.at(slot);
      if (entry === undefined) continue;
      let list = byDocument.get(entry.annotation.documentId);
      if (list === undefined) byDocument.set(entry.annotation.documentId, (list = []));
      list.push(entry);
    }
  }
  const hits: AnnotationSearchHit[] = [];
  let total = 0;
  const pause = pauser();
  for (const id of ids) {
    await pause();
    const meta = store.getDocument(id);
    if (meta === null) throw documentNotFound(id);
    const entries = candidates === null ? index.annotationsOf(id) : (byDocument.get(id) ?? []);
    entries.sort((a, b) => compareTextOrder(a.annotation, b.annotation));
    for (const { annotation, folded } of entries) {
      const matchedIn = query.match(annotation, folded);
      if (matchedIn === null) continue;
      total += 1;
      if (hits.length < query.limit) hits.push({ annotation, documentTitle: displayTitle(meta), matchedIn });
    }
  }
  return { hits, total, truncated: query.parsed.truncated || total > hits.length };
}

/** Charts' data: passages per tag, tag co-occurrence, annotation density along each document. */
export async function readingStatistics(
  context: ServiceContext,
  keeper: SearchKeeper,
  args: ApiParsedArgs<'readingStatistics'>,
): Promise<ApiReturns['readingStatistics']> {
  const { store } = context;
  const only = documentFilter(context, args.documentIds);
  const binCount = args.bins ?? 40;
  const tags = store.listTags();
  const byId = new Map(tags.map((tag) => [tag.id, tag]));
  const selfAndAncestors = (id: string): string[] => tagLineage(byId, id).map((tag) => tag.id);
  const direct = new Map<string, number>();
  const withSubTags = new Map<string, number>();
  const documentsWith = new Map<string, Set<string>>();
  const pairs = new Map<string, number>();
  const index = await keeper.current();
  const density: ApiReturns['readingStatistics']['density'] = [];
  for (const meta of store.listDocuments()) {
    if (only !== undefined && !only.has(meta.id)) continue;
    const annotations = (await store.readAnnotations(meta.id)) ?? [];
    const placed = annotations.filter((annotation) => annotation.orphanedAt === undefined);
    const textLength =
      index.get(meta.id)?.text.length ??
      Math.max(0, ...placed.map((annotation) => annotation.selectors[1].end));
    const binSize = Math.max(1, Math.ceil(textLength / binCount));
    const bins = new Array<number>(binCount).fill(0);
    for (const annotation of placed) {
      const { start, end } = annotation.selectors[1];
      const first = Math.min(binCount - 1, Math.floor(start / binSize));
      const lastBin = Math.min(binCount - 1, Math.floor(Math.max(start, end - 1) / binSize));
      for (let bin = first; bin <= lastBin; bin++) bins[bin] = (bins[bin] ?? 0) + 1;
    }
    density.push({
      documentId: meta.id,
      title: displayTitle(meta),
      textLength,
      binSize,
      bins,
      annotations: placed.length,
    });
    for (const annotation of annotations) {
      const own = uniqueIds(annotation.tagIds).filter((id) => byId.has(id));
      for (const id of own) direct.set(id, (direct.get(id) ?? 0) + 1);
      for (const id of new Set(own.flatMap(selfAndAncestors))) {
        withSubTags.set(id, (withSubTags.get(id) ?? 0) + 1);
        let set = documentsWith.get(id);
        if (set === undefined) documentsWith.set(id, (set = new Set()));
        set.add(meta.id);
      }
      for (let i = 0; i < own.length; i++) {
        for (let j = i + 1; j < own.length; j++) {
          const key = [own[i], own[j]].sort().join('\u0000');
          pairs.set(key, (pairs.get(key) ?? 0) + 1);
        }
      }
    }
  }
  const statistics: TagStatistic[] = tags.map((tag) => ({
    tagId: tag.id,
    name: tag.name,
    path: tagPath(byId, tag.id),
    color: tag.color,
    passages: direct.get(tag.id) ?? 0,
    passagesWithSubTags: withSubTags.get(tag.id) ?? 0,
    documents: documentsWith.get(tag.id)?.size ?? 0,
  }));
  statistics.sort((a, b) => b.passagesWithSubTags - a.passagesWithSubTags || a.path.localeCompare(b.path));
  const matrixTags = statistics
    .filter((tag) => tag.passages > 0)
    .sort((a, b) => b.passages - a.passages)
    .slice(0, 50)
    .map((tag) => tag.tagId);
  const counts = matrixTags.map((a) =>
    matrixTags.map((b) => (a === b ? (direct.get(a) ?? 0) : (pairs.get([a, b].sort().join('\u0000')) ?? 0))),
  );
  return { tags: statistics, cooccurrence: { tagIds: matrixTags, counts }, density };
}

/**
 * Highlights (and tags) many occurrences at once, as the concordance selects them. Every occurrence is
 * checked first (its document exists, its span lies in the text, every tag exists), so a bad one
 * changes nothing. Each document's changes are then written as one durable append. An occurrence that
 * already has a highlight on exactly its span gives that highlight the colour and tags instead of a
 * second one. Every document's changes are saved as one, all or nothing across a crash.
 */
export async function annotateOccurrences(
  context: ServiceContext,
  args: ApiParsedArgs<'annotateOccurrences'>,
): Promise<ApiReturns['annotateOccurrences']> {
  const tagIds = uniqueIds(args.tagIds ?? []);
  checkTags(context, tagIds);
  const byDocument = new Map<string, { start: number; end: number }[]>();
  for (const { documentId, start, end } of args.occurrences) {
    let list = byDocument.get(documentId);
    if (list === undefined) byDocument.set(documentId, (list = []));
    if (!list.some((span) => span.start === start && span.end === end)) list.push({ start, end });
  }
  const plans: { documentId: string; at: ProjectionAt; spans: { start: number; end: number }[] }[] = [];
  for (const [documentId, spans] of byDocument) {
    const meta = requireDocument(context, documentId);
    const at = await projectionOf(context, meta);
    const length = at.projection.text.length;
    for (const { start, end } of spans) {
      if (end > length) {
        throw new ScholiaError(
          'invalid-input',
          `Occurrence ${start}–${end} lies outside the text of “${displayTitle(meta)}”, which has ${length} characters. Nothing was annotated: search again and retry.`,
        );
      }
    }
    plans.push({ documentId, at, spans });
  }
  const now = context.now().toISOString();
  const report: ApiReturns['annotateOccurrences'] = {
    created: 0,
    updated: 0,
    documents: [],
    annotations: [],
  };
  const write = async () => {
    const counts = new Map<string, { created: number; updated: number; made: Annotation[] }>();
    const saved = await context.store.changeAnnotationsTogether(
      `Highlighting ${String(args.occurrences.length)} occurrence${args.occurrences.length === 1 ? '' : 's'}`,
      plans.map(({ documentId, at, spans }) => ({
        documentId,
        decide: (current) => {
          const meta = requireDocument(context, documentId);
          checkTags(context, tagIds);
          checkTextUnchanged(context, meta, at);
          const count = { created: 0, updated: 0, made: [] as Annotation[] };
          for (const { start, end } of spans) {
            const existing = current.find(
              (annotation) =>
                annotation.orphanedAt === undefined &&
                motivationOf(annotation) === 'highlighting' &&
                annotation.selectors[1].start === start &&
                annotation.selectors[1].end === end,
            );
            count.made.push(
              checkedAnnotation(
                existing === undefined
                  ? {
                      id: randomUUID(),
                      documentId,
                      selectors: describeRange(at.projection.text, start, end),
                      motivation: 'highlighting',
                      color: args.color ?? 'yellow',
                      tagIds,
                      comment: args.comment ?? '',
                      createdAt: now,
                      modifiedAt: now,
                    }
                  : {
                      ...existing,
                      color: args.color ?? existing.color,
                      tagIds: uniqueIds([...existing.tagIds, ...tagIds]),
                      modifiedAt: now,
                    },
              ),
            );
            if (existing === undefined) count.created += 1;
            else count.updated += 1;
          }
          counts.set(documentId, count);
          return count.made;
        },
      })),
    );
    for (const { documentId } of plans) {
      const count = counts.get(documentId);
      if (count === undefined || !saved.has(documentId)) throw documentNotFound(documentId);
      context.events.emit('library-changed', { scope: 'annotations', documentId });
      report.created += count.created;
      report.updated += count.updated;
      report.documents.push({ documentId, created: count.created, updated: count.updated });
      report.annotations.push(...count.made);
    }
  };
  await (tagIds.length > 0 ? context.store.withCodebook(write) : write());
  return report;
}

/** The ids of `tagId` and every tag below it; `not-found` for an unknown tag. */
function requireWithSubTags(tags: readonly Tag[], tagId: string): Set<string> {
  return tagWithSubTags(tags, requireTag(tags, tagId).id);
}

/** `documentIds` as a set, after checking each exists; undefined for no filter. */
function documentFilter(
  context: ServiceContext,
  documentIds: readonly string[] | undefined,
): Set<string> | undefined {
  if (documentIds === undefined) return undefined;
  for (const id of documentIds) requireDocument(context, id);
  return new Set(documentIds);
}

/** The indexed documents in library order (most recently added first), among `only` when given. */
function documentsInOrder(
  context: ServiceContext,
  index: CorpusIndex,
  only: ReadonlySet<string> | undefined,
): IndexedDocument[] {
  const ordered = [...context.store.listDocuments()].reverse();
  return ordered
    .filter((meta) => only === undefined || only.has(meta.id))
    .map((meta) => index.get(meta.id))
    .filter((document): document is IndexedDocument => document !== undefined);
}

/** The spans lying inside a placed annotation of document `id` that carries one of `tagIds`. */
async function insideTagged(
  context: ServiceContext,
  id: string,
  tagIds: ReadonlySet<string>,
  spans: readonly { start: number; end: number }[],
): Promise<{ start: number; end: number }[]> {
  const annotations = (await context.store.readAnnotations(id)) ?? [];
  const ranges = annotations
    .filter(
      (annotation) =>
        annotation.orphanedAt === undefined && annotation.tagIds.some((tagId) => tagIds.has(tagId)),
    )
    .map((annotation) => annotation.selectors[1]);
  return spans.filter((span) => ranges.some((range) => range.start <= span.start && span.end <= range.end));
}
