/**
 * The thread that reads one PDF (`pdf-worker-read.ts`), started by `pdf-worker-host.ts` for each PDF
 * imported, with the file's bytes as its `workerData`, and stopped once it has answered: whatever pdfjs
 * allocates, or however long it runs, stays on this thread, which the host watches and can stop at any
 * moment without harm to the process that holds the library. It answers with `PdfWorkerMessage`s: that
 * the streams were measured (and whether the file is encrypted), then the text, or why it was refused.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ScholiaError } from '../../shared/errors';
import { packBlocks, type PdfWorkerInput, type PdfWorkerMessage } from './pdf-worker-messages';
import { readPdf } from './pdf-worker-read';

const port = parentPort;
if (port === null) throw new Error('pdf-worker.ts runs only as a worker thread.');
const post = (message: PdfWorkerMessage, transfer: ArrayBuffer[] = []): void =>
  port.postMessage(message, transfer);

// `workerData` is typed `any` by Node: the host always passes a PdfWorkerInput.
const input = workerData as PdfWorkerInput;

readPdf(input, (encrypted) => post({ kind: 'measured', encrypted })).then(
  ({ facts, blocks, annotations }) => {
    const { packed, transfer } = packBlocks(blocks);
    post({ kind: 'read', facts, blocks: packed, annotations }, transfer);
  },
  (error: unknown) => {
    if (error instanceof ScholiaError && error.code === 'import-failed')
      post({ kind: 'refused', message: error.message });
    else post({ kind: 'error', message: error instanceof Error ? error.message : String(error) });
  },
);
