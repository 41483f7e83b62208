/**
 * Transport-independent dispatch of one API call: the single place where untrusted input from any
 * transport (IPC, HTTP) is checked and turned into a `Result`.
 */
import { isApiMethod, parseApiArgs, type ApiMethod, type ApiReturns, type ScholiaService } from './api';
import { ScholiaError, toApiError, type Result } from './errors';

/**
 * Validates `method` and `rawArgs`, calls the service, and never throws: every failure (unknown
 * method, invalid arguments, a failure inside core) comes back as `{ ok: false, error }`.
 */
export async function dispatchApiCall(
  service: ScholiaService,
  method: unknown,
  rawArgs: unknown,
): Promise<Result<ApiReturns[ApiMethod]>> {
  try {
    if (!isApiMethod(method)) {
      throw new ScholiaError('invalid-input', `Unknown API method: ${String(method).slice(0, 100)}`);
    }
    const args = parseApiArgs(method, rawArgs);
    // The method table and argument table are keyed alike; TypeScript cannot correlate them here.
    const fn = service[method] as (a: typeof args) => Promise<ApiReturns[ApiMethod]>;
    const value = await fn.call(service, args);
    return { ok: true, value };
  } catch (thrown) {
    return { ok: false, error: toApiError(thrown) };
  }
}
