/**
 * How fast the built `scholia` command starts: `scholia --library L list` on a library of 200
 * documents and 20,000 annotations, against the plain Node process a reader would write to list the
 * same library (read its files with `fs`, print the titles), alternating the two (A B A B) so that
 * both see the same machine, and reporting the median of the per-pair ratios and each one's median.
 *
 * The CLI is built with `electron-vite build --outDir` into a temp folder (so that the benchmark runs
 * the bundle `bin/scholia.mjs` runs, split into chunks as it is shipped) unless `--cli FILE` names
 * a built `cli.js`. It also checks what the bundle loaded for `list`: none of the heavy modules a
 * command loads on first use (jsdom, citeproc, pdf.js, markdown-it, mammoth, the search index).
 *
 * Run with `npx tsx bench/cli-startup.bench.ts [--cli out/main/cli.js] [--keep DIR]`.
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Annotation, DocumentMeta } from '../src/shared/model';
import { LibraryStore } from '../src/core/store/library-store';
import { metaFor, paragraphsDoc } from '../src/core/store/test-documents';
import type { DeviceIdentity } from '../src/core/sync/device';
import { generateText, summarize, type BenchStep } from './support/generate';

const DOCUMENTS = 200;
const ANNOTATIONS = 20_000;
const PAIRS = 10;
const SEED = 1991;
const FAMILIES = ['Doyle', 'Sewell', 'Woods', 'Trotsky', 'Deutscher', 'Mandel', 'Kotz', 'Lewin'];

/** The modules `list` must not load: each is loaded by the command (or format) that needs it. */
export const HEAVY_MODULES = [
  'jsdom',
  '@mozilla/readability',
  'citeproc',
  '@citation-js/core',
  'pdfjs-dist',
  'markdown-it',
  'mammoth',
  'minisearch',
] as const;

/**
 * The bundle's chunks `list` must not load (rolldown names a chunk after its first module, without the
 * hash): the search index, citeproc's wrapper, the import and export operations, each format's converter.
 */
export const HEAVY_CHUNKS = [
  'corpus-index',
  'index-file',
  'citation-js',
  'citation-operations',
  'import-files',
  'export-operations',
  'markdown',
  'html',
  'epub',
  'docx',
  'pdf',
] as const;

const device: DeviceIdentity = { id: 'benchmark001', name: 'The benchmark', readerName: 'Reader' };

/**
 * Writes a library of `documents` documents (about 20 KB of text each, with authors and dates) and
 * `annotations` annotations spread evenly over them, in `dir`; resolves to the documents' metadata.
 */
export async function writeCliLibrary(
  dir: string,
  documents = DOCUMENTS,
  annotations = ANNOTATIONS,
): Promise<DocumentMeta[]> {
  const store = await LibraryStore.open(dir, { owner: 'the CLI start-up benchmark', device });
  try {
    const text = generateText(20_000, SEED);
    const doc = paragraphsDoc(text);
    const metas: DocumentMeta[] = [];
    const perDocument = Math.floor(annotations / documents);
    for (let d = 0; d < documents; d++) {
      const base = metaFor(
        `${text}\n\n${String(d)}`,
        `Document ${String(d + 1)} on the collapse`,
        `doc-${String(d)}.txt`,
      );
      const meta: DocumentMeta = {
        ...base,
        csl: {
          ...base.csl,
          type: 'article-journal',
          author: [{ family: FAMILIES[d % FAMILIES.length] ?? 'Doe', given: `A${String(d)}` }],
          issued: { 'date-parts': [[1980 + (d % 45)]] },
        },
      };
      await store.addDocument(meta, doc);
      const now = new Date().toISOString();
      const list: Annotation[] = Array.from({ length: perDocument }, (_, n) => {
        const start = (n * 37) % 15_000;
        return {
          id: randomUUID(),
          documentId: meta.id,
          selectors: [
            { type: 'TextQuoteSelector', exact: text.slice(start, start + 20), prefix: '', suffix: '' },
            { type: 'TextPositionSelector', start, end: start + 20 },
          ],
          color: 'yellow',
          tagIds: [],
          comment: n % 3 === 0 ? 'Compare *the account* in chapter 2.' : '',
          createdAt: now,
          modifiedAt: now,
        };
      });
      await store.writeAnnotations(meta.id, list);
      metas.push(meta);
    }
    return metas;
  } finally {
    await store.close();
  }
}

const REPO = resolve(__dirname, '..');

/**
 * Builds the app into `outDir` (the CLI is `outDir/main/cli.js`) and links the repository's
 * `node_modules` beside it, where the bundle's external packages are looked for; returns the CLI's path.
 */
export async function buildCli(outDir: string): Promise<string> {
  // electron-vite empties no folder outside the project: chunks of an older build would stay.
  await rm(outDir, { recursive: true, force: true });
  const built = spawnSync(
    process.execPath,
    [join(REPO, 'node_modules/electron-vite/bin/electron-vite.js'), 'build', '--outDir', outDir],
    { cwd: REPO, encoding: 'utf8' },
  );
  if (built.status !== 0) throw new Error(`electron-vite build failed:\n${built.stderr}`);
  await symlink(join(REPO, 'node_modules'), join(outDir, 'node_modules'), 'dir').catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  });
  return join(outDir, 'main', 'cli.js');
}

/**
 * The peer: what a reader would write to list a library with plain Node. It reads the devices' library
 * logs (`devices/<device>/library.jsonl`, one JSON change a line) and prints each document's title,
 * the last one written winning. It validates nothing and loads nothing but `fs`.
 */
const PLAIN_LISTER = [
  "const fs = require('fs'), path = require('path');",
  'const dir = process.argv[1], titles = new Map();',
  "for (const device of fs.readdirSync(path.join(dir, 'devices'))) {",
  "  const file = path.join(dir, 'devices', device, 'library.jsonl');",
  '  if (!fs.existsSync(file)) continue;',
  "  for (const line of fs.readFileSync(file, 'utf8').split('\\n')) {",
  '    if (line === "") continue;',
  '    const change = JSON.parse(line);',
  "    const title = change.s && change.s['csl.title'];",
  "    if (typeof change.k === 'string' && change.k.startsWith('doc:') && typeof title === 'string') titles.set(change.k, title);",
  '  }',
  '}',
  "process.stdout.write([...titles.values()].join('\\n') + '\\n');",
].join('\n');

/** Written next to the library and loaded with `node --require` to list what the CLI loaded. */
const LOADED_REPORTER = `
process.on('exit', () => {
  const packages = new Set();
  const chunks = new Set();
  for (const file of Object.keys(require.cache)) {
    const match = /node_modules[\\\\/]((?:@[^\\\\/]+[\\\\/])?[^\\\\/]+)/.exec(file);
    if (match) packages.add(match[1].replace(/\\\\/g, '/'));
    const chunk = /[\\\\/]chunks[\\\\/]([^\\\\/]+)-[A-Za-z0-9_-]{8}\\.js$/.exec(file);
    if (!match && chunk) chunks.add(chunk[1]);
  }
  require('fs').writeFileSync(
    process.env.SCHOLIA_LOADED_REPORT,
    JSON.stringify({ modules: Object.keys(require.cache).length, packages: [...packages].sort(), chunks: [...chunks].sort() }),
  );
});
`;

/** Runs `node ...args` to its end; resolves to how long it took in ms, and what it printed. */
function timed(args: readonly string[], env: NodeJS.ProcessEnv): { ms: number; stdout: string } {
  const started = performance.now();
  const result = spawnSync(process.execPath, args, { encoding: 'utf8', env, maxBuffer: 64 * 1024 * 1024 });
  const ms = performance.now() - started;
  if (result.status !== 0)
    throw new Error(
      `node ${args.slice(0, 2).join(' ')} failed (${String(result.status)}):\n${result.stderr}`,
    );
  return { ms, stdout: result.stdout };
}

/** What {@link benchCliStartup} measured. */
export interface CliStartupResult {
  steps: BenchStep[];
  /** The median of the per-pair ratios of `scholia list` to the plain lister. */
  ratio: number;
  /** How many modules `scholia list` loaded, the packages among them and the bundle's chunks. */
  loaded: { modules: number; packages: string[]; chunks: string[] };
}

/**
 * Builds the CLI (or uses `cli`), writes the library and measures `scholia list` against the plain
 * lister and `node -e 0`, alternating, {@link PAIRS} rounds after one untimed round of each.
 * Throws when `list` loaded one of {@link HEAVY_MODULES} or {@link HEAVY_CHUNKS}.
 */
export async function benchCliStartup(
  options: { cli?: string; keep?: string } = {},
): Promise<CliStartupResult> {
  const root = options.keep ?? (await mkdtemp(join(tmpdir(), 'scholia-bench-cli-')));
  try {
    await mkdir(root, { recursive: true });
    const cli = options.cli === undefined ? await buildCli(join(root, 'build')) : resolve(options.cli);
    const library = join(root, 'library');
    await rm(library, { recursive: true, force: true });
    await writeCliLibrary(library);
    const reporter = join(root, 'loaded-reporter.cjs');
    await writeFile(reporter, LOADED_REPORTER);
    const report = join(root, 'loaded.json');
    // The CLI's own computer identity, apart from the reader's (and the same every run).
    const env = { ...process.env, SCHOLIA_DEVICE_DIR: join(root, 'device'), SCHOLIA_LOADED_REPORT: report };

    const list = [cli, '--library', library, 'list'];
    const peer = ['-e', PLAIN_LISTER, library];
    // The first run of the CLI's device on this library makes its local folder: not timed.
    const first = timed(list, env);
    if (first.stdout.trimEnd().split('\n').length !== DOCUMENTS + 1)
      throw new Error(`scholia list printed:\n${first.stdout.slice(0, 2000)}`);
    const titles = timed(peer, env).stdout.trimEnd().split('\n');
    if (titles.length !== DOCUMENTS)
      throw new Error(`the plain lister printed ${String(titles.length)} titles`);
    timed(['--require', reporter, ...list], env);
    const loaded = JSON.parse(await readFile(report, 'utf8')) as CliStartupResult['loaded'];
    const heavy = [
      ...HEAVY_MODULES.filter((name) => loaded.packages.includes(name)),
      ...HEAVY_CHUNKS.filter((name) => loaded.chunks.includes(name)).map((name) => `the ${name} chunk`),
    ];
    if (heavy.length > 0)
      throw new Error(`scholia list loaded ${heavy.join(', ')}, which only other commands need.`);

    const lists: number[] = [];
    const peers: number[] = [];
    const empties: number[] = [];
    const ratios: number[] = [];
    for (let pair = 0; pair < PAIRS; pair++) {
      const a = timed(list, env).ms;
      const b = timed(peer, env).ms;
      empties.push(timed(['-e', '0'], env).ms);
      lists.push(a);
      peers.push(b);
      ratios.push(a / b);
    }
    const ratio = summarize(ratios).median;
    return {
      ratio,
      loaded,
      steps: [
        {
          name: 'scholia list, 200 docs / 20k annotations (ms)',
          target: { stat: 'median', ms: 500 },
          summary: summarize(lists),
        },
        { name: '  plain Node lister of the same library (ms)', target: null, summary: summarize(peers) },
        { name: '  node -e 0 (ms)', target: null, summary: summarize(empties) },
        {
          name: '  scholia list ÷ plain lister, median of pairs (×)',
          target: null,
          summary: summarize(ratios),
        },
      ],
    };
  } finally {
    if (options.keep === undefined) await rm(root, { recursive: true, force: true });
  }
}

/** The value of `--name VALUE` on the command line, if given. */
function option(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at < 0 ? undefined : process.argv[at + 1];
}

if (process.argv[1]?.endsWith('cli-startup.bench.ts') === true) {
  const cli = option('cli');
  const keep = option('keep');
  benchCliStartup({
    ...(cli === undefined ? {} : { cli }),
    ...(keep === undefined ? {} : { keep: resolve(keep) }),
  }).then(
    (result) => {
      for (const step of result.steps) process.stdout.write(`${JSON.stringify(step)}\n`);
      process.stdout.write(`${JSON.stringify({ ratio: result.ratio, loaded: result.loaded })}\n`);
    },
    (error: unknown) => {
      process.stderr.write(
        `cli-startup: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exitCode = 1;
    },
  );
}
