/**
 * `npm run bench`: the workbench's speed targets, measured on generated inputs (seeded, so every run
 * measures the same bytes). Prints median and p95 of each step and writes bench/results/<time>.json.
 *
 *   import   a 3 MB plain text, until durable on disk               target < 1500 ms
 *            a 3 MB EPUB (40 chapters) and a 300-page PDF, until durable, and the longest
 *            event-loop block while each imports (bench/import-formats.ts); the same books
 *            through the UI's file input in Chromium: longest task    target <   50 ms
 *            and time to the first readable view and to durable
 *            10,000 BibTeX and 10,000 CSL-JSON references, until durable target < 10000 ms
 *            (bench/references.bench.ts; the hostile inputs are bench/torture.ts's, run apart)
 *   open     that document with 5,000 highlights, to first paint    target <  500 ms (in Chromium)
 *            and no main-thread task over 50 ms after that paint    target <   50 ms
 *   scroll   the open book, one scrollBy per animation frame        target <   16 ms p95 frame work
 *   create   one more highlight, key press until durable and drawn  target <   30 ms p95
 *   edit     a keystroke in edit mode with 5,000 highlights         target <    2 ms p95
 *            re-anchoring 5,000 after 300 edits of the 3 MB text    target < 1000 ms, none wrong
 *            (bench/edit-text.bench.ts)
 *   export   10,000 annotations over 200 documents, Markdown by tag    target <  300 ms median
 *            and JSON-LD, until durable; the longest event-loop block (bench/export.bench.ts)
 *   find     200 documents (30 MB) and 20,000 annotations: query p95  target <   30 ms
 *            concordance of a common word                         target <  100 ms
 *            longest event-loop block while indexing, saving and loading the index
 *                                                                 target <   50 ms
 *            (bench/find.bench.ts, which also compares MiniSearch and FlexSearch)
 *   cli      the built `scholia list` on 200 documents and 20,000 annotations, until it exits
 *                                                                 target <  500 ms median
 *            against a plain Node lister of the same library, alternated, median of the per-pair
 *            ratios; fails when `list` loads jsdom, citeproc, pdf.js, markdown-it or mammoth
 *            (bench/cli-startup.bench.ts)
 *
 * Each group (bench/groups.ts: import, edit, export, find, reader, ui-import, sync, cli) runs in a
 * fresh Node process of its own, one after another, so that heap left by one group does not slow the
 * next; this process only drives them, then prints the one table and writes
 * bench/results/bench-<time>.json and latest.json (each step names its group).
 *
 * Options: `--only browser` runs only the edit and reader groups (skipping imports, export and find);
 * `--only GROUP,GROUP` runs the groups named; `--renderer DIR` serves another renderer build than
 * out/renderer (`electron-vite build --outDir X` puts one in X/renderer); `--screenshot FILE` saves a
 * PNG of the book scrolled midway; `--css TEXT` adds a style sheet to the page (to measure a style
 * variant without rebuilding); `--paragraphs short` cuts the book into about 12,000 paragraphs of one
 * or two sentences instead of about 6,000 longer ones. `--group GROUP` runs one group in this process
 * and prints its rows (the driver adds `--work DIR --result FILE` to share the book and collect rows).
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { RENDERER_DIR } from '../tests/support/web-app';
import {
  BROWSER_ONLY_GROUPS,
  GROUP_NAMES,
  GROUPS_NEEDING_GC,
  isGroupName,
  runGroup,
  writeBook,
  type GroupName,
  type GroupResult,
  type Step,
} from './groups';

/** A command-line option this script cannot use; reported by its message alone. */
class OptionError extends Error {}

/** The value of `--name VALUE` on the command line, or null. */
function option(name: string): string | null {
  const at = process.argv.indexOf(`--${name}`);
  return at < 0 ? null : (process.argv[at + 1] ?? null);
}

function paragraphsOption(): 'long' | 'short' {
  const value = option('paragraphs') ?? 'long';
  if (value !== 'long' && value !== 'short')
    throw new OptionError(`--paragraphs must be "long" or "short", not "${value}".`);
  return value;
}

/** The groups to run: all, the browser pair for `--only browser`, or those named in `--only a,b`. */
function selectedGroups(): GroupName[] {
  const only = option('only');
  if (only === null) return [...GROUP_NAMES];
  if (only === 'browser') return [...BROWSER_ONLY_GROUPS];
  const names = only.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => !isGroupName(name));
  if (unknown.length > 0 || names.length === 0)
    throw new OptionError(
      `--only ${only}: unknown group ${unknown.map((name) => `"${name}"`).join(', ')}; ` +
        `use "browser" or a comma-separated list of ${GROUP_NAMES.join(', ')}.`,
    );
  return GROUP_NAMES.filter((name) => names.includes(name));
}

function verdict(step: Step): string {
  if (step.target === null) return '';
  const value = step.summary[step.target.stat];
  // A ratio's step is named "… (×)"; every other target is a time.
  const unit = step.name.includes('(×)') ? '×' : ' ms';
  return `(target ${step.target.stat} < ${step.target.ms}${unit}: ${value <= step.target.ms ? 'ok' : 'MISSED'})`;
}

function row(step: Step): string {
  const { median, p95, max, n } = step.summary;
  const cell = (value: number): string => String(value).padStart(8);
  return `${step.name.padEnd(48)} median ${cell(median)}   p95 ${cell(p95)}   max ${cell(max)}   n=${String(n).padEnd(4)} ${verdict(step)}`;
}

const SUMMARY_STATS = new Set(['median', 'p95', 'min', 'max']);

/** Reads a group's result file; JSON writes NaN (a statistic of no samples) as null, so it is read back as NaN. */
async function readGroupResult(file: string): Promise<GroupResult> {
  return JSON.parse(await readFile(file, 'utf8'), (key, value: unknown) =>
    value === null && SUMMARY_STATS.has(key) ? NaN : value,
  ) as GroupResult;
}

/** Runs `group` in a child Node process (with `--expose-gc` where it wants it); resolves to its result. */
async function runGroupProcess(group: GroupName, root: string): Promise<GroupResult> {
  const resultFile = join(root, `result-${group}.json`);
  const args = [
    ...(GROUPS_NEEDING_GC.includes(group) ? ['--expose-gc'] : []),
    '--import',
    'tsx',
    __filename,
    '--group',
    group,
    '--work',
    root,
    '--result',
    resultFile,
    '--renderer',
    resolve(option('renderer') ?? RENDERER_DIR),
  ];
  const screenshot = option('screenshot');
  if (screenshot !== null) args.push('--screenshot', resolve(screenshot));
  const css = option('css');
  if (css !== null) args.push('--css', css);

  const started = performance.now();
  const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>(
    (done, fail) => {
      const child = spawn(process.execPath, args, { cwd: resolve(__dirname, '..'), stdio: 'inherit' });
      child.on('error', fail);
      child.on('exit', (exitCode, exitSignal) => done({ code: exitCode, signal: exitSignal }));
    },
  );
  if (code !== 0)
    throw new Error(
      `the ${group} group failed (${signal === null ? `exit code ${String(code)}` : `signal ${signal}`}); its output is above.`,
    );
  process.stderr.write(`${group}: done in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  return readGroupResult(resultFile);
}

/** `--group NAME`: runs that one group here; writes its result to `--result FILE` or prints its rows. */
async function runChild(name: string): Promise<void> {
  if (!isGroupName(name))
    throw new OptionError(`--group ${name}: unknown group; use one of ${GROUP_NAMES.join(', ')}.`);
  const work = option('work');
  const root = work ?? (await mkdtemp(join(tmpdir(), 'scholia-bench-')));
  try {
    const book = work === null ? await writeBook(root, paragraphsOption()) : join(root, 'book.txt');
    const groupRoot = join(root, name);
    await mkdir(groupRoot, { recursive: true });
    const screenshot = option('screenshot');
    const result = await runGroup(name, {
      root: groupRoot,
      book,
      rendererDir: resolve(option('renderer') ?? RENDERER_DIR),
      screenshot: screenshot === null ? null : resolve(screenshot),
      css: option('css'),
    });
    const resultFile = option('result');
    if (resultFile === null) process.stdout.write(`\n${result.steps.map(row).join('\n')}\n`);
    else await writeFile(resultFile, JSON.stringify(result));
  } finally {
    if (work === null) await rm(root, { recursive: true, force: true });
  }
}

/** Runs the selected groups, each in its own process, then prints the table and writes the results. */
async function runAll(): Promise<void> {
  const groups = selectedGroups();
  const paragraphs = paragraphsOption();
  const root = await mkdtemp(join(tmpdir(), 'scholia-bench-'));
  try {
    await writeBook(root, paragraphs);
    const steps: (Step & { group: GroupName })[] = [];
    let extra: Record<string, unknown> = {};
    for (const group of groups) {
      const result = await runGroupProcess(group, root);
      steps.push(...result.steps.map((step) => ({ ...step, group })));
      extra = { ...extra, ...result.extra };
    }
    extra = { ...extra, loadAverage: loadavg() };

    process.stdout.write(`\n${steps.map(row).join('\n')}\n`);
    process.stdout.write(
      `highlight elements drawn: ${String(extra['marksDrawn'])}; scroll frames dropped: ${String(extra['droppedScrollFrames'])}; ` +
        `load average ${loadavg()
          .map((n) => n.toFixed(2))
          .join(' ')} on ${cpus().length} CPUs\n`,
    );
    const resultsDir = join(__dirname, 'results');
    await mkdir(resultsDir, { recursive: true });
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const result = {
      when: new Date().toISOString(),
      node: process.version,
      renderer: option('renderer'),
      css: option('css'),
      paragraphs,
      steps,
      ...extra,
    };
    await writeFile(join(resultsDir, `bench-${stamp}.json`), `${JSON.stringify(result, null, 2)}\n`);
    await writeFile(join(resultsDir, 'latest.json'), `${JSON.stringify(result, null, 2)}\n`);
    process.stdout.write(`\nWrote bench/results/bench-${stamp}.json\n`);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

const group = option('group');
(group === null ? runAll() : runChild(group)).catch((error: unknown) => {
  const message =
    error instanceof OptionError
      ? error.message
      : error instanceof Error
        ? (error.stack ?? error.message)
        : String(error);
  process.stderr.write(`bench: ${message}\n`);
  process.exit(1);
});
