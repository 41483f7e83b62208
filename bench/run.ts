/**
 * `npm run bench`: the workbench's speed targets, measured on generated inputs (seeded, so every run
 * measures the same bytes). Prints median and p95 of each step and writes bench/results/<time>.json.
 *
 *   import   a 3 MB plain text, until durable on disk               target < 1500 ms
 *   open     that document with 5,000 highlights, to first paint    target <  500 ms (in Chromium)
 *   create   one more highlight, key press until durable and drawn  target <   30 ms p95
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openLibrary } from '../src/core/library';
import { LibraryStore } from '../src/core/store/library-store';
import type { Annotation } from '../src/shared/model';
import { projectDocument } from '../src/shared/projection';
import { docFromJSON } from '../src/shared/schema';
import { launchChromium } from '../tests/support/chromium';
import { startWebApp } from '../tests/support/web-app';
import { benchOpenAndHighlight } from './browser-steps';
import { generateHighlights, generateText, summarize } from './support/generate';

const TEXT_BYTES = 3_000_000;
const HIGHLIGHTS = 5_000;
const IMPORT_RUNS = 7;

type Summary = ReturnType<typeof summarize>;

interface Step {
  name: string;
  target: { stat: 'median' | 'p95'; ms: number };
  summary: Summary;
}

async function benchImport(file: string, root: string): Promise<Summary> {
  const samples: number[] = [];
  for (let run = 0; run < IMPORT_RUNS; run += 1) {
    const library = await openLibrary(join(root, `import-${run}`), { owner: 'Scholia benchmark' });
    const started = performance.now();
    const report = await library.service.importFiles({ sources: [{ kind: 'path', path: file }] });
    samples.push(performance.now() - started);
    await library.close();
    if (report.outcomes[0]?.status !== 'imported') throw new Error(`import failed: ${JSON.stringify(report.outcomes[0])}`);
  }
  return summarize(samples);
}

/** A library holding the generated book and 5,000 highlights over it (30% overlapping). */
async function prepareHighlightedLibrary(file: string, dir: string): Promise<string> {
  const library = await openLibrary(dir, { owner: 'Scholia benchmark' });
  const report = await library.service.importFiles({ sources: [{ kind: 'path', path: file }] });
  await library.close();
  const outcome = report.outcomes[0];
  if (outcome?.status !== 'imported') throw new Error('import failed');
  const documentId = outcome.document.id;

  const store = await LibraryStore.open(dir, { owner: 'Scholia benchmark' });
  const doc = await store.readDocumentText(documentId);
  if (doc === null) throw new Error('document text missing');
  const text = projectDocument(docFromJSON(doc)).text;
  const now = new Date().toISOString();
  const annotations: Annotation[] = generateHighlights(text, HIGHLIGHTS, 7).map((selectors, i) => ({
    id: `bench-${i}`,
    documentId,
    selectors,
    color: 'yellow',
    tagIds: [],
    comment: '',
    createdAt: now,
    modifiedAt: now,
  }));
  await store.writeAnnotations(documentId, annotations);
  await store.close();
  return documentId;
}

function verdict(step: Step): string {
  const value = step.summary[step.target.stat];
  return value <= step.target.ms ? 'ok' : 'MISSED';
}

async function main(): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'scholia-bench-'));
  try {
    const file = join(root, 'book.txt');
    await writeFile(file, generateText(TEXT_BYTES, 1));
    const steps: Step[] = [];

    process.stderr.write('import: 3 MB text…\n');
    steps.push({ name: 'import 3 MB text, durable', target: { stat: 'median', ms: 1500 }, summary: await benchImport(file, root) });

    process.stderr.write('preparing a library with 5,000 highlights…\n');
    const libraryDir = join(root, 'highlighted');
    await prepareHighlightedLibrary(file, libraryDir);
    const app = await startWebApp({ libraryDir });
    const browser = await launchChromium();
    try {
      process.stderr.write('browser: open and highlight…\n');
      const browserSteps = await benchOpenAndHighlight(browser, app.server.url, HIGHLIGHTS);
      steps.push({ name: 'open with 5,000 highlights, first paint', target: { stat: 'median', ms: 500 }, summary: browserSteps.open });
      steps.push({ name: 'new highlight, key to durable and drawn', target: { stat: 'p95', ms: 30 }, summary: browserSteps.create });
      steps.push({ name: 'new highlight, API call until durable', target: { stat: 'p95', ms: 30 }, summary: browserSteps.createApi });
    } finally {
      await browser.close();
      await app.close();
    }

    const rows = steps.map(
      (step) =>
        `${step.name.padEnd(44)} median ${String(step.summary.median).padStart(8)} ms   p95 ${String(step.summary.p95).padStart(8)} ms   ` +
        `(target ${step.target.stat} < ${step.target.ms} ms: ${verdict(step)}, n=${step.summary.n})`,
    );
    process.stdout.write(`\n${rows.join('\n')}\n`);
    const resultsDir = join(__dirname, 'results');
    await mkdir(resultsDir, { recursive: true });
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const result = { when: new Date().toISOString(), node: process.version, steps };
    await writeFile(join(resultsDir, `bench-${stamp}.json`), `${JSON.stringify(result, null, 2)}\n`);
    await writeFile(join(resultsDir, 'latest.json'), `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(`\nWrote bench/results/bench-${stamp}.json\n`);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
