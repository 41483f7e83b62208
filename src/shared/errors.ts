/**
 * Errors that cross a process boundary.
 *
 * Inside one process, failures are thrown as {@link ScholiaError}. At a transport boundary (IPC, HTTP)
 * they become a plain {@link ApiError} inside a {@link Result}, because an `Error` does not survive
 * structured cloning or JSON. The client turns an `ApiError` back into a `ScholiaError`.
 */

/** What kind of failure it is; the UI chooses wording and recovery from this. */
export type ErrorCode =
  /** The caller's arguments do not satisfy the contract (bad IPC payload, selector outside the text). */
  | 'invalid-input'
  /** A document, annotation or tag id that does not exist (any more). */
  | 'not-found'
  /** A file could not be imported: empty, binary, not UTF-8, too large, unknown format. */
  | 'import-failed'
  /** Another process holds the library folder. */
  | 'library-locked'
  /** A library file exists but cannot be read as what it should be; it was left untouched. */
  | 'library-corrupt'
  /** The disk refused: permission denied, disk full, path missing. */
  | 'io'
  /**
   * A path the reader did not choose in this session (in an Import or Export dialog, by dropping it on
   * the window, or on the command line): core reads and writes outside the library only there.
   */
  | 'not-allowed'
  /** A bug: an invariant broke. */
  | 'internal';

/** The serialisable form of a failure. `message` is written for the reader: what happened and what to do. */
export interface ApiError {
  code: ErrorCode;
  message: string;
  /** The file or input the error is about, when there is one. */
  path?: string;
}

/** A failure with a kind, a reader-facing message and, where it applies, the file it concerns. */
export class ScholiaError extends Error {
  readonly code: ErrorCode;
  readonly path: string | undefined;

  constructor(code: ErrorCode, message: string, options: { path?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ScholiaError';
    this.code = code;
    this.path = options.path;
  }

  /** The plain object that crosses a process boundary. */
  toApiError(): ApiError {
    return this.path === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, path: this.path };
  }

  /** Rebuilds the error on the receiving side of a transport. */
  static fromApiError(error: ApiError): ScholiaError {
    return new ScholiaError(
      error.code,
      error.message,
      error.path === undefined ? {} : { path: error.path },
    );
  }
}

/** Converts anything thrown into an `ApiError`; unknown throwables become `internal` errors. */
export function toApiError(thrown: unknown): ApiError {
  if (thrown instanceof ScholiaError) return thrown.toApiError();
  const message = thrown instanceof Error ? thrown.message : String(thrown);
  return { code: 'internal', message: `Unexpected error: ${message}` };
}

/** The outcome of a call across a process boundary. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/** The `not-found` error for a document id the library does not have. */
export function documentNotFound(documentId: string): ScholiaError {
  return new ScholiaError(
    'not-found',
    `No document with id "${documentId}". It may have been deleted; refresh the list of documents.`,
  );
}
