/**
 * How an import failure is reported: always a `ScholiaError` with code `import-failed`, a message that
 * names the file and says what to do, and the file's path (or uploaded name) as the error's `path`.
 */
import { ScholiaError } from '../../shared/errors';

/** Which file an import is about, in the two forms errors need. */
export interface SourceIdentity {
  /** The file's base name, e.g. `ussr-1989.txt`; what messages show the reader. */
  readonly name: string;
  /** The full path for a file on disk, the name for uploaded bytes; carried as the error's `path`. */
  readonly label: string;
}

/** Builds the `import-failed` error for `source` with a reader-facing `message`. */
export function importFailed(source: SourceIdentity, message: string, cause?: unknown): ScholiaError {
  return new ScholiaError('import-failed', message, { path: source.label, cause });
}
