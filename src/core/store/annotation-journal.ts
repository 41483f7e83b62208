/**
 * Reading one document's annotations as the layout before folder sync kept them: a snapshot
 * (`annotations/<id>.json`) plus a journal of the changes made since it was written
 * (`annotations/<id>.journal.jsonl`). Nothing writes these files any more; they are read once, while
 * a library in that layout is converted into change logs (`src/core/sync/convert-legacy.ts`). The
 * {@link AnnotationChange} type, the shape of one change, is still used by the current code.
 *
 * The journal is JSON Lines in UTF-8: one change per line, each a JSON object ended by `\n`:
 *
 * ```
 * {"v":1,"op":"put","annotation":{…}}   creates the annotation, or replaces the one with the same id
 * {"v":1,"op":"delete","id":"…"}        removes the annotation with that id, if there is one
 * ```
 *
 * `v` is the file-format version of the line (the snapshot's `schemaVersion`); a line from an older
 * version is brought up to date by the annotations migrations as it is read, and a line from a newer
 * Scholia makes the journal unreadable rather than being skipped. The document's annotations are the
 * snapshot's with every line applied in order (both changes are idempotent, so a journal whose changes
 * the snapshot already holds reads the same).
 *
 * Each change was written as one appended line, so a crash could tear only the last one: a last line
 * without its newline, or that is not valid JSON, is a write that never returned success, and is
 * ignored. Any other line that cannot be read is damage: reading reports `library-corrupt`, naming
 * the file and the line. Reading never changes either file.
 */
import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { z } from 'zod';
import { ScholiaError } from '../../shared/errors';
import { AnnotationSchema, IdSchema, type Annotation } from '../../shared/model';
import type { DurableJsonFile } from './durable-json-file';
import { checkBelongs, type AnnotationsFile } from './file-schemas';
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
  'Restore it from your own backup, or open it in a text editor and delete the damaged line (each line is one change to the highlights, and losing it loses only that change); until then the library cannot be converted.';

/**
 * The annotations of document `documentId` in the layout before folder sync: the snapshot's (none when
 * it is missing) with the journal's changes applied. Throws `library-corrupt` when either file is
 * damaged or the snapshot belongs to another document, `io` when a file cannot be read.
 */
export async function readLegacyAnnotations(
  documentId: string,
  files: { snapshot: DurableJsonFile<AnnotationsFile>; journal: AnnotationJournal },
): Promise<readonly Annotation[]> {
  const file = await files.snapshot.read();
  if (file !== null) checkBelongs(file, documentId, files.snapshot.path);
  return applyChanges(file?.annotations ?? [], await files.journal.read());
}

/** One document's legacy journal file, read only. */
export class AnnotationJournal {
  /** Absolute path of the journal file. */
  readonly path: string;
  private readonly options: AnnotationJournalOptions;

  constructor(path: string, options: AnnotationJournalOptions) {
    this.path = path;
    this.options = options;
  }

  /**
   * The changes in the file, in order: none when it does not exist. A torn last line is left out.
   * Throws `library-corrupt` naming the file and line when any other line is unreadable, invalid, of
   * another document or from a newer Scholia; `io` when the file cannot be read.
   */
  async read(): Promise<AnnotationChange[]> {
    let bytes: Buffer;
    try {
      bytes = await readFile(this.path);
    } catch (error) {
      if (errnoCode(error) !== 'ENOENT') throw ioError('read', this.path, error);
      return [];
    }
    const changes: AnnotationChange[] = [];
    // Bytes after the last newline are a torn line too: the loop never reaches them.
    let start = 0;
    for (let end = bytes.indexOf(NEWLINE); end >= 0; end = bytes.indexOf(NEWLINE, start)) {
      const raw = parseJson(bytes.toString('utf8', start, end));
      if (raw === undefined) {
        // Only the very last line can be a write that was cut short; anywhere else it is damage.
        if (end + 1 === bytes.length) break;
        throw this.corrupt(changes.length + 1, 'it is not valid JSON');
      }
      changes.push(this.parseChange(raw, changes.length + 1));
      start = end + 1;
    }
    return changes;
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
