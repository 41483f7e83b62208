/**
 * `npm start`: the desktop app where it can run, else browser mode, saying why. The desktop app needs
 * the Electron binary (see `electron-binary.mjs`) and, on Linux, a display; without either, Scholia is
 * built and served on 127.0.0.1 and the address is printed and, where there is a desktop to show it
 * on, opened in the browser.
 *
 *   npm start [-- --library DIR] [-- --port N]   (the options are browser mode's; `npm run web -- --help`)
 *   SCHOLIA_BROWSER_MODE=1 npm start              browser mode even where the desktop app could run
 *   SCHOLIA_NO_OPEN=1                              print the address without opening a browser
 *   SCHOLIA_SKIP_BUILD=1                           serve the build already in out/ (the tests do)
 */
import { spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { electronBinary } from './electron-binary.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ELECTRON_VITE = join(ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');

function hasDisplay() {
  if (process.platform !== 'linux') return true;
  return Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
}

/** Why the desktop app cannot open here, or null when it can. */
function whyNotDesktop() {
  if (process.env.SCHOLIA_BROWSER_MODE === '1') return 'SCHOLIA_BROWSER_MODE is set';
  const binary = electronBinary();
  if ('missing' in binary) return `the desktop app needs Electron, and ${binary.missing}`;
  if (!hasDisplay()) return 'there is no display to open a window on (DISPLAY and WAYLAND_DISPLAY are unset)';
  return null;
}

/** Runs `command` with the terminal as its own; resolves to its exit code. */
function run(command, args) {
  return new Promise((done) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: 'inherit' });
    child.on('error', (error) => {
      console.error(`Scholia: ${command} could not start: ${error.message}`);
      done(1);
    });
    child.on('close', (code) => done(code ?? 1));
  });
}

/** Opens `url` in the reader's browser, where there is a desktop; says so when it cannot. */
function openInBrowser(url) {
  if (process.env.SCHOLIA_NO_OPEN === '1' || process.env.CI !== undefined || !hasDisplay()) return;
  const [command, args] =
    process.platform === 'darwin'
      ? ['open', [url]]
      : process.platform === 'win32'
        ? ['cmd', ['/c', 'start', '""', url]]
        : ['xdg-open', [url]];
  const child = spawn(command, args, { stdio: 'ignore', detached: true });
  child.on('error', () => console.log('Scholia: open the address above in your browser.'));
  child.unref();
}

async function browserMode(reason, args) {
  console.log(`Scholia: starting in browser mode, because ${reason}.`);
  if (process.env.SCHOLIA_SKIP_BUILD !== '1') {
    const built = await run(process.execPath, [ELECTRON_VITE, 'build']);
    if (built !== 0) return built;
  }
  return new Promise((done) => {
    const server = spawn(process.execPath, [join(ROOT, 'out', 'main', 'server.js'), ...args], {
      cwd: ROOT,
      stdio: ['inherit', 'pipe', 'inherit'],
    });
    let opened = false;
    server.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      const url = /Open (http:\/\/\S+)/.exec(String(chunk))?.[1];
      if (url !== undefined && !opened) {
        opened = true;
        openInBrowser(url);
      }
    });
    for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
    server.on('close', (code) => done(code ?? 0));
  });
}

const args = process.argv.slice(2);
const reason = whyNotDesktop();
process.exitCode =
  reason === null ? await run(process.execPath, [ELECTRON_VITE, 'preview']) : await browserMode(reason, args);
