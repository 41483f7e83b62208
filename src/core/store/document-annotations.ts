/**
 * One document's annotations on disk: a snapshot (`annotations/<id>.json`, written whole and durably
 * by a {@link DurableJsonFile}) plus a journal of the changes since (`annotations/<id>.journal.jsonl`,
 * see `annotation-journal.ts`), and the current list in memory.
 *
 * A single change is appended to the journal, so its cost does not grow with the number of highlights.
 * Once the journal passes its limits the store compacts it: the current list is written as a new
 * snapshot, and only when that is durable is the journal removed. A crash before the snapshot's rename
 * leaves the old snapshot and the whole journal; a crash after it leaves the new snapshot and a journal
 * whose changes it already holds, which replaying does not change. Either way nothing is lost and
 * nothing is doubled.
 *
 * Replacing the whole list (rather than appending one change) cannot go through the journal, and the
 * new snapshot must not be written while the journal still holds changes (replaying them on top would
 * bring back what the replacement removed), so it compacts first.
 */
import { rm } from 'node:fs/promises';
import type { Annotation } from '../../shared/model';
import {
  applyChange,
  applyChanges,
  type AnnotationChange,
  type AnnotationJournal,
} from './annotation-journal';
import type { DurableJsonFile } from './durable-json-file';
import { checkBelongs, type AnnotationsFile } from './file-schemas';
import { ioError } from './fs-errors';
import { CURRENT_SCHEMA_VERSION } from './migrations';

/** When a journal is folded into its snapshot: once it holds this many changes or this many bytes. */
export interface JournalLimits {
  lines: number;
  bytes: number;
}

/**
 * The default limits: a snapshot of thousands of highlights takes tens of milliseconds to write, so
 * compacting every 500 changes costs well under a millisecond per change, and opening a document
 * replays at most a megabyte.
 */
export const DEFAULT_JOURNAL_LIMITS: JournalLimits = { lines: 500, bytes: 1024 * 1024 };

/** Seams for tests that simulate a crash in the middle of a compaction. */
export interface CompactionHooks {
  /** Runs when a compaction starts, before anything is written. Throwing stops it there, as a crash would. */
  beforeCompaction?: (journalPath: string) => void | Promise<void>;
  /**
   * Runs once the new snapshot is durable and before the journal is removed. Throwing stops the
   * compaction there, as a crash would.
   */
  beforeJournalRemoval?: (journalPath: string) => void | Promise<void>;
}

/**
 * The annotations of one document. Calls must not overlap: the store runs them in the document's
 * queue. Every method that changes the annotations resolves once the change is durable and only then
 * changes what {@link cached} returns.
 */
export class DocumentAnnotations {
  /** The document these annotations belong to. */
  readonly documentId: string;
  private readonly snapshot: DurableJsonFile<AnnotationsFile>;
  private readonly journal: AnnotationJournal;
  private readonly limits: JournalLimits;
  private readonly hooks: CompactionHooks;
  private current: readonly Annotation[] | null = null;

  constructor(
    documentId: string,
    files: { snapshot: DurableJsonFile<AnnotationsFile>; journal: AnnotationJournal },
    limits: JournalLimits = DEFAULT_JOURNAL_LIMITS,
    hooks: CompactionHooks = {},
  ) {
    this.documentId = documentId;
    this.snapshot = files.snapshot;
    this.journal = files.journal;
    this.limits = limits;
    this.hooks = hooks;
  }

  /** The annotations in memory, or `null` before the first successful {@link load}. Never mutate it. */
  get cached(): readonly Annotation[] | null {
    return this.current;
  }

  /** Whether the journal has reached its limits and should be compacted. */
  get compactionDue(): boolean {
    return this.journal.lineCount >= this.limits.lines || this.journal.byteLength >= this.limits.bytes;
  }

  /**
   * The annotations: from memory, or read as the snapshot with the journal's changes applied. A
   * missing snapshot means none yet. Throws `library-corrupt` when either file is unreadable or the
   * snapshot belongs to another document, `io` when a file cannot be read.
   */
  async load(): Promise<readonly Annotation[]> {
    if (this.current !== null) return this.current;
    const file = await this.snapshot.read();
    if (file !== null) checkBelongs(file, this.documentId, this.snapshot.path);
    const changes = await this.journal.read();
    this.current = applyChanges(file?.annotations ?? [], changes);
    return this.current;
  }

  /** Starts a new document's annotations: an empty snapshot and no journal (one left from before is removed). */
  async create(): Promise<void> {
    await this.snapshot.write(this.snapshotOf([]));
    await this.journal.remove();
    this.current = [];
  }

  /**
   * The annotations, from memory when loaded, else read from disk without keeping them in memory (for
   * a pass over every document that should not hold them all). Throws as {@link load}.
   */
  async read(): Promise<readonly Annotation[]> {
    if (this.current !== null) return this.current;
    const file = await this.snapshot.read();
    if (file !== null) checkBelongs(file, this.documentId, this.snapshot.path);
    return applyChanges(file?.annotations ?? [], await this.journal.read());
  }

  /**
   * Applies the change `decide` returns for the current annotations (it may throw to refuse), by
   * appending it to the journal. Resolves to the new list once the change is durable.
   */
  async change(decide: (current: readonly Annotation[]) => AnnotationChange): Promise<readonly Annotation[]> {
    return this.changeAll((current) => [decide(current)]);
  }

  /**
   * Applies the changes `decide` returns for the current annotations (it may throw to refuse), in
   * order, by appending them to the journal in one durable write. Resolves to the new list.
   */
  async changeAll(
    decide: (current: readonly Annotation[]) => readonly AnnotationChange[],
  ): Promise<readonly Annotation[]> {
    const current = await this.load();
    const changes = decide(current);
    await this.journal.appendAll(changes);
    this.current =
      changes.length === 1 && changes[0] !== undefined
        ? applyChange(current, changes[0])
        : applyChanges(current, changes);
    return this.current;
  }

  /** Replaces the whole list by writing a new snapshot, compacting the journal first when it holds changes. */
  async replace(next: readonly Annotation[]): Promise<void> {
    await this.load();
    await this.compact();
    await this.snapshot.write(this.snapshotOf(next));
    this.current = next;
  }

  /**
   * Replaces the whole list without reading or compacting what is there: writes `next` as the snapshot,
   * then removes the journal. Only for a caller that redoes the whole replacement after a crash (an
   * edit of the text, recorded beforehand): a crash between the two steps leaves a journal that would
   * otherwise be replayed over the new snapshot.
   */
  async overwrite(next: readonly Annotation[]): Promise<void> {
    await this.snapshot.write(this.snapshotOf(next));
    await this.journal.remove();
    this.current = next;
  }

  /**
   * Writes the current annotations as a new snapshot, then removes the journal (see the module
   * comment for why this order loses nothing). Does nothing before the first {@link load} (the
   * journal is then replayed next time) or when there is no journal.
   */
  async compact(): Promise<void> {
    const current = this.current;
    if (current === null || !this.journal.exists) return;
    await this.hooks.beforeCompaction?.(this.journal.path);
    if (this.journal.lineCount > 0) await this.snapshot.write(this.snapshotOf(current));
    await this.hooks.beforeJournalRemoval?.(this.journal.path);
    await this.journal.remove();
  }

  /** Deletes both files. Afterwards the object must not be used. */
  async remove(): Promise<void> {
    await this.journal.close();
    try {
      await Promise.all([rm(this.snapshot.path, { force: true }), rm(this.journal.path, { force: true })]);
    } catch (error) {
      throw ioError('delete', this.snapshot.path, error);
    }
    this.current = null;
  }

  /** Closes the journal's open file, if any; the next change opens it again. Never rejects. */
  closeJournal(): Promise<void> {
    return this.journal.close();
  }

  private snapshotOf(annotations: readonly Annotation[]): AnnotationsFile {
    return {
      schemaVersion: CURRENT_SCHEMA_VERSION,
      documentId: this.documentId,
      annotations: [...annotations],
    };
  }
}
