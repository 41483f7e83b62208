/** Electron IPC channel names, shared by main and preload. */
import type { ApiEventName, ApiMethod } from './api';

/** The channel a method is invoked on: one `ipcMain.handle` per method. */
export function methodChannel(method: ApiMethod): string {
  return `scholia:call:${method}`;
}

/** The channel an event is sent on from main to the renderer. */
export function eventChannel(event: ApiEventName): string {
  return `scholia:event:${event}`;
}

/** Host-only channels: native capabilities that are not part of the library API. */
export const HOST_CHANNELS = {
  /**
   * Shows the native "Import files" dialog (choosing folders when the request says `folder: true`);
   * resolves to the chosen paths (empty when cancelled), which main grants for reading.
   */
  showImportDialog: 'scholia:host:show-import-dialog',
  /**
   * The paths of files and folders dropped on the window, as the preload read them from the dropped
   * `File`s (`webUtils.getPathForFile`); main grants them for reading. Only the preload sends it.
   */
  grantDroppedPaths: 'scholia:host:grant-dropped-paths',
  /** Sent by main when the reader chose File › Import… (payload `files`) or Import Folder… (`folder`). */
  menuImport: 'scholia:host:menu-import',
  /** Sent by main when the reader chose Edit › Undo (payload `undo`) or Edit › Redo (`redo`). */
  menuCommand: 'scholia:host:menu-command',
  /**
   * Shows the native save dialog (or choose-folder for a vault); resolves to the path or null. Main
   * grants the path for writing.
   */
  showExportDialog: 'scholia:host:show-export-dialog',
  /** Shows a written export in the system file manager. */
  showInFolder: 'scholia:host:show-in-folder',
  /** Sent by main when a `scholia://` link asks to open a passage; payload a ScholiaLink. */
  openLink: 'scholia:host:open-link',
  openFiles: 'scholia:host:open-files',
} as const;
