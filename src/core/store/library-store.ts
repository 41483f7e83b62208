/**
 * A library folder on disk and the typed operations on it. The folder can be shared by several
 * computers through a sync engine (Syncthing, Nextcloud, Dropbox, iCloud, OneDrive, a USB stick):
 * every file in it has exactly one writer.
 *
 * ```
 * <library>/devices/<device>/library.jsonl               this device's changes to documents' metadata, tags, reading lists, settings
 * <library>/devices/<device>/annotations/<id>.jsonl      this device's changes to one document's annotations
 * <library>/devices/<device>/device.json                 the device's name and its reader's name
 * <library>/documents/<id>.json                          a document's text as imported (written once)
 * <library>/documents/<id>.<revision>.json               a revision of it made by Clean text (written once)
 * <library>/originals/<id>.<ext>                         the file each document was imported from
 * <library>/local/<device>/                              this computer's own: lock, search index, edit records
 * <library>/backups/                                     copies made before a conversion, and of the logs
 * ```
 *
 * Every change is durable when its promise resolves: it is one line appended to one of this
 * device's logs and fdatasync'ed. What the store serves is the merge of every device's logs (see
 * `core/sync/replica.ts`), so changes made on two computers while they were apart both survive, and
 * every computer that has the same files shows the same library. Other devices' logs are read again
 * when they change ({@link refreshFromDisk}); conflict copies a sync engine made are folded in.
 *
 * Tags are referred to by annotations in many files. Operations that add references to tags or remove
 * tags run one at a time through {@link LibraryStore.withCodebook}, so a tag cannot vanish between the
 * check that it exists and the write that refers to it.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import {
  AnnotationSchema,
  displayTitle,
  type Annotation,
  type DocumentMeta,
  type Tag,
  type TagUndo,
} from '../../shared/model';
import type { DocJSON } from '../../shared/schema';
import { resolveMerge } from '../../shared/text-merge';
import { documentNotFound, ScholiaError } from '../../shared/errors';
import { annotationLogName, DocumentAnnotationLog } from '../sync/annotation-log';
import {
  DEVICE_FILE_NAME,
  defaultDeviceConfigDir,
  loadDevice,
  readLibraryDeviceFile,
  serializeDevice,
  updateDevice,
  type DeviceIdentity,
} from '../sync/device';
import { REVISION_FIELD_PREFIX, documentKey } from '../sync/entity-codecs';
import { damagedLogError, parseChangeLog, readLogBytes, type DamagedLine } from '../sync/change-log';
import { HybridClock, stampTime } from '../sync/hlc';
import { ensureStignore } from '../sync/stignore';
import { LibraryLog, type LibraryChanges } from '../sync/library-log';
import {
  libraryCheckpointPath,
  readLibraryCheckpoint,
  writeLibraryCheckpoint,
} from '../sync/library-checkpoint';
import {
  annotationBackupsDir,
  annotationLogReadsShort,
  findAnnotationLogLosses,
  findForeignLogLosses,
  findUnlistedTexts,
  foreignAnnotationLogLosses,
  findOwnLogLoss,
  libraryRelative,
  moveAside,
  newestSoundAnnotationSnapshot,
  newestSoundSnapshot,
  readableTime,
  readAnnotationLogRecord,
  restoreOwnAnnotationLogs,
  restoreOwnLog,
  writeAnnotationLogRecord,
  type LibraryProblem,
  type LogLength,
  type RepairAction,
} from '../sync/library-health';
import type { Writer } from '../sync/log-set';
import type { Frontier } from '../sync/replica';
import type { AnnotationChange } from './annotation-journal';
import { snapshotAnnotationLogs, snapshotLibraryFile } from './backups';
import { BASE_REVISION, DocumentTexts } from './document-texts';
import { removeTempFiles, writeDurably, type DurableWriteHooks } from './durable-json-file';
import type { LibraryFile, TextEditFile } from './file-schemas';
import type { LibraryDevice } from '../../shared/sync';
import { ioError } from './fs-errors';
import { ToldNotices } from './told-notices';
import { KeyedQueue } from './keyed-queue';
import { documentFilePath, LIBRARY_LAYOUT, localFolder, type LibraryFileOptions } from './library-layout';
import { acquireLibraryLock, type ReleaseLock } from './lock';
import { defaultMigrations, type MigrationRegistry } from './migrations';
import { ORIGINALS_FOLDER, originalPath, writeOriginal } from './originals';
import {
  convertLegacyLibrary,
  foldInConflictCopies,
  listConflictCandidates,
  type SyncNotice,
} from './library-sync';
import { headsOf, TextRevisions } from './text-revisions';
import { countDocuments, TagUsageIndex } from './tag-usage';
import { TextEditLog, textEditFile, textEditPath, unfinishedTextEdits, type TextEdit } from './text-edit-log';
import { AnnotationBatchLog, type BatchPart } from './annotation-batch-log';
import { forgetSecondName, hasSecondName, keepSecondNames, restoreMissingFiles } from './file-links';
import { TagChangeLog, type TagChange, type TagChangeRecord } from './tag-change-log';

export type { TextEdit } from './text-edit-log';
export type { SyncNotice } from './library-sync';
export type { LibraryProblem, RepairAction } from '../sync/library-health';

/** How many annotations carry each tag, and in which documents: see {@link LibraryStore.tagUsage}. */
export type TagUsage = Pick<TagUsageIndex, 'passages' | 'documentsWith'>;

/** Options for {@link LibraryStore.open}. */
export interface LibraryStoreOptions {
  /** Who opens the library, as other programs will be told, e.g. `the Scholia app`. */
  owner: string;
  /** This computer (default: the identity kept in the OS config folder, made on first use). */
  device?: DeviceIdentity;
  /** The migrations to run on files from older versions (default: this build's). */
  migrations?: MigrationRegistry;
  /** Failure-injection seams for tests, applied to every file the store writes and every log append. */
  hooks?: DurableWriteHooks;
  /** How many snapshots of this device's library log to keep in `backups/` (default 10). */
  backupsKept?: number;
  /** The wall clock, in milliseconds (replaced in tests). */
  wallClock?: () => number;
  /** How many lines one of this device's logs may reach before it is compacted (default 2,000). */
  compactionLines?: number;
}

/** What {@link LibraryStore.refreshFromDisk} found changed. */
export interface RemoteChanges extends LibraryChanges {
  /** Documents whose annotations changed. */
  annotations: Set<string>;
  /** Documents whose text changed (a new revision arrived). */
  texts: Set<string>;
  /** What the reader should be told about it (conflict copies folded in, damage found). */
  notices: SyncNotice[];
}

/** How long the files of a deleted document stay in the folder, in case another computer brings it back. */
export const KEEP_DELETED_MS = 30 * 24 * 60 * 60 * 1000;

const LIBRARY_KEY = 'library';
/** One annotation's tags and modified time before a tag change, as an undo needs them. */
type TagAssignment = TagUndo['annotations'][number];
/** How many document files {@link LibraryStore.addDocuments} writes at once. */
const PARALLEL_WRITES = 16;
const CODEBOOK_KEY = 'codebook';

/** The queue key under which every read and write of document `id`'s annotations runs. */
export function annotationsQueueKey(id: string): string {
  return `annotations:${id}`;
}

/** An open library folder. Create with {@link LibraryStore.open}; call {@link close} when done. */
export class LibraryStore {
  /** Absolute path of the library folder. */
  readonly dir: string;
  /** This computer, as the library's logs name it. */
  readonly device: DeviceIdentity;
  private readonly writer: Writer;
  private readonly library: LibraryLog;
  private readonly releaseLock: ReleaseLock;
  private readonly queue = new KeyedQueue();
  private readonly texts: DocumentTexts;
  private readonly revisions: TextRevisions;
  private readonly annotationLogs = new Map<string, DocumentAnnotationLog>();
  /** For each document whose annotations have been read: the latest change of each device. */
  private readonly annotationFrontiers = new Map<string, Frontier>();
  private readonly textEdits: TextEditLog;
  private readonly tagChanges: TagChangeLog;
  private readonly batches: AnnotationBatchLog;
  private readonly tagCounts = new TagUsageIndex();
  private readonly fileOptions: LibraryFileOptions;
  private readonly pendingNotices: SyncNotice[] = [];
  private readonly reportedDamage = new Set<string>();
  private readonly told: ToldNotices;
  private readonly wallClock: () => number;
  private readonly backupsKept: number | undefined;
  /**
   * This device's own library log found missing or short at opening while the folder shows it held
   * more (see `sync/library-health.ts`): reported, and while it stands no snapshot of the log is taken
   * and no checkpoint written, so neither forgets what it held.
   */
  private ownLogLoss: LibraryProblem | null = null;
  /** Other computers' library logs found gone or cut short at opening, and texts no log lists (reported, not restorable here). */
  private foreignLosses: LibraryProblem[] = [];
  /**
   * This device's annotation logs found missing or shortened at opening (see
   * `findAnnotationLogLosses`), by document: reported, never written to or snapshotted until restored.
   */
  private readonly annotationLogLosses = new Map<string, LibraryProblem>();
  /** Other computers' annotation logs found gone or cut short when first read, by document. */
  private readonly foreignAnnotationLosses = new Map<string, LibraryProblem[]>();
  /** How long each of this device's annotation logs was at the last close: what tells a lost log from an empty one. */
  private annotationLogLengths = new Map<string, LogLength>();
  /** Where this computer's identity is kept outside the library; null when the caller gave it. */
  private deviceConfigDir: string | null = null;
  private closed = false;

  private constructor(
    dir: string,
    device: DeviceIdentity,
    releaseLock: ReleaseLock,
    fileOptions: LibraryFileOptions,
    options: LibraryStoreOptions,
  ) {
    this.dir = dir;
    this.device = device;
    this.releaseLock = releaseLock;
    this.fileOptions = fileOptions;
    this.wallClock = options.wallClock ?? Date.now;
    this.backupsKept = options.backupsKept;
    this.told = new ToldNotices(localFolder(dir, device.id));
    this.writer = {
      deviceId: device.id,
      readerName: () => this.device.readerName,
      clock: new HybridClock(options.wallClock),
      hooks: options.hooks,
      compactionLines: options.compactionLines,
    };
    this.library = new LibraryLog(dir, this.writer, (id) => this.annotationFrontiers.get(id));
    this.texts = new DocumentTexts(dir, fileOptions);
    this.revisions = new TextRevisions(this.texts);
    this.textEdits = new TextEditLog(join(localFolder(dir, device.id), 'edits'), fileOptions, {
      apply: (id, record) => this.applyTextEdit(id, record),
      abandon: async (id) => {
        await this.annotationLogs.get(id)?.closeJournal();
        this.forgetFiles(id);
        this.tagCounts.forget(id);
      },
    });
    this.tagChanges = new TagChangeLog(join(localFolder(dir, device.id), 'tag-changes'), fileOptions.hooks);
    this.batches = new AnnotationBatchLog(join(localFolder(dir, device.id), 'annotation-batches'), fileOptions.hooks);
  }

  /**
   * Opens (creating if absent) the library folder `dir` as this device: takes this device's lock,
   * removes temp files left by an interrupted write, converts a library in the layout before folder
   * sync (once, after a backup), reads every device's logs, folds in conflict copies, and finishes any
   * edit of a text that a crash interrupted. Throws `library-locked` when another process on this
   * computer has it open, `library-corrupt` when a file it cannot do without is unreadable (the file is
   * left as it is), `io` when the folder cannot be used.
   */
  static async open(dir: string, options: LibraryStoreOptions): Promise<LibraryStore> {
    const root = resolve(dir);
    const configDir = options.device === undefined ? defaultDeviceConfigDir() : null;
    const device = { ...(options.device ?? (await loadDevice(configDir ?? defaultDeviceConfigDir()))) };
    const local = localFolder(root, device.id);
    const ownDevice = join(root, LIBRARY_LAYOUT.devices, device.id);
    try {
      await mkdir(local, { recursive: true });
    } catch (error) {
      throw ioError('create the library folder', root, error);
    }
    const releaseLock = await acquireLibraryLock(local, options.owner);
    try {
      const fileOptions: LibraryFileOptions = {
        migrations: options.migrations ?? defaultMigrations,
        hooks: options.hooks,
      };
      const store = new LibraryStore(root, device, releaseLock, fileOptions, options);
      store.deviceConfigDir = configDir;
      const folders = [
        LIBRARY_LAYOUT.documents,
        LIBRARY_LAYOUT.backups,
        join(LIBRARY_LAYOUT.devices, device.id, 'annotations'),
        join(LIBRARY_LAYOUT.local, device.id, 'edits'),
        join(LIBRARY_LAYOUT.local, device.id, 'tag-changes'),
        join(LIBRARY_LAYOUT.local, device.id, 'annotation-batches'),
      ];
      // The library logs are read (with the checkpoint while it holds), and meanwhile what does not
      // depend on them: the folders, then the temp files an interrupted write left, then .stignore and
      // this device's device file; and listing where conflict copies may be.
      const checkpoint = readLibraryCheckpoint(libraryCheckpointPath(local));
      const loaded = store.library.load(checkpoint);
      const candidates = listConflictCandidates(root);
      const made = settleAll(
        folders.map((folder) =>
          mkdir(join(root, folder), { recursive: true }).catch((error: unknown) => {
            throw ioError('create the folder', join(root, folder), error);
          }),
        ),
      );
      const cleaned = made.then(() =>
        settleAll(
          [
            root,
            join(root, LIBRARY_LAYOUT.documents),
            join(root, ORIGINALS_FOLDER),
            ownDevice,
            join(ownDevice, 'annotations'),
            local,
            join(local, 'tag-changes'),
            join(local, 'annotation-batches'),
            join(local, 'edits'),
            join(local, 'search'),
          ].map(removeTempFiles),
        ),
      );
      await settleAll([
        loaded,
        cleaned.then(() =>
          settleAll([
            ensureStignore(root).catch(() => undefined),
            // Other computers show this one unnamed until it can be written again: no reason not to open.
            store.writeDeviceFile().catch(() => undefined),
          ]),
        ),
        candidates,
      ]);
      const converted = await convertLegacyLibrary(store.syncContext());
      if (converted !== null) store.tell(converted);
      store.tell(...(await foldInConflictCopies(store.syncContext(), undefined, await candidates)));
      await store.recheckDeletedDocuments();
      await store.purgeLongDeleted();
      store.ownLogLoss = await findOwnLogLoss(
        root,
        device.id,
        (await checkpoint)?.log,
        store.library.ownLength.bytes,
      );
      if (store.ownLogLoss !== null) {
        const message = `${store.ownLogLoss.message} ${store.ownLogLoss.advice}`;
        store.tell({ kind: 'damaged', message });
      }
      store.foreignLosses = await findForeignLogLosses(root, device.id, (await checkpoint)?.log);
      // Any change in any library log means the logs are there: texts no log lists are then an import
      // cut short before it was saved (left alone), not a library that lost its logs.
      const unlisted = await findUnlistedTexts(
        root,
        store.ownLogLoss !== null || !store.library.replica.keys().next().done,
      );
      if (unlisted !== null) store.foreignLosses.push(unlisted);
      for (const problem of store.foreignLosses)
        store.tell({ kind: 'damaged', message: `${problem.message} ${problem.advice}` });
      store.reportDamage(store.library.damage.own, true);
      store.reportDamage(store.library.damage.others, false);
      for (const message of await store.textEdits.finishAll((id) => store.getDocument(id) !== null))
        store.tell({ kind: 'damaged', message });
      // A tag deletion or merge a crash interrupted is finished before anything can use the codebook.
      store.tell(
        ...(await store.withCodebook(() =>
          store.tagChanges.finishAll((record) => store.applyTagChange(record)),
        )),
      );
      // So is a change to several documents' annotations made as one.
      store.tell(
        ...(await store.batches.finishAll(async (part) => {
          await store.putAnnotations(part);
        })),
      );
      // While a backup can restore it, nothing is added to what is left of the log (the restore keeps it aside).
      if (store.ownLogLoss?.repairable === true)
        store.library.refuseWrites(
          new ScholiaError('library-corrupt', `${store.ownLogLoss.message} ${store.ownLogLoss.advice}`),
        );
      await store.findAnnotationLogLosses();
      await store.snapshot(store.backupsKept);
      return store;
    } catch (error) {
      await releaseLock();
      throw error;
    }
  }

  /**
   * Renames this computer or its reader: in its identity outside the library (when the store loaded
   * it from there) and in `devices/<device>/device.json`, which tells other computers who made changes.
   */
  async renameDevice(change: { name?: string; readerName?: string }): Promise<DeviceIdentity> {
    this.assertOpen();
    const next =
      this.deviceConfigDir === null
        ? { ...this.device, ...change }
        : await updateDevice(this.deviceConfigDir, change);
    Object.assign(this.device, { name: next.name, readerName: next.readerName });
    await this.writeDeviceFile();
    return { ...this.device };
  }

  /** The reader's name on device `deviceId`, from its `device.json` in the library, or `null` when unknown. */
  async readerOf(deviceId: string): Promise<string | null> {
    if (deviceId === this.device.id) return this.device.readerName;
    return (await readLibraryDeviceFile(this.deviceFolder(deviceId), deviceId))?.readerName ?? null;
  }

  /**
   * Every computer with a folder in the library (this one first), with the names it last gave itself
   * there; `null` names for one whose device file is missing or unreadable (it is left as it is).
   */
  async listDevices(): Promise<LibraryDevice[]> {
    this.assertOpen();
    let names: string[];
    try {
      names = (await readdir(join(this.dir, LIBRARY_LAYOUT.devices), { withFileTypes: true }))
        .filter((entry) => entry.isDirectory() && entry.name !== this.device.id)
        .map((entry) => entry.name)
        .sort();
    } catch (error) {
      throw ioError('read', join(this.dir, LIBRARY_LAYOUT.devices), error);
    }
    const others = await Promise.all(
      names.map(async (id): Promise<LibraryDevice> => {
        const told = await readLibraryDeviceFile(this.deviceFolder(id), id);
        return { id, name: told?.name ?? null, readerName: told?.readerName ?? null, thisComputer: false };
      }),
    );
    const { id, name, readerName } = this.device;
    return [{ id, name, readerName, thisComputer: true }, ...others];
  }

  private deviceFolder(deviceId: string): string {
    return join(this.dir, LIBRARY_LAYOUT.devices, deviceId);
  }

  private async writeDeviceFile(): Promise<void> {
    const path = join(this.deviceFolder(this.device.id), DEVICE_FILE_NAME);
    const text = serializeDevice(this.device);
    if ((await readFile(path, 'utf8').catch(() => null)) === text) return;
    await writeDurably(path, (handle) => handle.writeFile(text, 'utf8'), { action: 'save' });
  }

  /**
   * Settles the conflicts of a text edited on two computers with `choices` (one per conflict, in
   * order; a missing one keeps the later edit's version) as a new revision made from both. Resolves
   * to `false` when the library has no such document.
   */
  async resolveTextConflicts(id: string, choices: readonly ('a' | 'b' | 'both')[]): Promise<boolean> {
    const state = await this.textState(id);
    if (state === null) return false;
    const doc =
      state.merge === null ? state.doc : resolveMerge(state.merge.result, (index) => choices[index] ?? 'b');
    return this.writeDocumentText(id, doc);
  }

  /** `local/<device>` in the library: this computer's own files (search index, edit records, lock). */
  get localDir(): string {
    return localFolder(this.dir, this.device.id);
  }

  /** The file-format version of the library's files. */
  get schemaVersion(): number {
    return this.library.data.schemaVersion;
  }

  /**
   * What the reader should be told about this library since it was opened or last asked: a
   * conversion, conflict copies folded in, documents kept despite a deletion on another computer.
   * Each notice is handed out once.
   */
  takeNotices(): SyncNotice[] {
    return this.pendingNotices.splice(0);
  }
  /**
   * From now on, what the reader should be told is handed to `listener` as it is found (damage found
   * when a document's annotations are first read, say), not kept for {@link takeNotices}.
   */
  onNotice(listener: (notice: SyncNotice) => void): void {
    this.noticeListener = listener;
  }

  private noticeListener: ((notice: SyncNotice) => void) | null = null;

  private tell(...notices: SyncNotice[]): void {
    if (this.noticeListener === null) this.pendingNotices.push(...notices);
    else for (const notice of notices) this.noticeListener(notice);
  }

  /**
   * Every damaged or missing file this library knows of (see `sync/library-health.ts`): this device's
   * own library log missing or shortened, damaged lines in any device's library log or annotation
   * logs (every document's annotations are read for this), and texts of documents whose file is
   * missing; each with what it held and what to do. Empty when nothing is wrong.
   */
  async check(): Promise<LibraryProblem[]> {
    this.assertOpen();
    const problems: LibraryProblem[] = [];
    if (this.ownLogLoss !== null) problems.push(this.ownLogLoss);
    const repairable = await newestSoundSnapshotOf(this.dir, this.device.id);
    for (const line of this.library.damage.own)
      problems.push({
        kind: 'own-log-damaged',
        file: libraryRelative(this.dir, line.path),
        message: damagedLogError(line).message,
        advice: repairable
          ? 'Run "scholia check --repair" to restore the newest sound backup (the damaged file is moved to local/<device>/damaged/ first, and its sound changes are kept).'
          : 'Open it in a text editor and delete the damaged line; there is no sound backup of it in backups/.',
        repairable,
      });
    for (const line of this.library.damage.others) problems.push(othersDamage(this.dir, line));
    problems.push(...this.foreignLosses);
    // Found again, for a log deleted or cut short since opening.
    const losses = new Map(
      (
        await findAnnotationLogLosses(
          this.dir,
          this.device.id,
          this.annotationLogLengths,
          this.listDocuments().map((meta) => ({ id: meta.id, title: displayTitle(meta) })),
        )
      ).map((problem) => [problem.document?.id ?? '', problem]),
    );
    for (const meta of this.listDocuments()) {
      const damage = await this.queue.run(annotationsQueueKey(meta.id), async () => {
        const log = this.annotationsOf(meta.id);
        await log.load().catch(() => undefined);
        return log.damage;
      });
      for (const line of [...damage.own, ...damage.others])
        problems.push({
          ...othersDamage(this.dir, line),
          kind: 'annotation-log-damaged',
          ...(damage.own.includes(line) ? await this.ownAnnotationDamage(meta, line) : {}),
        });
      const lost = this.annotationLogLosses.get(meta.id) ?? losses.get(meta.id);
      if (lost !== undefined) problems.push(lost);
      problems.push(...(this.foreignAnnotationLosses.get(meta.id) ?? []));
      problems.push(...(await this.textProblems(meta)));
      const unfinished = this.textEdits.unfinishedEdits().get(meta.id);
      if (unfinished !== undefined)
        problems.push({
          kind: 'edit-record-damaged',
          file: libraryRelative(this.dir, textEditPath(join(this.localDir, 'edits'), meta.id)),
          message: unfinished.message,
          advice:
            'A repair moves the record aside into local/<device>/damaged/: the document then opens as it was before that edit.',
          repairable: true,
          document: { id: meta.id, title: displayTitle(meta) },
        });
    }
    return problems;
  }

  /** What is wrong with the text files (as imported, and each revision) and the original of `meta`. */
  private async textProblems(meta: DocumentMeta): Promise<LibraryProblem[]> {
    const problems: LibraryProblem[] = [];
    const title = displayTitle(meta);
    const document = { id: meta.id, title };
    const revisions = [BASE_REVISION, ...this.library.revisionsOf(meta.id).keys()];
    for (const revision of revisions) {
      const path = documentFilePath(this.dir, meta.id, revision === BASE_REVISION ? undefined : revision);
      const file = libraryRelative(this.dir, path);
      const what = revision === BASE_REVISION ? 'the text' : 'a revision of the text';
      const present = await stat(path).then(
        (info) => info.isFile(),
        () => false,
      );
      if (!present) {
        const kept = await hasSecondName(this.dir, this.device.id, 'documents', basename(path));
        problems.push({
          kind: 'text-missing',
          file,
          message: `${file}, ${what} of “${title}”, is missing.`,
          advice: kept
            ? 'This computer kept a second copy of it (local/<device>/kept/): a repair puts it back.'
            : 'If another computer made it, its sync engine may still be sending it; otherwise restore it from your own backup of the library folder, or delete the document and import its original again.',
          repairable: kept,
          document,
        });
        continue;
      }
      const damage = await this.texts.read(meta.id, revision).then(
        () => null,
        (error: unknown) => (error instanceof ScholiaError ? error : null),
      );
      if (damage !== null)
        problems.push({
          kind: 'text-damaged',
          file,
          message: `${file}, ${what} of “${title}”, cannot be read: ${damage.message}`,
          advice:
            'Scholia has not changed it. Restore it from your own backup of the library folder; the highlights on it are kept meanwhile.',
          repairable: false,
          document,
        });
    }
    if (meta.original !== undefined) {
      const path = originalPath(this.dir, meta.original);
      const file = libraryRelative(this.dir, path);
      const bytes = await readFile(path).catch(() => null);
      const sound = bytes !== null && createHash('sha256').update(bytes).digest('hex') === meta.contentHash;
      const kept = bytes === null && (await hasSecondName(this.dir, this.device.id, 'originals', meta.original));
      if (!sound)
        problems.push({
          kind: 'original-damaged',
          file,
          message: `${file}, the file “${title}” was imported from, is ${bytes === null ? 'missing' : 'not the file that was imported (its bytes changed)'}.`,
          advice: kept
            ? 'This computer kept a second copy of it (local/<device>/kept/): a repair puts it back. The document, its text and its highlights are not affected.'
            : 'The document, its text and its highlights are not affected; the original is kept only to open or import it again. Restore it from your own backup, or import the file again if you have it.',
          repairable: kept,
          document,
        });
    }
    return problems;
  }

  /**
   * Restores what backups can bring back in the library folder `dir`, which must not be open: this
   * device's own library log, from the newest snapshot in `backups/<device>/` that reads without
   * damage, when it is missing, shorter than at the last close or damaged (the file in place moved to
   * `local/<device>/damaged/` first, its sound changes kept). Takes the library's lock meanwhile.
   * Resolves to what it did (nothing when nothing needed it).
   */
  static async repair(
    dir: string,
    options: Pick<LibraryStoreOptions, 'owner' | 'device'>,
  ): Promise<RepairAction[]> {
    const root = resolve(dir);
    const device = options.device ?? (await loadDevice(defaultDeviceConfigDir()));
    const local = localFolder(root, device.id);
    await mkdir(local, { recursive: true }).catch((error: unknown) => {
      throw ioError('create the library folder', root, error);
    });
    const releaseLock = await acquireLibraryLock(local, options.owner);
    try {
      const checkpointPath = libraryCheckpointPath(local);
      const ownPath = join(root, LIBRARY_LAYOUT.devices, device.id, 'library.jsonl');
      const bytes = await readLogBytes(ownPath).catch(() => null);
      const read = bytes === null ? null : parseChangeLog(bytes, ownPath);
      const loss = await findOwnLogLoss(
        root,
        device.id,
        (await readLibraryCheckpoint(checkpointPath))?.log,
        read?.validBytes,
      );
      const damaged = read !== null && read.damaged.length > 0;
      const records = await setAsideDamagedRecords(root, device.id, local);
      for (const file of await restoreMissingFiles(root, device.id))
        records.push({
          file,
          restored: true,
          message: `Put ${file} back from the copy this computer kept of it.`,
        });
      const lengths = await readAnnotationLogRecord(root, device.id);
      const actions = await restoreOwnAnnotationLogs(root, device.id, lengths);
      if (actions.length > 0) {
        // A restored log holds what its backup held: the lengths recorded before the loss no longer apply.
        for (const action of actions) if (action.restored) lengths.delete(basename(action.file, '.jsonl'));
        await writeAnnotationLogRecord(root, device.id, lengths);
      }
      actions.unshift(...records);
      if (loss === null && !damaged) return actions;
      const action = await restoreOwnLog(root, device.id);
      if (action.restored) {
        // The old checkpoint recorded the log as it was before the loss; a fresh one records it restored.
        await rm(checkpointPath, { force: true }).catch(() => undefined);
        await writeLibraryCheckpoint(root, device.id, checkpointPath).catch(() => undefined);
      }
      return [action, ...actions];
    } finally {
      await releaseLock();
    }
  }

  /** All documents' metadata, in the order they were added. The array is a snapshot: never mutate it. */
  listDocuments(): readonly DocumentMeta[] {
    return this.library.data.documents;
  }

  /** One document's metadata, or `null` when the library has no such document. */
  getDocument(id: string): DocumentMeta | null {
    return this.library.data.documents.find((meta) => meta.id === id) ?? null;
  }

  /** The codebook. The array is a snapshot: never mutate it. */
  listTags(): readonly Tag[] {
    return this.library.data.tags;
  }

  /**
   * Replaces the codebook with `change(current)` and saves it; `change` may throw to refuse. Resolves
   * to the new codebook. Checking that annotations refer only to existing tags is the caller's part.
   */
  async updateTags(change: (current: readonly Tag[]) => readonly Tag[]): Promise<readonly Tag[]> {
    this.assertOpen();
    return this.queue.run(LIBRARY_KEY, async () => {
      const next = change(this.library.data.tags);
      await this.commitLibrary({ ...this.library.data, tags: [...next] });
      return this.library.data.tags;
    });
  }

  /** The library's settings as stored (unknown keys included). Never mutate it. */
  settings(): Readonly<Record<string, unknown>> {
    return this.library.data.settings;
  }

  /** Replaces the settings with `change(current)` and saves them. Resolves to the new settings. */
  async updateSettings(
    change: (current: Readonly<Record<string, unknown>>) => Record<string, unknown>,
  ): Promise<Readonly<Record<string, unknown>>> {
    this.assertOpen();
    return this.queue.run(LIBRARY_KEY, async () => {
      const next = change(this.library.data.settings);
      await this.commitLibrary({ ...this.library.data, settings: next });
      return this.library.data.settings;
    });
  }

  /** The reading lists as stored (entries are checked where they are used). Never mutate it. */
  collections(): readonly unknown[] {
    return this.library.data.collections;
  }

  /** Replaces the reading lists with `change(current)` and saves them; `change` may throw to refuse. */
  async updateCollections(
    change: (current: readonly unknown[]) => readonly unknown[],
  ): Promise<readonly unknown[]> {
    this.assertOpen();
    return this.queue.run(LIBRARY_KEY, async () => {
      const next = change(this.library.data.collections);
      await this.commitLibrary({ ...this.library.data, collections: [...next] });
      return this.library.data.collections;
    });
  }

  /** The links between passages as stored (entries are checked where they are used). Never mutate it. */
  links(): readonly unknown[] {
    return this.library.data.links;
  }

  /** The relations links use, as stored: shipped ones the reader changed, and the reader's own. */
  relations(): readonly unknown[] {
    return this.library.data.relations;
  }

  /**
   * Replaces the links and relations with what `change` makes of them and saves them in one write;
   * `change` may throw to refuse. Entries handed back as the same objects are not written again.
   */
  async updateLinks(
    change: (current: { links: readonly unknown[]; relations: readonly unknown[] }) => {
      links: readonly unknown[];
      relations: readonly unknown[];
    },
  ): Promise<void> {
    this.assertOpen();
    await this.queue.run(LIBRARY_KEY, async () => {
      const { links, relations } = this.library.data;
      const next = change({ links, relations });
      await this.commitLibrary({ ...this.library.data, links: [...next.links], relations: [...next.relations] });
    });
  }

  /**
   * Runs `task` once every task run through this method before it has finished, and before any run
   * after it starts: what adds references to tags (tagging an annotation) and what removes tags
   * (merging, deleting) must go through here, so that a check that a tag exists stays true until the
   * write that relies on it is done. Inside `task`, only the store's other methods may be awaited.
   */
  withCodebook<T>(task: () => Promise<T>): Promise<T> {
    this.assertOpen();
    return this.queue.run(CODEBOOK_KEY, task);
  }

  /**
   * Deletes tags, or merges them into another, across the library, all or nothing across a crash (see
   * `tag-change-log.ts`): every annotation carrying a removed tag gets the tags `change` says and its
   * modified time, one document at a time (`onDocument` is told of each), then the removed tags leave the
   * codebook and the changed ones are saved. Call it inside {@link withCodebook}. Resolves to each changed
   * annotation's tags and modified time before.
   */
  async changeTags(change: TagChange, onDocument?: (documentId: string) => void): Promise<TagAssignment[]> {
    this.assertOpen();
    return this.tagChanges.commit(change, (record) => this.applyTagChange(record, onDocument));
  }

  /** Makes the writes of tag change `record`; each is harmless when made again (see {@link changeTags}). */
  private async applyTagChange(
    record: TagChangeRecord,
    onDocument?: (documentId: string) => void,
  ): Promise<TagAssignment[]> {
    const removed = new Set(record.removed.map((tag) => tag.id));
    const target = record.target?.id ?? null;
    const retagged = (tagIds: readonly string[]): string[] =>
      target === null
        ? tagIds.filter((id) => !removed.has(id))
        : [...new Set(tagIds.map((id) => (removed.has(id) ? target : id)))];
    const before: TagAssignment[] = [];
    const usage = await this.tagUsage();
    for (const documentId of usage.documentsWith(removed)) {
      const changed: TagAssignment[] = [];
      await this.appendAnnotationChanges(documentId, (current) =>
        current.flatMap((annotation) => {
          if (!annotation.tagIds.some((id) => removed.has(id))) return [];
          changed.push({
            documentId,
            annotationId: annotation.id,
            tagIds: annotation.tagIds,
            modifiedAt: annotation.modifiedAt,
          });
          return [
            {
              op: 'put' as const,
              annotation: {
                ...annotation,
                tagIds: retagged(annotation.tagIds),
                modifiedAt: record.modifiedAt,
              },
            },
          ];
        }),
      );
      before.push(...changed);
      onDocument?.(documentId);
    }
    if (this.listTags().some((tag) => removed.has(tag.id))) {
      const changedTags = new Map(record.changed.map((tag) => [tag.id, tag]));
      await this.updateTags((current) =>
        current.filter((tag) => !removed.has(tag.id)).map((tag) => changedTags.get(tag.id) ?? tag),
      );
    }
    return before;
  }

  /**
   * How many annotations carry each tag, across the library, and which documents have them. Each
   * document's annotations are read (without being kept in memory) the first time this is called
   * after opening; from then on the counts follow every change.
   */
  async tagUsage(): Promise<TagUsage> {
    this.assertOpen();
    const ids = this.listDocuments().map((meta) => meta.id);
    await countDocuments(this.tagCounts, ids, (id) =>
      this.queue.run(annotationsQueueKey(id), async () => {
        if (this.getDocument(id) === null || this.tagCounts.has(id)) return;
        // A document whose annotations cannot be read now (its edit is unfinished, its log unreadable:
        // both reported) is left out of the counts, not allowed to stop the codebook for every other.
        try {
          this.textEdits.assertFinished(id);
          this.tagCounts.setDocument(id, await this.annotationsOf(id).read());
        } catch (error) {
          if (!(error instanceof ScholiaError)) throw error;
        }
      }),
    );
    return this.tagCounts;
  }

  /**
   * Adds a document with its text and no annotations, all or nothing: its text (and original) are
   * written first and the library log last; if any step fails, what was written is removed and the
   * error is rethrown. Throws `internal` when a document with that id exists. `original` (the
   * imported file's bytes) is kept as `originals/<meta.original>` when `meta.original` names it.
   */
  async addDocument(meta: DocumentMeta, doc: DocJSON, original?: Uint8Array): Promise<void> {
    this.assertOpen();
    const id = meta.id;
    const paths = [this.texts.path(id)];
    if (meta.original !== undefined) paths.push(originalPath(this.dir, meta.original));
    await this.queue.run(LIBRARY_KEY, async () => {
      if (this.getDocument(id) !== null) {
        throw new ScholiaError('internal', `The library already has a document with id "${id}".`);
      }
      try {
        if (meta.original !== undefined && original !== undefined)
          await writeOriginal(this.dir, meta.original, original);
        await this.texts.write(id, doc);
        await this.annotationsOf(id).create();
        await this.commitLibrary({ ...this.library.data, documents: [...this.library.data.documents, meta] });
        this.tagCounts.setDocument(id, []);
      } catch (error) {
        await Promise.all(paths.map((path) => rm(path, { force: true }))).catch(() => undefined);
        this.forgetFiles(id);
        throw error;
      }
    });
  }

  /**
   * Adds many documents (a reference file's entries), each with its text and no annotations, all or
   * nothing, as {@link addDocument} adds one: the texts are written first, a few at a time, and the
   * library log last, in one durable write, so a thousand documents cost one commit, not a thousand.
   * Throws `internal` when the library has a document with one of the ids, or an id repeats.
   */
  async addDocuments(items: readonly { meta: DocumentMeta; doc: DocJSON }[]): Promise<void> {
    this.assertOpen();
    if (items.length === 0) return;
    await this.queue.run(LIBRARY_KEY, async () => {
      const ids = new Set(this.library.data.documents.map((meta) => meta.id));
      const added: string[] = [];
      for (const { meta } of items) {
        if (ids.has(meta.id)) {
          throw new ScholiaError('internal', `The library already has a document with id "${meta.id}".`);
        }
        ids.add(meta.id);
        added.push(meta.id);
      }
      try {
        for (let at = 0; at < items.length; at += PARALLEL_WRITES) {
          await Promise.all(
            items.slice(at, at + PARALLEL_WRITES).map(({ meta, doc }) => this.texts.write(meta.id, doc)),
          );
        }
        await this.commitLibrary({
          ...this.library.data,
          documents: [...this.library.data.documents, ...items.map(({ meta }) => meta)],
        });
        // A new document's annotations (none) are read when first asked for; nothing is written before.
        for (const id of added) this.tagCounts.setDocument(id, []);
      } catch (error) {
        await Promise.all(added.map((id) => rm(this.texts.path(id), { force: true }))).catch(() => undefined);
        for (const id of added) this.forgetFiles(id);
        throw error;
      }
    });
  }

  /**
   * Replaces the metadata of many documents, each with its `changes` entry applied to its current
   * metadata, in one durable write of the library log. Resolves to the new metadata of those the
   * library has (the others are left out). A change must keep the id.
   */
  async updateDocuments(
    changes: ReadonlyMap<string, (current: DocumentMeta) => DocumentMeta>,
  ): Promise<Map<string, DocumentMeta>> {
    this.assertOpen();
    const updated = new Map<string, DocumentMeta>();
    if (changes.size === 0) return updated;
    return this.queue.run(LIBRARY_KEY, async () => {
      const documents = this.library.data.documents.map((meta) => {
        const change = changes.get(meta.id);
        if (change === undefined) return meta;
        const next = change(meta);
        if (next.id !== meta.id) throw new ScholiaError('internal', 'A document’s id cannot change.');
        updated.set(meta.id, next);
        return next;
      });
      if (updated.size === 0) return updated;
      await this.commitLibrary({ ...this.library.data, documents });
      for (const meta of this.library.data.documents) if (updated.has(meta.id)) updated.set(meta.id, meta);
      return updated;
    });
  }

  /**
   * Replaces a document's metadata with `change(current)` and saves it. Resolves to the new metadata,
   * or `null` when the library has no such document. `change` must keep the id.
   */
  async updateDocument(
    id: string,
    change: (current: DocumentMeta) => DocumentMeta,
  ): Promise<DocumentMeta | null> {
    this.assertOpen();
    return this.queue.run(LIBRARY_KEY, async () => {
      const current = this.getDocument(id);
      if (current === null) return null;
      const next = change(current);
      if (next.id !== id) throw new ScholiaError('internal', 'A document’s id cannot change.');
      await this.commitLibrary({
        ...this.library.data,
        documents: this.library.data.documents.map((meta) => (meta.id === id ? next : meta)),
      });
      return this.getDocument(id) ?? next;
    });
  }

  /**
   * Removes a document from the library. Resolves to `false` when the library has no such document.
   * The deletion records what this device had seen of the document and its annotations: a change
   * another computer made to them meanwhile, unseen here, keeps the document (and the reader is told).
   * Its files stay in the folder for that reason.
   */
  async removeDocument(id: string): Promise<boolean> {
    this.assertOpen();
    return this.queue.run(LIBRARY_KEY, () =>
      this.queue.run(annotationsQueueKey(id), () =>
        this.queue.run(this.documentKey(id), async () => {
          if (this.getDocument(id) === null) return false;
          const annotations = this.annotationsOf(id);
          this.annotationFrontiers.set(id, await annotations.frontier());
          await this.commitLibrary({
            ...this.library.data,
            documents: this.library.data.documents.filter((meta) => meta.id !== id),
          });
          // The annotation logs stay read: a change to them from a computer that had not seen this
          // deletion must be noticed by refreshFromDisk, and brings the document back.
          await annotations.closeJournal();
          this.texts.forget(id);
          this.revisions.forget(id);
          this.tagCounts.forget(id);
          await this.textEdits.remove(id);
          return true;
        }),
      ),
    );
  }

  /**
   * A document's text, or `null` when the library has no such document: its latest revision, or the
   * merge of the latest revisions made on two computers from the same one (see `text-revisions.ts`).
   * Throws `library-corrupt` when its file is missing or unreadable.
   */
  async readDocumentText(id: string): Promise<DocJSON | null> {
    this.assertOpen();
    if (this.getDocument(id) === null) return null;
    this.textEdits.assertFinished(id);
    return (await this.revisions.current(id, this.library.revisionsOf(id))).doc;
  }

  /**
   * How a document's text stands: its revisions' heads, and the passages two computers changed
   * differently (none when the text has one latest revision or its heads merged cleanly).
   */
  async textState(id: string): Promise<Awaited<ReturnType<TextRevisions['current']>> | null> {
    this.assertOpen();
    if (this.getDocument(id) === null) return null;
    return this.revisions.current(id, this.library.revisionsOf(id));
  }

  /** Replaces a document's text with a new revision. Resolves to `false` when the library has no such document. */
  async writeDocumentText(id: string, doc: DocJSON): Promise<boolean> {
    this.assertOpen();
    return this.queue.run(LIBRARY_KEY, () =>
      this.queue.run(this.documentKey(id), async () => {
        if (this.getDocument(id) === null) return false;
        this.textEdits.assertFinished(id);
        const revision = this.newRevision(id);
        await this.texts.write(id, doc, revision.id);
        await this.commitLibrary(this.library.data, [this.revisionChange(id, revision)]);
        this.revisions.forget(id);
        return true;
      }),
    );
  }

  /**
   * A number that changes whenever a document's text is written or the document is removed: what is
   * derived from a text (its projection) stays valid while the version it was derived at is current.
   * In memory only; not the persisted `meta.textRevision`.
   */
  textVersion(id: string): number {
    return this.texts.version(id);
  }

  /**
   * A document's annotations in the order they were created, or `null` when the library has no such
   * document. Read from every device's log once, then served from memory. The array is a snapshot:
   * never mutate it.
   */
  async readAnnotations(id: string): Promise<readonly Annotation[] | null> {
    this.assertOpen();
    if (this.getDocument(id) === null) return null;
    this.textEdits.assertFinished(id);
    const cached = this.annotationLogs.get(id)?.cached ?? null;
    if (cached !== null) return cached;
    return this.queue.run(annotationsQueueKey(id), async () => {
      if (this.getDocument(id) === null) return null;
      const log = this.annotationsOf(id);
      const list = await log.load();
      this.annotationFrontiers.set(id, await log.frontier());
      this.reportDamage(log.damage.own, true);
      this.reportDamage(log.damage.others, false);
      return list;
    });
  }

  /**
   * Changes one annotation of a document: `decide` receives the current annotations and returns the
   * change (a `put` creates or replaces an annotation by id, a `delete` removes one by id), or throws
   * to refuse; no other change to this document's annotations happens in between. The change is
   * appended to this device's log, so its cost does not grow with the number of annotations.
   * Resolves to the new list once the change is durable, or to `null` when the library has no such
   * document. A `put` must hold a valid annotation of this document (`internal` otherwise).
   */
  async appendAnnotationChange(
    id: string,
    decide: (current: readonly Annotation[]) => AnnotationChange,
  ): Promise<readonly Annotation[] | null> {
    return this.appendAnnotationChanges(id, (current) => [decide(current)]);
  }

  /**
   * As {@link appendAnnotationChange}, for several changes decided together and applied in order:
   * they are appended in one write made durable by one sync. An empty list changes nothing.
   */
  async appendAnnotationChanges(
    id: string,
    decide: (current: readonly Annotation[]) => readonly AnnotationChange[],
  ): Promise<readonly Annotation[] | null> {
    this.assertOpen();
    return this.queue.run(annotationsQueueKey(id), async () => {
      if (this.getDocument(id) === null) return null;
      this.textEdits.assertFinished(id);
      let before: readonly Annotation[] = [];
      let touched = new Set<string>();
      const annotations = this.annotationsOf(id);
      const next = await annotations.changeAll((current) => {
        const changes = decide(current);
        for (const change of changes) if (change.op === 'put') assertValidAnnotation(change.annotation, id);
        before = current;
        touched = new Set(changes.map((change) => (change.op === 'put' ? change.annotation.id : change.id)));
        return changes;
      });
      const changed = (list: readonly Annotation[]) =>
        list.filter((annotation) => touched.has(annotation.id));
      this.tagCounts.update(id, changed(before), changed(next));
      this.annotationFrontiers.set(id, await annotations.frontier());
      if (annotations.compactionDue)
        void this.queue
          .run(annotationsQueueKey(id), async () => {
            await this.recordAnnotationLogLengths(new Set([id]));
            await annotations.compact();
          })
          .catch(() => undefined);
      return next;
    });
  }

  /**
   * Changes the annotations of several documents as one, all or nothing across a crash (see
   * `annotation-batch-log.ts`): `decide` gets each document's current annotations and returns those
   * it creates or replaces (by id), or throws to refuse, before anything is written. Resolves to each
   * document's annotations as saved. `description` names the change for a notice, should a crash
   * leave it for the next opening to finish.
   */
  async changeAnnotationsTogether(
    description: string,
    documents: ReadonlyArray<{ documentId: string; decide: (current: readonly Annotation[]) => readonly Annotation[] }>,
  ): Promise<Map<string, readonly Annotation[]>> {
    this.assertOpen();
    const parts: BatchPart[] = [];
    for (const { documentId, decide } of documents) {
      const current = await this.readAnnotations(documentId);
      if (current === null) throw documentNotFound(documentId);
      const annotations = decide(current);
      for (const annotation of annotations) assertValidAnnotation(annotation, documentId);
      parts.push({ documentId, annotations });
    }
    const saved = new Map<string, readonly Annotation[]>();
    await this.batches.commit(description, parts, async (part) => {
      const list = await this.putAnnotations(part);
      if (list !== null) saved.set(part.documentId, list);
    });
    return saved;
  }

  /** Creates or replaces (by id) a batch part's annotations in its document, if it is still there. */
  private putAnnotations(part: BatchPart): Promise<readonly Annotation[] | null> {
    return this.appendAnnotationChanges(part.documentId, () =>
      part.annotations.map((annotation) => ({ op: 'put' as const, annotation })),
    );
  }

  /**
   * Replaces a document's annotations with `change(current)` and saves them; the read, the change and
   * the write happen without any other change to this document's annotations in between. Resolves to
   * the saved list, or `null` when the library has no such document.
   */
  async updateAnnotations(
    id: string,
    change: (current: readonly Annotation[]) => readonly Annotation[],
  ): Promise<readonly Annotation[] | null> {
    this.assertOpen();
    return this.queue.run(annotationsQueueKey(id), async () => {
      if (this.getDocument(id) === null) return null;
      this.textEdits.assertFinished(id);
      const annotations = this.annotationsOf(id);
      const next = change(await annotations.load());
      for (const annotation of next) assertValidAnnotation(annotation, id);
      await annotations.replace(next);
      this.tagCounts.setDocument(id, annotations.cached ?? next);
      this.annotationFrontiers.set(id, await annotations.frontier());
      return annotations.cached ?? next;
    });
  }

  /** Replaces a document's annotations. Resolves to `false` when the library has no such document. */
  async writeAnnotations(id: string, annotations: readonly Annotation[]): Promise<boolean> {
    return (await this.updateAnnotations(id, () => annotations)) !== null;
  }

  /**
   * Edits a document's text: `decide` receives the document's metadata and annotations and returns
   * the new text, every annotation as it is after the edit, and the metadata fields the edit sets, or
   * throws to refuse; nothing else changes the document in between. The new revision, the annotations
   * and the metadata are saved together (see `text-edit-log.ts`): once this resolves all three are on
   * disk, and a crash before that leaves either the old version of all three or a record that completes
   * the new one when the library is next opened. Resolves to the new metadata and annotations, or
   * `null` when the library has no such document.
   *
   * If a file cannot be written once the record is saved, the edit is complete only at the next
   * opening: this rejects with `io`, and until then the document's text and annotations are refused
   * with the same error rather than served half-edited.
   */
  async editDocumentText(
    id: string,
    decide: (current: { meta: DocumentMeta; annotations: readonly Annotation[] }) => TextEdit,
  ): Promise<{ meta: DocumentMeta; annotations: readonly Annotation[] } | null> {
    this.assertOpen();
    // The same order of keys as removeDocument, so that neither can wait for the other forever.
    return this.queue.run(LIBRARY_KEY, () =>
      this.queue.run(annotationsQueueKey(id), () =>
        this.queue.run(this.documentKey(id), async () => {
          const meta = this.getDocument(id);
          if (meta === null) return null;
          this.textEdits.assertFinished(id);
          const edit = decide({ meta, annotations: await this.annotationsOf(id).load() });
          for (const annotation of edit.annotations) assertValidAnnotation(annotation, id);
          await this.textEdits.commit(id, { ...edit, revision: this.newRevision(id) }, displayTitle(meta));
          return {
            meta: this.getDocument(id) ?? meta,
            annotations: this.annotationsOf(id).cached ?? edit.annotations,
          };
        }),
      ),
    );
  }

  /**
   * Compacts this device's log of a document's annotations now, if that at least halves it. Nothing
   * to do for a document not in the library.
   */
  async compactAnnotations(id: string): Promise<void> {
    this.assertOpen();
    await this.queue.run(annotationsQueueKey(id), async () => {
      const log = this.annotationLogs.get(id);
      if (this.getDocument(id) === null || log === undefined) return;
      await this.recordAnnotationLogLengths(new Set([id]));
      await log.compact(true);
    });
  }

  /**
   * Reads again what other devices (through the sync engine) changed since the last look: their
   * library logs, the annotation logs of documents read so far, new text revisions, and conflict
   * copies, which are folded in. Resolves to what changed, with what the reader should be told.
   */
  async refreshFromDisk(): Promise<RemoteChanges> {
    this.assertOpen();
    return this.queue.run(LIBRARY_KEY, async () => {
      const before = new Map(this.listDocuments().map((meta) => [meta.id, meta.textRevision ?? 0]));
      const changes = await this.library.refresh();
      const remote: RemoteChanges = { ...changes, annotations: new Set(), texts: new Set(), notices: [] };
      // Documents whose deletion must be weighed against their annotations: a deletion that just
      // arrived is judged against annotation logs this computer may not have read yet.
      const recheck = new Set<string>();
      for (const id of changes.documents) {
        if (this.library.replica.wasDeleted(documentKey(id)) && !this.annotationLogs.has(id)) recheck.add(id);
      }
      for (const [id, log] of [...this.annotationLogs]) {
        const changed = await this.queue.run(annotationsQueueKey(id), async () => {
          if (!(await log.refresh())) return false;
          this.tagCounts.setDocument(id, log.cached ?? []);
          return true;
        });
        if (!changed) continue;
        remote.annotations.add(id);
        recheck.add(id);
      }
      remote.notices.push(...(await foldInConflictCopies(this.syncContext(), remote)));
      for (const id of remote.annotations) recheck.add(id);
      for (const id of recheck) {
        await this.queue.run(annotationsQueueKey(id), async () => {
          this.annotationFrontiers.set(id, await this.annotationsOf(id).frontier());
        });
        if (!this.library.replica.wasDeleted(documentKey(id))) continue;
        mergeChanges(remote, this.library.recheckDocument(id));
      }
      for (const id of new Set([...remote.documents, ...recheck])) {
        const meta = this.library.keptDespiteDeletion.has(id) ? this.getDocument(id) : null;
        const notice = meta === null ? null : await this.keptNoticeOnce(meta);
        if (notice !== null) remote.notices.push(notice);
      }
      for (const meta of this.listDocuments()) {
        if ((before.get(meta.id) ?? 0) !== (meta.textRevision ?? 0)) {
          remote.texts.add(meta.id);
          this.revisions.forget(meta.id);
          this.texts.bump(meta.id);
        }
      }
      return remote;
    });
  }

  /**
   * Waits for every pending write, compacts this device's logs where due, then releases the lock.
   * Later calls on the store fail.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      await this.queue.idle();
      // A log may become shorter by compaction: it is left out of the record until it is written anew.
      await this.recordAnnotationLogLengths(new Set(this.annotationLogs.keys()));
      await Promise.all(
        [...this.annotationLogs.values()].map(async (log) => {
          await log.compact(true).catch(() => undefined);
          await log.closeJournal();
        }),
      );
      await this.recordAnnotationLogLengths();
      // Compacting makes the log shorter than the checkpoint recorded: a crash before the new one is
      // written must open without one, not find the log "shorter than at the last close".
      await this.library
        .compact(true, async () => {
          if (this.ownLogLoss === null) await rm(libraryCheckpointPath(this.localDir), { force: true });
        })
        .catch(() => undefined);
      await this.library.close();
      await this.snapshot(this.backupsKept);
      // What opening reads first next time: every library log as it now is (see library-checkpoint.ts);
      // not while this device's own log is lost, so the next opening still knows what it held.
      if (this.ownLogLoss === null)
        await writeLibraryCheckpoint(this.dir, this.device.id, libraryCheckpointPath(this.localDir)).catch(
          () => undefined,
        );
    } finally {
      await this.releaseLock();
    }
  }

  /** What the conversion and the folding-in of conflict copies work with. */
  private syncContext(): Parameters<typeof convertLegacyLibrary>[0] {
    return {
      root: this.dir,
      device: this.device,
      fileOptions: this.fileOptions,
      library: this.library,
      annotationsOf: (id) => this.annotationsOf(id),
      texts: this.texts,
    };
  }

  /**
   * Removes the files of documents deleted more than {@link KEEP_DELETED_MS} ago: their texts, their
   * original and this device's log of their annotations. Until then they stay, so that a computer
   * that changed a document without having seen its deletion can bring it back whole.
   */
  private async purgeLongDeleted(): Promise<void> {
    const cutoff = this.wallClock() - KEEP_DELETED_MS;
    for (const key of [...this.library.replica.keys()]) {
      if (!key.startsWith('doc:')) continue;
      const id = key.slice(4);
      const deletedAt = this.library.replica.deletedAt(key);
      if (deletedAt === null || stampTime(deletedAt) > cutoff || this.getDocument(id) !== null) continue;
      const original = this.originalOf(key);
      const texts = (await readdir(join(this.dir, LIBRARY_LAYOUT.documents)).catch(() => [])).filter(
        (name) => name === `${id}.json` || (name.startsWith(`${id}.`) && name.endsWith('.json')),
      );
      await Promise.all([
        ...texts.map((name) => rm(join(this.dir, LIBRARY_LAYOUT.documents, name), { force: true })),
        original === null ? undefined : rm(originalPath(this.dir, original), { force: true }),
        ...texts.map((name) => forgetSecondName(this.dir, this.device.id, 'documents', name)),
        original === null ? undefined : forgetSecondName(this.dir, this.device.id, 'originals', original),
        rm(join(this.dir, LIBRARY_LAYOUT.devices, this.device.id, annotationLogName(id)), { force: true }),
        rm(join(annotationBackupsDir(this.dir, this.device.id), id), { recursive: true, force: true }),
      ]).catch(() => undefined);
    }
  }

  /** The original file name a deleted document's fields record, if any. */
  private originalOf(key: string): string | null {
    const fields = this.library.replica.fieldsOf(key);
    const value = fields.get('original');
    return typeof value === 'string' && /^[A-Za-z0-9][A-Za-z0-9_-]*\.[a-z0-9]{1,10}$/.test(value)
      ? value
      : null;
  }

  /** Queues a notice for each damaged log line not reported yet. */
  private reportDamage(damage: readonly DamagedLine[], own: boolean): void {
    for (const line of damage) {
      const key = `${line.path}:${line.line}`;
      if (this.reportedDamage.has(key)) continue;
      this.reportedDamage.add(key);
      this.tell({
        kind: 'damaged',
        message: own
          ? damagedLogError(line).message
          : `${line.path} (another computer's changes) is damaged at line ${line.line}: ${line.problem}. Scholia skipped that line and has not changed the file; it is that computer's to write, and it will send a sound copy when it next saves.`,
      });
    }
  }

  /** Reads the annotations of documents some device deleted, so a deletion that did not see them all can be overruled. */
  private async recheckDeletedDocuments(): Promise<void> {
    for (const key of [...this.library.replica.keys()]) {
      if (!key.startsWith('doc:') || !this.library.replica.wasDeleted(key)) continue;
      const id = key.slice(4);
      this.annotationFrontiers.set(id, await this.annotationsOf(id).frontier());
      this.library.recheckDocument(id);
      const meta = this.library.keptDespiteDeletion.has(id) ? this.getDocument(id) : null;
      const notice = meta === null ? null : await this.keptNoticeOnce(meta);
      if (notice !== null) this.tell(notice);
    }
  }

  /** The notice that `meta` was kept despite a deletion, unless this computer told its reader of that deletion already. */
  private async keptNoticeOnce(meta: DocumentMeta): Promise<SyncNotice | null> {
    const key = documentKey(meta.id);
    const deletion = this.library.replica.deletedAt(key) ?? '';
    if (!(await this.told.firstTime(`kept:${meta.id}@${deletion}`))) return null;
    return keptNotice(meta, this.library.replica.deletersOf(key).includes(this.device.id));
  }

  /**
   * Finds this device's annotation logs that are missing or shorter than at the last close while the
   * folder shows they held more, reports each, and refuses writes to them until they are restored.
   */
  private async findAnnotationLogLosses(): Promise<void> {
    this.annotationLogLengths = await readAnnotationLogRecord(this.dir, this.device.id);
    const documents = this.listDocuments().map((meta) => ({ id: meta.id, title: displayTitle(meta) }));
    for (const problem of await findAnnotationLogLosses(
      this.dir,
      this.device.id,
      this.annotationLogLengths,
      documents,
    )) {
      const id = problem.document?.id;
      if (id === undefined) continue;
      this.annotationLogLosses.set(id, problem);
      this.tell({ kind: 'damaged', message: `${problem.message} ${problem.advice}` });
    }
  }

  /** A damaged line of this device's log of `meta`'s annotations, as `check` reports it. */
  private async ownAnnotationDamage(
    meta: DocumentMeta,
    line: DamagedLine,
  ): Promise<Pick<LibraryProblem, 'message' | 'advice' | 'repairable' | 'backup' | 'document'>> {
    const backup = await newestSoundAnnotationSnapshot(this.dir, this.device.id, meta.id);
    return {
      message: damagedLogError(line).message,
      advice:
        backup === null
          ? 'Open it in a text editor and delete the damaged line (each line is one change to one annotation).'
          : `Restore the newest sound backup, ${backup.file} from ${readableTime(backup.takenAt)} (in the app, or with "scholia check --repair"): the damaged file is kept in local/<device>/damaged/, and its sound changes are kept.`,
      repairable: backup !== null,
      backup,
      document: { id: meta.id, title: displayTitle(meta) },
    };
  }

  /**
   * Why nothing may be written to this device's log of document `id`'s annotations, or `null`; `own`
   * is how much of it reads as changes: less than at the last close is a loss, reported now.
   */
  private async annotationRefusal(
    id: string,
    own: LogLength,
    others: ReadonlyMap<string, { bytes: number; whole: boolean }>,
  ): Promise<ScholiaError | null> {
    const meta = this.getDocument(id);
    if (meta !== null && !this.foreignAnnotationLosses.has(id)) {
      const lost = foreignAnnotationLogLosses(
        this.dir,
        { id, title: displayTitle(meta) },
        this.annotationLogLengths.get(id)?.others,
        others,
      );
      if (lost.length > 0) {
        this.foreignAnnotationLosses.set(id, lost);
        for (const problem of lost) this.tell({ kind: 'damaged', message: `${problem.message} ${problem.advice}` });
      }
    }
    if (!this.annotationLogLosses.has(id) && meta !== null) {
      const problem = await annotationLogReadsShort(
        this.dir,
        this.device.id,
        { id, title: displayTitle(meta) },
        this.annotationLogLengths.get(id),
        own.bytes,
      );
      if (problem !== null) {
        this.annotationLogLosses.set(id, problem);
        this.tell({ kind: 'damaged', message: `${problem.message} ${problem.advice}` });
      }
    }
    const loss = this.annotationLogLosses.get(id);
    // Without a backup to restore, what is left is all there is: new highlights are saved after it.
    return loss === undefined || !loss.repairable
      ? null
      : new ScholiaError('library-corrupt', `${loss.message} ${loss.advice}`);
  }

  /**
   * Snapshots this device's logs into `backups/<device>/` (at opening and at closing), except those
   * found lost or damaged, whose snapshots would push the sound ones out.
   */
  private async snapshot(keep: number | undefined): Promise<void> {
    if (this.ownLogLoss === null && this.library.damage.own.length === 0) await this.snapshotOwnLog(keep);
    const skip = new Set(this.annotationLogLosses.keys());
    for (const [id, log] of this.annotationLogs) if (log.damage.own.length > 0) skip.add(id);
    await snapshotAnnotationLogs(
      join(this.dir, LIBRARY_LAYOUT.devices, this.device.id, 'annotations'),
      annotationBackupsDir(this.dir, this.device.id),
      new Date(this.wallClock()),
      skip,
    );
    await keepSecondNames(this.dir, this.device.id);
  }

  /**
   * Records how long this device's annotation logs now are (those read this session; the others as
   * recorded before), for the next opening to tell a lost log from an empty one. `without` are left
   * out: logs about to be compacted, which become shorter. Never rejects.
   */
  private async recordAnnotationLogLengths(without: ReadonlySet<string> = new Set()): Promise<void> {
    const lengths = new Map(this.annotationLogLengths);
    for (const [id, log] of this.annotationLogs) {
      const length = log.ownLength;
      if (length === null || this.annotationLogLosses.has(id)) continue;
      // What was read of other computers' logs; one found lost keeps its earlier length until it is back.
      const others: Record<string, number> = this.foreignAnnotationLosses.has(id)
        ? { ...this.annotationLogLengths.get(id)?.others }
        : {};
      for (const [device, file] of log.foreignLengths) if (file.bytes > 0) others[device] ??= file.bytes;
      lengths.set(id, { ...length, others });
    }
    for (const id of without) if (!this.annotationLogLosses.has(id)) lengths.delete(id);
    for (const id of lengths.keys())
      if (this.getDocument(id) === null && !this.library.replica.wasDeleted(documentKey(id)))
        lengths.delete(id);
    this.annotationLogLengths = lengths;
    await writeAnnotationLogRecord(this.dir, this.device.id, lengths).catch(() => undefined);
  }

  private async snapshotOwnLog(keep: number | undefined): Promise<void> {
    const folder = join(this.dir, LIBRARY_LAYOUT.backups, this.device.id);
    await mkdir(folder, { recursive: true }).catch(() => undefined);
    await snapshotLibraryFile(this.library.ownPath, folder, keep === undefined ? {} : { keep }).catch(
      () => undefined,
    );
  }

  private newRevision(id: string): { id: string; parents: string[] } {
    return {
      id: `${this.writer.clock.next()}${this.device.id}`,
      parents: headsOf(this.library.revisionsOf(id)),
    };
  }

  private revisionChange(id: string, revision: { id: string; parents: string[] }) {
    return {
      k: documentKey(id),
      s: {
        [`${REVISION_FIELD_PREFIX}${revision.id}`]: {
          parents: revision.parents,
          at: new Date(this.wallClock()).toISOString(),
        },
      },
    };
  }

  /** Writes an edit's revision, annotations and metadata (see `text-edit-log.ts`); each step may be redone. */
  private async applyTextEdit(id: string, record: TextEditFile): Promise<void> {
    const revision = record.revision ?? this.newRevision(id);
    await this.texts.write(id, record.doc, revision.id);
    const annotations = this.annotationsOf(id);
    await annotations.overwrite(record.annotations);
    this.tagCounts.setDocument(id, annotations.cached ?? record.annotations);
    const { textRevision: _counted, ...meta } = record.meta;
    await this.commitLibrary(
      {
        ...this.library.data,
        documents: this.library.data.documents.map((current) =>
          current.id === id ? { ...current, ...meta } : current,
        ),
      },
      this.library.revisionsOf(id).has(revision.id) ? [] : [this.revisionChange(id, revision)],
    );
    this.revisions.forget(id);
  }

  private async commitLibrary(
    next: LibraryFile,
    extra: Parameters<LibraryLog['commit']>[1] = [],
  ): Promise<void> {
    await this.library.commit(next, extra);
  }

  private annotationsOf(id: string): DocumentAnnotationLog {
    let log = this.annotationLogs.get(id);
    if (log === undefined) {
      log = new DocumentAnnotationLog(this.dir, id, this.writer, (own, others) =>
        this.annotationRefusal(id, own, others),
      );
      this.annotationLogs.set(id, log);
    }
    return log;
  }

  private forgetFiles(id: string): void {
    this.texts.forget(id);
    this.revisions.forget(id);
    this.annotationLogs.delete(id);
  }

  private documentKey(id: string): string {
    return `document:${id}`;
  }

  private assertOpen(): void {
    if (this.closed) throw new ScholiaError('internal', `The library at ${this.dir} has been closed.`);
  }
}

/**
 * Moves each record of an edit of a text (`local/<device>/edits/`) that cannot be read into
 * `local/<device>/damaged/`: its document then opens as it was before that edit, which the record was
 * to finish. Resolves to what it did.
 */
async function setAsideDamagedRecords(
  root: string,
  deviceId: string,
  local: string,
): Promise<RepairAction[]> {
  const dir = join(local, 'edits');
  const actions: RepairAction[] = [];
  for (const id of await unfinishedTextEdits(dir).catch(() => [] as string[])) {
    const file = textEditFile(dir, id, { migrations: defaultMigrations, hooks: undefined });
    const readable = await file.read().then(
      () => true,
      () => false,
    );
    if (readable) continue;
    const aside = await moveAside(root, deviceId, textEditPath(dir, id), new Date());
    if (aside === null) continue;
    actions.push({
      file: libraryRelative(root, textEditPath(dir, id)),
      restored: true,
      movedAside: libraryRelative(root, aside),
      message: `Moved the damaged record of an edit of a text to ${libraryRelative(root, aside)}: the document opens as it was before that edit.`,
    });
  }
  return actions;
}

/** A damaged line of another device's log, as `check` reports it. */
function othersDamage(root: string, line: DamagedLine): LibraryProblem {
  const file = libraryRelative(root, line.path);
  return {
    kind: 'other-log-damaged',
    file,
    message: `${file} (another computer's changes) is damaged at line ${String(line.line)}: ${line.problem}. Scholia skipped that line and has not changed the file.`,
    advice:
      "Nothing to do here: it is that computer's to write. Open the library there; it sends a sound copy when it next saves.",
    repairable: false,
  };
}

async function newestSoundSnapshotOf(root: string, deviceId: string): Promise<boolean> {
  return (await newestSoundSnapshot(root, deviceId)) !== null;
}

/** The notice that a document deleted on one computer was kept because another changed it unseen. */
/** The notice that a deletion of `meta` was overruled; `deletedHere` when this computer made the deletion. */
function keptNotice(meta: DocumentMeta, deletedHere: boolean): SyncNotice {
  const title = displayTitle(meta);
  return {
    kind: 'kept',
    message: deletedHere
      ? `“${title}”, which was deleted on this computer, is back: another computer changed it before it heard of the deletion, so it was kept with those changes. Delete it again if you no longer want it.`
      : `“${title}” was deleted on another computer, but changed on one that had not yet heard of the deletion, so it was kept. Delete it again if you no longer want it.`,
  };
}

/**
 * Waits for every one of `tasks`, then rejects with the first failure, if any: so that nothing begun
 * is still running when the caller gives the library's lock back.
 */
async function settleAll(tasks: readonly Promise<unknown>[]): Promise<void> {
  for (const result of await Promise.allSettled(tasks)) if (result.status === 'rejected') throw result.reason;
}

function mergeChanges(into: LibraryChanges, from: LibraryChanges): void {
  for (const id of from.documents) into.documents.add(id);
  into.tags ||= from.tags;
  into.collections ||= from.collections;
  into.links ||= from.links;
  into.settings ||= from.settings;
}

function assertValidAnnotation(annotation: Annotation, documentId: string): void {
  if (annotation.documentId !== documentId || !AnnotationSchema.safeParse(annotation).success) {
    throw new ScholiaError(
      'internal',
      `Annotation "${annotation.id}" is not an annotation of document "${documentId}", so it was not saved.`,
    );
  }
}

export { BASE_REVISION };
