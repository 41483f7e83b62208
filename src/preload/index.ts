/**
 * The preload: exposes the IPC transport (`window.scholiaBridge`) and the native host capabilities
 * (`window.scholiaElectronHost`) to the sandboxed renderer, and nothing else. Only channels named in
 * src/shared/ipc.ts are reachable; main validates every payload again.
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import type { ApiEventName, ApiMethod, ImportSource } from '../shared/api';
import { API_EVENT_NAMES, isApiMethodName } from '../shared/api-names';
import type { ScholiaBridge } from '../shared/bridge';
import type { Result } from '../shared/errors';
import { isMenuCommand, type ScholiaHost, type ScholiaLink } from '../shared/host';
import { eventChannel, HOST_CHANNELS, methodChannel } from '../shared/ipc';

const bridge: ScholiaBridge = {
  invoke(method: ApiMethod, args: unknown): Promise<Result<unknown>> {
    if (!isApiMethodName(method)) {
      return Promise.resolve({
        ok: false,
        error: { code: 'invalid-input', message: `Unknown API method: ${String(method)}` },
      });
    }
    return ipcRenderer.invoke(methodChannel(method), args) as Promise<Result<unknown>>;
  },
  on(event: ApiEventName, listener: (payload: unknown) => void) {
    if (!(API_EVENT_NAMES as readonly string[]).includes(event)) return () => undefined;
    const channel = eventChannel(event);
    const handler = (_event: IpcRendererEvent, payload: unknown): void => listener(payload);
    ipcRenderer.on(channel, handler);
    return () => {
      ipcRenderer.removeListener(channel, handler);
    };
  },
};

function pathsToSources(paths: readonly string[]): ImportSource[] {
  return paths.map((path) => ({ kind: 'path', path }));
}

const host: ScholiaHost = {
  kind: 'electron',
  async pickImportFiles(options) {
    const paths = (await ipcRenderer.invoke(HOST_CHANNELS.showImportDialog, {
      folder: options?.folder === true,
    })) as string[];
    return pathsToSources(paths);
  },
  async sourcesFromDroppedFiles(files) {
    // Only a real dropped (or picked) file has a path; the page cannot make one up. Main grants these
    // paths for reading before the import names them.
    const paths = files.map((file) => webUtils.getPathForFile(file)).filter((path) => path !== '');
    if (paths.length > 0) await ipcRenderer.invoke(HOST_CHANNELS.grantDroppedPaths, paths);
    return pathsToSources(paths);
  },
  onMenuImport(listener) {
    const handler = (_event: unknown, what: unknown): void =>
      listener(what === 'folder' ? 'folder' : 'files');
    ipcRenderer.on(HOST_CHANNELS.menuImport, handler);
    return () => {
      ipcRenderer.removeListener(HOST_CHANNELS.menuImport, handler);
    };
  },
  onMenuCommand(listener) {
    const handler = (_event: unknown, command: unknown): void => {
      if (isMenuCommand(command)) listener(command);
    };
    ipcRenderer.on(HOST_CHANNELS.menuCommand, handler);
    return () => {
      ipcRenderer.removeListener(HOST_CHANNELS.menuCommand, handler);
    };
  },
  async chooseExportPath(suggestedName, folder) {
    const path = (await ipcRenderer.invoke(HOST_CHANNELS.showExportDialog, {
      suggestedName,
      folder,
    })) as unknown;
    return typeof path === 'string' ? path : null;
  },
  download: () => undefined,
  showInFolder(path) {
    void ipcRenderer.invoke(HOST_CHANNELS.showInFolder, path);
  },
  onOpenLink(listener) {
    const handler = (_event: IpcRendererEvent, link: ScholiaLink): void => listener(link);
    ipcRenderer.on(HOST_CHANNELS.openLink, handler);
    return () => {
      ipcRenderer.removeListener(HOST_CHANNELS.openLink, handler);
    };
  },
  onOpenFiles(listener) {
    const handler = (_event: IpcRendererEvent, paths: unknown): void => {
      const named = Array.isArray(paths)
        ? paths.filter((path): path is string => typeof path === 'string')
        : [];
      if (named.length > 0) listener(pathsToSources(named));
    };
    ipcRenderer.on(HOST_CHANNELS.openFiles, handler);
    return () => {
      ipcRenderer.removeListener(HOST_CHANNELS.openFiles, handler);
    };
  },
};

contextBridge.exposeInMainWorld('scholiaBridge', bridge);
contextBridge.exposeInMainWorld('scholiaElectronHost', host);
