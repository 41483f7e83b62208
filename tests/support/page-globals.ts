/** The globals Scholia's renderer defines, as seen from code evaluated in the page by tests. */
import type { ScholiaApi } from '../../src/shared/api';

/** `window` inside the page under test. */
export type ScholiaWindow = Window & {
  scholia: ScholiaApi;
  scholiaBridge?: unknown;
  require?: unknown;
  process?: unknown;
};
