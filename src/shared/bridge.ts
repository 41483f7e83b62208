/**
 * A transport: the raw way a front end reaches core. Electron's preload exposes one over IPC
 * (`window.scholiaBridge`); browser mode builds one over HTTP. {@link createApiClient} turns either into
 * the typed {@link ScholiaApi}, so error kinds survive every transport the same way.
 */
import {
  API_METHODS,
  type ApiArgs,
  type ApiEventName,
  type ApiEvents,
  type ApiMethod,
  type ApiReturns,
  type ScholiaApi,
  type Unsubscribe,
} from './api';
import { ScholiaError, type Result } from './errors';

/** What a transport provides: one call, one event subscription. Never rejects for API failures. */
export interface ScholiaBridge {
  /** Calls `method` with `args`; a failure arrives as `{ ok: false, error }`. */
  invoke(method: ApiMethod, args: unknown): Promise<Result<unknown>>;
  /** Subscribes to an event from core. */
  on(event: ApiEventName, listener: (payload: unknown) => void): Unsubscribe;
}

/** Builds the typed API over a transport; failures reject with a `ScholiaError` carrying their code. */
export function createApiClient(bridge: ScholiaBridge): ScholiaApi {
  const api: Record<string, unknown> = {
    on<E extends ApiEventName>(event: E, listener: (payload: ApiEvents[E]) => void): Unsubscribe {
      // Core emits exactly ApiEvents[E] on channel E.
      return bridge.on(event, (payload) => listener(payload as ApiEvents[E]));
    },
  };
  for (const method of API_METHODS) {
    api[method] = async (args: ApiArgs<typeof method>) => {
      const result = await bridge.invoke(method, args);
      if (!result.ok) throw ScholiaError.fromApiError(result.error);
      return result.value as ApiReturns[typeof method];
    };
  }
  // Every method of ScholiaApi was assigned in the loop above.
  return api as ScholiaApi;
}
