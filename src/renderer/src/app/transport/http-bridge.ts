/**
 * The browser-mode transport: API calls as `POST /api/call/<method>` and events as server-sent events,
 * both guarded by the per-run token the server printed in its URL (`#token=…`).
 */
import type { ApiEventName, ApiMethod, Unsubscribe } from '../../../../shared/api';
import { API_EVENTS } from '../../../../shared/api';
import type { ScholiaBridge } from '../../../../shared/bridge';
import type { Result } from '../../../../shared/errors';
import { byteArraysIn, decodeWire, encodeWire } from '../../../../shared/wire';

const TOKEN_KEY = 'scholia-token';

/** The token in an address's fragment: `#token=…`. */
const TOKEN_IN_HASH = /(?:^#|&)token=([A-Za-z0-9_-]+)/;

/** Byte arrays up to this size are encoded in place; larger ones (imported files) by the browser. */
const INLINE_BYTES = 64 * 1024;

/** Base64 of `bytes`, made by the browser off the main thread (as a `data:` URL of a Blob). */
function base64OffThread(bytes: Uint8Array): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = reader.result;
      if (typeof url === 'string') resolve(url.slice(url.indexOf(',') + 1));
      else reject(new Error('The file could not be read.'));
    };
    reader.onerror = () => reject(reader.error ?? new Error('The file could not be read.'));
    // A copy: a Blob takes ArrayBuffer-backed views only, and `bytes` may be a view of a larger buffer.
    reader.readAsDataURL(new Blob([bytes.slice()]));
  });
}

/**
 * Base64 of the large byte arrays in `args`: encoding a book of a few MB on the main thread would
 * hold the window for longer than a frame or two.
 */
async function encodeLargeBytes(args: unknown): Promise<Map<Uint8Array, string> | undefined> {
  const large = byteArraysIn(args).filter((bytes) => bytes.byteLength > INLINE_BYTES);
  if (large.length === 0) return undefined;
  const encoded = await Promise.all(large.map(base64OffThread));
  return new Map(large.map((bytes, index) => [bytes, encoded[index] ?? '']));
}

/**
 * Takes the token from the URL fragment (and removes it from the address bar), or from this tab's
 * session storage after a reload. Returns null when there is none.
 */
export function readToken(): string | null {
  const match = TOKEN_IN_HASH.exec(window.location.hash);
  if (match?.[1] !== undefined) {
    sessionStorage.setItem(TOKEN_KEY, match[1]);
    history.replaceState(null, '', window.location.pathname + window.location.search);
    return match[1];
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

/**
 * Reloads the page when the reader opens, in this tab, an address with a token other than `current`:
 * the server was started again (on the same port, so only the fragment changed and the browser did
 * not load the page again), and this page's state and token belong to the run before.
 */
export function reloadOnNewToken(current: string): void {
  window.addEventListener('hashchange', () => {
    const token = TOKEN_IN_HASH.exec(window.location.hash)?.[1];
    if (token === undefined || token === current) return;
    sessionStorage.setItem(TOKEN_KEY, token);
    window.location.reload();
  });
}

/** Creates the HTTP transport for a server on this page's origin. */
export function createHttpBridge(token: string): ScholiaBridge {
  const listeners = new Map<ApiEventName, Set<(payload: unknown) => void>>();
  let source: EventSource | null = null;

  function connectEvents(): void {
    if (source !== null) return;
    source = new EventSource(`/api/events?token=${encodeURIComponent(token)}`);
    for (const name of API_EVENTS) {
      source.addEventListener(name, (message: MessageEvent<string>) => {
        const payload = decodeWire(message.data);
        for (const listener of listeners.get(name) ?? []) listener(payload);
      });
    }
  }

  return {
    async invoke(method: ApiMethod, args: unknown): Promise<Result<unknown>> {
      let response: Response;
      try {
        response = await fetch(`/api/call/${method}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: encodeWire(args, await encodeLargeBytes(args)),
        });
      } catch {
        return {
          ok: false,
          error: {
            code: 'io',
            message: 'Lost the connection to the Scholia server. Is `npm run web` still running?',
          },
        };
      }
      const text = await response.text();
      try {
        return decodeWire(text) as Result<unknown>;
      } catch {
        return {
          ok: false,
          error: {
            code: 'internal',
            message: `The server answered ${response.status}: ${text.slice(0, 200)}`,
          },
        };
      }
    },
    on(event: ApiEventName, listener: (payload: unknown) => void): Unsubscribe {
      connectEvents();
      let set = listeners.get(event);
      if (set === undefined) {
        set = new Set();
        listeners.set(event, set);
      }
      set.add(listener);
      return () => set.delete(listener);
    },
  };
}
