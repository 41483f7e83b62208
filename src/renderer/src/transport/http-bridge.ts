/**
 * The browser-mode transport: API calls as `POST /api/call/<method>` and events as server-sent events,
 * both guarded by the per-run token the server printed in its URL (`#token=…`).
 */
import type { ApiEventName, ApiMethod, Unsubscribe } from '../../../shared/api';
import { API_EVENTS } from '../../../shared/api';
import type { ScholiaBridge } from '../../../shared/bridge';
import type { Result } from '../../../shared/errors';
import { decodeWire, encodeWire } from '../../../shared/wire';

const TOKEN_KEY = 'scholia-token';

/**
 * Takes the token from the URL fragment (and removes it from the address bar), or from this tab's
 * session storage after a reload. Returns null when there is none.
 */
export function readToken(): string | null {
  const match = /(?:^#|&)token=([A-Za-z0-9_-]+)/.exec(window.location.hash);
  if (match?.[1] !== undefined) {
    sessionStorage.setItem(TOKEN_KEY, match[1]);
    history.replaceState(null, '', window.location.pathname + window.location.search);
    return match[1];
  }
  return sessionStorage.getItem(TOKEN_KEY);
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
          body: encodeWire(args),
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
          error: { code: 'internal', message: `The server answered ${response.status}: ${text.slice(0, 200)}` },
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
