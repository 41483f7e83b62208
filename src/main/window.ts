/** The reading window, locked down: sandboxed renderer, no Node, no navigation, no pop-ups. */
import { BrowserWindow, shell } from 'electron';
import { join } from 'node:path';
import { safeHref } from '../shared/safe-link';

function openExternally(url: string): void {
  const safe = safeHref(url);
  if (safe !== null) void shell.openExternal(safe);
}

/** The URL the renderer is loaded from, so IPC can check who is calling. */
export function rendererUrl(): string {
  const devUrl = process.env['ELECTRON_RENDERER_URL'];
  return devUrl ?? new URL(`file://${join(__dirname, '../renderer/index.html')}`).href;
}

/** Creates and loads the main window. */
export function createMainWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 860,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'Scholia',
    webPreferences: {
      preload: join(__dirname, '../preload/index.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  window.once('ready-to-show', () => window.show());
  window.webContents.setWindowOpenHandler(({ url }) => {
    openExternally(url);
    return { action: 'deny' };
  });
  window.webContents.on('will-navigate', (event, url) => {
    if (url !== window.webContents.getURL()) {
      event.preventDefault();
      openExternally(url);
    }
  });
  const devUrl = process.env['ELECTRON_RENDERER_URL'];
  if (devUrl !== undefined) void window.loadURL(devUrl);
  else void window.loadFile(join(__dirname, '../renderer/index.html'));
  return window;
}
