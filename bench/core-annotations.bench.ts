/**
 * How long creating one highlight takes, until it is durable, in a document that already has many.
 *
 * A temporary library gets one ~3 MB book (assembled from the fixture articles) carrying 5,000
 * highlights; then 200 more are created one after another through the service, each timed from the
 * call until its promise resolves (the change is on disk by then). One untimed creation comes first so
 * that the book's projection is cached and the code is warm: what is measured is the cost of saving,
 * which is what grows with the number of highlights.
 *
 * Run with `npx tsx bench/core-annotations.bench.ts`.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Annotation, Selectors } from '../src/shared/model';
import { projectDocument } from '../src/shared/projection';
import { docFromJSON } from '../src/shared/schema';
import { createLibraryEvents } from '../src/core/events';
import { createLibraryService } from '../src/core/service/library-service';
import { LibraryStore } from '../src/core/store/library-store';
import { metaFor, paragraphsDoc } from '../src/core/store/test-documents';
import { generateHighlights, generateText, summarize } from './support/generate';

const BOOK_BYTES = 3_000_000;
const EXISTING_HIGHLIGHTS = 5_000;
const TIMED_CREATIONS = 200;
const SEED = 1989;

/**
 * Median and 95th percentile, in milliseconds, of {@link TIMED_CREATIONS} `createAnnotation` calls on a
 * ~3 MB document that already has {@link EXISTING_HIGHLIGHTS} highlights, and how long one compaction of
 * the document's annotation journal takes afterwards (the longest a change can wait behind one). Uses
 * and removes a folder in the system's temp directory.
 */
export async function benchCreateAnnotation(): Promise<{ median: number; p95: number; compactionMs: number }> {
  const root = await mkdtemp(join(tmpdir(), 'scholia-bench-annotations-'));
  try {
    const store = await LibraryStore.open(join(root, 'library'), { owner: 'the annotation benchmark' });
    try {
      const text = generateText(BOOK_BYTES, SEED);
      const doc = paragraphsDoc(text);
      const meta = metaFor(text, 'A long book', 'long-book.txt');
      await store.addDocument(meta, doc);
      const projected = projectDocument(docFromJSON(doc)).text;
      const selectors = generateHighlights(projected, EXISTING_HIGHLIGHTS + TIMED_CREATIONS + 1, SEED);
      if (selectors.length < EXISTING_HIGHLIGHTS + TIMED_CREATIONS + 1) {
        throw new Error(`The generator gave only ${selectors.length} highlights.`);
      }
      await store.writeAnnotations(
        meta.id,
        selectors.slice(0, EXISTING_HIGHLIGHTS).map((s) => storedAnnotation(meta.id, s)),
      );

      const service = createLibraryService(store, createLibraryEvents());
      const [warmUp, ...timed] = selectors.slice(EXISTING_HIGHLIGHTS, EXISTING_HIGHLIGHTS + TIMED_CREATIONS + 1);
      await service.createAnnotation({ documentId: meta.id, selectors: warmUp! });
      const samples: number[] = [];
      for (const s of timed) {
        const started = performance.now();
        await service.createAnnotation({ documentId: meta.id, selectors: s, comment: 'Compare the account in chapter 2.' });
        samples.push(performance.now() - started);
      }
      const compactionStarted = performance.now();
      await store.compactAnnotations(meta.id);
      const compactionMs = Math.round((performance.now() - compactionStarted) * 100) / 100;
      const { median, p95 } = summarize(samples);
      return { median, p95, compactionMs };
    } finally {
      await store.close();
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

function storedAnnotation(documentId: string, selectors: Selectors): Annotation {
  const now = new Date().toISOString();
  return { id: randomUUID(), documentId, selectors, color: 'yellow', tagIds: [], comment: '', createdAt: now, modifiedAt: now };
}

if (process.argv[1]?.endsWith('core-annotations.bench.ts')) {
  benchCreateAnnotation().then(
    ({ median, p95, compactionMs }) => {
      console.log(
        `createAnnotation until durable, ${EXISTING_HIGHLIGHTS} existing highlights, ${TIMED_CREATIONS} calls: ` +
          `median ${median} ms, p95 ${p95} ms; one journal compaction ${compactionMs} ms`,
      );
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
