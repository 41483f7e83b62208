/**
 * Wires the core service to IPC: one handler per API method, each checking the sender and handing the
 * untrusted payload to the shared dispatcher, which validates it. Events go to every window.
 */
import { BrowserWindow, dialog, ipcMain, type IpcMainInvokeEvent } from 'electron';
import { API_EVENTS, API_METHODS, type ScholiaService } from '../shared/api';
import { dispatchApiCall } from '../shared/dispatch';
import type { Result } from '../shared/errors';
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

/** Registers every handler; returns a function that removes them. */
export function registerIpc(service: ScholiaService, events: EventSource): () => void {
  for (const method of API_METHODS) {
    ipcMain.handle(methodChannel(method), (event, args: unknown) =>
      isTrustedSender(event) ? dispatchApiCall(service, method, args) : UNTRUSTED,
    );
  }
  ipcMain.handle(HOST_CHANNELS.showImportDialog, async (event) => {
    if (!isTrustedSender(event)) return [];
    const owner = BrowserWindow.fromWebContents(event.sender);
    const options: Electron.OpenDialogOptions = {
      title: 'Import into Scholia',
      properties: ['openFile', 'multiSelections'],
      filters: [
        { name: 'Texts', extensions: ['txt', 'md', 'markdown'] },
        { name: 'All files', extensions: ['*'] },
      ],
    };
    const result = owner === null ? await dialog.showOpenDialog(options) : await dialog.showOpenDialog(owner, options);
    return result.canceled ? [] : result.filePaths;
  });
  const unsubscribers = API_EVENTS.map((name) =>
    events.on(name, (payload) => {
      for (const window of BrowserWindow.getAllWindows()) window.webContents.send(eventChannel(name), payload);
    }),
  );
  return () => {
    for (const method of API_METHODS) ipcMain.removeHandler(methodChannel(method));
    ipcMain.removeHandler(HOST_CHANNELS.showImportDialog);
    for (const unsubscribe of unsubscribers) unsubscribe();
  };
}
