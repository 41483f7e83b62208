/**
 * Scholia's version, as its `package.json` states it. The file is two folders up from this module
 * both where it is run from source (`src/cli/`) and from the build (`out/main/`), and it is read only
 * when asked for, so a command that does not ask pays nothing.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The version (`0.1.0`), or `unknown` when the package file cannot be read. */
export function scholiaVersion(): string {
  try {
    const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
      name?: unknown;
      version?: unknown;
    };
    return manifest.name === 'scholia' && typeof manifest.version === 'string' ? manifest.version : 'unknown';
  } catch {
    return 'unknown';
  }
}
