/** Benchmark steps that run in Chromium against browser mode. */
import type { Browser } from 'playwright-core';
import type { ScholiaWindow } from '../tests/support/page-globals';
import { summarize } from './support/generate';

const OPEN_RUNS = 7;
const CREATE_RUNS = 40;

/** Opens the library's only document OPEN_RUNS times, then creates CREATE_RUNS highlights by key press. */
export async function benchOpenAndHighlight(
  browser: Browser,
  url: string,
  expectedHighlights: number,
): Promise<{ open: ReturnType<typeof summarize>; create: ReturnType<typeof summarize>; createApi: ReturnType<typeof summarize> }> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const openSamples: number[] = [];
  await page.goto(url);
  for (let run = 0; run < OPEN_RUNS; run += 1) {
    await page.reload();
    await page.getByTestId('document-row').first().waitFor();
    await page.evaluate(() => performance.clearMarks());
    await page.getByTestId('document-row').first().getByTestId('open-document').click();
    const measured = await page.waitForFunction(() => {
      const [measure] = performance.getEntriesByName('scholia:open', 'measure');
      return measure === undefined ? false : measure.duration;
    });
    openSamples.push((await measured.jsonValue()) as number);
  }
  const drawn = await page.locator('[data-testid="reader-text"] .hl').count();
  if (drawn === 0) throw new Error(`no highlights drawn (expected up to ${expectedHighlights})`);

  // Passages far apart in the visible part of the text, each selected and highlighted with the H key.
  const createSamples: number[] = [];
  for (let run = 0; run < CREATE_RUNS; run += 1) {
    const duration = await page.evaluate(async (index) => {
      const root = document.querySelector('[data-testid="reader-text"]');
      const blocks = root === null ? [] : Array.from(root.querySelectorAll('p'));
      const block = blocks[(index * 7) % Math.max(1, blocks.length)];
      const walker = document.createTreeWalker(block ?? document.body, NodeFilter.SHOW_TEXT);
      const node = walker.nextNode();
      if (node === null || (node.textContent ?? '').length < 12) return null;
      const range = document.createRange();
      range.setStart(node, 1);
      range.setEnd(node, Math.min((node.textContent ?? '').length - 1, 40));
      const selection = window.getSelection();
      selection?.removeAllRanges();
      selection?.addRange(range);
      const before = performance.getEntriesByName('scholia:highlight-created', 'mark').length;
      const started = performance.now();
      document.dispatchEvent(new KeyboardEvent('keydown', { key: 'h', bubbles: true }));
      for (;;) {
        const marks = performance.getEntriesByName('scholia:highlight-created', 'mark');
        if (marks.length > before) return (marks[marks.length - 1]?.startTime ?? started) - started;
        await new Promise((resolve) => setTimeout(resolve, 1));
        if (performance.now() - started > 5000) return null;
      }
    }, run);
    if (duration !== null) createSamples.push(duration);
  }

  const apiSamples = await page.evaluate(async (runs) => {
    const { scholia } = globalThis as unknown as ScholiaWindow;
    const [doc] = await scholia.listDocuments({});
    if (doc === undefined) return [];
    const samples: number[] = [];
    const existing = await scholia.listAnnotations({ documentId: doc.id });
    for (let i = 0; i < runs; i += 1) {
      const source = existing[(i * 97) % existing.length];
      if (source === undefined) break;
      const started = performance.now();
      await scholia.createAnnotation({ documentId: doc.id, selectors: source.selectors, color: 'green' });
      samples.push(performance.now() - started);
    }
    return samples;
  }, CREATE_RUNS);
  await page.close();
  return { open: summarize(openSamples), create: summarize(createSamples), createApi: summarize(apiSamples) };
}
