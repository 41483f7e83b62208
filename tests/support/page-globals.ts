/** The globals Scholia's renderer defines, as seen from code evaluated in the page by tests. */
import type { ScholiaApi } from '../../src/shared/api';
import type { ScholiaHost } from '../../src/shared/host';

/** `window` inside the page under test. */
export type ScholiaWindow = Window & {
  scholia: ScholiaApi;
  scholiaHost: ScholiaHost;
  scholiaBridge?: unknown;
  require?: unknown;
  process?: unknown;
};
