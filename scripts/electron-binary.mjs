/**
 * The Electron binary, which the desktop app runs on. npm downloads it from GitHub in Electron's own
 * install script; where that cannot be reached (a closed network, a CI machine) the download fails, and
 * with it the whole `npm install`. So the package's script is not run by npm (package.json's
 * `allowScripts` leaves it out) but by this file, from the project's own `postinstall`: a failed
 * download is reported with its reason and what still works (browser mode), and never fails the install.
 *
 *   node scripts/electron-binary.mjs install   download the binary unless it is there (or skipped)
 *   node scripts/electron-binary.mjs status    say whether it is there; exit 0 if so, 1 if not
 *
 * `scripts/start.mjs` asks {@link electronBinary} whether to open the desktop app or browser mode.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PACKAGE = join(ROOT, 'node_modules', 'electron');

/** How long a download may take before it is given up (the binary is about 100 MB). */
const DOWNLOAD_TIMEOUT_MS = 10 * 60 * 1000;

/**
 * Where the Electron binary is, or why it is not there: `{ path }` when it is installed, else
 * `{ missing }`, a reason in words for the reader.
 * @returns {{ path: string } | { missing: string }}
 */
export function electronBinary() {
  if (!existsSync(join(PACKAGE, 'package.json'))) return { missing: 'the electron package is not installed' };
  let relative;
  try {
    // Electron's own index.js reads the same file: the binary's path inside dist/, written after a download.
    relative = readFileSync(join(PACKAGE, 'path.txt'), 'utf8').trim();
  } catch {
    return { missing: 'its binary has not been downloaded' };
  }
  const path = join(PACKAGE, 'dist', relative);
  return existsSync(path) ? { path } : { missing: `its binary is missing at ${path}` };
}

/** The last line of what a failed download printed that says why (GitHub unreachable, say). */
function reasonIn(output) {
  const lines = output
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('at '));
  const error = lines.find((line) => /error/i.test(line));
  return (error ?? lines.at(-1) ?? 'no reason given').slice(0, 300);
}

/** Runs Electron's install script; resolves to null when the binary is there after it, else the reason. */
function download() {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['install.js'], {
      cwd: PACKAGE,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += String(chunk)));
    child.stderr.on('data', (chunk) => (output += String(chunk)));
    const timer = setTimeout(() => child.kill('SIGTERM'), DOWNLOAD_TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      done(error.message);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (signal !== null) done(`the download took longer than ${DOWNLOAD_TIMEOUT_MS / 60000} minutes`);
      else if (code !== 0) done(reasonIn(output));
      else {
        const found = electronBinary();
        done('path' in found ? null : found.missing);
      }
    });
  });
}

const BROWSER_MODE =
  'Scholia works without it: `npm start` opens it in your browser instead (browser mode), and `npm test` runs everything but the desktop smoke test.';

async function install() {
  if ('path' in electronBinary()) return;
  if (!existsSync(join(PACKAGE, 'install.js'))) {
    console.log(
      `Scholia: the Electron package is not installed, so there is no desktop app. ${BROWSER_MODE}`,
    );
    return;
  }
  const skip = process.env.ELECTRON_SKIP_BINARY_DOWNLOAD;
  if (skip !== undefined && skip !== '' && skip !== '0') {
    console.log(
      `Scholia: the Electron binary was not downloaded (ELECTRON_SKIP_BINARY_DOWNLOAD is set). ${BROWSER_MODE}`,
    );
    return;
  }
  console.log('Scholia: downloading the Electron binary for the desktop app…');
  const failure = await download();
  if (failure === null) {
    console.log('Scholia: the Electron binary is installed; `npm start` opens the desktop app.');
    return;
  }
  console.log(
    `Scholia: the Electron binary could not be downloaded (${failure}). ${BROWSER_MODE} ` +
      'To try the download again later: `node scripts/electron-binary.mjs install`.',
  );
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const command = process.argv[2];
  if (command === 'install') {
    await install();
  } else if (command === 'status') {
    const found = electronBinary();
    console.log('path' in found ? `Electron binary: ${found.path}` : `No Electron binary: ${found.missing}.`);
    process.exitCode = 'path' in found ? 0 : 1;
  } else {
    console.error('Usage: node scripts/electron-binary.mjs install|status');
    process.exitCode = 2;
  }
}
