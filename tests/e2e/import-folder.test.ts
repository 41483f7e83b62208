/**
 * Importing a folder from the browser: "Import folder…" offers a folder chooser; every file inside
 * is uploaded except hidden ones, the texts are imported and a file of an unknown type is reported.
 */
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { USSR_FIXTURE, useE2eSession } from '../support/e2e-session';

const session = useE2eSession({ pageErrors: 'unchecked' });
let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'scholia-folder-'));
  await mkdir(join(folder, 'week 3'));
  await mkdir(join(folder, '.hidden'));
  await copyFile(USSR_FIXTURE, join(folder, 'week 3', 'ussr.txt'));
  await writeFile(join(folder, 'notes.md'), '# Reading notes\n\nWorkers’ democracy, again.\n');
  await writeFile(join(folder, 'scan.tiff'), new Uint8Array([73, 73, 42, 0]));
  await writeFile(join(folder, '.hidden', 'secret.txt'), 'not for the library');
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

it('imports the texts of a chosen folder, skips hidden files and reports the rest', async () => {
  const chooser = session.page.waitForEvent('filechooser');
  await session.page.getByTestId('import-folder-button').click();
  await (await chooser).setFiles(folder);
  await session.page.getByTestId('document-row').nth(1).waitFor();
  const titles = await session.page.getByTestId('document-row').locator('.document-title').allTextContents();
  expect(titles.sort()).toEqual(['Reading notes', 'USSR 1989 - the collapse of Stalinism']);
  await session.page.getByText('scan.tiff', { exact: false }).first().waitFor();
  expect(await session.page.getByText('secret.txt').count()).toBe(0);
});
