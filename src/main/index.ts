/**
 * The Electron main process: app lifecycle, the window, the menu, and the library opened in core.
 * Business logic lives in core; this file only wires it up.
 */
import { app, BrowserWindow, dialog } from 'electron';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openLibrary, resolveLibraryDir } from '../core/library';
import type { ScholiaLink } from '../shared/host';
import { HOST_CHANNELS } from '../shared/ipc';
import { parseScholiaLink, scholiaLinkInArgs } from '../shared/scholia-link';
import { registerIpc } from './ipc';
import { filesInArgs } from './opened-files';
import { installMenu } from './menu';
import { createMainWindow } from './window';

function libraryFlag(): string | undefined {
  const { values } = parseArgs({
    args: process.argv.slice(1),
    options: { library: { type: 'string' } },
    strict: false,
    allowPositionals: true,
  });
  return typeof values.library === 'string' ? values.library : undefined;
}

async function start(): Promise<void> {
  const dir = resolveLibraryDir({
    flag: libraryFlag(),
    env: process.env,
    defaultDir: join(app.getPath('userData'), 'library'),
  });
  let library: Awaited<ReturnType<typeof openLibrary>>;
  try {
    library = await openLibrary(dir, { owner: 'the Scholia app', watch: true });
  } catch (error) {
    dialog.showErrorBox(
      'Scholia cannot open the library',
      error instanceof Error ? error.message : String(error),
    );
    app.exit(1);
    return;
  }
  const unregister = registerIpc(library.service, library.events, library.grants);
  let window: BrowserWindow | null = createMainWindow();
  window.on('closed', () => {
    window = null;
  });
  /** Sends `payload` on `channel` to the window (made again if it was closed) once its page is loaded. */
  const sendToWindow = (channel: string, payload: unknown): void => {
    if (window === null) window = createMainWindow();
    const target = window;
    if (target.isMinimized()) target.restore();
    target.focus();
    const send = () => target.webContents.send(channel, payload);
    if (target.webContents.isLoading()) target.webContents.once('did-finish-load', send);
    else send();
  };
  openLink = (link) => sendToWindow(HOST_CHANNELS.openLink, link);
  openFiles = (paths) => {
    // The system handed these files to Scholia on the reader's word: they may be read, as if chosen.
    void Promise.all(paths.map((path) => library.grants.allowRead(path))).then(() =>
      sendToWindow(HOST_CHANNELS.openFiles, paths),
    );
  };
  const pending = pendingLink ?? scholiaLinkInArgs(process.argv);
  pendingLink = null;
  if (pending !== null) openLink(pending);
  const files = [...pendingFiles, ...filesInArgs(process.argv.slice(1), process.cwd())];
  pendingFiles = [];
  if (files.length > 0) openFiles(files);
  installMenu(() => window);

  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) window = createMainWindow();
  });
  let closed = false;
  app.on('will-quit', (event) => {
    if (closed) return;
    event.preventDefault();
    closed = true;
    unregister();
    void library.close().finally(() => app.quit());
  });
}

/** Opens a passage a `scholia://` link asked for; until the window exists, the link waits. */
let openLink: ((link: ScholiaLink) => void) | null = null;
let pendingLink: ScholiaLink | null = null;

function followLink(link: ScholiaLink | null): void {
  if (link === null) return;
  if (openLink === null) pendingLink = link;
  else openLink(link);
}

/** Imports files the system asked Scholia to open; until the window exists, they wait. */
let openFiles: ((paths: string[]) => void) | null = null;
let pendingFiles: string[] = [];

function importOpened(paths: readonly string[]): void {
  if (paths.length === 0) return;
  if (openFiles === null) pendingFiles.push(...paths);
  else openFiles([...paths]);
}

// `scholia://open?document=…&annotation=…` links (from vault notes) open this app at the passage.
app.setAsDefaultProtocolClient('scholia');
// macOS hands the link, and a file opened with Scholia, to the running app.
app.on('open-url', (event, url) => {
  event.preventDefault();
  followLink(parseScholiaLink(url));
});
app.on('open-file', (event, path) => {
  event.preventDefault();
  importOpened([path]);
});
// Windows and Linux start a second process with the link or the files in its arguments: the first one
// takes them and the second quits. A second process with neither goes on (it may open another library).
const firstInstance = app.requestSingleInstanceLock();
if (
  !firstInstance &&
  (scholiaLinkInArgs(process.argv) !== null || filesInArgs(process.argv.slice(1), process.cwd()).length > 0)
)
  app.quit();
app.on('second-instance', (_event, argv, workingDirectory) => {
  followLink(scholiaLinkInArgs(argv));
  importOpened(filesInArgs(argv.slice(1), workingDirectory));
});

// A second instance on the same library is refused by the library lock with a message naming the
// holder; instances on different libraries (--library) may run side by side.
app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
app.on('web-contents-created', (_event, contents) => {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (event) => event.preventDefault());
});
void app.whenReady().then(start);
