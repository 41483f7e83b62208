import type { ScholiaApi } from '../../shared/api';
import type { ScholiaBridge } from '../../shared/bridge';
import type { ScholiaHost } from '../../shared/host';

declare global {
  interface Window {
    /** The library API; set by `main.tsx` before the UI renders. */
    scholia: ScholiaApi;
    /** Native capabilities (file dialogs, dropped files, menu commands); set by `main.tsx`. */
    scholiaHost: ScholiaHost;
    /** The IPC transport exposed by Electron's preload; absent in browser mode. */
    scholiaBridge?: ScholiaBridge;
    /** Electron's host capabilities from the preload; absent in browser mode. */
    scholiaElectronHost?: ScholiaHost;
  }
}

export {};
