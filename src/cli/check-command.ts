/**
 * `scholia check [--repair] [--json]`: every damaged or missing file the library knows of, with what
 * each held and what to do; with `--repair`, what backups can restore is restored first (see
 * `core/sync/library-health.ts`). Exit status 0 when nothing is wrong (after the repair, with
 * `--repair`), 1 when something is, or the library could not be opened.
 */
import { LibraryStore, type LibraryProblem, type RepairAction } from '../core/store/library-store';

const OWNER = 'the scholia command line';

/** The problems a fresh opening of `dir` finds. */
async function inspect(dir: string): Promise<LibraryProblem[]> {
  const store = await LibraryStore.open(dir, { owner: OWNER });
  try {
    // The notices say what `check` lists, with the advice; they are not printed twice.
    store.takeNotices();
    return await store.check();
  } finally {
    await store.close();
  }
}

/** Runs the command on the library folder `dir`; resolves to the exit status. Throws on failure to open. */
export async function runCheck(
  dir: string,
  options: { repair: boolean; json: boolean },
  stdout: (text: string) => void,
): Promise<number> {
  let problems = await inspect(dir);
  let repairs: RepairAction[] = [];
  if (options.repair && problems.some((problem) => problem.repairable)) {
    repairs = await LibraryStore.repair(dir, { owner: OWNER });
    problems = await inspect(dir);
  }
  if (options.json) {
    stdout(`${JSON.stringify({ ok: problems.length === 0, library: dir, problems, repairs }, null, 2)}\n`);
    return problems.length === 0 ? 0 : 1;
  }
  for (const repair of repairs)
    stdout(`${repair.restored ? 'Repaired' : 'Not repaired'}: ${repair.message}\n`);
  if (problems.length === 0) {
    stdout(`No damaged or missing files in ${dir}.\n`);
    return 0;
  }
  stdout(`${String(problems.length)} problem${problems.length === 1 ? '' : 's'} in ${dir}:\n`);
  for (const problem of problems) {
    stdout(`\n${problem.file}\n  ${problem.message}\n  What to do: ${problem.advice}\n`);
  }
  if (!options.repair && problems.some((problem) => problem.repairable))
    stdout('\nRun "scholia check --repair" to restore what the backups can.\n');
  return 1;
}
