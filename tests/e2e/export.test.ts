/**
 * The export dialog in a real browser over the real core on a temporary library: two passages of the
 * fixture highlighted and tagged, an annotated bibliography grouped by tag exported from the dialog
 * (opened with Ctrl+Shift+E), and the downloaded file read back: the tags as headings, the quotes as
 * block quotes, each with the in-text citation citeproc makes for the document.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { formatReferences } from '../../src/core/citations/citation-js';
import type { Selectors } from '../../src/shared/model';
import { projectDocument } from '../../src/shared/projection';
import { documentSchema } from '../../src/shared/schema';
import { launchChromium } from '../support/chromium';
import { startWebApp, type WebApp } from '../support/web-app';

const FIXTURE = resolve(__dirname, '../fixtures/socialist-2009-11-18-ussr-1989-collapse-of-stalinism.txt');

let browser: Browser;
let app: WebApp;
let page: Page;
let errors: string[];

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser.close();
});
beforeEach(async () => {
  app = await startWebApp();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
});
afterEach(async () => {
  expect(errors).toEqual([]);
  await page.close();
  await app.close();
});

/** Imports the fixture through core, with an author and a date, and returns its id. */
async function importFixture(): Promise<string> {
  const report = await app.library.service.importFiles({ sources: [{ kind: 'path', path: FIXTURE }] });
  const outcome = report.outcomes[0];
  if (outcome?.status !== 'imported')
    throw new Error(`The fixture was not imported: ${JSON.stringify(outcome)}`);
  return outcome.document.id;
}

/** Highlights 40 characters at the start of the `n`th long paragraph with `tagIds`; returns the quote. */
async function highlight(documentId: string, n: number, tagIds: string[]): Promise<string> {
  const opened = await app.library.service.getDocument({ documentId });
  const { text, blocks } = projectDocument(documentSchema.nodeFromJSON(opened.doc));
  const block = blocks.filter((b) => b.length > 80)[n];
  if (block === undefined) throw new Error(`The fixture has no paragraph ${n}`);
  const start = block.offset;
  const end = block.offset + 40;
  const selectors: Selectors = [
    {
      type: 'TextQuoteSelector',
      exact: text.slice(start, end),
      prefix: text.slice(Math.max(0, start - 32), start),
      suffix: text.slice(end, end + 32),
    },
    { type: 'TextPositionSelector', start, end },
  ];
  await app.library.service.createAnnotation({ documentId, selectors, tagIds });
  return text.slice(start, end);
}

/** The lines under the Markdown heading `name`, up to the next heading. */
function sectionUnder(markdown: string, name: string): string {
  const lines = markdown.split('\n');
  const at = lines.findIndex((line) => new RegExp(`^#+ ${name}$`).test(line));
  if (at < 0) return '';
  const next = lines.findIndex((line, index) => index > at && line.startsWith('#'));
  return lines.slice(at + 1, next < 0 ? undefined : next).join('\n');
}

describe('export dialog', () => {
  it('exports an annotated bibliography grouped by tag, with in-text citations', async () => {
    const documentId = await importFixture();
    const documents = await app.library.service.listDocuments({});
    const meta = documents.find((candidate) => candidate.id === documentId);
    if (meta === undefined) throw new Error('The fixture is not listed');
    const economy = await app.library.service.createTag({ name: 'Economy' });
    const dissent = await app.library.service.createTag({ name: 'Dissent' });
    const first = await highlight(documentId, 2, [economy.id]);
    const second = await highlight(documentId, 5, [dissent.id]);

    await page.goto(app.server.url);
    await page.getByTestId('document-row').first().waitFor();
    await page.keyboard.press('Control+Shift+E');
    const dialog = page.getByTestId('export-dialog');
    await dialog.waitFor();
    expect(await dialog.getAttribute('aria-labelledby')).toBe('export-dialog-title');

    await page.getByTestId('export-format').selectOption('markdown');
    await page.getByTestId('export-style').selectOption('apa');
    await page.getByTestId('export-group-tag').check();
    // The preview follows the settings: by tag, the codebook's tags are its headings.
    await page.getByTestId('export-preview').filter({ hasText: 'Economy' }).waitFor();

    const download = page.waitForEvent('download');
    await page.getByTestId('export-confirm').click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('passages-by-tag.md');
    const path = await file.path();
    const markdown = await readFile(path, 'utf8');

    const citation = formatReferences([{ ...meta.csl, id: meta.id }], 'apa', 'en-US').citations.get(meta.id);
    expect(citation).toMatch(/^\(.+\)$/);
    expect(markdown).toMatch(/^#+ Economy$/m);
    expect(markdown).toMatch(/^#+ Dissent$/m);
    expect(markdown).toContain(`> ${first}`);
    expect(markdown).toContain(`> ${second}`);
    expect(markdown).toContain(citation ?? '(missing)');
    // Each passage sits under its own tag, with the citation.
    expect(sectionUnder(markdown, 'Economy')).toContain(`> ${first}`);
    expect(sectionUnder(markdown, 'Economy')).not.toContain(`> ${second}`);
    expect(sectionUnder(markdown, 'Dissent')).toContain(`> ${second}`);
    expect(sectionUnder(markdown, 'Dissent')).toContain(citation ?? '(missing)');
    await page.getByTestId('export-done').filter({ hasText: 'Downloaded passages-by-tag.md' }).waitFor();

    // The settings are remembered: opened again, the dialog is still grouped by tag.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await page.getByTestId('export-button').click();
    expect(await page.getByTestId('export-group-tag').isChecked()).toBe(true);
  });
});
