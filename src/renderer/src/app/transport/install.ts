/**
 * Chooses the transport the renderer runs on and defines `window.scholia` and `window.scholiaHost`:
 * Electron's preload bridge when present, otherwise the browser-mode HTTP server this page came from.
 */
import { createApiClient } from '../../../../shared/bridge';
import { createBrowserHost } from './browser-host';
import { createHttpBridge, readToken, reloadOnNewToken } from './http-bridge';

/** Installs the API. Returns an error message for the reader when no transport can be set up. */
export function installTransport(): string | null {
  if (window.scholiaBridge !== undefined && window.scholiaElectronHost !== undefined) {
    window.scholia = createApiClient(window.scholiaBridge);
    window.scholiaHost = window.scholiaElectronHost;
    return null;
  }
  const token = readToken();
  if (token === null) {
    return 'This page needs the address that `npm run web` printed (it ends in #token=…). Open that address to reach your library.';
  }
  window.scholia = createApiClient(createHttpBridge(token));
  window.scholiaHost = createBrowserHost();
  reloadOnNewToken(token);
  return null;
}
