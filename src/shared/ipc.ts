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
  /** Shows the native "Import files" dialog; resolves to the chosen paths (empty when cancelled). */
  showImportDialog: 'scholia:host:show-import-dialog',
  /** Sent by main when the reader chose File › Import from the menu. */
  menuImport: 'scholia:host:menu-import',
} as const;
