/**
 * Turning what the file system throws into reader-facing `io` errors that name the file and say
 * what to do.
 */
import { ScholiaError } from '../../shared/errors';

/** The `code` of a Node file-system error (`ENOENT`, `EACCES`…), or `undefined` for anything else. */
export function errnoCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  const code = error.code;
  return typeof code === 'string' ? code : undefined;
}

const ADVICE: Record<string, string> = {
  ENOSPC: 'The disk is full: free some space and try again.',
  EDQUOT: 'Your disk quota is used up: free some space and try again.',
  EACCES: 'Permission was denied: check that you may write to this folder.',
  EPERM:
    'The operation is not permitted: check the folder’s permissions and that no other program holds the file.',
  EROFS: 'The disk is read-only: choose a library folder on a writable disk.',
  ENOENT: 'A folder on the way is missing: check that the library folder still exists.',
};

/**
 * An `io` error for a failed file operation: `Scholia could not <action> <path> (<code>). <advice>`.
 * An error that already is a `ScholiaError` is returned as it is.
 */
export function ioError(action: string, path: string, cause: unknown): ScholiaError {
  if (cause instanceof ScholiaError) return cause;
  const code = errnoCode(cause);
  const advice =
    (code === undefined ? undefined : ADVICE[code]) ?? 'Check that the disk is connected and writable.';
  const detail = code ?? (cause instanceof Error ? cause.message : String(cause));
  return new ScholiaError('io', `Scholia could not ${action} ${path} (${detail}). ${advice}`, {
    path,
    cause,
  });
}
