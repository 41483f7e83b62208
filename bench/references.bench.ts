/**
 * How long a reference file of 10,000 entries takes to import, until durable: a BibTeX file and a
 * CSL-JSON file (seeded, `tests/support/hostile-inputs.ts`), each into a fresh library, all entries
 * added as references without text. Besides the time, the longest stretch the import held the event
 * loop (a 1 ms timer's longest gap): the file is read, matched and stored a step of entries at a
 * time, so progress events and other requests get through.
 *
 * Run alone with `npx tsx bench/references.bench.ts`, or as part of `npm run bench` (the import group).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openLibrary } from '../src/core/library';
import { bibtexFile, cslJsonFile } from '../tests/support/hostile-inputs';
import { summarize, type BenchStep } from './support/generate';
import { measured } from './event-loop';

const ENTRIES = 10_000;
const RUNS = 3;

/** Imports `text` as `name` into a fresh library under `root`; resolves to the time and the longest event-loop block. */
async function importOnce(
  root: string,
  name: string,
  text: string,
  run: number,
): Promise<{ ms: number; block: number }> {
  const library = await openLibrary(join(root, `references-${name}-${run}`), { owner: 'Scholia benchmark' });
  const bytes = new TextEncoder().encode(text);
  const { ms, longestBlock } = await measured(async () => {
    const { outcomes } = await library.service.importFiles({ sources: [{ kind: 'bytes', name, bytes }] });
    const outcome = outcomes[0];
    const created =
      outcome?.status === 'references'
        ? outcome.entries.filter((entry) => entry.action === 'created').length
        : 0;
    if (created !== ENTRIES) throw new Error(`${name}: ${created} of ${ENTRIES} entries were added`);
  });
  await library.close();
  return { ms, block: longestBlock };
}

/** The benchmark's steps: each file's import time and its longest event-loop block. */
export async function benchReferenceImports(root: string): Promise<BenchStep[]> {
  const files = [
    { label: 'BibTeX', name: 'library.bib', text: bibtexFile(ENTRIES) },
    { label: 'CSL-JSON', name: 'library.json', text: cslJsonFile(ENTRIES) },
  ];
  const steps: BenchStep[] = [];
  for (const file of files) {
    process.stderr.write(`import: 10,000 ${file.label} entries…\n`);
    const times: number[] = [];
    const blocks: number[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      const { ms, block } = await importOnce(root, file.name, file.text, run);
      times.push(ms);
      blocks.push(block);
    }
    steps.push(
      {
        name: `import 10,000 ${file.label} entries, durable (ms)`,
        target: { stat: 'median', ms: 10_000 },
        summary: summarize(times),
      },
      {
        name: `  longest event-loop block, ${file.label} (ms)`,
        target: { stat: 'max', ms: 250 },
        summary: summarize(blocks),
      },
    );
  }
  return steps;
}

async function main(): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'scholia-references-bench-'));
  try {
    for (const step of await benchReferenceImports(root)) {
      const { median, p95, max } = step.summary;
      process.stdout.write(
        `${step.name.padEnd(48)} median ${median.toFixed(0).padStart(6)}  p95 ${p95.toFixed(0).padStart(6)}  max ${max.toFixed(0).padStart(6)}\n`,
      );
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

if (process.argv[1]?.endsWith('references.bench.ts') === true) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  });
}
