/**
 * The desktop app starts, shows the library, and keeps Node out of the page. Runs where the Electron
 * binary and a display exist; elsewhere it is reported as skipped, with the reason.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { _electron as electron, type ElectronApplication, type Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { USSR_FIXTURE } from '../support/e2e-session';
import type { ScholiaWindow } from '../support/page-globals';

function electronBinary(): { path: string } | { skip: string } {
  let path: string;
  try {
    // The electron package exports the binary's path, and throws when the binary was not downloaded.
    path = createRequire(import.meta.url)('electron') as string;
  } catch {
    return {
      skip: 'the Electron binary is not installed (`node scripts/electron-binary.mjs status` says why)',
    };
  }
  if (!existsSync(path)) return { skip: `the Electron binary is missing at ${path}` };
  if (
    process.platform === 'linux' &&
    process.env['DISPLAY'] === undefined &&
    process.env['WAYLAND_DISPLAY'] === undefined
  ) {
    return { skip: 'no display (run under xvfb-run to include it)' };
  }
  return { path };
}

const binary = electronBinary();
if ('skip' in binary) {
  console.warn(`Electron smoke test SKIPPED: ${binary.skip}.`);
}

/** Starts the built app on a fresh library, runs `use` on its window, then quits and removes the library. */
async function withApp(use: (window: Page, app: ElectronApplication) => Promise<void>): Promise<void> {
  if ('skip' in binary) return;
  const libraryDir = await mkdtemp(join(tmpdir(), 'scholia-electron-'));
  const app = await electron.launch({
    executablePath: binary.path,
    args: [resolve(__dirname, '../../out/main/index.js'), `--library=${libraryDir}`],
  });
  try {
    const window = await app.firstWindow();
    await window.waitForLoadState('domcontentloaded');
    await use(window, app);
  } finally {
    await app.close();
    await rm(libraryDir, { recursive: true, force: true });
  }
}

describe.skipIf('skip' in binary)('the Electron app', () => {
  it('opens a sandboxed window showing the library', async () => {
    await withApp(async (window) => {
      expect(await window.title()).toBe('Scholia');
      const isolation = await window.evaluate(() => {
        const page = globalThis as unknown as ScholiaWindow;
        return {
          hasBridge: typeof page.scholiaBridge === 'object',
          hasNodeRequire: page.require !== undefined,
          hasProcess: page.process !== undefined,
        };
      });
      expect(isolation).toEqual({ hasBridge: true, hasNodeRequire: false, hasProcess: false });
      const documents = await window.evaluate(() =>
        (globalThis as unknown as ScholiaWindow).scholia.listDocuments({}),
      );
      expect(documents).toEqual([]);
    });
  });

  it('imports a text and formats its citation on the citeproc worker of the built main process', async () => {
    await withApp(async (window, app) => {
      // The native Import dialog, answered as a reader choosing the fixture would answer it.
      await app.evaluate(({ dialog }, path) => {
        (dialog as { showOpenDialog: unknown }).showOpenDialog = () =>
          Promise.resolve({ canceled: false, filePaths: [path] });
      }, USSR_FIXTURE);
      const result = await window.evaluate(async (path) => {
        const { scholia, scholiaHost } = globalThis as unknown as ScholiaWindow;
        // A path the reader did not choose is refused; the one chosen in the dialog is imported.
        const unchosen = await scholia.importFiles({ sources: [{ kind: 'path', path }] }).then(
          () => 'imported',
          (error: unknown) => (error as { code?: string }).code,
        );
        const sources = await scholiaHost.pickImportFiles();
        const report = await scholia.importFiles({ sources });
        const outcome = report.outcomes[0];
        if (outcome?.status !== 'imported') throw new Error(`not imported: ${JSON.stringify(outcome)}`);
        const { csl } = outcome.document;
        return {
          unchosen,
          ...(await scholia.formatCitation({ csl: { ...csl, id: undefined }, style: 'apa' })),
        };
      }, USSR_FIXTURE);
      expect(result.unchosen).toBe('not-allowed');
      expect(result.citation).toBe('(Doyle, 2009)');
      expect(result.bibliography).toContain('Doyle, C. (2009');
      await window.getByTestId('document-row').first().waitFor();
    });
  });
});
