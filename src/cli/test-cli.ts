/**
 * Test support for the command line: runs `scholia` in-process in a fresh temporary folder per test,
 * capturing what it prints. Used only by `*.test.ts` files.
 */
import { join } from 'node:path';
import { useTempDir } from '../core/test-support';
import { runCli } from './cli';

/** What one run of the command printed, and its exit code. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** A temporary folder per test, and the command run in it. See {@link useCliFolder}. */
export interface CliFolder {
  /** The folder of the running test: the command's working folder. */
  readonly dir: string;
  /** Runs `scholia --library <dir>/<library> …argv` with no environment. */
  runOn: (library: string, ...argv: string[]) => Promise<CliRun>;
  /** {@link runOn} with `input` on standard input. */
  runWithInput: (input: string, library: string, ...argv: string[]) => Promise<CliRun>;
}

/** Registers hooks that give each test of the calling file a fresh folder named `prefix…` to run the command in. */
export function useCliFolder(prefix: string): CliFolder {
  const temp = useTempDir(prefix);
  return {
    get dir() {
      return temp.path;
    },
    runOn(library, ...argv) {
      return run(temp.path, undefined, library, argv);
    },
    runWithInput(input, library, ...argv) {
      return run(temp.path, input, library, argv);
    },
  };
}

async function run(
  folder: string,
  input: string | undefined,
  library: string,
  argv: readonly string[],
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['--library', join(folder, library), ...argv], {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    env: {},
    cwd: folder,
    ...(input === undefined ? {} : { stdin: () => Promise.resolve(new TextEncoder().encode(input)) }),
  });
  return { code, stdout, stderr };
}
