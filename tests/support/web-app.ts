/**
 * Runs Scholia's browser mode in this process over the real core on a temporary library folder, the
 * way `npm run web` does, for end-to-end tests and benchmarks.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openLibrary } from '../../src/core/library';
import { startWebServer, type WebServer } from '../../src/server/web-server';

/**
 * The built renderer that the server serves: `out/renderer`, or `$SCHOLIA_RENDERER_DIR` (a build made
 * with `electron-vite build --outDir X` has it in `X/renderer`).
 */
export const RENDERER_DIR = resolve(process.env.SCHOLIA_RENDERER_DIR ?? resolve(__dirname, '../../out/renderer'));

/** A running browser-mode Scholia on a temporary library. */
export interface WebApp {
  server: WebServer;
  libraryDir: string;
  library: Awaited<ReturnType<typeof openLibrary>>;
  /** Stops the server, closes the library and removes the folder. */
  close(): Promise<void>;
}

/** Starts browser mode on a fresh temporary library (or on `libraryDir` when given). */
export async function startWebApp(options: { libraryDir?: string; keep?: boolean } = {}): Promise<WebApp> {
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) {
    throw new Error(`No renderer build in ${RENDERER_DIR}. Run "npm run build" first (npm test does).`);
  }
  const libraryDir = options.libraryDir ?? (await mkdtemp(join(tmpdir(), 'scholia-e2e-')));
  const library = await openLibrary(libraryDir, { owner: 'Scholia end-to-end test' });
  const server = await startWebServer({ library, rendererDir: RENDERER_DIR });
  return {
    server,
    libraryDir,
    library,
    async close() {
      await server.close();
      await library.close();
      if (options.keep !== true && options.libraryDir === undefined) {
        await rm(libraryDir, { recursive: true, force: true });
      }
    },
  };
}
