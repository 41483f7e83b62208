/**
 * Test support shared by core and CLI tests: a fresh temporary folder per test, and the reader-facing
 * error a call fails with. Used only by `*.test.ts` files.
 */
import type { Readable } from 'node:stream';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { ScholiaError } from '../shared/errors';

/** A temporary folder that exists during each test. See {@link useTempDir}. */
export interface TempDir {
  /** The folder of the running test. */
  readonly path: string;
}

/**
 * Registers `beforeEach`/`afterEach` hooks that give each test of the calling file a fresh empty folder
 * named `prefix…` in the system's temp directory, and remove it with all it holds after the test.
 */
export function useTempDir(prefix: string): TempDir {
  let path = '';
  beforeEach(async () => {
    path = await mkdtemp(join(tmpdir(), prefix));
  });
  afterEach(async () => {
    await rm(path, { recursive: true, force: true });
    path = '';
  });
  return {
    get path() {
      if (path === '') throw new Error('There is no temporary folder outside a test.');
      return path;
    },
  };
}

/** The error `promise` rejects with; fails the test when it resolves or rejects with anything else. */
export async function failure(promise: Promise<unknown>): Promise<ScholiaError> {
  const error: unknown = await promise.then(
    () => new Error('expected a failure'),
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof ScholiaError)) throw error;
  return error;
}

/** The error `run` throws; fails the test when it returns or throws anything else. */
export function failureOf(run: () => unknown): ScholiaError {
  try {
    run();
  } catch (error) {
    if (error instanceof ScholiaError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

/**
 * Calls `onLine` with each whole line `child` writes to its standard output, as it comes, and gives
 * what it wrote to standard error so far through `stderr()` (for a failure's message).
 */
export function followChildLines(
  child: { readonly stdout: Readable; readonly stderr: Readable },
  onLine: (line: string) => void,
): { stderr: () => string } {
  let pending = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.on('data', (chunk: Buffer) => {
    pending += chunk.toString();
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) onLine(line);
  });
  return { stderr: () => stderr };
}
