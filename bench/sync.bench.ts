/**
 * A library shared by three computers: 200 documents and 20,000 annotations, written by three devices
 * into their own logs. Measured, on the same generated content:
 *
 * - opening it, against opening the same library kept as one `library.json` the way that was done before
 *   libraries could be shared (take the lock, read and validate the file, compare it with its newest
 *   backup), alternating the two and reporting the median of the per-pair ratios;
 * - a new highlight, from the call until it is durable;
 * - folding in 5,000 changes another device made to one document while this one has it open, with the
 *   longest event-loop block meanwhile.
 *
 * Run with `npx tsx bench/sync.bench.ts`.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Annotation, DocumentMeta, Tag } from '../src/shared/model';
import { LibraryFileSchema } from '../src/core/store/file-schemas';
import { snapshotLibraryFile } from '../src/core/store/backups';
import { LibraryStore } from '../src/core/store/library-store';
import { acquireLibraryLock } from '../src/core/store/lock';
import { metaFor, paragraphsDoc } from '../src/core/store/test-documents';
import type { DeviceIdentity } from '../src/core/sync/device';
import { generateText, seededRandom, summarize, type BenchStep } from './support/generate';

const DOCUMENTS = 200;
const ANNOTATIONS = 20_000;
const FOLDED = 5_000;
const PAIRS = 9;
const SEED = 1917;

const devices: DeviceIdentity[] = ['laptop000001', 'desktop00002', 'tablet000003'].map((id, index) => ({
  id,
  name: `Computer ${String(index + 1)}`,
  readerName: `Reader ${String(index + 1)}`,
}));

/** What {@link benchSync} measured. */
export interface SyncBenchResult {
  steps: BenchStep[];
  openRatio: number;
}

/** Builds the shared library in a temp folder, measures, and removes it. */
export async function benchSync(): Promise<SyncBenchResult> {
  const root = await mkdtemp(join(tmpdir(), 'scholia-bench-sync-'));
  try {
    const dir = join(root, 'library');
    const { metas, tags } = await buildSharedLibrary(dir);
    const legacyDir = join(root, 'legacy');
    await mkdir(join(legacyDir, 'backups'), { recursive: true });
    const legacy = join(legacyDir, 'library.json');
    const store = await LibraryStore.open(dir, { owner: 'the sync benchmark', device: devices[0]! });
    await writeFile(
      legacy,
      JSON.stringify({ schemaVersion: 1, documents: metas, tags, collections: [], settings: {} }, null, 2),
    );
    await store.close();

    const ratios: number[] = [];
    const opens: number[] = [];
    for (let pair = 0; pair < PAIRS; pair++) {
      let started = performance.now();
      const opened = await LibraryStore.open(dir, { owner: 'the sync benchmark', device: devices[0]! });
      const openMs = performance.now() - started;
      if (opened.listDocuments().length !== DOCUMENTS)
        throw new Error('The shared library did not open whole.');
      await opened.close();
      // What opening the same library kept as one library.json did: take the lock, read and validate
      // the file, and compare it with its newest backup.
      started = performance.now();
      const release = await acquireLibraryLock(legacyDir, 'the sync benchmark');
      const parsed = LibraryFileSchema.parse(JSON.parse(await readFile(legacy, 'utf8')));
      await snapshotLibraryFile(legacy, join(legacyDir, 'backups'));
      await release();
      const legacyMs = performance.now() - started;
      if (parsed.documents.length !== DOCUMENTS) throw new Error('The legacy file did not read whole.');
      opens.push(openMs);
      ratios.push(openMs / legacyMs);
    }

    const writer = await LibraryStore.open(dir, { owner: 'the sync benchmark', device: devices[0]! });
    const target = metas[0]!;
    await writer.readAnnotations(target.id);
    const samples: number[] = [];
    for (let i = 0; i < 200; i++) {
      const started = performance.now();
      await writer.appendAnnotationChange(target.id, () => ({
        op: 'put',
        annotation: annotationOn(target.id, i),
      }));
      samples.push(performance.now() - started);
    }

    const other = await LibraryStore.open(dir, { owner: 'the sync benchmark', device: devices[1]! });
    await other.readAnnotations(target.id);
    for (let i = 0; i < FOLDED; i += 500) {
      await other.appendAnnotationChanges(target.id, () =>
        Array.from({ length: 500 }, (_, n) => ({
          op: 'put' as const,
          annotation: annotationOn(target.id, i + n),
        })),
      );
    }
    await other.close();
    let longest = 0;
    let last = performance.now();
    const ticker = setInterval(() => {
      const now = performance.now();
      longest = Math.max(longest, now - last);
      last = now;
    }, 1);
    const started = performance.now();
    const changes = await writer.refreshFromDisk();
    const foldMs = performance.now() - started;
    clearInterval(ticker);
    longest = Math.max(longest, performance.now() - last);
    if (!changes.annotations.has(target.id))
      throw new Error('The other device’s changes were not folded in.');
    await writer.close();

    const openRatio = summarize(ratios).median;
    return {
      openRatio,
      steps: [
        {
          name: 'open 200 docs / 20k annotations by 3 devices (ms)',
          target: null,
          summary: summarize(opens),
        },
        {
          name: '  open ÷ open of one library.json, median of pairs (×)',
          target: { stat: 'median', ms: 1.5 },
          summary: summarize(ratios),
        },
        { name: 'new highlight, durable (ms)', target: { stat: 'p95', ms: 10 }, summary: summarize(samples) },
        {
          name: `fold in ${FOLDED.toLocaleString('en-US')} changes from another device (ms)`,
          target: { stat: 'max', ms: 500 },
          summary: summarize([foldMs]),
        },
        {
          name: '  longest event-loop block while folding in (ms)',
          target: { stat: 'max', ms: 50 },
          summary: summarize([longest]),
        },
      ],
    };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

/** Three devices' logs: device 0 imports the documents and the codebook; all three annotate. */
async function buildSharedLibrary(dir: string): Promise<{ metas: DocumentMeta[]; tags: Tag[] }> {
  const random = seededRandom(SEED);
  const text = generateText(20_000, SEED);
  const stores = [];
  for (const device of devices)
    stores.push(await LibraryStore.open(dir, { owner: 'the sync benchmark', device }));
  const [first] = stores;
  const metas: DocumentMeta[] = [];
  for (let i = 0; i < DOCUMENTS; i++) {
    const meta = metaFor(
      `${text}\n\nDocument ${String(i)}.`,
      `Document ${String(i)}`,
      `document-${String(i)}.txt`,
    );
    await first!.addDocument(meta, paragraphsDoc(text));
    metas.push(meta);
  }
  const tags = await first!.updateTags(() =>
    Array.from({ length: 40 }, (_, i) => ({
      id: randomUUID(),
      name: `Code ${String(i)}`,
      parentId: null,
      color: null,
      description: '',
    })),
  );
  for (const store of stores) await store.refreshFromDisk();
  const perDocument = ANNOTATIONS / DOCUMENTS;
  for (const meta of metas) {
    for (const [index, store] of stores.entries()) {
      const count = Math.round(perDocument / stores.length) + (index === 0 ? perDocument % stores.length : 0);
      await store.appendAnnotationChanges(meta.id, () =>
        Array.from({ length: count }, (_, n) => {
          const annotation = annotationOn(meta.id, n);
          const tag = tags[Math.floor(random() * tags.length)];
          return {
            op: 'put' as const,
            annotation: { ...annotation, tagIds: tag === undefined ? [] : [tag.id] },
          };
        }),
      );
    }
  }
  for (const store of stores) await store.close();
  return { metas, tags: [...tags] };
}

function annotationOn(documentId: string, n: number): Annotation {
  const start = (n * 37) % 15_000;
  const now = new Date().toISOString();
  return {
    id: randomUUID(),
    documentId,
    selectors: [
      { type: 'TextQuoteSelector', exact: 'x'.repeat(20), prefix: '', suffix: '' },
      { type: 'TextPositionSelector', start, end: start + 20 },
    ],
    color: 'yellow',
    tagIds: [],
    comment: '',
    createdAt: now,
    modifiedAt: now,
  };
}

if (process.argv[1]?.endsWith('sync.bench.ts') === true) {
  void benchSync().then((result) => {
    for (const step of result.steps) {
      console.log(
        `${step.name.padEnd(64)} median ${String(step.summary.median)}  p95 ${String(step.summary.p95)}`,
      );
    }
  });
}
