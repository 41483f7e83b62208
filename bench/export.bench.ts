/**
 * How long an export takes, including the durable write: 10,000 annotations over 200 documents, as a
 * Markdown bibliography grouped by tag (APA, in-text citations by citeproc) and as W3C JSON-LD.
 *
 * A temporary library gets 200 generated documents (~20 KB each, with authors and dates) and 50
 * annotations on each, tagged from a two-level codebook of 30 tags. Each export is run once untimed
 * (citeproc loads the style; the documents' texts are read and projected), then timed RUNS times from the
 * call until the file is on disk. The first, cold run is reported separately, and so is the longest
 * the export held the event loop at once (a 1 ms timer's longest gap): in the app that loop is the main
 * process, in browser mode the server, so a long block stalls every other request.
 *
 * Run with `npx tsx bench/export.bench.ts`.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseApiArgs } from '../src/shared/api';
import type { ExportOptionsInput } from '../src/shared/export-options';
import { HIGHLIGHT_COLORS, type Annotation } from '../src/shared/model';
import { projectDocument } from '../src/shared/projection';
import { docFromJSON } from '../src/shared/schema';
import { createLibraryEvents } from '../src/core/events';
import { createLibraryService } from '../src/core/service/library-service';
import { PathGrants } from '../src/core/service/path-grants';
import { LibraryStore } from '../src/core/store/library-store';
import { metaFor, paragraphsDoc } from '../src/core/store/test-documents';
import { seededRandom } from '../tests/support/seeded-random';
import { generateHighlights, generateText, summarize } from './support/generate';
import { measured } from './event-loop';

const DOCUMENTS = 200;
const PER_DOCUMENT = 50;
const DOCUMENT_BYTES = 20_000;
const RUNS = 15;
const SEED = 2009;
const FAMILIES = [
  'Doyle',
  'Sewell',
  'Woods',
  'Trotsky',
  'Deutscher',
  'Mandel',
  'Callinicos',
  'Harman',
  'Kotz',
  'Lewin',
];

/** One export's timings, in ms. */
export interface ExportBenchResult {
  /** Each timed run after the first. */
  samples: number[];
  median: number;
  p95: number;
  /** The first run: the style loaded, every text read and projected. */
  coldMs: number;
  /** The longest the event loop was held during the first run. */
  coldBlockMs: number;
  /** The longest the event loop was held during any run. */
  longestBlockMs: number;
}

/** Median, p95, the cold first run and the longest event-loop block, in ms, of each export. */
export async function benchExport(): Promise<Record<string, ExportBenchResult>> {
  const root = await mkdtemp(join(tmpdir(), 'scholia-bench-export-'));
  const random = seededRandom(SEED);
  try {
    const store = await LibraryStore.open(join(root, 'library'), { owner: 'the export benchmark' });
    try {
      // The benchmark's folder stands for where the reader chose to export.
      const grants = new PathGrants();
      await grants.allowWrite(root);
      const service = createLibraryService(store, createLibraryEvents(), { grants });
      const tagIds: string[] = [];
      for (let i = 0; i < 6; i++) {
        const parent = await service.createTag({ name: `Theme ${String(i + 1)}` });
        tagIds.push(parent.id);
        for (let j = 0; j < 4; j++)
          tagIds.push(
            (await service.createTag({ name: `Code ${String(i + 1)}.${String(j + 1)}`, parentId: parent.id }))
              .id,
          );
      }
      for (let d = 0; d < DOCUMENTS; d++) {
        const text = generateText(DOCUMENT_BYTES, SEED + d);
        const doc = paragraphsDoc(text);
        const base = metaFor(text, `Document ${String(d + 1)} on the collapse`, `doc-${String(d)}.txt`);
        const meta = {
          ...base,
          csl: {
            ...base.csl,
            type: 'article-journal',
            author: [{ family: FAMILIES[d % FAMILIES.length] ?? 'Doe', given: `A${String(d)}` }],
            issued: { 'date-parts': [[1980 + (d % 45)]] },
            'container-title': 'Journal of Soviet Studies',
          },
        };
        await store.addDocument(meta, doc);
        const projected = projectDocument(docFromJSON(doc)).text;
        const now = new Date().toISOString();
        const annotations: Annotation[] = generateHighlights(projected, PER_DOCUMENT, SEED + d).map(
          (selectors) => ({
            id: randomUUID(),
            documentId: meta.id,
            selectors,
            color: HIGHLIGHT_COLORS[Math.floor(random() * HIGHLIGHT_COLORS.length)] ?? 'yellow',
            tagIds: random() < 0.8 ? [tagIds[Math.floor(random() * tagIds.length)] ?? ''] : [],
            comment: random() < 0.3 ? 'Compare *the account* in chapter 2.' : '',
            createdAt: now,
            modifiedAt: now,
          }),
        );
        await store.writeAnnotations(meta.id, annotations);
      }
      const results: Record<string, ExportBenchResult> = {};
      const cases: [string, ExportOptionsInput, string][] = [
        ['markdown by tag', { format: 'markdown', groupBy: 'tag', style: 'apa' }, 'by-tag.md'],
        ['json-ld', { format: 'jsonld' }, 'annotations.jsonld'],
      ];
      for (const [name, options, file] of cases) {
        const args = parseApiArgs('exportLibrary', { options, path: join(root, file) });
        const cold = await measured(() => service.exportLibrary(args));
        const summary = cold.value;
        const coldMs = Math.round(cold.ms);
        if (summary.passages !== DOCUMENTS * PER_DOCUMENT)
          throw new Error(`exported ${String(summary.passages)} passages`);
        const samples: number[] = [];
        let longestBlock = cold.longestBlock;
        for (let i = 0; i < RUNS; i++) {
          const warm = await measured(() => service.exportLibrary(args));
          samples.push(warm.ms);
          longestBlock = Math.max(longestBlock, warm.longestBlock);
        }
        const { median, p95 } = summarize(samples);
        results[name] = {
          samples,
          median,
          p95,
          coldMs,
          coldBlockMs: Math.round(cold.longestBlock),
          longestBlockMs: Math.round(longestBlock),
        };
      }
      return results;
    } finally {
      await store.close();
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

if (process.argv[1]?.endsWith('export.bench.ts') === true) {
  void benchExport().then((results) => {
    for (const [name, { median, p95, coldMs, coldBlockMs, longestBlockMs }] of Object.entries(results)) {
      console.log(
        `export ${name}: median ${String(median)} ms, p95 ${String(p95)} ms (target < 300 ms); first run ${String(coldMs)} ms; ` +
          `longest event-loop block ${String(longestBlockMs)} ms (first run ${String(coldBlockMs)} ms)`,
      );
    }
  });
}
