/**
 * `npm run web`: serves Scholia in a browser on this machine.
 *
 *   node out/main/server.js [--library DIR] [--port N]
 *
 * Prints the address to open (it carries the per-run token) and serves until interrupted.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultLibraryDir, openLibrary, resolveLibraryDir } from '../core/library';
import { ScholiaError } from '../shared/errors';
import { startWebServer } from './web-server';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      library: { type: 'string' },
      port: { type: 'string' },
      renderer: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help === true) {
    process.stdout.write(
      'Usage: npm run web -- [--library DIR] [--port N]\n' +
        'Serves Scholia at http://127.0.0.1:PORT for a browser on this machine.\n',
    );
    return;
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ScholiaError('invalid-input', `--port must be a number from 0 to 65535, not "${values.port ?? ''}".`);
  }
  const dir = resolveLibraryDir({ flag: values.library, env: process.env, defaultDir: defaultLibraryDir() });
  const library = await openLibrary(dir, { owner: 'Scholia browser mode', watch: true });
  const server = await startWebServer({
    library,
    rendererDir: values.renderer === undefined ? resolve(__dirname, '../renderer') : resolve(values.renderer),
    port,
  });
  process.stdout.write(`Scholia is serving the library at ${dir}\nOpen ${server.url}\n`);

  let closing = false;
  const shutdown = (): void => {
    if (closing) return;
    closing = true;
    void server
      .close()
      .then(() => library.close())
      .finally(() => process.exit(0));
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`scholia web: ${message}\n`);
  process.exit(1);
});
