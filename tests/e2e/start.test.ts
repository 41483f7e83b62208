/**
 * `npm start` where the desktop app cannot run (no Electron binary, or told so): Scholia starts in
 * browser mode, says why, prints the address with its token, and the address serves the app.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RENDERER_DIR } from '../support/web-app';

const ROOT = resolve(__dirname, '../..');
let cleanup: (() => Promise<void>) | null = null;

afterEach(async () => {
  await cleanup?.();
  cleanup = null;
});

describe('npm start', () => {
  it('starts browser mode where the desktop app cannot run, saying why and where to open it', async () => {
    const library = await mkdtemp(join(tmpdir(), 'scholia-start-'));
    const child = spawn(
      process.execPath,
      [join(ROOT, 'scripts/start.mjs'), '--library', library, '--renderer', RENDERER_DIR],
      {
        cwd: ROOT,
        env: { ...process.env, SCHOLIA_BROWSER_MODE: '1', SCHOLIA_SKIP_BUILD: '1', SCHOLIA_NO_OPEN: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const exited = new Promise<number | null>((done) => child.on('close', done));
    cleanup = async () => {
      child.kill('SIGTERM');
      await exited;
      await rm(library, { recursive: true, force: true });
    };
    let output = '';
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const url = await new Promise<string>((found, failed) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /Open (http:\/\/127\.0\.0\.1:\d+\/#token=\S+)/.exec(output);
        if (match?.[1] !== undefined) found(match[1]);
      });
      void exited.then(() => failed(new Error(`npm start ended before serving:\n${output}`)));
    });
    expect(output).toContain('starting in browser mode, because SCHOLIA_BROWSER_MODE is set');
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
