/**
 * Wires the core service to IPC: one handler per API method, each checking the sender and handing the
 * untrusted payload to the shared dispatcher, which validates it. Events go to every window.
 *
 * Paths are capabilities (core/service/path-grants.ts): the service reads and writes outside the
 * library only what is granted, and only this file grants, with what the reader chose: the paths a
 * native Import or Export dialog returned, and the paths of files dropped on the window.
 */
import { BrowserWindow, dialog, ipcMain, shell, type IpcMainInvokeEvent } from 'electron';
import { basename, isAbsolute } from 'node:path';
import { API_EVENTS, API_METHODS, type ScholiaService } from '../shared/api';
import { dispatchApiCall } from '../shared/dispatch';
import { importFileFilters } from '../shared/import-formats';
import type { Result } from '../shared/errors';
import type { PathGrants } from '../core/service/path-grants';
import { eventChannel, HOST_CHANNELS, methodChannel } from '../shared/ipc';
import { rendererUrl } from './window';

interface EventSource {
  on(event: (typeof API_EVENTS)[number], listener: (payload: unknown) => void): () => void;
}

/** Whether an IPC message comes from our own renderer page (not a frame or page loaded from elsewhere). */
function isTrustedSender(event: IpcMainInvokeEvent): boolean {
  const url = event.senderFrame?.url;
  if (url === undefined) return false;
  const expected = new URL(rendererUrl());
  const actual = new URL(url);
  return actual.protocol === expected.protocol && actual.host === expected.host && actual.pathname === expected.pathname;
}

const UNTRUSTED: Result<never> = {
  ok: false,
  error: { code: 'invalid-input', message: 'Refused an API call from a page that is not Scholia.' },
};

/** The save dialog's request from the renderer, checked: a plain file name to propose, file or folder. */
function exportDialogRequest(request: unknown): { suggestedName: string; folder: boolean } {
  const record = typeof request === 'object' && request !== null ? (request as Record<string, unknown>) : {};
  const name = typeof record['suggestedName'] === 'string' ? basename(record['suggestedName']).slice(0, 255) : '';
  return { suggestedName: name === '' ? 'export.md' : name, folder: record['folder'] === true };
}

/** The dropped paths the preload sends: absolute paths, at most as many as one import takes. */
function droppedPaths(request: unknown): string[] {
  if (!Array.isArray(request)) return [];
  return request
    .slice(0, 10_000)
    .filter((path): path is string => typeof path === 'string' && path.length <= 4096 && isAbsolute(path));
}

/** Registers every handler; returns a function that removes them. */
export function registerIpc(service: ScholiaService, events: EventSource, grants: PathGrants): () => void {
  for (const method of API_METHODS) {
    ipcMain.handle(methodChannel(method), (event, args: unknown) =>
      isTrustedSender(event) ? dispatchApiCall(service, method, args) : UNTRUSTED,
    );
  }
  ipcMain.handle(HOST_CHANNELS.showImportDialog, async (event, request: unknown) => {
    if (!isTrustedSender(event)) return [];
    const owner = BrowserWindow.fromWebContents(event.sender);
    const folder =
      typeof request === 'object' &&
      request !== null &&
      (request as Record<string, unknown>)['folder'] === true;
    const options: Electron.OpenDialogOptions = {
      title: folder ? 'Import folders into Scholia' : 'Import into Scholia',
      // A folder brings in every supported file inside it (core walks it and reports what it left out).
      properties: folder ? ['openDirectory', 'multiSelections'] : ['openFile', 'multiSelections'],
      filters: importFileFilters(),
    };
    const result = owner === null ? await dialog.showOpenDialog(options) : await dialog.showOpenDialog(owner, options);
    if (result.canceled) return [];
    // What the reader chose, and nothing else, may now be read (a folder: everything inside it).
    for (const path of result.filePaths) await grants.allowRead(path);
    return result.filePaths;
  });
  // The preload reads the paths from the dropped files themselves; a page cannot reach this channel.
  ipcMain.handle(HOST_CHANNELS.grantDroppedPaths, async (event, request: unknown) => {
    if (!isTrustedSender(event)) return;
    for (const path of droppedPaths(request)) await grants.allowRead(path);
  });
  ipcMain.handle(HOST_CHANNELS.showExportDialog, async (event, request: unknown) => {
    if (!isTrustedSender(event)) return null;
    const { suggestedName, folder } = exportDialogRequest(request);
    const owner = BrowserWindow.fromWebContents(event.sender);
    if (folder) {
      const options: Electron.OpenDialogOptions = {
        title: 'Export notes into a folder',
        properties: ['openDirectory', 'createDirectory'],
      };
      const result = owner === null ? await dialog.showOpenDialog(options) : await dialog.showOpenDialog(owner, options);
      const chosen = result.canceled ? null : (result.filePaths[0] ?? null);
      if (chosen !== null) await grants.allowWrite(chosen);
      return chosen;
    }
    const options: Electron.SaveDialogOptions = { title: 'Export from Scholia', defaultPath: suggestedName };
    const result = owner === null ? await dialog.showSaveDialog(options) : await dialog.showSaveDialog(owner, options);
    if (result.canceled || result.filePath === '') return null;
    await grants.allowWrite(result.filePath);
    return result.filePath;
  });
  // Only what an export wrote: a place the reader chose to export to.
  ipcMain.handle(HOST_CHANNELS.showInFolder, async (event, path: unknown) => {
    if (!isTrustedSender(event) || typeof path !== 'string' || !isAbsolute(path)) return;
    if (await grants.allows('write', path)) shell.showItemInFolder(path);
  });
  const unsubscribers = API_EVENTS.map((name) =>
    events.on(name, (payload) => {
      for (const window of BrowserWindow.getAllWindows()) window.webContents.send(eventChannel(name), payload);
    }),
  );
  return () => {
    for (const method of API_METHODS) ipcMain.removeHandler(methodChannel(method));
    ipcMain.removeHandler(HOST_CHANNELS.showImportDialog);
    ipcMain.removeHandler(HOST_CHANNELS.grantDroppedPaths);
    ipcMain.removeHandler(HOST_CHANNELS.showExportDialog);
    ipcMain.removeHandler(HOST_CHANNELS.showInFolder);
    for (const unsubscribe of unsubscribers) unsubscribe();
  };
}
