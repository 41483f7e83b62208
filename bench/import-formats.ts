/**
 * Benchmark of importing books in the rich formats: a 3 MB EPUB of 40 chapters and a 300-page PDF,
 * each imported into a fresh library until durable. Besides the time, it records the longest stretch
 * the import held Node's event loop (sampled by a 1 ms timer): how long a request or a progress event
 * could have waited. (`performance` is the global one, the same name in Node and in the page.)
 *
 * The same books are also imported the way a reader does it, in Chromium over browser mode
 * ({@link benchBrowserImports}): chosen in the UI's file input, the document opened as soon as its row
 * appears in the library. That measures the longest main-thread task of the UI while importing, the
 * time until the book is readable (its first screen painted in the reader) and until it is durable.
 *
 * Run alone with `npx tsx bench/import-formats.ts` (add `--browser` for the browser part only, with
 * `--renderer DIR` for a renderer build other than out/renderer), or as part of `npm run bench`.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { openLibrary } from '../src/core/library';
import { startWebServer } from '../src/server/web-server';
import { launchChromium } from '../tests/support/chromium';
import type { ScholiaWindow } from '../tests/support/page-globals';
import { RENDERER_DIR } from '../tests/support/web-app';
import { LONG_TASK_OBSERVER } from './browser-steps';
import { generateEpub, generatePdf } from './support/generate-formats';
import { summarize, type BenchStep } from './support/generate';
import { measured } from './event-loop';

const RUNS = 5;
/** Imports through the UI per book: each a few seconds of core work. */
const BROWSER_RUNS = 5;

let books: { epub: Uint8Array; pdf: Uint8Array } | null = null;

/** The generated books (made once: generating the PDF takes a while). */
function generatedBooks(): { epub: Uint8Array; pdf: Uint8Array } {
  books ??= { epub: generateEpub(3_000_000, 40, 3), pdf: generatePdf(300, 4) };
  return books;
}

async function benchFile(
  root: string,
  name: string,
  bytes: Uint8Array,
): Promise<{ time: number[]; block: number[] }> {
  const file = join(root, name);
  await writeFile(file, bytes);
  const time: number[] = [];
  const block: number[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    const library = await openLibrary(join(root, `${name}-${run}`), { owner: 'Scholia benchmark' });
    let status = '';
    await library.grants.allowRead(file);
    const { ms, longestBlock } = await measured(async () => {
      const report = await library.service.importFiles({ sources: [{ kind: 'path', path: file }] });
      status = report.outcomes[0]?.status ?? 'none';
    });
    await library.close();
    if (status !== 'imported') throw new Error(`${name} did not import (${status})`);
    time.push(ms);
    block.push(longestBlock);
  }
  return { time, block };
}

/** Runs the format benchmarks in `root` and returns their steps. */
export async function benchFormatImports(root: string): Promise<BenchStep[]> {
  const { epub, pdf } = generatedBooks();
  process.stderr.write(
    `import: EPUB ${(epub.byteLength / 1e6).toFixed(1)} MB zipped, PDF ${(pdf.byteLength / 1e6).toFixed(1)} MB…\n`,
  );
  const epubRuns = await benchFile(root, 'book.epub', epub);
  const pdfRuns = await benchFile(root, 'book.pdf', pdf);
  return [
    {
      name: 'import 3 MB EPUB (40 chapters), durable (ms)',
      target: { stat: 'median', ms: 3000 },
      summary: summarize(epubRuns.time),
    },
    {
      name: '  EPUB: longest event-loop block (ms)',
      target: { stat: 'max', ms: 100 },
      summary: summarize(epubRuns.block),
    },
    {
      name: 'import 300-page PDF, durable (ms)',
      target: { stat: 'median', ms: 5000 },
      summary: summarize(pdfRuns.time),
    },
    {
      name: '  PDF: longest event-loop block (ms)',
      target: { stat: 'max', ms: 100 },
      summary: summarize(pdfRuns.block),
    },
  ];
}

/** One import through the UI, in ms since the file was handed to the file input. */
interface UiImport {
  /** Its row appeared in the library (and the open button was clicked at once). */
  row: number;
  /** The reader painted its first screen of the book (`scholia:open-painted`). */
  readable: number;
  /** The UI's `importFiles` call returned: the book is on disk. */
  durable: number;
  /** The longest main-thread task from the hand-over until the row appeared (0 when none passed 50 ms). */
  longestWhileImporting: number;
  /** The same until both readable and durable, opening the book included. */
  longestUntilReadable: number;
}

/**
 * Watches the library for the first document row and opens it the moment it appears; records when
 * (`window.__importBench.row`).
 */
const OPEN_WHEN_LISTED = `
  window.__importBench = { row: null };
  new MutationObserver((_records, observer) => {
    const open = document.querySelector('[data-testid="document-row"] [data-testid="open-document"]');
    if (open === null) return;
    window.__importBench.row = performance.now();
    observer.disconnect();
    open.click();
  }).observe(document.body, { childList: true, subtree: true });
`;

interface PageTimes {
  row: number | null;
  painted: number | null;
  durable: number | null;
  tasks: { start: number; duration: number }[];
}

/** Imports `file` through the UI's file input into an empty library and opens it as soon as it is listed. */
async function importThroughUi(page: Page, url: string, file: string): Promise<UiImport> {
  await page.goto(url);
  await page.waitForFunction(() => 'scholia' in globalThis);
  // The library starts empty: the same book again would be reported as a duplicate.
  await page.evaluate(async () => {
    const { scholia } = globalThis as unknown as ScholiaWindow;
    for (const meta of await scholia.listDocuments({})) await scholia.deleteDocument({ documentId: meta.id });
  });
  await page.reload();
  await page
    .getByTestId('import-button')
    .waitFor()
    .catch(async (error: unknown) => {
      await page.screenshot({ path: join(tmpdir(), 'scholia-bench-ui-import.png') });
      throw error;
    });
  await page.evaluate(OPEN_WHEN_LISTED);
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('import-button').click();
  const fileInput = await chooser;
  const started = await page.evaluate(() => performance.now());
  await fileInput.setFiles(file);
  const handle = await page.waitForFunction(
    () => {
      const [painted] = performance.getEntriesByName('scholia:open-painted', 'mark');
      // The UI's importFiles request ends when core has the book on disk.
      const request = performance
        .getEntriesByType('resource')
        .find((entry) => entry.name.includes('/api/call/importFiles'));
      const durable = request === undefined || !('responseEnd' in request) ? 0 : Number(request.responseEnd);
      return painted !== undefined && durable > 0;
    },
    undefined,
    { timeout: 120_000, polling: 100 },
  );
  await handle.dispose();
  // Tasks still under way when the marks are set are reported a moment later.
  await page.waitForTimeout(300);
  const times = await page.evaluate((): PageTimes => {
    const scope = window as unknown as {
      __importBench: { row: number | null };
      __longTasks: { start: number; duration: number }[];
    };
    const request = performance
      .getEntriesByType('resource')
      .find((entry) => entry.name.includes('/api/call/importFiles')) as PerformanceResourceTiming | undefined;
    return {
      row: scope.__importBench.row,
      painted: performance.getEntriesByName('scholia:open-painted', 'mark')[0]?.startTime ?? null,
      durable: request?.responseEnd ?? null,
      tasks: scope.__longTasks,
    };
  });
  const { row, painted, durable } = times;
  if (row === null || painted === null || durable === null) {
    throw new Error(`importing ${file} through the UI did not finish: ${JSON.stringify(times)}`);
  }
  const longestUntil = (end: number): number =>
    Math.max(
      0,
      ...times.tasks
        .filter((task) => task.start + task.duration > started && task.start < end)
        .map((task) => task.duration),
    );
  return {
    row: row - started,
    readable: painted - started,
    durable: durable - started,
    longestWhileImporting: longestUntil(row),
    longestUntilReadable: longestUntil(Math.max(painted, durable)),
  };
}

/**
 * Imports the generated EPUB and PDF {@link BROWSER_RUNS} times each through the file input of the
 * UI in Chromium (browser mode over a fresh library in `root`, serving the renderer in `rendererDir`).
 */
export async function benchBrowserImports(
  browser: Browser,
  rendererDir: string,
  root: string,
): Promise<BenchStep[]> {
  const { epub, pdf } = generatedBooks();
  const library = await openLibrary(join(root, 'ui-import'), { owner: 'Scholia benchmark' });
  const server = await startWebServer({ library, rendererDir });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const steps: BenchStep[] = [];
  try {
    await page.addInitScript(LONG_TASK_OBSERVER);
    for (const [label, name, bytes] of [
      ['EPUB', 'ui-book.epub', epub],
      ['PDF', 'ui-book.pdf', pdf],
    ] as const) {
      process.stderr.write(`browser: importing the ${label} through the file input…\n`);
      const file = join(root, name);
      await writeFile(file, bytes);
      const runs: UiImport[] = [];
      for (let run = 0; run < BROWSER_RUNS; run += 1)
        runs.push(await importThroughUi(page, server.url, file));
      const of = (pick: (run: UiImport) => number) => summarize(runs.map(pick));
      steps.push(
        {
          name: `UI import ${label}: longest task while importing (ms)`,
          target: { stat: 'max', ms: 50 },
          summary: of((run) => run.longestWhileImporting),
        },
        {
          name: `  ${label}: longest task until open and durable (ms)`,
          target: null,
          summary: of((run) => run.longestUntilReadable),
        },
        { name: `  ${label}: row listed (ms)`, target: null, summary: of((run) => run.row) },
        {
          name: `  ${label}: first readable view in the reader (ms)`,
          target: null,
          summary: of((run) => run.readable),
        },
        { name: `  ${label}: durable (ms)`, target: null, summary: of((run) => run.durable) },
      );
    }
  } finally {
    await page.close();
    await server.close();
    await library.close();
  }
  return steps;
}

/** The value of `--name VALUE` on the command line, or null. */
function option(name: string): string | null {
  const at = process.argv.indexOf(`--${name}`);
  return at < 0 ? null : (process.argv[at + 1] ?? null);
}

async function runAlone(): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'scholia-bench-formats-'));
  try {
    let steps: BenchStep[];
    if (process.argv.includes('--browser')) {
      const browser = await launchChromium();
      try {
        steps = await benchBrowserImports(browser, resolve(option('renderer') ?? RENDERER_DIR), root);
      } finally {
        await browser.close();
      }
    } else {
      steps = await benchFormatImports(root);
    }
    for (const step of steps) {
      const { median, p95, max, n } = step.summary;
      process.stdout.write(`${step.name.padEnd(48)} median ${median}   p95 ${p95}   max ${max}   n=${n}\n`);
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

if (process.argv[1]?.endsWith('import-formats.ts') === true) void runAlone();
