/**
 * What may be wrong with a library folder (a file damaged, missing or cut short) and what restoring
 * from its backups did, as core reports it (`checkLibrary`, `repairLibrary`, `scholia check`); and
 * the words the app offers a restore with.
 */

/** A snapshot of one of this computer's logs in `backups/<device>/`. */
export interface BackupInfo {
  /** Relative to the library folder. */
  file: string;
  /** When it was taken (ISO time). */
  takenAt: string;
  /** How many changes it holds. */
  changes: number;
  /** What those changes amount to: how many annotations (a document's log) or documents (the library log). */
  items: number;
}

/** One damaged or missing file of a library. */
export interface LibraryProblem {
  kind:
    | 'own-log-missing'
    | 'own-log-short'
    | 'own-log-damaged'
    | 'other-log-damaged'
    | 'annotation-log-damaged'
    | 'annotation-log-missing'
    | 'annotation-log-short'
    | 'text-missing'
    | 'text-damaged'
    | 'original-damaged'
    | 'edit-record-damaged';
  /** The file, relative to the library folder, with `/` between folders. */
  file: string;
  /** What is wrong and what the file held, for the reader. */
  message: string;
  /** What to do about it. */
  advice: string;
  /** Whether a repair can restore it (from {@link backup}). */
  repairable: boolean;
  /** The newest sound snapshot that a repair would restore, if any. */
  backup?: BackupInfo | null;
  /** The document whose annotations or text the file holds, for a file of one document. */
  document?: { id: string; title: string };
}

/** What a repair did to one file. */
export interface RepairAction {
  file: string;
  /** What was done, for the reader. */
  message: string;
  restored: boolean;
  /** Where the file that was in place went, relative to the library folder. */
  movedAside?: string;
  /** The snapshot restored. */
  from?: string;
}

/** What `checkLibrary` finds, and what `repairLibrary` leaves after restoring what it can. */
export interface LibraryHealth {
  problems: LibraryProblem[];
  /** What the repair did (empty for a check). */
  repairs: RepairAction[];
}

/**
 * When a backup was taken, as a reader says it relative to `now`: "this morning's", "yesterday's",
 * "the backup of 3 March". Times are the reader's local ones.
 */
export function backupAge(takenAt: string, now: Date): string {
  const taken = new Date(takenAt);
  if (Number.isNaN(taken.getTime())) return 'the latest backup';
  const day = (date: Date): number => new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();
  const days = Math.round((day(now) - day(taken)) / 86_400_000);
  const hour = taken.getHours();
  const part = hour < 12 ? 'morning' : hour < 18 ? 'afternoon' : 'evening';
  if (days === 0) return `this ${part}'s backup`;
  if (days === 1) return `yesterday ${part}'s backup`;
  return `the backup of ${taken.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: taken.getFullYear() === now.getFullYear() ? undefined : 'numeric' })}`;
}

/**
 * What the button that restores `problem` says, e.g. "Restore 16 annotations of «USSR 1989» from this
 * morning's backup"; `null` when there is nothing to restore it from.
 */
export function restoreLabel(problem: LibraryProblem, now: Date): string | null {
  const backup = problem.backup;
  if (!problem.repairable || backup === undefined || backup === null) return null;
  const from = backupAge(backup.takenAt, now);
  const count = (n: number, one: string, many: string): string => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
  if (problem.document !== undefined)
    return `Restore ${count(backup.items, 'annotation', 'annotations')} of «${problem.document.title}» from ${from}`;
  return `Restore this computer's changes to ${count(backup.items, 'document', 'documents')} from ${from}`;
}
