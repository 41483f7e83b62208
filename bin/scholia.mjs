#!/usr/bin/env node
// The installed `scholia` command: runs the built CLI (npm run build makes out/main/cli.js).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../out/main/cli.js', import.meta.url));
if (!existsSync(cli)) {
  process.stderr.write('scholia: the command line is not built yet. Run "npm run build" in the Scholia folder first.\n');
  process.exit(1);
}
createRequire(import.meta.url)(cli);
