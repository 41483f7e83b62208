import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../tests/support/seeded-random';
import type { ApiParsedArgs, ApiReturns, ScholiaService } from '../../shared/api';
import { describeRange } from '../../shared/anchoring';
import { HIGHLIGHT_COLORS, displayTitle, type Annotation } from '../../shared/model';
import { createLibraryEvents } from '../events';
import { foldAnnotation } from '../search/annotation-index';
import { LibraryStore } from '../store/library-store';
import { fixtureText, paragraphsText } from '../store/test-documents';
import { compareTextOrder } from '../../shared/annotation-order';
import { annotationQuery } from './find-operations';
import { createLibraryService } from './library-service';
import { importText, upload, useServiceLibrary } from './test-service';

const library = useServiceLibrary();

/**
 * Annotation search by checking every annotation of every document with the service's exact rule
 * ({@link annotationQuery}): the reference the index's candidates must equal.
 */
async function scan(
  store: LibraryStore,
  args: ApiParsedArgs<'searchAnnotations'>,
): Promise<ApiReturns['searchAnnotations']> {
  const query = annotationQuery(store.listTags(), args);
  if (query === null) return { hits: [], total: 0, truncated: false };
  const hits: ApiReturns['searchAnnotations']['hits'] = [];
  let total = 0;
  for (const id of args.documentIds ?? store.listDocuments().map((meta) => meta.id)) {
    const meta = store.getDocument(id);
    if (meta === null) throw new Error(`no document ${id}`);
    const annotations = (await store.readAnnotations(id)) ?? [];
    for (const annotation of [...annotations].sort(compareTextOrder)) {
      const matchedIn = query.match(annotation, foldAnnotation(annotation));
      if (matchedIn === null) continue;
      total += 1;
      if (hits.length < query.limit) hits.push({ annotation, documentTitle: displayTitle(meta), matchedIn });
    }
  }
  return { hits, total, truncated: query.parsed.truncated || total > hits.length };
}

/** The word boundaries of a text, for spans that start and end between words. */
function wordSpans(text: string): { start: number; end: number }[] {
  return [...text.matchAll(/[\p{L}\p{N}’']+/gu)].map((match) => ({
    start: match.index,
    end: match.index + match[0].length,
  }));
}

async function openLibrary(): Promise<{
  store: LibraryStore;
  service: ScholiaService;
  texts: Map<string, string>;
}> {
  const store = await LibraryStore.open(library.dir, { owner: 'the annotation search tests' });
  const service = createLibraryService(store, createLibraryEvents(), { importSource: importText });
  const texts = new Map<string, string>();
  for (const [name, fixture] of [
    ['ussr-1989.txt', 'ussr'],
    ['review.txt', 'review'],
    ['ussr-copy.txt', 'ussr'],
  ] as const) {
    const [outcome] = (
      await service.importFiles({ sources: [upload(name, fixtureText(fixture))], onDuplicate: 'import-copy' })
    ).outcomes;
    if (outcome?.status !== 'imported') throw new Error(`${name} did not import`);
    texts.set(outcome.document.id, paragraphsText(fixtureText(fixture)));
  }
  return { store, service, texts };
}

describe('annotation search through its index', () => {
  it('answers a seeded set of queries and filters exactly as checking every annotation does', async () => {
    const { store, service, texts } = await openLibrary();
    try {
      const random = seededRandom(1917);
      const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
      const economy = await service.createTag({ name: 'Economy' });
      const tags = [
        economy,
        await service.createTag({ name: 'Crisis of Stalinism', parentId: economy.id }),
        await service.createTag({ name: 'Workers’ democracy' }),
        await service.createTag({ name: 'Planning', parentId: economy.id }),
        await service.createTag({ name: 'Bureaucracy' }),
      ];
      const vocabulary = [...texts.values()].flatMap((text) => text.match(/[\p{L}’']{3,}/gu) ?? []);
      for (const [documentId, text] of texts) {
        const spans = wordSpans(text);
        const annotations: Annotation[] = [];
        for (let i = 0; i < 150; i++) {
          const first = Math.floor(random() * (spans.length - 12));
          const start = spans[first]!.start;
          const end = spans[first + 1 + Math.floor(random() * 10)]!.end;
          const day = String(1 + Math.floor(random() * 28)).padStart(2, '0');
          const words = Array.from({ length: 1 + Math.floor(random() * 6) }, () => pick(vocabulary));
          annotations.push({
            id: randomUUID(),
            documentId,
            selectors: describeRange(text, start, end),
            ...(random() < 0.1 ? { motivation: 'commenting' as const } : {}),
            color: pick(HIGHLIGHT_COLORS),
            tagIds: random() < 0.6 ? [pick(tags).id] : random() < 0.5 ? [pick(tags).id, pick(tags).id] : [],
            comment: random() < 0.5 ? words.join(random() < 0.2 ? '\n' : ' ') : '',
            createdAt: `2026-02-${day}T10:00:00.000Z`,
            modifiedAt: `2026-02-${day}T10:00:00.000Z`,
          });
        }
        await store.writeAnnotations(documentId, annotations);
      }
      const documentIds = [...texts.keys()];
      const queries: ApiParsedArgs<'searchAnnotations'>[] = [{}, { query: 'economy' }, { query: 'stal' }];
      for (let i = 0; i < 160; i++) {
        const word = pick(vocabulary);
        const kind = Math.floor(random() * 6);
        const query =
          kind === 0
            ? word
            : kind === 1
              ? word.slice(0, 2 + Math.floor(random() * 3))
              : kind === 2
                ? `"${word} ${pick(vocabulary)}"`
                : kind === 3
                  ? `${word}~`
                  : kind === 4
                    ? `${word} ${pick(vocabulary).slice(0, 3)}`
                    : `${pick(['economy', 'crisis', 'democracy', 'plan'])} ${word.slice(0, 4)}`;
        const args: ApiParsedArgs<'searchAnnotations'> = { query };
        if (random() < 0.2) args.colors = [pick(HIGHLIGHT_COLORS)];
        if (random() < 0.2) args.tagId = pick(tags).id;
        if (random() < 0.1) args.includeSubTags = false;
        if (random() < 0.1) args.motivation = 'commenting';
        if (random() < 0.2) args.documentIds = [pick(documentIds), pick(documentIds)];
        if (random() < 0.1) args.from = '2026-02-10T00:00:00.000Z';
        if (random() < 0.2) args.limit = 1 + Math.floor(random() * 20);
        queries.push(args);
      }
      let matched = 0;
      for (const args of queries) {
        const expected = await scan(store, args);
        expect(await service.searchAnnotations(args), JSON.stringify(args)).toEqual(expected);
        if (expected.total > 0) matched += 1;
      }
      // The set exercises matches, not just misses.
      expect(matched).toBeGreaterThan(queries.length / 3);
    } finally {
      await store.close();
    }
  });

  it('follows annotations created, changed and deleted, tags renamed and documents deleted', async () => {
    const { store, service, texts } = await openLibrary();
    try {
      const [first, second] = [...texts.keys()];
      if (first === undefined || second === undefined) throw new Error('the fixtures did not import');
      const text = texts.get(first) ?? '';
      const found = async (query: string) => {
        const result = await service.searchAnnotations({ query });
        expect(result).toEqual(await scan(store, { query }));
        return result.hits.map((hit) => hit.annotation.id);
      };
      const tag = await service.createTag({ name: 'Economy' });
      expect(await found('zyxwvut')).toEqual([]);
      const start = text.indexOf('Stalinism');
      const made = await service.createAnnotation({
        documentId: first,
        selectors: describeRange(text, start, start + 'Stalinism'.length),
        comment: 'Zyxwvut in the margin',
        tagIds: [tag.id],
      });
      expect(await found('zyxwvut')).toEqual([made.id]);
      expect(await found('zyx')).toEqual([made.id]);
      expect(await found('economy')).toEqual([made.id]);

      await service.updateAnnotation({
        documentId: first,
        annotationId: made.id,
        patch: { comment: 'Qpwoeiruty now' },
      });
      expect(await found('zyxwvut')).toEqual([]);
      expect(await found('qpwoeiruty')).toEqual([made.id]);

      await service.updateTag({ tagId: tag.id, patch: { name: 'Mnbvcxz' } });
      expect(await found('economy')).toEqual([]);
      expect(await found('mnbvcxz')).toEqual([made.id]);

      const other = await service.createAnnotation({
        documentId: second,
        selectors: describeRange(texts.get(second) ?? '', 0, 10),
        comment: 'qpwoeiruty again',
      });
      expect(await found('qpwoeiruty')).toEqual([made.id, other.id]);

      await service.deleteAnnotation({ documentId: first, annotationId: made.id });
      expect(await found('qpwoeiruty')).toEqual([other.id]);
      expect(await found('mnbvcxz')).toEqual([]);

      await service.deleteDocument({ documentId: second });
      expect(await found('qpwoeiruty')).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
