/**
 * Reading a PDF off the importer's thread, bounded. Not all of pdfjs's work can be counted before it
 * starts: an encrypted PDF hides its streams from `pdf-streams.ts` until pdfjs decrypts them, and a
 * flate bomb inside one is inflated whole, in buffers outside the JavaScript heap. So each PDF is read
 * on a thread of its own (`pdf-worker.ts`), started with a heap limit (`resourceLimits`) and watched:
 * the process's resident memory is sampled while it runs, and past the file's budget
 * ({@link pdfReadBudget}: memory and time that grow with the file's size) the thread is stopped, its
 * memory given back, and the file refused with a message naming it. One PDF is read at a time, so the
 * memory that grows while a thread runs is that thread's. The importer's thread only starts the thread
 * and receives the text, packed and moved (not copied).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { importFailed, type SourceIdentity } from './import-error';
import { countInWords, IMPORT_LIMITS, overLimit, pdfReadBudget, type PdfReadLimits } from './limits';
import {
  PDF_ADVICE,
  type PackedBlocks,
  type PdfFacts,
  type PdfWorkerInput,
  type PdfWorkerMessage,
} from './pdf-worker-messages';
import type { EmbeddedReading } from './pdf-annotations';
import { formatSize } from './read-source';

const MiB = 1024 * 1024;
/** How often the process's memory is sampled while a PDF is read. */
const SAMPLE_MS = 10;

/** A PDF's text and facts, and the annotations embedded in it, as its thread read them. */
export interface PdfReading {
  readonly facts: PdfFacts;
  readonly blocks: PackedBlocks;
  readonly annotations: EmbeddedReading;
}

/** What the last reading cost (for tests and the torture run). */
export interface PdfReadCost {
  /** The most the process's resident memory grew, in bytes, while the thread ran. */
  readonly peakGrowthBytes: number;
  readonly ms: number;
  readonly budget: { readonly memoryBytes: number; readonly ms: number };
  readonly outcome: 'read' | 'refused' | 'memory' | 'time' | 'error';
}

let lastCost: PdfReadCost | null = null;

/** What the last PDF read cost, or null before the first. */
export function lastPdfReadCost(): PdfReadCost | null {
  return lastCost;
}

/**
 * A new thread reading `input`: the built `pdf-worker.js` next to this bundle (or next to the folder of
 * shared chunks this code may be bundled into), or the TypeScript source through tsx's require hook
 * (tests, benchmarks, `npm run cli`). Null when neither is there.
 */
function newWorker(
  input: PdfWorkerInput & { bytes: Uint8Array<ArrayBuffer> },
  resourceLimits: ResourceLimits,
): Worker | null {
  const options = { workerData: input, transferList: [input.bytes.buffer], resourceLimits };
  for (const dir of [__dirname, dirname(__dirname)]) {
    const built = join(dir, 'pdf-worker.js');
    if (existsSync(built)) return new Worker(built, options);
  }
  const source = join(__dirname, 'pdf-worker.ts');
  if (!existsSync(source)) return null;
  let hook: string;
  try {
    hook = createRequire(source).resolve('tsx/cjs');
  } catch {
    return null;
  }
  return new Worker(`require(${JSON.stringify(hook)}); require(${JSON.stringify(source)});`, {
    ...options,
    eval: true,
  });
}

/** The PDF reads waiting or running: one at a time. */
let queue: Promise<unknown> = Promise.resolve();

/**
 * Reads the PDF `file` on a thread of its own, within {@link pdfReadBudget} for its size. Throws
 * `import-failed` when the PDF is refused (over a limit, damaged, locked, without text) or when its
 * reading passes the budget (then the thread is stopped first).
 */
export function readPdfOffThread(
  file: SourceIdentity & { readonly bytes: Uint8Array },
  limits: PdfReadLimits = IMPORT_LIMITS,
): Promise<PdfReading> {
  const run = queue.then(() => readOnce(file, limits));
  queue = run.catch(() => undefined);
  return run;
}

function readOnce(
  file: SourceIdentity & { readonly bytes: Uint8Array },
  limits: PdfReadLimits,
): Promise<PdfReading> {
  const budget = pdfReadBudget(file.bytes.byteLength, limits);
  const heapMb = Math.max(64, Math.floor(budget.memoryBytes / MiB));
  const resourceLimits: ResourceLimits = {
    maxOldGenerationSizeMb: heapMb,
    maxYoungGenerationSizeMb: Math.min(64, Math.max(16, Math.floor(heapMb / 16))),
  };
  // The thread gets a copy of its own (pdfjs takes ownership of what it is given): the original stays intact.
  const bytes = new Uint8Array(file.bytes);
  const started = performance.now();
  const baseline = process.memoryUsage.rss();
  const worker = newWorker({ name: file.name, label: file.label, bytes }, resourceLimits);
  if (worker === null) {
    return Promise.reject(
      new Error('This build of Scholia has no PDF reader (pdf-worker.js is missing); reinstall it.'),
    );
  }
  return new Promise<PdfReading>((resolve, reject) => {
    let encrypted = false;
    let peak = 0;
    let settled = false;
    const finish = (outcome: PdfReadCost['outcome'], settle: () => void): void => {
      if (settled) return;
      settled = true;
      clearInterval(sampler);
      clearTimeout(timer);
      lastCost = { peakGrowthBytes: peak, ms: performance.now() - started, budget, outcome };
      // Settled once the thread is gone (and its heap and buffers with it).
      worker.terminate().then(settle, settle);
    };
    const overBudget = (what: 'memory' | 'time'): void =>
      finish(what, () => reject(budgetRefusal(file, what, budget, encrypted)));
    const sampler = setInterval(() => {
      const growth = process.memoryUsage.rss() - baseline;
      peak = Math.max(peak, growth);
      if (growth > budget.memoryBytes) overBudget('memory');
    }, SAMPLE_MS);
    const timer = setTimeout(() => overBudget('time'), budget.ms);
    worker.on('message', (message: PdfWorkerMessage) => {
      switch (message.kind) {
        case 'measured':
          encrypted = message.encrypted;
          break;
        case 'read':
          finish('read', () =>
            resolve({ facts: message.facts, blocks: message.blocks, annotations: message.annotations }),
          );
          break;
        case 'refused':
          finish('refused', () => reject(importFailed(file, message.message)));
          break;
        case 'error':
          finish('error', () => reject(new Error(message.message)));
          break;
      }
    });
    worker.on('error', (error: Error & { code?: string }) => {
      // Its heap full: the thread is gone, the process is not.
      if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') overBudget('memory');
      else finish('error', () => reject(error));
    });
    worker.on('exit', (code) => {
      finish('error', () =>
        reject(new Error(`The thread reading "${file.name}" stopped without an answer (exit code ${code}).`)),
      );
    });
  });
}

/** The refusal of a PDF whose reading passed its budget of memory or time. */
function budgetRefusal(
  file: SourceIdentity & { readonly bytes: Uint8Array },
  what: 'memory' | 'time',
  budget: { memoryBytes: number; ms: number },
  encrypted: boolean,
): Error {
  const size = formatSize(file.bytes.byteLength);
  const cost =
    what === 'memory'
      ? `reading it needed more than ${formatSize(budget.memoryBytes)} of memory, the most Scholia gives a PDF of ${size}`
      : `reading it took longer than ${secondsInWords(budget.ms)}, the most Scholia gives a PDF of ${size}`;
  const why = encrypted
    ? ' (it is encrypted, so what its compressed streams unpack to could not be measured before reading it)'
    : '';
  return overLimit(file, `${cost}${why}`, PDF_ADVICE);
}

/** `ms` as whole seconds in words: `1 second`, `35 seconds`. */
function secondsInWords(ms: number): string {
  const seconds = Math.max(1, Math.round(ms / 1000));
  return `${countInWords(seconds)} ${seconds === 1 ? 'second' : 'seconds'}`;
}
