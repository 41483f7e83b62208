/**
 * Runs Scholia's browser mode in this process over the real core on a temporary library folder, the
 * way `npm run web` does, for end-to-end tests and benchmarks.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openLibrary } from '../../src/core/library';
import type { DeviceIdentity } from '../../src/core/sync/device';
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

/** How {@link startWebApp} starts. */
export interface WebAppOptions {
  /** The library folder, kept after `close`; a fresh temporary one, removed after, unless given. */
  libraryDir?: string;
  /** Keeps the temporary library folder after `close`. */
  keep?: boolean;
  /** Fills the library folder before the app opens it (e.g. as two other computers left it). */
  prepare?: (libraryDir: string) => Promise<void>;
  /** This computer; unless given, the identity in the OS config folder (or `$SCHOLIA_DEVICE_DIR`). */
  device?: DeviceIdentity;
}

/** Starts browser mode on a fresh temporary library (or on `libraryDir` when given). */
export async function startWebApp(options: WebAppOptions = {}): Promise<WebApp> {
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) {
    throw new Error(`No renderer build in ${RENDERER_DIR}. Run "npm run build" first (npm test does).`);
  }
  const libraryDir = options.libraryDir ?? (await mkdtemp(join(tmpdir(), 'scholia-e2e-')));
  await options.prepare?.(libraryDir);
  const library = await openLibrary(libraryDir, {
    owner: 'Scholia end-to-end test',
    ...(options.device === undefined ? {} : { device: options.device }),
  });
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
