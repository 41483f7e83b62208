/** What to tell the reader when something they asked for failed. */
import { ScholiaError } from '../../../shared/errors';

/**
 * The reader-facing message of `thrown`: a `ScholiaError`'s own message (core writes those for
 * readers), otherwise `fallback` followed by what the error said.
 */
export function errorMessage(thrown: unknown, fallback: string): string {
  if (thrown instanceof ScholiaError) return thrown.message;
  const detail = thrown instanceof Error ? thrown.message : String(thrown);
  return `${fallback} (${detail})`;
}
