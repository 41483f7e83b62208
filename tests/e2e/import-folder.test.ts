/**
 * Importing a folder from the browser: "Import folder…" offers a folder chooser; every file inside
 * is uploaded except hidden ones, the texts are imported and a file of an unknown type is reported.
 */
import { mkdir, mkdtemp, rm, writeFile, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium';
import { startWebApp, type WebApp } from '../support/web-app';

const FIXTURES = resolve(__dirname, '../fixtures');

let browser: Browser;
let app: WebApp;
let page: Page;
let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'scholia-folder-'));
  await mkdir(join(folder, 'week 3'));
  await mkdir(join(folder, '.hidden'));
  await copyFile(
    join(FIXTURES, 'socialist-2009-11-18-ussr-1989-collapse-of-stalinism.txt'),
    join(folder, 'week 3', 'ussr.txt'),
  );
  await writeFile(join(folder, 'notes.md'), '# Reading notes\n\nWorkers’ democracy, again.\n');
  await writeFile(join(folder, 'scan.tiff'), new Uint8Array([73, 73, 42, 0]));
  await writeFile(join(folder, '.hidden', 'secret.txt'), 'not for the library');
  browser = await launchChromium();
  app = await startWebApp();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(app.server.url);
});
afterAll(async () => {
  await page.close();
  await app.close();
  await browser.close();
  await rm(folder, { recursive: true, force: true });
});

it('imports the texts of a chosen folder, skips hidden files and reports the rest', async () => {
  const chooser = page.waitForEvent('filechooser');
  await page.getByTestId('import-folder-button').click();
  await (await chooser).setFiles(folder);
  await page.getByTestId('document-row').nth(1).waitFor();
  const titles = await page.getByTestId('document-row').locator('.document-title').allTextContents();
  expect(titles.sort()).toEqual(['Reading notes', 'USSR 1989 - the collapse of Stalinism']);
  await page.getByText('scan.tiff', { exact: false }).first().waitFor();
  expect(await page.getByText('secret.txt').count()).toBe(0);
});
