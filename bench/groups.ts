/**
 * The benchmark groups of `npm run bench`, each a unit that bench/run.ts runs in a process of its own
 * (so heap and caches left by one group do not slow the next): what each group measures, in the order
 * of the printed table, and the steps and extra figures it reports.
 *
 *   import     the 3 MB plain text, then the EPUB and PDF (bench/import-formats.ts), then reference
 *              files of 10,000 BibTeX and CSL-JSON entries (bench/references.bench.ts)
 *   edit       typing in edit mode and re-anchoring after edits (bench/edit-text.bench.ts)
 *   export     Markdown and JSON-LD of 10,000 annotations (bench/export.bench.ts)
 *   find       the corpus index over 30 MB (bench/find.bench.ts; wants `--expose-gc`)
 *   reader     open, scroll and highlight the book with 5,000 highlights in Chromium
 *   ui-import  the EPUB and PDF through the UI's file input in Chromium
 *   sync       a library shared by three computers: open, a new highlight, folding in another's changes (bench/sync.bench.ts)
 *   cli        the built `scholia list` on 200 documents and 20,000 annotations against a plain Node
 *              lister of the same library, and what `list` loads (bench/cli-startup.bench.ts)
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openLibrary } from '../src/core/library';
import { LibraryStore } from '../src/core/store/library-store';
import type { Annotation } from '../src/shared/model';
import { projectDocument } from '../src/shared/projection';
import { docFromJSON } from '../src/shared/schema';
import { startWebServer } from '../src/server/web-server';
import { launchChromium } from '../tests/support/chromium';
import { benchBrowser } from './browser-steps';
import { benchBrowserImports, benchFormatImports } from './import-formats';
import { benchReferenceImports } from './references.bench';
import { benchTextEditing } from './edit-text.bench';
import { benchExport } from './export.bench';
import { benchFind } from './find.bench';
import { benchSync } from './sync.bench';
import { benchCliStartup } from './cli-startup.bench';
import {
  BOOK_BYTES,
  BOOK_HIGHLIGHTS,
  generateHighlights,
  generateText,
  summarize,
  type BenchStep,
  type Summary,
} from './support/generate';

/** One row of the results table. */
export type Step = BenchStep;

const IMPORT_RUNS = 7;

/** What one group reports: its rows, and figures for the results file beside them. */
export interface GroupResult {
  steps: Step[];
  extra: Record<string, unknown>;
}

/** Where a group works and what it was asked for. */
export interface GroupContext {
  /** A scratch directory of its own (removed after the run). */
  root: string;
  /** The generated 3 MB book, as plain text, in `root`. */
  book: string;
  /** The renderer build to serve in browser mode. */
  rendererDir: string;
  /** `--screenshot`: where to save a PNG of the book scrolled midway, or null. */
  screenshot: string | null;
  /** `--css`: a style sheet to add to the page, or null. */
  css: string | null;
}

/** The groups, in the order they run and print. */
export const GROUP_NAMES = [
  'import',
  'edit',
  'export',
  'find',
  'reader',
  'ui-import',
  'sync',
  'cli',
] as const;

export type GroupName = (typeof GROUP_NAMES)[number];

/** The groups that `--only browser` runs (as before groups had processes of their own). */
export const BROWSER_ONLY_GROUPS: readonly GroupName[] = ['edit', 'reader'];

/** Groups whose process needs `node --expose-gc` (for memory figures taken after a full collection). */
export const GROUPS_NEEDING_GC: readonly GroupName[] = ['find'];

/** Whether `name` is one of {@link GROUP_NAMES}. */
export function isGroupName(name: string): name is GroupName {
  return (GROUP_NAMES as readonly string[]).includes(name);
}

/**
 * The same text with each paragraph cut into paragraphs of one or two sentences: about 12,000
 * paragraphs in 3 MB instead of 6,000, for a book of short paragraphs (dialogue, notes).
 */
function shortParagraphs(text: string): string {
  return text
    .split('\n\n')
    .flatMap((paragraph) => {
      const sentences = paragraph.split(/(?<=[.!?])\s+/);
      const pieces: string[] = [];
      for (let i = 0; i < sentences.length; i += 2) pieces.push(sentences.slice(i, i + 2).join(' '));
      return pieces;
    })
    .join('\n\n');
}

/** Writes the generated book (seeded: the same bytes every run) to `root`/book.txt; returns its path. */
export async function writeBook(root: string, paragraphs: 'long' | 'short'): Promise<string> {
  const file = join(root, 'book.txt');
  const text = generateText(BOOK_BYTES, 1);
  await writeFile(file, paragraphs === 'short' ? shortParagraphs(text) : text);
  return file;
}

async function benchImport(file: string, root: string): Promise<Summary> {
  const samples: number[] = [];
  for (let run = 0; run < IMPORT_RUNS; run += 1) {
    const library = await openLibrary(join(root, `import-${run}`), { owner: 'Scholia benchmark' });
    await library.grants.allowRead(file);
    const started = performance.now();
    const report = await library.service.importFiles({ sources: [{ kind: 'path', path: file }] });
    samples.push(performance.now() - started);
    await library.close();
    if (report.outcomes[0]?.status !== 'imported')
      throw new Error(`import failed: ${JSON.stringify(report.outcomes[0])}`);
  }
  return summarize(samples);
}

/** A library holding the generated book and 5,000 highlights over it (30% overlapping). */
async function prepareHighlightedLibrary(file: string, dir: string): Promise<string> {
  const library = await openLibrary(dir, { owner: 'Scholia benchmark' });
  await library.grants.allowRead(file);
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
  const annotations: Annotation[] = generateHighlights(text, BOOK_HIGHLIGHTS, 7).map((selectors, i) => ({
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

const one = (value: number): Summary => summarize([value]);

async function importGroup({ book, root }: GroupContext): Promise<GroupResult> {
  process.stderr.write('import: 3 MB text…\n');
  const steps: Step[] = [
    {
      name: 'import 3 MB text, durable (ms)',
      target: { stat: 'median', ms: 1500 },
      summary: await benchImport(book, root),
    },
  ];
  steps.push(...(await benchFormatImports(root)));
  steps.push(...(await benchReferenceImports(root)));
  return { steps, extra: {} };
}

function editGroup(): Promise<GroupResult> {
  process.stderr.write('edit mode: typing with 5,000 highlights, re-anchoring after edits…\n');
  const editing = benchTextEditing();
  return Promise.resolve({ steps: editing.steps, extra: { reanchorAfterEdits: editing.reanchor } });
}

async function exportGroup(): Promise<GroupResult> {
  process.stderr.write('export: 10,000 annotations over 200 documents…\n');
  const steps: Step[] = [];
  for (const [name, result] of Object.entries(await benchExport())) {
    steps.push({
      name: `export ${name}, durable (ms)`,
      target: { stat: 'median', ms: 300 },
      summary: summarize(result.samples),
    });
    steps.push({ name: `  export ${name}: first run (ms)`, target: null, summary: one(result.coldMs) });
    steps.push({
      name: `  export ${name}: longest event-loop block (ms)`,
      target: { stat: 'max', ms: 100 },
      summary: one(result.longestBlockMs),
    });
  }
  return { steps, extra: {} };
}

async function findGroup(): Promise<GroupResult> {
  process.stderr.write('find: 200 documents, 30 MB, 20,000 annotations…\n');
  const { scholia } = await benchFind((line) => process.stderr.write(line));
  const steps: Step[] = [
    { name: 'find: query p95 (ms)', target: { stat: 'max', ms: 30 }, summary: one(scholia.queries.all.p95) },
    {
      name: 'find: concordance of "the" (ms)',
      target: { stat: 'median', ms: 100 },
      summary: one(scholia.concordance.the.median),
    },
    { name: '  find: index build (ms)', target: null, summary: one(scholia.buildFromLibraryMs) },
    {
      name: '  find: longest block while indexing (ms)',
      target: { stat: 'max', ms: 50 },
      summary: one(scholia.longestEventLoopStallDuringBuildMs),
    },
    {
      name: '  find: longest block while saving (ms)',
      target: { stat: 'max', ms: 50 },
      summary: one(scholia.longestEventLoopStallDuringSaveMs),
    },
    { name: '  find: index load at start (ms)', target: null, summary: one(scholia.loadAtStartMs) },
    {
      name: '  find: longest block while loading (ms)',
      target: { stat: 'max', ms: 50 },
      summary: one(scholia.longestEventLoopStallDuringLoadMs),
    },
  ];
  return { steps, extra: {} };
}

async function readerGroup(context: GroupContext): Promise<GroupResult> {
  process.stderr.write('preparing a library with 5,000 highlights…\n');
  const libraryDir = join(context.root, 'highlighted');
  await prepareHighlightedLibrary(context.book, libraryDir);
  const library = await openLibrary(libraryDir, { owner: 'Scholia benchmark' });
  const server = await startWebServer({ library, rendererDir: context.rendererDir });
  const browser = await launchChromium();
  try {
    process.stderr.write('browser: open, scroll and highlight…\n');
    const report = await benchBrowser(browser, server.url, {
      screenshot: context.screenshot,
      css: context.css,
    });
    const { open, scroll } = report;
    const steps: Step[] = [
      {
        name: 'open with 5,000 highlights, first paint (ms)',
        target: { stat: 'median', ms: 500 },
        summary: open.open,
      },
      {
        name: 'open: longest task after first paint (ms)',
        target: { stat: 'max', ms: 50 },
        summary: open.longestTaskAfterPaint,
      },
      {
        name: 'open: longest task after paint, CPU time (ms)',
        target: { stat: 'max', ms: 50 },
        summary: open.longestTaskCpuAfterPaint,
      },
      { name: 'open: tasks over 50 ms after first paint', target: null, summary: open.longTasksAfterPaint },
      { name: 'open: every block and highlight in (ms)', target: null, summary: open.complete },
    ];
    for (const [mark, summary] of Object.entries(open.phases)) {
      steps.push({ name: `  phase ${mark} (ms from start)`, target: null, summary });
    }
    steps.push(
      {
        name: 'new highlight while loading, key to drawn (ms)',
        target: { stat: 'p95', ms: 100 },
        summary: open.createWhileLoading,
      },
      { name: 'scroll: frame interval (ms)', target: null, summary: scroll.interval },
      {
        name: 'scroll: main-thread work per frame (ms)',
        target: { stat: 'p95', ms: 16 },
        summary: scroll.work,
      },
      {
        name: 'new highlight, key to durable and drawn (ms)',
        target: { stat: 'p95', ms: 30 },
        summary: report.create,
      },
      {
        name: 'new highlight, API call until durable (ms)',
        target: { stat: 'p95', ms: 30 },
        summary: report.createApi,
      },
    );
    return { steps, extra: { marksDrawn: open.marksDrawn, droppedScrollFrames: scroll.dropped } };
  } finally {
    await browser.close();
    await server.close();
    await library.close();
  }
}

async function uiImportGroup({ rendererDir, root }: GroupContext): Promise<GroupResult> {
  process.stderr.write('browser: EPUB and PDF through the file input…\n');
  const browser = await launchChromium();
  try {
    return { steps: await benchBrowserImports(browser, rendererDir, root), extra: {} };
  } finally {
    await browser.close();
  }
}

async function syncGroup(): Promise<GroupResult> {
  process.stderr.write('sync: 200 documents and 20,000 annotations written by 3 computers…\n');
  const result = await benchSync();
  return { steps: result.steps, extra: { openRatioToOneLibraryFile: result.openRatio } };
}

async function cliGroup(): Promise<GroupResult> {
  process.stderr.write(
    'cli: building the command, then scholia list on 200 documents and 20,000 annotations…\n',
  );
  const result = await benchCliStartup();
  return {
    steps: result.steps,
    extra: { cliListRatioToPlainNode: result.ratio, cliListLoaded: result.loaded },
  };
}

/** Runs one group in this process. */
export function runGroup(name: GroupName, context: GroupContext): Promise<GroupResult> {
  switch (name) {
    case 'import':
      return importGroup(context);
    case 'edit':
      return editGroup();
    case 'export':
      return exportGroup();
    case 'find':
      return findGroup();
    case 'reader':
      return readerGroup(context);
    case 'ui-import':
      return uiImportGroup(context);
    case 'sync':
      return syncGroup();
    case 'cli':
      return cliGroup();
  }
}
