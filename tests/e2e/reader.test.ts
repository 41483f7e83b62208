/**
 * The whole loop in a real browser over the real core on a temporary library: import a text, open it,
 * select a passage, highlight it, reload, and find the highlight again; rename and delete documents.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { USSR_FIXTURE as FIXTURE, useE2eSession } from '../support/e2e-session';
import type { ScholiaWindow } from '../support/page-globals';

const PASSAGE =
  "Genuine workers' democracy - the vital oxygen needed to keep the state-owned, planned economy functioning";

const session = useE2eSession({ pageErrors: 'after-load' });
const { importThroughUi, openFirstDocument, selectInReader, highlightedText, savedAnnotations } = session;

describe('reading and highlighting in the browser', () => {
  it('imports a text, highlights a passage with H, and shows it again after a reload', async () => {
    await importThroughUi(FIXTURE);
    await expect.poll(() => session.page.getByTestId('document-row').count()).toBe(1);
    await openFirstDocument();

    await selectInReader(PASSAGE);
    await session.page.keyboard.press('h');
    await expect.poll(highlightedText).toBe(PASSAGE);

    const stored = await savedAnnotations();
    expect(stored).toHaveLength(1);
    expect(stored[0]?.selectors[0].exact).toBe(PASSAGE);
    expect(stored[0]?.color).toBe('yellow');

    await session.page.reload();
    await session.page.getByTestId('document-row').first().waitFor();
    await openFirstDocument();
    await expect.poll(highlightedText).toBe(PASSAGE);
  });

  it('selects a highlight by clicking it and deletes it with the Delete key', async () => {
    await importThroughUi(FIXTURE);
    await openFirstDocument();
    await selectInReader(PASSAGE);
    await session.page.getByTestId('highlight-button').click();
    await expect.poll(highlightedText).toBe(PASSAGE);

    await session.page.locator('[data-testid="reader-text"] .hl').first().click();
    await expect.poll(() => session.page.locator('.hl-selected').count()).toBeGreaterThan(0);
    await session.page.keyboard.press('Delete');
    await expect.poll(() => session.page.locator('[data-testid="reader-text"] .hl').count()).toBe(0);
    const remaining = (await savedAnnotations()).length;
    expect(remaining).toBe(0);
  });
});

describe('the library view', () => {
  it('renames a document inline', async () => {
    await importThroughUi(FIXTURE);
    const row = session.page.getByTestId('document-row').first();
    await row.getByTestId('rename-document-button').click();
    const input = row.getByTestId('document-title-input');
    await input.fill('USSR 1989: the collapse of Stalinism');
    await input.press('Enter');
    await expect.poll(() => row.textContent()).toContain('USSR 1989: the collapse of Stalinism');
    const titles = await session.page.evaluate(async () =>
      (await (globalThis as unknown as ScholiaWindow).scholia.listDocuments({})).map((doc) => doc.csl.title),
    );
    expect(titles).toEqual(['USSR 1989: the collapse of Stalinism']);
  });

  it('deletes a document only after confirmation', async () => {
    await importThroughUi(FIXTURE);
    const row = session.page.getByTestId('document-row').first();
    await row.getByTestId('delete-document-button').click();
    const dialog = session.page.getByTestId('delete-dialog');
    await dialog.waitFor();
    expect(await dialog.textContent()).toMatch(/highlights and comments .* deleted with it/i);
    await session.page.getByTestId('confirm-delete-button').click();
    await expect.poll(() => session.page.getByTestId('document-row').count()).toBe(0);
    const count = await session.page.evaluate(
      async () => (await (globalThis as unknown as ScholiaWindow).scholia.listDocuments({})).length,
    );
    expect(count).toBe(0);
  });

  it('imports a file dropped onto the window', async () => {
    const text = await readFile(FIXTURE, 'utf8');
    await session.page.evaluate(
      ({ name, content }) => {
        const transfer = new DataTransfer();
        transfer.items.add(new File([content], name, { type: 'text/plain' }));
        for (const type of ['dragenter', 'dragover', 'drop']) {
          window.dispatchEvent(
            new DragEvent(type, { dataTransfer: transfer, bubbles: true, cancelable: true }),
          );
        }
      },
      { name: 'dropped-article.txt', content: text },
    );
    await expect.poll(() => session.page.getByTestId('document-row').count()).toBe(1);
    // The row shows what the import proposed from the text's first lines: its headline and byline.
    const row = await session.page.getByTestId('document-row').first().textContent();
    expect(row).toContain('USSR 1989 - the collapse of Stalinism');
    expect(row).toContain('Clare Doyle');
  });

  it('reports a file that cannot be imported by name, and imports the others', async () => {
    // Inside the temporary library folder, so it goes when the test's library does.
    const empty = join(session.app.libraryDir, 'blank-page.txt');
    await writeFile(empty, '   \n');
    await importThroughUi(empty, FIXTURE);
    await expect.poll(() => session.page.getByTestId('document-row').count()).toBe(1);
    const status = session.page.getByTestId('import-status');
    await expect.poll(() => status.textContent()).toMatch(/blank-page\.txt/);
    expect(await status.textContent()).toMatch(/blank-page\.txt" contains only blank space/);
  });
});
