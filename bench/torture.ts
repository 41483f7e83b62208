/**
 * The torture run (`npm run torture`): the fault-injection suite at full size, part by part, each
 * printing what it tried and how each case ended (tried, survived, lost, crashed, scripts run):
 *
 *   outsized  every hostile input of `tests/support/hostile-inputs.ts` at its full size, each
 * imported through the real service into a fresh library in a Node process of its own (4 GB heap, as
 * the app's), which is timed, has its peak resident memory read (`process.resourceUsage().maxRSS`) and
 * is killed after `--timeout` seconds (default 120). Prints one row per input: the time, the peak
 * memory, and what the import reported (imported, refused with which message, or crashed / hung).
 * Three ordinary books (the benchmark's) are measured the same way, for comparison.
 *
 *   damaged   every file kind of a two-computer library damaged every way (tests/faults/damage-cases.ts);
 *   kill      kill -9 at 300 random points of every kind of write (tests/faults/kill-points.ts);
 *   fuzz      10,000 fuzzed API payloads over browser mode's HTTP API (tests/faults/api-fuzz.ts);
 *   hostile   the hostile corpus imported and opened in Chromium (tests/faults/hostile-render.ts).
 *
 *   npm run torture                                     every part (builds the renderer first)
 *   npx tsx bench/torture.ts --part damaged,kill        some parts
 *   npx tsx bench/torture.ts --only NAME,NAME           the outsized inputs named (e.g. flate-bomb.pdf)
 *   npx tsx bench/torture.ts --timeout 60 --kills 100 --payloads 2000
 *
 * Exits with status 1 when anything was lost or crashed, or a script ran.
 *
 * Nothing here is timed in `npm test`: the bounded-work tests use small sizes of the same inputs.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { runApiFuzz } from '../tests/faults/api-fuzz';
import { runDamageMatrix } from '../tests/faults/damage-cases';
import { runHostileRender } from '../tests/faults/hostile-render';
import { runKillPoints } from '../tests/faults/kill-points';
import { emptyTally, formatTally, type FaultTally } from '../tests/faults/tally';
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

/**
 * Every outsized and hostile input at full size, each imported in a process of its own: one row per
 * input on `log`, and the tally (crashed: the process died or hung).
 */
async function runOutsizedInputs(options: {
  only: string[] | undefined;
  timeoutS: number;
  log: (line: string) => void;
}): Promise<FaultTally> {
  const tally = emptyTally('outsized inputs, each in a process of its own');
  const inputs = [...fullSizeHostileInputs(), ...ORDINARY].filter(
    (input) => options.only === undefined || options.only.includes(input.name),
  );
  const root = await mkdtemp(join(tmpdir(), 'scholia-torture-'));
  try {
    for (const input of inputs) {
      const file = join(root, input.name);
      const made = input.make();
      await writeFile(file, made);
      const size = typeof made === 'string' ? Buffer.byteLength(made) : made.byteLength;
      const work = await mkdtemp(join(root, 'work-'));
      const report = await runOne(file, input.name, work, options.timeoutS);
      const entries =
        report.entries === undefined
          ? ''
          : ` ${Object.entries(report.entries)
              .map(([action, count]) => `${action} ${count}`)
              .join(', ')}`;
      options.log(
        `${input.name.padEnd(24)} ${(size / 1024).toFixed(0).padStart(8)} KB  ${(report.ms / 1000).toFixed(1).padStart(6)} s  ` +
          `${Number.isNaN(report.peakRssMb) ? '     ?' : report.peakRssMb.toFixed(0).padStart(6)} MB  ` +
          `${report.status}${entries} (${report.progressEvents} progress events)\n    ${report.message.slice(0, 400)}`,
      );
      tally.tried += 1;
      if (/^(crashed|hung)/.test(report.status)) {
        tally.crashed += 1;
        tally.failures.push(`${input.name}: ${report.status}`);
      } else tally.survived += 1;
      await rm(work, { recursive: true, force: true });
      await rm(file, { force: true });
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
  return tally;
}

/** The parts of the run, by the name `--part` picks them with. */
const PARTS: Record<string, (log: (line: string) => void) => Promise<FaultTally>> = {
  outsized: (log) =>
    runOutsizedInputs({
      only: option('only')
        ?.split(',')
        .map((name) => name.trim()),
      timeoutS: Number(option('timeout') ?? '120'),
      log,
    }),
  damaged: (log) => runDamageMatrix({ full: true, log }),
  kill: (log) => runKillPoints({ kills: Number(option('kills') ?? '300'), seed: 2024, log }),
  fuzz: (log) => runApiFuzz({ payloads: Number(option('payloads') ?? '10000'), seed: 7, log }),
  hostile: (log) => runHostileRender({ full: true, log }),
};

async function main(): Promise<void> {
  if (process.argv.includes('--child')) {
    await runChild(option('file') ?? '', option('name') ?? '', option('work') ?? '');
    return;
  }
  const chosen = option('part')?.split(',') ?? (option('only') === null ? Object.keys(PARTS) : ['outsized']);
  const tallies: FaultTally[] = [];
  for (const name of chosen) {
    const part = PARTS[name];
    if (part === undefined) throw new Error(`No part "${name}": choose from ${Object.keys(PARTS).join(', ')}.`);
    const started = performance.now();
    process.stdout.write(`\n== ${name}\n`);
    const tally = await part((line) => process.stdout.write(`${line}\n`));
    tallies.push(tally);
    process.stdout.write(`${formatTally(tally)} (${((performance.now() - started) / 1000).toFixed(0)} s)\n`);
    for (const failure of tally.failures) process.stdout.write(`  ${failure}\n`);
  }
  process.stdout.write('\n');
  for (const tally of tallies) process.stdout.write(`${formatTally(tally)}\n`);
  if (tallies.some((tally) => tally.lost + tally.crashed + tally.scriptsRun > 0)) process.exitCode = 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
