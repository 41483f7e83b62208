import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';

/** The dev server injects inline scripts and styles (hot reload); the built app keeps the strict policy. */
const relaxCspForDevServer: Plugin = {
  name: 'scholia-dev-csp',
  apply: 'serve',
  transformIndexHtml: (html) =>
    html
      .replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
      .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
      .replace("connect-src 'self'", "connect-src 'self' ws: http://localhost:*"),
};

export default defineConfig({
  main: {
    build: {
      // lowdb and steno are ESM-only: bundle them so the CommonJS main bundle can load them.
      externalizeDeps: { exclude: ['lowdb', 'steno'] },
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          cli: resolve(__dirname, 'src/cli/index.ts'),
          server: resolve(__dirname, 'src/server/index.ts'),
          // Citation formatting runs on a worker thread; core finds it next to the bundle that starts it.
          'citeproc-worker': resolve(__dirname, 'src/core/citations/citeproc-worker.ts'),
          // So does reading a PDF (a thread per PDF, bounded in memory and time).
          'pdf-worker': resolve(__dirname, 'src/core/import/pdf-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload must be one self-contained CommonJS file.
      externalizeDeps: false,
      rollupOptions: { input: { index: resolve(__dirname, 'src/preload/index.ts') } },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    base: './',
    build: {
      rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } },
    },
    plugins: [react(), relaxCspForDevServer],
  },
});
