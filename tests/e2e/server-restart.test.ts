/**
 * Browser mode started again on the same port, in a real browser over the real core: the reader opens
 * the new address in the tab they had open (only the token in its fragment differs, so the browser does
 * not load the page again), and the page takes the new token: saves work at once, without a reload.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openLibrary } from '../../src/core/library';
import { startWebServer } from '../../src/server/web-server';
import { launchChromium } from '../support/chromium';
import { RENDERER_DIR } from '../support/web-app';

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('browser mode started again on the same port', () => {
  it('takes the new token from the address opened in the same tab, and saves with it', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'scholia-e2e-restart-'));
    cleanups.push(() => rm(folder, { recursive: true, force: true }));
    const library = await openLibrary(folder, { owner: 'Scholia end-to-end test' });
    cleanups.push(() => library.close());
    const browser = await launchChromium();
    cleanups.push(() => browser.close());
    const page = await browser.newPage();

    const first = await startWebServer({ library, rendererDir: RENDERER_DIR });
    await page.goto(first.url);
    await page.getByTestId('import-button').waitFor();
    const port = Number(new URL(first.url).port);
    await first.close();

    const second = await startWebServer({ library, rendererDir: RENDERER_DIR, port });
    cleanups.push(() => second.close());
    expect(second.url).not.toBe(first.url);
    await page.goto(second.url);
    await page.getByTestId('import-button').waitFor();
    const created = await page.evaluate(async () => {
      const { scholia } = globalThis as unknown as {
        scholia: { createTag(args: { name: string }): Promise<{ name: string }> };
      };
      return (await scholia.createTag({ name: 'After the restart' })).name;
    });
    expect(created).toBe('After the restart');
    expect((await library.service.listTags({})).map((tag) => tag.name)).toEqual(['After the restart']);
  });
});
