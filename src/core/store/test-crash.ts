/**
 * Test support for crash safety: a library folder as a crash at some moment would leave it. Used only
 * by `*.test.ts` files.
 */
import { cpSync } from 'node:fs';
import { cp } from 'node:fs/promises';
import { basename } from 'node:path';

/**
 * Copies the library folder `dir` to `target` as a crash at this moment would leave it: what is on
 * disk now, without the lock (its holder, this process, is still running). Opening the copy is
 * restarting after the crash. Resolves to `target`.
 */
export async function crashCopy(dir: string, target: string): Promise<string> {
  await cp(dir, target, { recursive: true, filter: (source) => basename(source) !== '.lock' });
  return target;
}

/**
 * As {@link crashCopy}, but synchronously: called from code that runs between two steps of an
 * operation (an event listener, say), it captures the folder exactly as it is at that moment.
 */
export function crashCopySync(dir: string, target: string): string {
  cpSync(dir, target, { recursive: true, filter: (source) => basename(source) !== '.lock' });
  return target;
}

/** A crash to simulate at one moment of an operation. See {@link simulatedCrash}. */
export interface SimulatedCrash {
  /** Copies the folder as a crash now would leave it, then throws `simulated crash`, stopping the operation there. */
  strike(): Promise<never>;
  /** The copy the crash left; throws when the crash never happened. */
  copy(): string;
}

/** A crash of the library folder `dir` whose aftermath is copied to `target` when it strikes. */
export function simulatedCrash(dir: string, target: string): SimulatedCrash {
  let copied: string | null = null;
  return {
    async strike() {
      copied = await crashCopy(dir, target);
      throw new Error('simulated crash');
    },
    copy() {
      if (copied === null) throw new Error('the crash point was never reached');
      return copied;
    },
  };
}
