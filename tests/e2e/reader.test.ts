/**
 * The whole loop in a real browser over the real core on a temporary library: import a text, open it,
 * select a passage, highlight it, reload, and find the highlight again; rename and delete documents.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium';
import type { ScholiaWindow } from '../support/page-globals';
import { startWebApp, type WebApp } from '../support/web-app';

const FIXTURE = resolve(__dirname, '../fixtures/socialist-2009-11-18-ussr-1989-collapse-of-stalinism.txt');
const PASSAGE = "Genuine workers' democracy - the vital oxygen needed to keep the state-owned, planned economy functioning";

let browser: Browser;
let app: WebApp;
let page: Page;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser.close();
});
beforeEach(async () => {
  app = await startWebApp();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(app.server.url);
  await page.getByTestId('import-button').waitFor();
  expect(errors).toEqual([]);
});
afterEach(async () => {
  await page.close();
  await app.close();
});

async function importThroughUi(...files: string[]): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('import-button').click();
  await (await chooser).setFiles(files);
}

async function openFirstDocument(): Promise<void> {
  await page.getByTestId('document-row').first().getByTestId('open-document').click();
  await page.getByTestId('reader-text').waitFor();
}

/** Selects the first occurrence of `text` inside the reader, as a reader's drag would. */
async function selectInReader(text: string): Promise<void> {
  await page.evaluate((wanted) => {
    const root = document.querySelector('[data-testid="reader-text"]');
    if (root === null) throw new Error('no reader');
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
      const index = node.textContent?.indexOf(wanted) ?? -1;
      if (index >= 0) {
        const range = document.createRange();
        range.setStart(node, index);
        range.setEnd(node, index + wanted.length);
        const selection = window.getSelection();
        selection?.removeAllRanges();
        selection?.addRange(range);
        document.dispatchEvent(new Event('selectionchange'));
        return;
      }
    }
    throw new Error(`"${wanted}" is not in the reader`);
  }, text);
}

async function highlightedText(): Promise<string> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll('[data-testid="reader-text"] .hl'))
      .map((element) => element.textContent)
      .join(''),
  );
}

describe('reading and highlighting in the browser', () => {
  it('imports a text, highlights a passage with H, and shows it again after a reload', async () => {
    await importThroughUi(FIXTURE);
    await expect.poll(() => page.getByTestId('document-row').count()).toBe(1);
    await openFirstDocument();

    await selectInReader(PASSAGE);
    await page.keyboard.press('h');
    await expect.poll(highlightedText).toBe(PASSAGE);

    const stored = await page.evaluate(async () => {
      const { scholia } = globalThis as unknown as ScholiaWindow;
      const [doc] = await scholia.listDocuments({});
      return scholia.listAnnotations({ documentId: doc!.id });
    });
    expect(stored).toHaveLength(1);
    expect(stored[0]?.selectors[0].exact).toBe(PASSAGE);
    expect(stored[0]?.color).toBe('yellow');

    await page.reload();
    await page.getByTestId('document-row').first().waitFor();
    await openFirstDocument();
    await expect.poll(highlightedText).toBe(PASSAGE);
  });

  it('selects a highlight by clicking it and deletes it with the Delete key', async () => {
    await importThroughUi(FIXTURE);
    await openFirstDocument();
    await selectInReader(PASSAGE);
    await page.getByTestId('highlight-button').click();
    await expect.poll(highlightedText).toBe(PASSAGE);

    await page.locator('[data-testid="reader-text"] .hl').first().click();
    await expect.poll(() => page.locator('.hl-selected').count()).toBeGreaterThan(0);
    await page.keyboard.press('Delete');
    await expect.poll(() => page.locator('[data-testid="reader-text"] .hl').count()).toBe(0);
    const remaining = await page.evaluate(async () => {
      const { scholia } = globalThis as unknown as ScholiaWindow;
      const [doc] = await scholia.listDocuments({});
      return (await scholia.listAnnotations({ documentId: doc!.id })).length;
    });
    expect(remaining).toBe(0);
  });
});

describe('the library view', () => {
  it('renames a document inline', async () => {
    await importThroughUi(FIXTURE);
    const row = page.getByTestId('document-row').first();
    await row.getByTestId('rename-document-button').click();
    const input = row.getByTestId('document-title-input');
    await input.fill('USSR 1989: the collapse of Stalinism');
    await input.press('Enter');
    await expect.poll(() => row.textContent()).toContain('USSR 1989: the collapse of Stalinism');
    const titles = await page.evaluate(async () =>
      (await (globalThis as unknown as ScholiaWindow).scholia.listDocuments({})).map((doc) => doc.csl.title),
    );
    expect(titles).toEqual(['USSR 1989: the collapse of Stalinism']);
  });

  it('deletes a document only after confirmation', async () => {
    await importThroughUi(FIXTURE);
    const row = page.getByTestId('document-row').first();
    await row.getByTestId('delete-document-button').click();
    const dialog = page.getByTestId('delete-dialog');
    await dialog.waitFor();
    expect(await dialog.textContent()).toMatch(/highlights and comments .* deleted with it/i);
    await page.getByTestId('confirm-delete-button').click();
    await expect.poll(() => page.getByTestId('document-row').count()).toBe(0);
    const count = await page.evaluate(async () => (await (globalThis as unknown as ScholiaWindow).scholia.listDocuments({})).length);
    expect(count).toBe(0);
  });

  it('imports a file dropped onto the window', async () => {
    const text = await readFile(FIXTURE, 'utf8');
    await page.evaluate(
      ({ name, content }) => {
        const transfer = new DataTransfer();
        transfer.items.add(new File([content], name, { type: 'text/plain' }));
        for (const type of ['dragenter', 'dragover', 'drop']) {
          window.dispatchEvent(new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }));
        }
      },
      { name: 'dropped-article.txt', content: text },
    );
    await expect.poll(() => page.getByTestId('document-row').count()).toBe(1);
    // The row shows what the import proposed from the text's first lines: its headline and byline.
    const row = await page.getByTestId('document-row').first().textContent();
    expect(row).toContain('USSR 1989 - the collapse of Stalinism');
    expect(row).toContain('Clare Doyle');
  });

  it('reports a file that cannot be imported by name, and imports the others', async () => {
    // Inside the temporary library folder, so it goes when the test's library does.
    const empty = join(app.libraryDir, 'blank-page.txt');
    await writeFile(empty, '   \n');
    await importThroughUi(empty, FIXTURE);
    await expect.poll(() => page.getByTestId('document-row').count()).toBe(1);
    const status = page.getByTestId('import-status');
    await expect.poll(() => status.textContent()).toMatch(/blank-page\.txt/);
    expect(await status.textContent()).toMatch(/blank-page\.txt" contains only blank space/);
  });
});
