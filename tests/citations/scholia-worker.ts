/**
 * Scholia's side of a conformance case, formatted on a worker thread of its own that is ended after
 * the case. citation-js keeps every citeproc engine it makes (one per style and locale, about 100 MB
 * for APA) for the life of the thread, so formatting every case in one thread would hold gigabytes.
 *
 * As a worker (started by {@link formatOnWorker}), this module formats `items.json` with
 * `formatReferences` in a shipped style and locale, registered as Scholia registers them.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parentPort, Worker, workerData } from 'node:worker_threads';
import { formatReferences, type LocatedCite } from '../../src/core/citations/citation-js';
import type { FormattedText } from '../../src/core/citations/csl-markup';
import { StyleRegistry } from '../../src/core/citations/styles';
import { ITEMS } from './items';

/** What the worker is asked: a shipped style's id, the locale to format in, and the located cites. */
interface Request {
  style: string;
  lang: string;
  cites: LocatedCite[];
}

/** What `formatReferences` gave, as lists of pairs (what a worker can send). */
export interface ScholiaReferences {
  order: string[];
  entries: [string, FormattedText][];
  citations: [string, FormattedText][];
  located: [string, FormattedText][];
}

type Reply = ({ ok: true } & ScholiaReferences) | { ok: false; message: string };

/**
 * Formats the items in shipped style `style` and locale `lang` (as `StyleRegistry.resolveLocale`
 * gives it), with the citations `cites`, on a new worker thread, ended when it has answered.
 */
export async function formatOnWorker(
  style: string,
  lang: string,
  cites: readonly LocatedCite[],
): Promise<ScholiaReferences> {
  const source = join(__dirname, 'scholia-worker.ts');
  if (!existsSync(source)) throw new RangeError(`${source} is missing.`);
  const hook = createRequire(source).resolve('tsx/cjs');
  const worker = new Worker(`require(${JSON.stringify(hook)}); require(${JSON.stringify(source)});`, {
    eval: true,
    workerData: { conformanceWorker: true },
  });
  try {
    const reply = await new Promise<Reply>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`The conformance worker stopped (exit code ${code}).`)));
      worker.postMessage({ style, lang, cites: [...cites] } satisfies Request);
    });
    if (!reply.ok) throw new Error(`Scholia could not format in ${style} (${lang}): ${reply.message}`);
    const { ok: _ok, ...references } = reply;
    return references;
  } finally {
    await worker.terminate();
  }
}

async function answer(request: Request): Promise<Reply> {
  try {
    const registry = new StyleRegistry(join(tmpdir(), 'scholia-conformance-no-library'));
    const name = await registry.resolve(request.style);
    const formatted = formatReferences(ITEMS, name, request.lang, request.cites);
    return {
      ok: true,
      order: formatted.order,
      entries: [...formatted.entries],
      citations: [...formatted.citations],
      located: [...formatted.located],
    };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
}

// Only in a thread started by formatOnWorker (the test runner may run this module in a worker of its own).
if (
  (workerData as { conformanceWorker?: boolean } | null)?.conformanceWorker === true &&
  parentPort !== null
) {
  const port = parentPort;
  port.once('message', (request: Request) => {
    void answer(request).then((reply) => port.postMessage(reply));
  });
}
