/**
 * A library shared by three computers: 200 documents and 20,000 annotations, written by three devices
 * into their own logs. Measured, on the same generated content:
 *
 * - opening it, against opening the same library in the layout before libraries could be shared (one
 *   `library.json`, and a file of annotations per document) the way that was done then (see
 *   {@link openLegacyLayout}), alternating the two and reporting the median of the per-pair ratios;
 * - a new highlight, from the call until it is durable;
 * - folding in 5,000 changes another device made to one document while this one has it open, with the
 *   longest event-loop block meanwhile.
 *
 * Run with `npx tsx bench/sync.bench.ts`.
 */
import { randomUUID } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Annotation, DocumentMeta, Tag } from '../src/shared/model';
import { serializeAnnotationsFile } from '../src/core/store/annotations-serializer';
import { snapshotLibraryFile } from '../src/core/store/backups';
import { removeTempFiles } from '../src/core/store/durable-json-file';
import type { LibraryFile } from '../src/core/store/file-schemas';
import { LIBRARY_LAYOUT, libraryFileAdapter } from '../src/core/store/library-layout';
import { LibraryStore } from '../src/core/store/library-store';
import { acquireLibraryLock, type ReleaseLock } from '../src/core/store/lock';
import { defaultMigrations } from '../src/core/store/migrations';
import { unfinishedTextEdits } from '../src/core/store/text-edit-log';
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
    const store = await LibraryStore.open(dir, { owner: 'the sync benchmark', device: devices[0]! });
    await writeLegacyLayout(legacyDir, dir, store, { metas, tags });
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
      started = performance.now();
      const legacy = await openLegacyLayout(legacyDir);
      const legacyMs = performance.now() - started;
      await legacy.release();
      if (legacy.file.documents.length !== DOCUMENTS) throw new Error('The legacy file did not read whole.');
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

/**
 * The same library in the layout before folder sync: `library.json`, `documents/<id>.json` and
 * `annotations/<id>.json` (one document's annotations), as that Scholia wrote them.
 */
async function writeLegacyLayout(
  legacyDir: string,
  sharedDir: string,
  store: LibraryStore,
  { metas, tags }: { metas: readonly DocumentMeta[]; tags: readonly Tag[] },
): Promise<void> {
  const { documents, annotations, backups, libraryFile } = LIBRARY_LAYOUT;
  for (const folder of [documents, annotations, backups])
    await mkdir(join(legacyDir, folder), { recursive: true });
  await writeFile(
    join(legacyDir, libraryFile),
    JSON.stringify({ schemaVersion: 1, documents: metas, tags, collections: [], settings: {} }, null, 2),
  );
  for (const meta of metas) {
    await copyFile(
      join(sharedDir, documents, `${meta.id}.json`),
      join(legacyDir, documents, `${meta.id}.json`),
    );
    const list = (await store.readAnnotations(meta.id)) ?? [];
    await writeFile(
      join(legacyDir, annotations, `${meta.id}.json`),
      serializeAnnotationsFile({ schemaVersion: 1, documentId: meta.id, annotations: [...list] }),
    );
  }
}

/**
 * What `LibraryStore.open` did before libraries could be shared (`prepareLibraryFolder` and
 * `finishAll`, before commit 63306e3): take the lock, make the folders, remove temp files left in
 * them, read, validate and migrate `library.json`, snapshot it into `backups/` (comparing it with the
 * newest snapshot first), and look in `documents/` for edits of a text to finish. Annotations were read
 * when a document was opened, as they are now. Resolves to the content read and the lock's release,
 * which is not timed (as closing the store is not).
 */
async function openLegacyLayout(dir: string): Promise<{ file: LibraryFile; release: ReleaseLock }> {
  const { documents, annotations, backups, libraryFile } = LIBRARY_LAYOUT;
  await mkdir(dir, { recursive: true });
  const release = await acquireLibraryLock(dir, 'the sync benchmark');
  await Promise.all(
    [documents, annotations, backups].map((name) => mkdir(join(dir, name), { recursive: true })),
  );
  await Promise.all([dir, join(dir, documents), join(dir, annotations)].map(removeTempFiles));
  const file = await libraryFileAdapter(dir, { migrations: defaultMigrations }, () => undefined).read();
  if (file === null) throw new Error('The legacy library has no library.json.');
  await snapshotLibraryFile(join(dir, libraryFile), join(dir, backups));
  await unfinishedTextEdits(join(dir, documents));
  return { file, release };
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
