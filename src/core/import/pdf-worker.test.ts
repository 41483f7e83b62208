/**
 * PDFs are read on a thread of their own, bounded in memory and time: an encrypted PDF, whose streams
 * no check can measure before pdfjs decrypts them, is refused when its reading passes the budget for
 * its size, and the thread's memory goes with the thread; ordinary encrypted PDFs import whole.
 */
import { describe, expect, it } from 'vitest';
import { projectDocument } from '../../shared/projection';
import { failure } from '../test-support';
import {
  encryptedFlateBombPdf,
  encryptedLongPdf,
  encryptedSharedPageTreePdf,
  encryptPdf,
} from '../../../tests/support/hostile-inputs';
import { makePdf } from '../../../tests/support/make-pdf';
import { IMPORT_LIMITS, pdfReadBudget } from './limits';
import { convertPdf } from './pdf';
import { isEncryptedPdf, measurePdfStreams } from './pdf-streams';
import { lastPdfReadCost, readPdfOffThread } from './pdf-worker-host';
import { fileOf } from './test-fixtures';

const MiB = 1024 * 1024;

describe('an encrypted flate bomb', () => {
  it('is hidden from the stream checks, and refused once its reading passes the memory budget, quickly, the process keeping no more than the thread was allowed', async () => {
    const bytes = encryptedFlateBombPdf(1024 ** 3);
    expect(isEncryptedPdf(bytes)).toBe(true);
    // Encrypted Flate data does not inflate: the checks before pdfjs find nothing to refuse.
    expect(
      measurePdfStreams(bytes, {
        streamBytes: IMPORT_LIMITS.pdfStreamBytes,
        totalBytes: IMPORT_LIMITS.pdfStreamTotalBytes,
      }).over,
    ).toBeNull();
    const budget = pdfReadBudget(bytes.byteLength);
    const before = process.memoryUsage.rss();
    const started = performance.now();
    const error = await failure(convertPdf(fileOf('sealed.pdf', bytes)));
    const ms = performance.now() - started;
    const after = process.memoryUsage.rss();

    expect(error.code).toBe('import-failed');
    expect(error.path).toBe('/in/sealed.pdf');
    expect(error.message).toMatch(
      /^"sealed\.pdf" cannot be imported: reading it needed more than \d+(?:\.\d)? MB of memory, the most Scholia gives a PDF of 1 MB \(it is encrypted, so what its compressed streams unpack to could not be measured before reading it\)\./,
    );
    expect(error.message).toContain('save or print it to a new PDF');
    const cost = lastPdfReadCost();
    expect(cost?.outcome).toBe('memory');
    // Stopped as soon as it passed the budget (sampled every few milliseconds), long before its time was up.
    expect(cost?.peakGrowthBytes).toBeLessThan(budget.memoryBytes + 256 * MiB);
    expect(ms).toBeLessThan(20_000);
    // The process keeps no more than the thread was allowed (the allocator keeps some of it for reuse).
    expect(after - before).toBeLessThan(budget.memoryBytes);
  }, 60_000);

  it('is what any PDF whose reading passes its budget gets: the same refusal', async () => {
    const tiny = { ...IMPORT_LIMITS, pdfReadMemoryBytes: 8 * MiB, pdfReadMemoryPerFileByte: 0 };
    const error = await failure(readPdfOffThread(fileOf('tiny.pdf', encryptedLongPdf(20)), tiny));
    expect(error.message).toContain(
      '"tiny.pdf" cannot be imported: reading it needed more than 8 MB of memory',
    );
    expect(lastPdfReadCost()?.outcome).toBe('memory');
  }, 60_000);
});

describe('reading a PDF', () => {
  it('is stopped, and the file refused, when it runs past its time', async () => {
    const quick = { ...IMPORT_LIMITS, pdfReadMs: 1_000, pdfReadMsPerMiB: 0 };
    const error = await failure(readPdfOffThread(fileOf('slow.pdf', encryptedLongPdf(1_000)), quick));
    expect(error.message).toMatch(
      /^"slow\.pdf" cannot be imported: reading it took longer than 1 second, the most Scholia gives a PDF of \d+(?:\.\d)? MB \(it is encrypted/,
    );
    expect(lastPdfReadCost()).toMatchObject({ outcome: 'time' });
    expect(lastPdfReadCost()?.ms).toBeLessThan(10_000);
  }, 60_000);

  it('imports an ordinary encrypted PDF (empty user password) with its text and metadata', async () => {
    const bytes = encryptPdf(
      makePdf({
        pages: [
          [
            { text: 'Sealed but Open', x: 72, y: 700, size: 20 },
            {
              text: 'The text of an encrypted PDF (RC4, no password) is read like any other.',
              x: 72,
              y: 660,
            },
          ],
        ],
        info: { Title: 'An Encrypted Article', Author: 'Clare Doyle' },
      }),
    );
    expect(isEncryptedPdf(bytes)).toBe(true);
    const { doc, csl } = await convertPdf(fileOf('sealed-open.pdf', bytes));
    expect(doc.firstChild?.type.name).toBe('heading');
    expect(projectDocument(doc).text).toContain(
      'The text of an encrypted PDF (RC4, no password) is read like any other.',
    );
    expect(csl).toMatchObject({
      title: 'An Encrypted Article',
      author: [{ given: 'Clare', family: 'Doyle' }],
    });
    expect(lastPdfReadCost()?.outcome).toBe('read');
  }, 60_000);

  it('imports a long encrypted PDF whole and refuses an encrypted page tree of two million pages by its count', async () => {
    const { doc } = await convertPdf(fileOf('long.pdf', encryptedLongPdf(40)));
    expect(projectDocument(doc).text.length).toBeGreaterThan(40 * 2_000);

    const error = await failure(convertPdf(fileOf('pages.pdf', encryptedSharedPageTreePdf(21))));
    expect(error.message).toContain(
      `"pages.pdf" cannot be imported: it has 2,097,152 pages; Scholia reads at most ${IMPORT_LIMITS.pdfPages.toLocaleString('en')}`,
    );
  }, 60_000);

  it('reads one PDF at a time, each with a budget for its size', async () => {
    const results = await Promise.all(
      ['a', 'b', 'c'].map((name) =>
        convertPdf(
          fileOf(`${name}.pdf`, makePdf({ pages: [[{ text: `Text of ${name}.`, x: 72, y: 700 }]] })),
        ),
      ),
    );
    expect(results.map(({ doc }) => doc.textContent)).toEqual(['Text of a.', 'Text of b.', 'Text of c.']);
    expect(pdfReadBudget(1 * MiB)).toEqual({ memoryBytes: 384 * MiB + 10 * MiB, ms: 35_000 });
    expect(pdfReadBudget(50 * MiB)).toEqual({ memoryBytes: 884 * MiB, ms: 280_000 });
    expect(pdfReadBudget(500 * MiB)).toEqual({ memoryBytes: 1024 * MiB, ms: 300_000 });
  }, 60_000);
});
