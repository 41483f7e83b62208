/**
 * The annotation journal: the changes made to one document's annotations since its snapshot
 * (`annotations/<id>.json`) was last written, kept in `annotations/<id>.journal.jsonl` so that a new
 * highlight costs one short append instead of a rewrite of every highlight the document has.
 *
 * The file is JSON Lines in UTF-8: one change per line, each a JSON object ended by `\n`:
 *
 * ```
 * {"v":1,"op":"put","annotation":{…}}   creates the annotation, or replaces the one with the same id
 * {"v":1,"op":"delete","id":"…"}        removes the annotation with that id, if there is one
 * ```
 *
 * `v` is the file-format version of the line (the snapshot's `schemaVersion`); a line from an older
 * version is brought up to date by the annotations migrations as it is read, and a line from a newer
 * Scholia makes the journal unreadable rather than being skipped. The document's annotations are the
 * snapshot's with every line applied in order. Both changes are idempotent (applying a line to a state
 * that already has it changes nothing), which lets compaction write a new snapshot first and remove the
 * journal only afterwards: a crash in between replays lines the snapshot already holds, harmlessly.
 *
 * A change is durable once its line is appended and the file fdatasync'ed (the folder is fsynced too
 * when the append created the file). Each append writes exactly one line, so a crash can tear only the
 * last one: a last line without its newline, or that is not valid JSON, is a write that never returned
 * success. It is ignored, and cut off before the next append. Any other line that cannot be read is
 * damage: reading reports `library-corrupt`, naming the file and the line, and the file is never written.
 */
import { open, readFile, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { z } from 'zod';
import { ScholiaError } from '../../shared/errors';
import { AnnotationSchema, IdSchema, type Annotation } from '../../shared/model';
import { annotationJson } from './annotations-serializer';
import { syncDirectory } from './durable-json-file';
import { errnoCode, ioError } from './fs-errors';
import { CURRENT_SCHEMA_VERSION, type MigrationRegistry } from './migrations';

/** One change to a document's annotations: `put` creates or replaces by id, `delete` removes by id. */
export type AnnotationChange = { op: 'put'; annotation: Annotation } | { op: 'delete'; id: string };

/** How an {@link AnnotationJournal} checks and upgrades what it reads. */
export interface AnnotationJournalOptions {
  /** The document the journal belongs to; a `put` of another document's annotation is damage. */
  documentId: string;
  /** The migrations of annotations files, which also upgrade the annotation of an older `put` line. */
  migrations: MigrationRegistry;
}

const LineSchema = z.discriminatedUnion('op', [
  z.object({ v: z.literal(CURRENT_SCHEMA_VERSION), op: z.literal('put'), annotation: AnnotationSchema }),
  z.object({ v: z.literal(CURRENT_SCHEMA_VERSION), op: z.literal('delete'), id: IdSchema }),
]);

const NEWLINE = 0x0a;
const RECOVERY =
  'Restore it from your own backup, or open it in a text editor and delete the damaged line (each line is one change to the highlights, and losing it loses only that change); until then the annotations of this document cannot be shown or changed.';

/** What is known about the journal file on disk, once it has been read or removed. */
interface JournalState {
  /** Whether the file is known to exist (its creation has been made durable). */
  exists: boolean;
  /** Length in bytes of the complete, valid lines at the start of the file. */
  validBytes: number;
  /** How many valid lines there are. */
  lines: number;
  /** Whether bytes of a torn line may follow the valid ones and must be cut off before appending. */
  torn: boolean;
}

/**
 * One document's journal file. Calls must not overlap (the store runs them in the document's queue),
 * and {@link read} or {@link remove} must come before the first {@link append}, so that the journal
 * knows where its valid lines end.
 */
export class AnnotationJournal {
  /** Absolute path of the journal file. */
  readonly path: string;
  private readonly options: AnnotationJournalOptions;
  private state: JournalState | null = null;
  /** Kept open between appends, since opening costs more than the write itself. */
  private handle: FileHandle | null = null;

  constructor(path: string, options: AnnotationJournalOptions) {
    this.path = path;
    this.options = options;
  }

  /** How many changes the journal holds. */
  get lineCount(): number {
    return this.state?.lines ?? 0;
  }

  /** The size in bytes of the changes the journal holds. */
  get byteLength(): number {
    return this.state?.validBytes ?? 0;
  }

  /** Whether the journal file is known to exist (possibly holding only a torn line). */
  get exists(): boolean {
    return this.state?.exists ?? false;
  }

  /**
   * The changes in the file, in order: none when it does not exist. A torn last line is left out.
   * Throws `library-corrupt` naming the file and line when any other line is unreadable, invalid, of
   * another document or from a newer Scholia (the file is then not written until a read succeeds);
   * `io` when the file cannot be read.
   */
  async read(): Promise<AnnotationChange[]> {
    // Until this read succeeds, nothing is known about where the valid lines end: appends are refused.
    this.state = null;
    let bytes: Buffer;
    try {
      bytes = await readFile(this.path);
    } catch (error) {
      if (errnoCode(error) !== 'ENOENT') throw ioError('read', this.path, error);
      this.state = { exists: false, validBytes: 0, lines: 0, torn: false };
      return [];
    }
    const changes: AnnotationChange[] = [];
    const ends: number[] = [];
    for (let end = bytes.indexOf(NEWLINE); end >= 0; end = bytes.indexOf(NEWLINE, end + 1)) ends.push(end);
    // Offsets are counted in bytes, not decoded characters, so that cutting off a torn line is exact.
    let validBytes = 0;
    for (const [index, end] of ends.entries()) {
      const raw = parseJson(bytes.toString('utf8', validBytes, end));
      if (raw === undefined) {
        // Only the very last line can be a write that was cut short; anywhere else it is damage.
        if (index === ends.length - 1 && end + 1 === bytes.length) break;
        throw this.corrupt(index + 1, 'it is not valid JSON');
      }
      changes.push(this.parseChange(raw, index + 1));
      validBytes = end + 1;
    }
    this.state = { exists: true, validBytes, lines: changes.length, torn: validBytes < bytes.length };
    return changes;
  }

  /**
   * Appends `change` and makes it durable before resolving. A `put` must hold a valid annotation of
   * this journal's document (`internal` otherwise: a line that could not be read back would make the
   * journal unreadable). Rejects with `io` when the disk refuses; whatever part of the line reached the
   * file is then cut off by the next append.
   */
  append(change: AnnotationChange): Promise<void> {
    return this.appendAll([change]);
  }

  /**
   * Appends `changes`, one line each, in one write made durable by one fdatasync: the cost of a batch
   * is one sync, not one per change. A crash during the write keeps a prefix of the lines (only the
   * last of which can be torn), so each change is applied or not, in order. Nothing is written for an
   * empty list. Otherwise as {@link append}.
   */
  async appendAll(changes: readonly AnnotationChange[]): Promise<void> {
    const state = this.state;
    if (state === null)
      throw new ScholiaError('internal', `${this.path} must be read before it is appended to.`);
    if (changes.length === 0) return;
    const bytes = Buffer.from(changes.map((change) => this.serialize(change)).join(''), 'utf8');
    try {
      this.handle ??= await open(this.path, 'a');
      if (state.torn) {
        await this.handle.truncate(state.validBytes);
        state.torn = false;
      }
      await this.handle.appendFile(bytes);
      await this.handle.datasync();
      if (!state.exists) {
        await syncDirectory(dirname(this.path));
        state.exists = true;
      }
    } catch (error) {
      state.torn = true;
      await this.close();
      throw ioError('save', this.path, error);
    }
    state.validBytes += bytes.length;
    state.lines += changes.length;
  }

  /** Deletes the journal file, durably; a missing file is fine. Afterwards the journal is empty. */
  async remove(): Promise<void> {
    await this.close();
    let existed = true;
    try {
      await unlink(this.path);
    } catch (error) {
      if (errnoCode(error) !== 'ENOENT') throw ioError('remove', this.path, error);
      existed = false;
    }
    this.state = { exists: false, validBytes: 0, lines: 0, torn: false };
    if (existed) await syncDirectory(dirname(this.path));
  }

  /** Closes the file if it is open; the next append opens it again. Never rejects. */
  async close(): Promise<void> {
    const handle = this.handle;
    this.handle = null;
    await handle?.close().catch(() => undefined);
  }

  private serialize(change: AnnotationChange): string {
    if (change.op === 'delete')
      return `${JSON.stringify({ v: CURRENT_SCHEMA_VERSION, op: 'delete', id: change.id })}\n`;
    const { annotation } = change;
    if (
      annotation.documentId !== this.options.documentId ||
      !AnnotationSchema.safeParse(annotation).success
    ) {
      throw new ScholiaError(
        'internal',
        `Annotation "${annotation.id}" is not a valid annotation of document "${this.options.documentId}", so it was not saved.`,
      );
    }
    return `{"v":${CURRENT_SCHEMA_VERSION},"op":"put","annotation":${annotationJson(annotation)}}\n`;
  }

  private parseChange(raw: unknown, lineNumber: number): AnnotationChange {
    const line = this.upgrade(raw, lineNumber);
    const parsed = LineSchema.safeParse(line);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue === undefined || issue.path.length === 0 ? 'the line' : issue.path.join('.');
      throw this.corrupt(lineNumber, `it is not a valid change (${where}: ${issue?.message ?? 'invalid'})`);
    }
    const change = parsed.data;
    if (change.op === 'delete') return { op: 'delete', id: change.id };
    if (change.annotation.documentId !== this.options.documentId) {
      throw this.corrupt(lineNumber, `it holds an annotation of document "${change.annotation.documentId}"`);
    }
    return { op: 'put', annotation: change.annotation };
  }

  /** A line of an older file format, brought up to the current one by the annotations migrations. */
  private upgrade(raw: unknown, lineNumber: number): unknown {
    if (typeof raw !== 'object' || raw === null || !('v' in raw) || raw.v === CURRENT_SCHEMA_VERSION)
      return raw;
    const { v: version } = raw;
    if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) {
      throw this.corrupt(lineNumber, 'it has no valid format version "v"');
    }
    const put = 'op' in raw && raw.op === 'put' && 'annotation' in raw;
    // A put line is upgraded as a one-annotation snapshot, so annotation migrations are written once.
    const upgraded = this.options.migrations.migrate(
      'annotations',
      {
        schemaVersion: version,
        documentId: this.options.documentId,
        annotations: put ? [raw.annotation] : [],
      },
      this.path,
    );
    const list = upgraded['annotations'];
    return {
      ...raw,
      v: upgraded['schemaVersion'],
      ...(put && Array.isArray(list) ? { annotation: list[0] as unknown } : {}),
    };
  }

  private corrupt(lineNumber: number, problem: string): ScholiaError {
    return new ScholiaError(
      'library-corrupt',
      `${basename(this.path)} in ${dirname(this.path)} is damaged at line ${lineNumber}: ${problem}. Scholia has not changed it. ${RECOVERY}`,
      { path: this.path },
    );
  }
}

/** The parsed value of one line, or `undefined` when it is not JSON. */
function parseJson(line: string): unknown {
  try {
    return JSON.parse(line) as unknown;
  } catch {
    return undefined;
  }
}

/** `annotations` with `change` applied; the input is not modified. */
export function applyChange(
  annotations: readonly Annotation[],
  change: AnnotationChange,
): readonly Annotation[] {
  if (change.op === 'delete') {
    const kept = annotations.filter((annotation) => annotation.id !== change.id);
    return kept.length === annotations.length ? annotations : kept;
  }
  const index = annotations.findIndex((annotation) => annotation.id === change.annotation.id);
  return index < 0 ? [...annotations, change.annotation] : annotations.with(index, change.annotation);
}

/**
 * `annotations` with every change applied in order: a put of a known id replaces it where it stands,
 * a put of a new id goes to the end, a delete removes. Linear in the number of annotations and changes.
 */
export function applyChanges(
  annotations: readonly Annotation[],
  changes: readonly AnnotationChange[],
): readonly Annotation[] {
  if (changes.length === 0) return annotations;
  const byId = new Map(annotations.map((annotation) => [annotation.id, annotation]));
  for (const change of changes) {
    if (change.op === 'put') byId.set(change.annotation.id, change.annotation);
    else byId.delete(change.id);
  }
  return [...byId.values()];
}
