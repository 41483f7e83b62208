/**
 * The find features on a large library: 200 documents (about 30 MB of text, seeded) with 20,000
 * annotations over 20 tags. The texts are drawn from a Zipf distribution over about 50,000 words
 * (`support/zipf-corpus.ts`), as a real library's vocabulary is; `--corpus fixtures` assembles them
 * from the fixture articles' sentences instead (about 2,000 distinct words, as earlier runs did).
 * Measures Scholia's corpus index (build through the service from the stored documents, the longest
 * event-loop stall while building, save, load at the next opening, memory, query p95 over words, phrases, prefixes and misspellings, the
 * concordance of common words, annotation search and reading statistics) and, on the same texts and
 * the same queries, MiniSearch and FlexSearch (build, query p95, memory), and prints the ratios.
 * Queries are timed in pairs, one engine right after the other (the order swapped from one query to the
 * next), so that a slow moment of a shared machine falls on both: the ratios reported are the median of
 * the per-query ratios, beside each engine's own p95.
 *
 * Targets: query p95 < 30 ms, concordance of a common word < 100 ms.
 *
 * Run with `node --expose-gc --import tsx bench/find.bench.ts` (without --expose-gc, memory figures are
 * rougher). Writes bench/results/find-<time>.json and bench/results/find-latest.json.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Index as FlexIndex } from 'flexsearch';
import MiniSearch from 'minisearch';
import { createLibraryEvents } from '../src/core/events';
import { CorpusIndex, metaTermsOf } from '../src/core/search/corpus-index';
import { indexFilePath } from '../src/core/search/index-file';
import { SearchKeeper } from '../src/core/search/search-keeper';
import { createLibraryService } from '../src/core/service/library-service';
import { LibraryStore } from '../src/core/store/library-store';
import { metaFor, paragraphsDoc } from '../src/core/store/test-documents';
import { HIGHLIGHT_COLORS, type Annotation, type Tag } from '../src/shared/model';
import { projectDocument } from '../src/shared/projection';
import { docFromJSON } from '../src/shared/schema';
import { generateHighlights, generateText, seededRandom, summarize } from './support/generate';
import { generateZipfText } from './support/zipf-corpus';

const DOCUMENTS = 200;
const BYTES_PER_DOCUMENT = 150_000;
const ANNOTATIONS_PER_DOCUMENT = 100;
const TAGS = 20;
const SEED = 2026;

/** Which texts the library holds: Zipf-drawn words (the default) or the fixture articles' sentences. */
function corpusOption(): 'zipf' | 'fixtures' {
  const at = process.argv.indexOf('--corpus');
  return at >= 0 && process.argv[at + 1] === 'fixtures' ? 'fixtures' : 'zipf';
}

const gc = (globalThis as { gc?: () => void }).gc;

/** Memory (heap plus array buffers) after a full collection, in MB. */
function memoryMb(): number {
  gc?.();
  gc?.();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return Math.round(((heapUsed + arrayBuffers) / 1e6) * 10) / 10;
}

async function timeIt<T>(work: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await work();
  return { ms: Math.round((performance.now() - started) * 100) / 100, value };
}

/** The longest gap between timer ticks while `work` runs: how long the event loop was blocked at worst. */
async function longestStall<T>(work: () => Promise<T>): Promise<{ stallMs: number; value: T }> {
  let last = performance.now();
  let worst = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last);
    last = now;
  }, 5);
  try {
    const value = await work();
    // The stretch since the last tick counts too: a block at the very end never lets the timer run.
    worst = Math.max(worst, performance.now() - last);
    return { stallMs: Math.round(worst * 10) / 10, value };
  } finally {
    clearInterval(timer);
  }
}

/** Queries drawn from the texts: common and rare words, two-word phrases, prefixes, misspellings. */
function makeQueries(texts: readonly string[]): {
  words: string[];
  phrases: string[];
  prefixes: string[];
  fuzzy: string[];
} {
  const random = seededRandom(SEED + 1);
  const pickWords = (): string[] => {
    const text = texts[Math.floor(random() * texts.length)] ?? '';
    const at = Math.floor(random() * (text.length - 200));
    return text
      .slice(at, at + 200)
      .split(/[^\p{L}]+/u)
      .slice(1, -1)
      .filter((word) => word.length > 3);
  };
  const words: string[] = [];
  const phrases: string[] = [];
  const prefixes: string[] = [];
  const fuzzy: string[] = [];
  while (words.length < 100) {
    const found = pickWords();
    if (found[0] !== undefined) words.push(found[0]);
    if (found.length > 2 && phrases.length < 100) phrases.push(`"${found[1]} ${found[2]}"`);
    const long = found.find((word) => word.length >= 6);
    if (long !== undefined && prefixes.length < 50) prefixes.push(`${long.slice(0, 4)}*`);
    if (long !== undefined && fuzzy.length < 50) fuzzy.push(`${long.slice(0, 2)}${long.slice(3)}~`);
  }
  return { words, phrases, prefixes, fuzzy };
}

/**
 * Times `engines` on each query in turn, one right after the other, the order reversed on every other
 * query: per engine, the durations in query order.
 */
async function pairedTimes(
  queries: readonly string[],
  engines: readonly ((query: string) => unknown)[],
): Promise<number[][]> {
  const samples = engines.map((): number[] => []);
  for (const [i, query] of queries.entries()) {
    const order = engines.map((_, k) => k);
    if (i % 2 === 1) order.reverse();
    for (const k of order) {
      const started = performance.now();
      await engines[k]!(query);
      samples[k]!.push(performance.now() - started);
    }
  }
  return samples;
}

/** The median of the per-query ratios `a[i] / b[i]`. */
function medianRatio(a: readonly number[], b: readonly number[]): number {
  const ratios = a.map((value, i) => value / Math.max(b[i] ?? 0, 1e-6));
  return Math.round(summarize(ratios).median * 100) / 100;
}

async function queryTimes(queries: readonly string[], run: (query: string) => unknown): Promise<number[]> {
  const samples: number[] = [];
  for (const query of queries) {
    const started = performance.now();
    await run(query);
    samples.push(performance.now() - started);
  }
  return samples;
}

/** Measures the find features on the generated library (see the module comment); `log` hears progress. */
export async function benchFind(log: (line: string) => void = (line) => process.stdout.write(line)) {
  const corpus = corpusOption();
  const root = await mkdtemp(join(tmpdir(), 'scholia-bench-find-'));
  const dir = join(root, 'library');
  try {
    log(
      `Generating ${DOCUMENTS} documents of ${BYTES_PER_DOCUMENT / 1000} kB and ${DOCUMENTS * ANNOTATIONS_PER_DOCUMENT} annotations…\n`,
    );
    const store = await LibraryStore.open(dir, { owner: 'the find benchmark' });
    const tags: Tag[] = Array.from({ length: TAGS }, (_, i) => ({
      id: randomUUID(),
      name: `Theme ${i + 1}`,
      parentId: null,
      color: null,
      description: '',
    }));
    await store.updateTags(() => tags);
    const texts: string[] = [];
    const ids: string[] = [];
    const titles: string[] = [];
    const random = seededRandom(SEED);
    let bytes = 0;
    for (let i = 0; i < DOCUMENTS; i++) {
      const raw =
        corpus === 'zipf'
          ? generateZipfText(BYTES_PER_DOCUMENT, SEED + i)
          : generateText(BYTES_PER_DOCUMENT, SEED + i);
      const doc = paragraphsDoc(raw);
      const meta = metaFor(raw, `Generated article ${i + 1}`, `article-${i + 1}.txt`);
      await store.addDocument(meta, doc);
      const text = projectDocument(docFromJSON(doc)).text;
      texts.push(text);
      ids.push(meta.id);
      titles.push(`Generated article ${i + 1}`);
      bytes += Buffer.byteLength(text);
      const now = new Date().toISOString();
      const annotations: Annotation[] = generateHighlights(text, ANNOTATIONS_PER_DOCUMENT, SEED + i).map(
        (selectors) => ({
          id: randomUUID(),
          documentId: meta.id,
          selectors,
          color: HIGHLIGHT_COLORS[Math.floor(random() * HIGHLIGHT_COLORS.length)] ?? 'yellow',
          tagIds: [
            ...new Set([
              tags[Math.floor(random() * TAGS)]!.id,
              ...(random() < 0.3 ? [tags[Math.floor(random() * TAGS)]!.id] : []),
            ]),
          ],
          comment: random() < 0.2 ? 'Compare with the planning debate.' : '',
          createdAt: now,
          modifiedAt: now,
        }),
      );
      await store.writeAnnotations(meta.id, annotations);
    }
    const queries = makeQueries(texts);
    const allQueries = [...queries.words, ...queries.phrases, ...queries.prefixes, ...queries.fuzzy];

    // Scholia, through the service, from the stored documents.
    const before = memoryMb();
    const events = createLibraryEvents();
    const keeper = new SearchKeeper(store, events, { saveDelayMs: 60_000 });
    const build = await longestStall(() => timeIt(() => keeper.current()));
    const indexMemory = Math.round((memoryMb() - before) * 10) / 10;
    const save = await longestStall(() => timeIt(() => keeper.flush()));
    const fileMb = Math.round(((await stat(indexFilePath(store.localDir))).size / 1e6) * 10) / 10;
    await keeper.close();
    await store.close();

    const reopened = await LibraryStore.open(dir, { owner: 'the find benchmark' });
    const events2 = createLibraryEvents();
    const keeper2 = new SearchKeeper(reopened, events2, { saveDelayMs: 60_000 });
    const service2 = createLibraryService(reopened, events2, { search: keeper2 });
    const load = await longestStall(() => timeIt(() => keeper2.current()));

    const search = (query: string) => service2.searchCorpus({ query, prefix: false });
    await queryTimes(queries.words.slice(0, 10), search); // warm-up
    const scholiaQueries = {
      words: summarize(await queryTimes(queries.words, search)),
      phrases: summarize(await queryTimes(queries.phrases, search)),
      prefixes: summarize(await queryTimes(queries.prefixes, search)),
      fuzzy: summarize(await queryTimes(queries.fuzzy, search)),
      all: summarize(await queryTimes(allQueries, search)),
      typing: summarize(
        await queryTimes(
          queries.words.slice(0, 30).flatMap((word) => [3, 4, 5, 6].map((n) => word.slice(0, n))),
          (query) => service2.searchCorpus({ query }),
        ),
      ),
    };
    const kwic = async (query: string, sort: 'document' | 'left') => {
      await service2.concordance({ query, sort });
      const runs: number[] = [];
      let total = 0;
      for (let i = 0; i < 5; i++) {
        const { ms, value } = await timeIt(() => service2.concordance({ query, sort }));
        runs.push(ms);
        total = value.total;
      }
      return { ...summarize(runs), occurrences: total };
    };
    const concordance = {
      the: await kwic('the', 'document'),
      theSortedLeft: await kwic('the', 'left'),
      state: await kwic('state', 'left'),
      workersDemocracy: await kwic("workers' democracy", 'left'),
    };
    // The first annotation search indexes every annotation: how long it takes and holds the event loop.
    const annotationFirst = await longestStall(() =>
      timeIt(() => service2.searchAnnotations({ query: queries.words[0] ?? 'state', limit: 100 })),
    );
    const annotationSearch = summarize(
      await queryTimes(queries.words.slice(0, 20), (query) =>
        service2.searchAnnotations({ query, limit: 100 }),
      ),
    );
    await service2.searchAnnotations({ query: 'warm' });
    const statistics = await timeIt(() => service2.readingStatistics({ bins: 50 }));
    await keeper2.close();
    await reopened.close();

    // The same texts in memory, in each engine, for a like-for-like build.
    const memoryOf = async <T>(make: () => T) => {
      const start = memoryMb();
      const { ms, value } = await timeIt(make);
      const used = Math.round((memoryMb() - start) * 10) / 10;
      return { ms, value, used };
    };
    const scholia = await memoryOf(() => {
      const index = new CorpusIndex();
      texts.forEach((text, i) =>
        index.put({ id: ids[i]!, key: '', title: titles[i]!, text, meta: metaTermsOf({ title: titles[i] }) }),
      );
      return index;
    });
    const texted = scholia.used;
    const mini = await memoryOf(() => {
      const engine = new MiniSearch<{ id: string; title: string; text: string }>({
        fields: ['title', 'text'],
        storeFields: [],
      });
      engine.addAll(texts.map((text, i) => ({ id: ids[i]!, title: titles[i]!, text })));
      return engine;
    });
    const flex = await memoryOf(() => {
      const engine = new FlexIndex({ tokenize: 'forward' });
      texts.forEach((text, i) => engine.add(i, `${titles[i]!} ${text}`));
      return engine;
    });
    const plain = [...queries.words, ...queries.phrases.map((query) => query.replaceAll('"', ''))];
    const scholiaIndex = scholia.value;
    const { parseQuery } = await import('../src/core/search/query');
    const scholiaAsk = (query: string) => scholiaIndex.search(parseQuery(query), { limit: 50 });
    const miniAsk = (query: string) => mini.value.search(query, { combineWith: 'AND' });
    const flexAsk = (query: string) => flex.value.search(query, { limit: 50 });
    // A few rounds of each first, so that no engine is measured cold.
    await pairedTimes(plain.slice(0, 20), [scholiaAsk, miniAsk, flexAsk]);
    const [scholiaTimes = [], miniTimes = [], flexTimes = []] = await pairedTimes(plain, [
      scholiaAsk,
      miniAsk,
      flexAsk,
    ]);
    const scholiaPlain = summarize(scholiaTimes);
    const miniPlain = summarize(miniTimes);
    const flexPlain = summarize(flexTimes);
    const [scholiaPrefixTimes = [], miniPrefixTimes = []] = await pairedTimes(
      queries.prefixes.map((q) => q.slice(0, -1)),
      [
        (query) => scholiaIndex.search(parseQuery(`${query}*`), { limit: 50 }),
        (query) => mini.value.search(query, { prefix: true }),
      ],
    );
    const [scholiaFuzzyTimes = [], miniFuzzyTimes = []] = await pairedTimes(
      queries.fuzzy.map((q) => q.slice(0, -1)),
      [
        (query) => scholiaIndex.search(parseQuery(`${query}~`), { limit: 50 }),
        (query) => mini.value.search(query, { fuzzy: 1 }),
      ],
    );
    const miniPrefix = summarize(miniPrefixTimes);
    const miniFuzzy = summarize(miniFuzzyTimes);

    const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
    const result = {
      when: new Date().toISOString(),
      machine: { cpus: cpus().length, node: process.version, gcExposed: gc !== undefined },
      corpus: {
        kind: corpus,
        documents: DOCUMENTS,
        distinctTerms: scholia.value.dictionary.size,
        textMb: Math.round((bytes / 1e6) * 10) / 10,
        annotations: DOCUMENTS * ANNOTATIONS_PER_DOCUMENT,
        tags: TAGS,
      },
      scholia: {
        buildFromLibraryMs: build.value.ms,
        longestEventLoopStallDuringBuildMs: build.stallMs,
        memoryMb: indexMemory,
        saveMs: save.value.ms,
        longestEventLoopStallDuringSaveMs: save.stallMs,
        fileMb,
        loadAtStartMs: load.value.ms,
        longestEventLoopStallDuringLoadMs: load.stallMs,
        queries: scholiaQueries,
        concordance,
        annotationSearch,
        annotationSearchFirstQuery: { ms: annotationFirst.value.ms, longestStallMs: annotationFirst.stallMs },
        readingStatisticsMs: statistics.ms,
      },
      sideBySide: {
        note: 'Same texts in memory, same plain word and phrase queries (phrases unquoted). Memory excludes the texts themselves (Scholia keeps a reference to them for snippets and the concordance; see scholia.memoryMb for its whole index with texts). Scholia stores word positions and offsets; MiniSearch and FlexSearch store neither, so they cannot find phrases or show where a word is. Scholia’s query here ranks with its proximity boost (positions read for documents holding all the words) but makes the spans of its results only when they are read, as the service does for its snippets (scholia.queries).',
        build: { scholiaMs: scholia.ms, miniSearchMs: mini.ms, flexSearchMs: flex.ms },
        memoryMb: { scholia: texted, miniSearch: mini.used, flexSearch: flex.used },
        queryP95Ms: { scholia: scholiaPlain.p95, miniSearch: miniPlain.p95, flexSearch: flexPlain.p95 },
        queryMedianMs: {
          scholia: scholiaPlain.median,
          miniSearch: miniPlain.median,
          flexSearch: flexPlain.median,
        },
        miniSearchPrefixP95Ms: miniPrefix.p95,
        miniSearchFuzzyP95Ms: miniFuzzy.p95,
        scholiaPrefixP95Ms: summarize(scholiaPrefixTimes).p95,
        scholiaFuzzyP95Ms: summarize(scholiaFuzzyTimes).p95,
        medianOfPerQueryRatios: {
          queryScholiaToMiniSearch: medianRatio(scholiaTimes, miniTimes),
          queryScholiaToFlexSearch: medianRatio(scholiaTimes, flexTimes),
          prefixScholiaToMiniSearch: medianRatio(scholiaPrefixTimes, miniPrefixTimes),
          fuzzyScholiaToMiniSearch: medianRatio(scholiaFuzzyTimes, miniFuzzyTimes),
        },
        ratios: {
          buildScholiaToMiniSearch: ratio(scholia.ms, mini.ms),
          buildScholiaToFlexSearch: ratio(scholia.ms, flex.ms),
          queryP95ScholiaToMiniSearch: ratio(scholiaPlain.p95, miniPlain.p95),
          queryP95ScholiaToFlexSearch: ratio(scholiaPlain.p95, flexPlain.p95),
          prefixP95ScholiaToMiniSearch: ratio(summarize(scholiaPrefixTimes).p95, miniPrefix.p95),
          fuzzyP95ScholiaToMiniSearch: ratio(summarize(scholiaFuzzyTimes).p95, miniFuzzy.p95),
          memoryScholiaToMiniSearch: ratio(texted, mini.used),
          memoryScholiaToFlexSearch: ratio(texted, flex.used),
        },
      },
      targets: {
        queryP95Under30Ms: scholiaQueries.all.p95 < 30,
        commonWordConcordanceUnder100Ms: concordance.the.median < 100,
        annotationSearchP95Under30Ms: annotationSearch.p95 < 30,
        annotationSearchFirstQueryStallUnder50Ms: annotationFirst.stallMs < 50,
      },
    };
    return result;
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

/** The results of {@link benchFind}. */
export type FindBenchResult = Awaited<ReturnType<typeof benchFind>>;

async function main(): Promise<void> {
  const result = await benchFind();
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  const resultsDir = join(__dirname, 'results');
  await mkdir(resultsDir, { recursive: true });
  const stamp = result.when.replace(/[:.]/g, '-');
  await writeFile(join(resultsDir, `find-${stamp}.json`), `${JSON.stringify(result, null, 2)}\n`);
  await writeFile(join(resultsDir, 'find-latest.json'), `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`\nWrote bench/results/find-${stamp}.json\n`);
}

if (process.argv[1]?.endsWith('find.bench.ts') === true) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
