/**
 * The torture run: every hostile input of `tests/support/hostile-inputs.ts` at its full size, each
 * imported through the real service into a fresh library in a Node process of its own (4 GB heap, as
 * the app's), which is timed, has its peak resident memory read (`process.resourceUsage().maxRSS`) and
 * is killed after `--timeout` seconds (default 120). Prints one row per input: the time, the peak
 * memory, and what the import reported (imported, refused with which message, or crashed / hung).
 * Three ordinary books (the benchmark's) are measured the same way, for comparison.
 *
 *   npx tsx bench/torture.ts                    all inputs
 *   npx tsx bench/torture.ts --only NAME,NAME   the inputs named (file names, e.g. flate-bomb.pdf)
 *   npx tsx bench/torture.ts --timeout 60
 *
 * Nothing here is timed in `npm test`: the bounded-work tests use small sizes of the same inputs.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fullSizeHostileInputs } from '../tests/support/hostile-inputs';
import { generateEpub, generatePdf } from './support/generate-formats';
import { generateText } from './support/generate';

/** Ordinary books, for comparison: the benchmark's 3 MB text, 3 MB EPUB of 40 chapters and 300-page PDF. */
const ORDINARY: { name: string; make: () => Uint8Array | string }[] = [
  { name: 'book-3mb.txt', make: () => generateText(3_000_000, 1) },
  { name: 'book-3mb-40-chapters.epub', make: () => generateEpub(3_000_000, 40, 3) },
  { name: 'book-300-pages.pdf', make: () => generatePdf(300, 4) },
];

/** What the child reports of one import. */
interface ChildReport {
  ms: number;
  peakRssMb: number;
  status: string;
  message: string;
  /** For a reference file: how many entries were created, matched or unusable. */
  entries?: Record<string, number>;
  /** How many `import-progress` events the import emitted. */
  progressEvents: number;
}

function option(name: string): string | null {
  const at = process.argv.indexOf(`--${name}`);
  return at < 0 ? null : (process.argv[at + 1] ?? null);
}

/** Child mode: imports the file `--file` (as uploaded bytes named `--name`) into a fresh library. */
async function runChild(file: string, name: string, work: string): Promise<void> {
  const { openLibrary } = await import('../src/core/library');
  const library = await openLibrary(join(work, 'library'), { owner: 'the torture run' });
  let progressEvents = 0;
  library.events.on('import-progress', () => (progressEvents += 1));
  const bytes = new Uint8Array(await readFile(file));
  const started = performance.now();
  const { outcomes } = await library.service.importFiles({ sources: [{ kind: 'bytes', name, bytes }] });
  const ms = performance.now() - started;
  await library.close();
  const outcome = outcomes[0];
  const report: ChildReport = {
    ms,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    status: outcome?.status ?? 'none',
    message:
      outcome?.status === 'failed'
        ? outcome.error.message
        : outcome?.status === 'imported'
          ? `${outcome.document.wordCount.toLocaleString('en')} words`
          : '',
    progressEvents,
  };
  if (outcome?.status === 'references') {
    const entries: Record<string, number> = {};
    for (const entry of outcome.entries) entries[entry.action] = (entries[entry.action] ?? 0) + 1;
    report.entries = entries;
    report.message = outcome.entries.find((entry) => entry.action === 'failed')?.message ?? '';
  }
  process.stdout.write(`\n@@report ${JSON.stringify(report)}\n`);
}

/** Runs one input in a child process; resolves to its report, or to how it died. */
function runOne(file: string, name: string, work: string, timeoutS: number): Promise<ChildReport> {
  return new Promise((done) => {
    const started = performance.now();
    const child = spawn(
      process.execPath,
      [
        '--max-old-space-size=4096',
        '--import',
        'tsx',
        __filename,
        '--child',
        '--file',
        file,
        '--name',
        name,
        '--work',
        work,
      ],
      { cwd: resolve(__dirname, '..'), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err = (err + chunk.toString()).slice(-2000)));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutS * 1000);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      const line = /@@report (.*)/.exec(out)?.[1];
      if (line !== undefined) {
        done(JSON.parse(line) as ChildReport);
        return;
      }
      const ms = performance.now() - started;
      const hung = signal === 'SIGKILL' && ms >= timeoutS * 1000;
      const lastError = err.trim().split('\n').slice(-3).join(' | ');
      done({
        ms,
        peakRssMb: NaN,
        status: hung ? `hung (killed after ${timeoutS} s)` : `crashed (${signal ?? `exit ${String(code)}`})`,
        message: lastError,
        progressEvents: 0,
      });
    });
  });
}

async function main(): Promise<void> {
  if (process.argv.includes('--child')) {
    await runChild(option('file') ?? '', option('name') ?? '', option('work') ?? '');
    return;
  }
  const only = option('only')
    ?.split(',')
    .map((name) => name.trim());
  const timeoutS = Number(option('timeout') ?? '120');
  const inputs = [...fullSizeHostileInputs(), ...ORDINARY].filter(
    (input) => only === undefined || only.includes(input.name),
  );
  const root = await mkdtemp(join(tmpdir(), 'scholia-torture-'));
  try {
    for (const input of inputs) {
      const file = join(root, input.name);
      const made = input.make();
      await writeFile(file, made);
      const size = typeof made === 'string' ? Buffer.byteLength(made) : made.byteLength;
      const work = await mkdtemp(join(root, 'work-'));
      const report = await runOne(file, input.name, work, timeoutS);
      const entries =
        report.entries === undefined
          ? ''
          : ` ${Object.entries(report.entries)
              .map(([action, count]) => `${action} ${count}`)
              .join(', ')}`;
      process.stdout.write(
        `${input.name.padEnd(24)} ${(size / 1024).toFixed(0).padStart(8)} KB  ${(report.ms / 1000).toFixed(1).padStart(6)} s  ` +
          `${Number.isNaN(report.peakRssMb) ? '     ?' : report.peakRssMb.toFixed(0).padStart(6)} MB  ` +
          `${report.status}${entries} (${report.progressEvents} progress events)\n    ${report.message.slice(0, 400)}\n`,
      );
      await rm(work, { recursive: true, force: true });
      await rm(file, { force: true });
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
