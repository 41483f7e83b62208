/**
 * What may be wrong with a library folder that opening cannot see for itself, and restoring what a
 * backup can bring back (`scholia check`, `scholia check --repair`).
 *
 * The case that matters most: this computer's own library log (`devices/<device>/library.jsonl`)
 * missing, emptied or shortened while the folder shows it had more (the checkpoint written at the
 * last close recorded more bytes of it, or `backups/<device>/` holds snapshots of it). Read as it is, such a library looks empty, or merely smaller, and fine; so opening
 * reports the loss by name instead ({@link findOwnLogLoss}), takes no snapshot of the short log (which
 * would push the good ones out) and writes no checkpoint (which would forget what the log held), until
 * {@link restoreOwnLog} puts the newest sound snapshot back. Nothing is restored silently.
 *
 * A restore never overwrites: the file in place, if any, is first copied to
 * `local/<device>/damaged/<name>.<time>`, and the sound changes it holds that the snapshot lacks (those
 * made since the loss) are appended after the snapshot's, so nothing saved in between is lost either.
 */
import { lstat, mkdir, readdir, readFile, rename, stat } from 'node:fs/promises';
import { basename, dirname, join, relative, sep } from 'node:path';
import { listAnnotationSnapshots, listSnapshots, snapshotTime } from '../store/backups';
import { writeDurably } from '../store/durable-json-file';
import { errnoCode, ioError } from '../store/fs-errors';
import { parseChangeLog, readLogBytes, serializeEntry } from './change-log';
import type { BackupInfo, LibraryProblem, RepairAction } from '../../shared/library-health';
import { DEVICES_DIR, type LogSetCheckpoint } from './log-set';
import { Replica } from './replica';

export type { BackupInfo, LibraryProblem, RepairAction } from '../../shared/library-health';

/** `path` relative to the library `root`, with `/` between folders. */
export function libraryRelative(root: string, path: string): string {
  return relative(root, path).split(sep).join('/');
}

/** `backups/<device>/`, where the snapshots of this device's library log are kept. */
export function ownBackupsDir(root: string, deviceId: string): string {
  return join(root, 'backups', deviceId);
}

/** The newest snapshot in `backups/<device>/` that holds changes and reads without damage; `null` when none. */
export async function newestSoundSnapshot(root: string, deviceId: string): Promise<BackupInfo | null> {
  const folder = ownBackupsDir(root, deviceId);
  return newestSoundIn(
    root,
    folder,
    await listSnapshots(folder).catch(() => []),
    (name) => name,
    (key) => key.startsWith('doc:'),
  );
}

/**
 * Of the snapshots `names` in `folder` (oldest first), the newest that holds changes and reads without
 * damage; `asLibrarySnapshot` gives the name its time is read from, as a library-log snapshot's.
 */
async function newestSoundIn(
  root: string,
  folder: string,
  names: readonly string[],
  asLibrarySnapshot: (name: string) => string,
  counts: (key: string) => boolean,
): Promise<BackupInfo | null> {
  for (const name of [...names].reverse()) {
    const path = join(folder, name);
    const bytes = await readLogBytes(path).catch(() => null);
    if (bytes === null) continue;
    const read = parseChangeLog(bytes, path);
    if (read.damaged.length > 0 || read.entries.length === 0) continue;
    const replica = new Replica();
    for (const entry of read.entries) replica.apply(entry);
    let items = 0;
    for (const key of replica.keys()) if (counts(key) && replica.view(key) !== null) items += 1;
    return {
      file: libraryRelative(root, path),
      takenAt: snapshotTime(asLibrarySnapshot(name)) ?? '',
      changes: read.entries.length,
      items,
    };
  }
  return null;
}

/** `2026-03-01T14:02:07.123Z` as `2026-03-01 14:02 UTC`. */
export function readableTime(iso: string): string {
  return iso === '' ? 'an unknown time' : `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/**
 * Whether this device's own library log is missing, empty or shorter than when the library was last
 * closed, while the folder shows it held more: the problem to report, or `null` when it is as it
 * should be. `checkpoint` is what the checkpoint written at the last close recorded of the logs;
 * `readableBytes`, how much of the file reads as changes, when it has been read. Never rejects.
 */
export async function findOwnLogLoss(
  root: string,
  deviceId: string,
  checkpoint: LogSetCheckpoint | null | undefined,
  readableBytes?: number,
): Promise<LibraryProblem | null> {
  const path = join(root, DEVICES_DIR, deviceId, 'library.jsonl');
  const file = libraryRelative(root, path);
  const found = await stat(path).then(
    (info) => (info.isFile() ? info.size : 0),
    () => null,
  );
  // What reads as changes counts, not the bytes: zeros over the whole file read as nothing.
  const size = found === null ? null : Math.min(found, readableBytes ?? found);
  const recorded = recordedPrefix(checkpoint, deviceId);
  const heldBytes = recorded?.bytes ?? 0;
  const empty = size === null || size === 0;
  if (!empty && size >= heldBytes) return null;
  // This computer's annotation logs are no sign of a library log: a computer that has only highlighted,
  // or folded a conflict copy of another's annotations into its own, has them without one.
  const backup = await newestSoundSnapshot(root, deviceId);
  if (empty && heldBytes === 0 && backup === null) return null;
  const state =
    size === null
      ? 'is missing'
      : size === 0
        ? 'is empty'
        : `is shorter than at the last close (${String(size)} bytes, where it had ${String(heldBytes)})`;
  const held =
    recorded !== null && recorded.lines > 0
      ? `it held ${String(recorded.lines)} change${recorded.lines === 1 ? '' : 's'} at the last close`
      : "it held this computer's changes to the library";
  const where =
    backup === null
      ? `there is no backup of it in backups/${deviceId}/`
      : `the newest backup is ${backup.file} from ${readableTime(backup.takenAt)} (${String(backup.changes)} change${backup.changes === 1 ? '' : 's'})`;
  return {
    kind: size === null || size === 0 ? 'own-log-missing' : 'own-log-short',
    file,
    message: `${file} ${state}; ${held}; ${where}. Other computers' changes are shown as usual, but this computer's may be missing from the library.`,
    advice:
      backup === null
        ? 'Restore the file from your own backup of the library folder, if you have one. Changes saved meanwhile are kept in it.'
        : 'Run "scholia check --repair" to restore the backup (the file now in place is moved to local/<device>/damaged/ first, and the changes saved in it since are kept).',
    repairable: backup !== null,
    backup,
  };
}

function recordedPrefix(
  checkpoint: LogSetCheckpoint | null | undefined,
  deviceId: string,
): { bytes: number; lines: number } | null {
  const files: unknown = checkpoint?.files;
  if (typeof files !== 'object' || files === null) return null;
  const prefix = (files as Record<string, unknown>)[deviceId];
  if (typeof prefix !== 'object' || prefix === null) return null;
  const { bytes, lines } = prefix as { bytes?: unknown; lines?: unknown };
  return typeof bytes === 'number' && typeof lines === 'number' && bytes >= 0 && lines >= 0
    ? { bytes, lines }
    : null;
}

/**
 * Moves the file (or a folder standing in its place) at `path` to `local/<device>/damaged/<name>.<time>`, never
 * over another file. Resolves to where it went, or `null` when there was nothing there. Throws `io`.
 */
export async function moveAside(
  root: string,
  deviceId: string,
  path: string,
  now: Date,
): Promise<string | null> {
  const folder = join(root, 'local', deviceId, 'damaged');
  try {
    await stat(path);
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return null;
    throw ioError('read', path, error);
  }
  await mkdir(folder, { recursive: true }).catch((error: unknown) => {
    throw ioError('create the folder', folder, error);
  });
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  for (let n = 0; ; n++) {
    const target = join(folder, `${basename(path)}.${stamp}${n === 0 ? '' : `-${String(n)}`}`);
    // Never over another file (the lock is held, so nothing else writes here). A rename moves a folder
    // standing where the file should be too; the library and local/ share one file system.
    const taken = await lstat(target).then(
      () => true,
      () => false,
    );
    if (taken) {
      if (n >= 100) throw ioError('move aside', path, new Error('too many files of that name'));
      continue;
    }
    try {
      await rename(path, target);
      return target;
    } catch (error) {
      throw ioError('move aside', path, error);
    }
  }
}

/**
 * Puts the newest sound snapshot of this device's library log back in place: the file there, if any,
 * is moved aside first ({@link moveAside}), and the sound changes it holds that the snapshot lacks are
 * appended after the snapshot's. Call it only while holding the library's lock, with the library not
 * open. Throws `io`.
 */
export async function restoreOwnLog(root: string, deviceId: string, now = new Date()): Promise<RepairAction> {
  const path = join(root, DEVICES_DIR, deviceId, 'library.jsonl');
  const backup = await newestSoundSnapshot(root, deviceId);
  if (backup === null)
    return {
      file: libraryRelative(root, path),
      restored: false,
      message: `${libraryRelative(root, path)} was not restored: backups/${deviceId}/ holds no sound snapshot of it. Restore it from your own backup of the library folder.`,
    };
  return restoreFrom(root, deviceId, path, backup, now);
}

/**
 * Puts `backup` (a sound snapshot of the log at `path`) back in place of the log: the file there, if
 * any, is moved aside first, and the sound changes it holds that the snapshot lacks (those saved since)
 * are appended after the snapshot's, so nothing saved in between is lost. Throws `io`.
 */
async function restoreFrom(
  root: string,
  deviceId: string,
  path: string,
  backup: BackupInfo,
  now: Date,
): Promise<RepairAction> {
  const file = libraryRelative(root, path);
  const snapshotPath = join(root, ...backup.file.split('/'));
  const snapshot = parseChangeLog(await readFile(snapshotPath), snapshotPath);
  const current = await readLogBytes(path).catch(() => null);
  const since = current === null ? [] : parseChangeLog(current, path).entries;
  const have = new Set(snapshot.entries.map(serializeEntry));
  const added = since.map(serializeEntry).filter((line) => !have.has(line));
  const movedAside = await moveAside(root, deviceId, path, now);
  const text = [...snapshot.entries.map(serializeEntry), ...added].join('');
  await mkdir(dirname(path), { recursive: true }).catch((error: unknown) => {
    throw ioError('create the folder', dirname(path), error);
  });
  await writeDurably(path, (handle) => handle.writeFile(text, 'utf8'), { action: 'restore' });
  const aside = movedAside === null ? undefined : libraryRelative(root, movedAside);
  return {
    file,
    restored: true,
    from: backup.file,
    ...(aside === undefined ? {} : { movedAside: aside }),
    message:
      `Restored ${file} from ${backup.file} (${readableTime(backup.takenAt)}, ${String(backup.changes)} changes)` +
      (added.length > 0 ? `, keeping the ${String(added.length)} change(s) saved in it since` : '') +
      (aside === undefined ? '.' : `; the file that was in place is kept as ${aside}.`),
  };
}

/** `backups/<device>/annotations/`, where the snapshots of this device's annotation logs are kept, a folder per document. */
export function annotationBackupsDir(root: string, deviceId: string): string {
  return join(ownBackupsDir(root, deviceId), 'annotations');
}

/** The newest snapshot of this device's annotation log of document `id` that holds changes and reads without damage. */
export async function newestSoundAnnotationSnapshot(
  root: string,
  deviceId: string,
  id: string,
): Promise<BackupInfo | null> {
  const folder = join(annotationBackupsDir(root, deviceId), id);
  return newestSoundIn(
    root,
    folder,
    await listAnnotationSnapshots(folder),
    (name) => name.replace(/^annotations-/, 'library-'),
    () => true,
  );
}

/**
 * Puts back, from its newest sound snapshot, each of this device's annotation logs that is missing,
 * shorter than `recorded` says it was at the last close, or holds damaged lines, while
 * `backups/<device>/annotations/` holds a sound snapshot of it (see {@link restoreFrom}: the file in
 * place is moved aside, the changes it holds that the snapshot lacks are kept). Call it only while
 * holding the library's lock, with the library not open. Throws `io`.
 */
export async function restoreOwnAnnotationLogs(
  root: string,
  deviceId: string,
  recorded: ReadonlyMap<string, LogLength> = new Map(),
  now = new Date(),
): Promise<RepairAction[]> {
  const ids = await readdir(annotationBackupsDir(root, deviceId)).catch(() => [] as string[]);
  const actions: RepairAction[] = [];
  for (const id of ids.sort()) {
    const path = ownAnnotationLogPath(root, deviceId, id);
    const bytes = await readLogBytes(path).catch(() => null);
    const length = recorded.get(id);
    const read = bytes === null ? null : parseChangeLog(bytes, path);
    const sound =
      read !== null && (length === undefined || read.validBytes >= length.bytes) && read.damaged.length === 0;
    if (sound) continue;
    const backup = await newestSoundAnnotationSnapshot(root, deviceId, id);
    if (backup === null) continue;
    actions.push(await restoreFrom(root, deviceId, path, backup, now));
  }
  return actions;
}

/** `devices/<device>/annotations/<id>.jsonl`: this device's log of document `id`'s annotations. */
export function ownAnnotationLogPath(root: string, deviceId: string, id: string): string {
  return join(root, DEVICES_DIR, deviceId, 'annotations', `${id}.jsonl`);
}

/**
 * How long one of this device's own logs was (bytes and changes), and how many bytes of each other
 * device's log of the same document were read.
 */
export interface LogLength {
  bytes: number;
  lines: number;
  others?: Record<string, number>;
}

/** `local/<device>/annotation-logs.json`: how long each of this device's annotation logs was at the last close. */
export function annotationLogRecordPath(root: string, deviceId: string): string {
  return join(root, 'local', deviceId, 'annotation-logs.json');
}

const RECORD_FORMAT = 1;

/**
 * What {@link writeAnnotationLogRecord} last wrote: for each document, how long this device's log of
 * its annotations was. Empty when there is none or it cannot be read (it only sharpens what opening
 * can tell, and the backups still show which logs existed). Never rejects.
 */
export async function readAnnotationLogRecord(
  root: string,
  deviceId: string,
): Promise<Map<string, LogLength>> {
  const lengths = new Map<string, LogLength>();
  try {
    const raw: unknown = JSON.parse(await readFile(annotationLogRecordPath(root, deviceId), 'utf8'));
    const { format, logs } = (raw ?? {}) as { format?: unknown; logs?: unknown };
    if (format !== RECORD_FORMAT || typeof logs !== 'object' || logs === null) return lengths;
    for (const [id, length] of Object.entries(logs as Record<string, unknown>)) {
      const { bytes, lines, others } = (length ?? {}) as Partial<LogLength>;
      const read: Record<string, number> = {};
      if (typeof others === 'object')
        for (const [device, size] of Object.entries(others as Record<string, unknown>))
          if (typeof size === 'number' && Number.isSafeInteger(size) && size > 0) read[device] = size;
      if (
        Number.isSafeInteger(bytes) &&
        Number.isSafeInteger(lines) &&
        (bytes ?? -1) >= 0 &&
        (lines ?? -1) >= 0
      )
        lengths.set(id, { bytes: bytes ?? 0, lines: lines ?? 0, others: read });
    }
  } catch {
    // Missing or unreadable: nothing recorded.
  }
  return lengths;
}

/** Writes the record {@link readAnnotationLogRecord} reads, durably. Throws `io`. */
export async function writeAnnotationLogRecord(
  root: string,
  deviceId: string,
  lengths: ReadonlyMap<string, LogLength>,
): Promise<void> {
  const text = JSON.stringify({ format: RECORD_FORMAT, logs: Object.fromEntries(lengths) });
  await writeDurably(annotationLogRecordPath(root, deviceId), (handle) => handle.writeFile(text, 'utf8'), {
    action: 'save',
  });
}

/**
 * This device's annotation logs that are missing, or shorter than at the last close, while the
 * folder shows they held more (`recorded`, the lengths at the last close, or a snapshot in
 * `backups/<device>/annotations/`): one problem each, naming the document and the newest backup.
 * Read as they are, such a document merely shows fewer annotations; this is what tells a lost file
 * from an empty one. Never rejects.
 */
export async function findAnnotationLogLosses(
  root: string,
  deviceId: string,
  recorded: ReadonlyMap<string, LogLength>,
  documents: ReadonlyArray<{ id: string; title: string }>,
): Promise<LibraryProblem[]> {
  const [present, backedUp] = await Promise.all([
    readdir(join(root, DEVICES_DIR, deviceId, 'annotations')).then(
      (names) => new Set(names),
      () => new Set<string>(),
    ),
    readdir(annotationBackupsDir(root, deviceId)).then(
      (names) => new Set(names),
      () => new Set<string>(),
    ),
  ]);
  const found = await Promise.all(
    documents.map(async ({ id, title }): Promise<LibraryProblem | null> => {
      const expected = recorded.get(id);
      const name = `${id}.jsonl`;
      const path = ownAnnotationLogPath(root, deviceId, id);
      let size: number | null = null;
      if (present.has(name)) {
        if (expected === undefined) return null;
        size = await stat(path).then(
          (info) => (info.isFile() ? info.size : 0),
          () => null,
        );
        if (size !== null && size >= expected.bytes) return null;
      } else if ((expected?.lines ?? 0) === 0 && !backedUp.has(id)) return null;
      const backup = backedUp.has(id) ? await newestSoundAnnotationSnapshot(root, deviceId, id) : null;
      return annotationLogLoss(root, path, { id, title }, size, expected, backup, deviceId);
    }),
  );
  return found.filter((problem): problem is LibraryProblem => problem !== null);
}

/**
 * Whether this device's log of document `document`'s annotations, now read, holds less than it did at
 * the last close (`expected`): only `readableBytes` of it read as changes (zeros or garbage over the
 * rest, which its size alone does not show). The problem to report, or `null`. Never rejects.
 */
export async function annotationLogReadsShort(
  root: string,
  deviceId: string,
  document: { id: string; title: string },
  expected: LogLength | undefined,
  readableBytes: number,
): Promise<LibraryProblem | null> {
  if (expected === undefined || readableBytes >= expected.bytes) return null;
  const backup = await newestSoundAnnotationSnapshot(root, deviceId, document.id).catch(() => null);
  const path = ownAnnotationLogPath(root, deviceId, document.id);
  return annotationLogLoss(root, path, document, readableBytes, expected, backup, deviceId);
}

export function annotationLogLoss(
  root: string,
  path: string,
  document: { id: string; title: string },
  size: number | null,
  expected: LogLength | undefined,
  backup: BackupInfo | null,
  deviceId: string,
): LibraryProblem {
  const file = libraryRelative(root, path);
  const state =
    size === null
      ? 'is missing'
      : size === 0
        ? 'is empty'
        : `is shorter than at the last close (${String(size)} bytes, where it had ${String(expected?.bytes ?? 0)})`;
  const held =
    expected !== undefined && expected.lines > 0
      ? `; it held ${String(expected.lines)} change${expected.lines === 1 ? '' : 's'} at the last close`
      : '';
  const where =
    backup === null
      ? `There is no backup of it in backups/${deviceId}/annotations/.`
      : `The newest backup, from ${readableTime(backup.takenAt)}, holds ${String(backup.items)} annotation${backup.items === 1 ? '' : 's'}. Until it is restored, no more highlights of this document are saved on this computer.`;
  return {
    kind: size === null || size === 0 ? 'annotation-log-missing' : 'annotation-log-short',
    file,
    message: `This computer's highlights and notes in “${document.title}” (${file}) ${state}${held}. ${where}`,
    advice:
      backup === null
        ? 'Restore the file from your own backup of the library folder if you have one (close Scholia first). New highlights are saved after what is left of it.'
        : 'Restore it: Restore… in the app, or "scholia check --repair". The file now in place is kept in local/<device>/damaged/, and the changes saved in it since are kept.',
    repairable: backup !== null,
    backup,
    document,
  };
}

/**
 * Other devices' library logs that the checkpoint written at the last close read (`checkpoint`) and
 * that are now gone, empty, or no longer than then and ending in a cut line (a compaction leaves a
 * shorter file, but one that ends where a line does; a copy still arriving is longer): what this computer cannot restore, only report. Never rejects.
 */
export async function findForeignLogLosses(
  root: string,
  deviceId: string,
  checkpoint: LogSetCheckpoint | null | undefined,
): Promise<LibraryProblem[]> {
  const prefixes: unknown = checkpoint?.files;
  if (typeof prefixes !== 'object' || prefixes === null) return [];
  const found = await Promise.all(
    Object.entries(prefixes as Record<string, unknown>).map(async ([device, prefix]) => {
      if (device === deviceId || typeof prefix !== 'object' || prefix === null) return null;
      const { bytes, lines } = prefix as { bytes?: unknown; lines?: unknown };
      if (typeof bytes !== 'number' || typeof lines !== 'number' || lines === 0) return null;
      const path = join(root, DEVICES_DIR, device, 'library.jsonl');
      const now = await readLogBytes(path).catch(() => null);
      const state =
        now === null || now.length === 0
          ? 'missing'
          : now.length <= bytes && now[now.length - 1] !== 0x0a
            ? 'cut short or overwritten'
            : null;
      if (state === null) return null;
      const file = libraryRelative(root, path);
      const problem: LibraryProblem = {
        kind: 'other-log-damaged',
        file,
        message: `${file}, another computer's changes to the library, is ${state}: this computer read ${String(lines)} change${lines === 1 ? '' : 's'} from it when it last closed the library. Until that computer sends it again, what it changed may be missing here.`,
        advice:
          'Open the library on that computer: it finds its own file lost and offers to restore it from its backups. Scholia has not changed the file here.',
        repairable: false,
      };
      return problem;
    }),
  );
  return found.filter((problem): problem is LibraryProblem => problem !== null);
}

/**
 * Other devices' logs of document `document`'s annotations that this computer read at its last close
 * (`recorded`) and that are now gone, empty, or shorter and ending in a cut line (`now`, as just read):
 * reported, theirs to restore.
 */
export function foreignAnnotationLogLosses(
  root: string,
  document: { id: string; title: string },
  recorded: Readonly<Record<string, number>> | undefined,
  now: ReadonlyMap<string, { bytes: number; whole: boolean }>,
): LibraryProblem[] {
  const problems: LibraryProblem[] = [];
  for (const [device, bytes] of Object.entries(recorded ?? {})) {
    const file = now.get(device);
    const state =
      file === undefined || file.bytes === 0
        ? 'missing'
        : file.bytes <= bytes && !file.whole
          ? 'cut short or overwritten'
          : null;
    if (state === null) continue;
    const name = libraryRelative(
      root,
      join(root, DEVICES_DIR, device, 'annotations', `${document.id}.jsonl`),
    );
    problems.push({
      kind: 'other-log-damaged',
      file: name,
      message: `${name}, another computer's highlights and notes in “${document.title}”, is ${state}: this computer read ${String(bytes)} bytes of it when it last closed the library. Until that computer sends it again, its highlights may be missing here.`,
      advice:
        'Open the library on that computer: it finds its own file lost and offers to restore it from its backups. Scholia has not changed the file here.',
      repairable: false,
      document,
    });
  }
  return problems;
}

/**
 * A library folder whose logs list no document while `documents/` holds texts: its logs were lost
 * (a sync engine or a person removed `devices/`), or the first import into it was cut short before it
 * was saved. Either way it is not a new, empty library, and the reader is told, with the newest backup
 * if any. `known` says whether any computer's library log holds anything at all. Never rejects.
 */
export async function findUnlistedTexts(root: string, known: boolean): Promise<LibraryProblem | null> {
  if (known) return null;
  const names = await readdir(join(root, 'documents')).catch(() => [] as string[]);
  const texts = names.filter((name) => /^[^.][^/]*\.json$/.test(name)).length;
  if (texts === 0) return null;
  const folders = await readdir(join(root, 'backups')).catch(() => [] as string[]);
  const held = await Promise.all(
    folders.map((folder) =>
      readdir(join(root, 'backups', folder)).then(
        (inside) => inside.length > 0,
        () => false,
      ),
    ),
  );
  const backups = folders.filter((_folder, index) => held[index] === true);
  // Without backups the folder may simply be new, its first import cut short before it was saved.
  if (backups.length === 0) return null;
  return {
    kind: 'own-log-missing',
    file: 'devices/',
    message: `documents/ holds ${String(texts)} text${texts === 1 ? '' : 's'}, but no computer's library log lists any document: the library's logs (devices/) are missing, or the first import into this folder was cut short before it was saved.`,
    advice: `Close Scholia and restore the folder from your own backup, or from backups/ (${backups.sort().join(', ')}); Scholia has not changed the texts.`,
    repairable: false,
  };
}
