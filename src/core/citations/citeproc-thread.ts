/**
 * Formatting references off the event loop. citeproc is synchronous: loading a large style takes about
 * a second and formatting 200 references another second or two, long enough to stall every other
 * request of the app's main process or the browser-mode server. {@link formatReferencesOffThread} runs
 * it on one worker thread (`citeproc-worker.ts`, started on first use and kept while requests come,
 * closed after a minute without any), and falls back to formatting here, in slices, where no worker can
 * be started (a build without the worker file).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { CslItem } from '../../shared/model';
import {
  cslLocaleXml,
  cslStyleXml,
  formatReferencesInSlices,
  rememberReferences,
  rememberedReferences,
  type FormattedReferences,
  type LocatedCite,
} from './citation-js';
import type { CiteprocReply, CiteprocRequest } from './citeproc-messages';

/** How long an idle worker is kept. */
const IDLE_MS = 60_000;

interface Pending {
  resolve(formatted: FormattedReferences): void;
  reject(error: Error): void;
}

/**
 * A new worker: the built `citeproc-worker.js` next to this bundle (or next to the folder of shared
 * chunks this code may be bundled into), or the TypeScript source loaded through tsx's require hook
 * (tests, benchmarks, `npm run cli`). Null when neither is there.
 */
function newWorker(): Worker | null {
  for (const dir of [__dirname, dirname(__dirname)]) {
    const built = join(dir, 'citeproc-worker.js');
    if (existsSync(built)) return new Worker(built);
  }
  const source = join(__dirname, 'citeproc-worker.ts');
  if (!existsSync(source)) return null;
  let hook: string;
  try {
    hook = createRequire(source).resolve('tsx/cjs');
  } catch {
    return null;
  }
  return new Worker(`require(${JSON.stringify(hook)}); require(${JSON.stringify(source)});`, { eval: true });
}

let worker: Worker | null = null;
let lastFormattedOn: 'worker' | 'here' | null = null;

/** Where the last references not remembered from before were formatted (for tests and diagnostics). */
export function whereLastFormatted(): 'worker' | 'here' | null {
  return lastFormattedOn;
}

let broken = false;
let nextId = 1;
let idleTimer: NodeJS.Timeout | null = null;
const pending = new Map<number, Pending>();

function failAll(error: Error): void {
  for (const waiting of pending.values()) waiting.reject(error);
  pending.clear();
}

function startWorker(): Worker | null {
  if (worker !== null) return worker;
  if (broken) return null;
  const started = newWorker();
  if (started === null) {
    broken = true;
    return null;
  }
  // An idle worker does not keep the process alive (the CLI exits when its work is done).
  started.unref();
  started.on('message', (reply: CiteprocReply) => {
    const waiting = pending.get(reply.id);
    if (waiting === undefined) return;
    pending.delete(reply.id);
    if (reply.ok) {
      waiting.resolve({
        order: reply.order,
        entries: new Map(reply.entries),
        citations: new Map(reply.citations),
        located: new Map(reply.located),
      });
    } else {
      waiting.reject(new Error(reply.message));
    }
    if (pending.size === 0) {
      started.unref();
      scheduleIdleClose();
    }
  });
  started.on('error', (error) => {
    broken = true;
    worker = null;
    failAll(error);
  });
  started.on('exit', (code) => {
    if (worker === started) worker = null;
    if (pending.size > 0) failAll(new Error(`The citation worker stopped (exit code ${String(code)}).`));
  });
  worker = started;
  return started;
}

function scheduleIdleClose(): void {
  if (idleTimer !== null) clearTimeout(idleTimer);
  idleTimer = setTimeout(() => {
    idleTimer = null;
    if (pending.size === 0 && worker !== null) {
      const closing = worker;
      worker = null;
      void closing.terminate();
    }
  }, IDLE_MS);
  idleTimer.unref();
}

/**
 * {@link formatReferences}'s result for `items` (and the `cites` of them with locators) in the
 * registered style `style` and locale `lang`, made on the worker thread (or, without one, here in
 * slices of about `sliceMs`). Results are remembered as `formatReferences` remembers them. Rejects
 * with citeproc's error for a style it cannot use.
 */
export async function formatReferencesOffThread(
  items: readonly CslItem[],
  style: string,
  lang: string,
  sliceMs: number,
  cites: readonly LocatedCite[] = [],
): Promise<FormattedReferences> {
  const cached = rememberedReferences(items, style, lang, cites);
  if (cached !== undefined) return cached;
  const styleXml = cslStyleXml(style);
  const thread = styleXml === undefined ? null : startWorker();
  if (thread === null || styleXml === undefined) {
    lastFormattedOn = 'here';
    return formatReferencesInSlices(items, style, lang, sliceMs, cites);
  }
  const request: CiteprocRequest = {
    id: nextId++,
    items: [...items],
    cites: [...cites],
    style,
    styleXml,
    lang,
    localeXml: cslLocaleXml(lang) ?? null,
  };
  lastFormattedOn = 'worker';
  const formatted = await new Promise<FormattedReferences>((resolve, reject) => {
    pending.set(request.id, { resolve, reject });
    thread.ref();
    thread.postMessage(request);
  }).catch((error: unknown) => {
    // A worker that failed to start (or died) is not tried again: format here instead.
    if (broken) {
      lastFormattedOn = 'here';
      return formatReferencesInSlices(items, style, lang, sliceMs, cites);
    }
    throw error;
  });

  rememberReferences(items, style, lang, cites, formatted);
  return formatted;
}
