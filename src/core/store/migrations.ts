/**
 * File-format versions and the migrations between them.
 *
 * Every library file carries a top-level `schemaVersion`. When a library is opened, each file is
 * brought up to {@link CURRENT_SCHEMA_VERSION} in memory by running the registered migrations for its
 * kind one step at a time; it is saved in the new format the next time Scholia writes it. A file from
 * a newer Scholia is refused and left untouched, because rewriting it would lose what that version added.
 */
import { basename, dirname } from 'node:path';
import { ScholiaError } from '../../shared/errors';

/** The file-format version this build of Scholia reads and writes. */
export const CURRENT_SCHEMA_VERSION = 1;

/**
 * The kinds of file in a library, each with its own chain of migrations. A `text-edit` is the record
 * of an edit of a document's text that exists only while the edit is being saved (see `text-edit-log.ts`).
 */
export type FileKind = 'library' | 'document' | 'annotations' | 'text-edit';

/** A file's parsed JSON: an object carrying `schemaVersion`. */
export type VersionedJson = Record<string, unknown>;

/** One step that converts a file of `kind` from version `from` to version `to` (> `from`). */
export interface Migration {
  kind: FileKind;
  from: number;
  to: number;
  /** Returns the content in the `to` format; `schemaVersion` is set by the registry afterwards. */
  migrate(data: VersionedJson): VersionedJson;
}

/** The set of migrations a library is opened with. */
export class MigrationRegistry {
  private readonly steps = new Map<string, Migration>();
  /** The version files are migrated up to. */
  readonly currentVersion: number;

  constructor(currentVersion: number = CURRENT_SCHEMA_VERSION) {
    this.currentVersion = currentVersion;
  }

  /** Adds a step. Throws a `RangeError` when it goes nowhere or a step from that version already exists. */
  register(migration: Migration): this {
    if (!Number.isInteger(migration.from) || !(migration.to > migration.from)) {
      throw new RangeError(`A ${migration.kind} migration must go from one version to a later one.`);
    }
    const key = stepKey(migration.kind, migration.from);
    if (this.steps.has(key)) {
      throw new RangeError(`There is already a ${migration.kind} migration from version ${migration.from}.`);
    }
    this.steps.set(key, migration);
    return this;
  }

  /**
   * Brings the parsed content of the file at `path` up to {@link currentVersion}. Returns the content
   * unchanged when it already is current. Throws `library-corrupt` when the content is not an object
   * with an integer `schemaVersion`, or comes from a newer Scholia; `internal` when a step is missing.
   */
  migrate(kind: FileKind, raw: unknown, path: string): VersionedJson {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      throw corrupt(
        path,
        'is not a Scholia file (it holds no JSON object)',
        'Restore it from a backup or move it aside.',
      );
    }
    let data = raw as VersionedJson;
    const declared = data['schemaVersion'];
    if (typeof declared !== 'number' || !Number.isInteger(declared) || declared < 0) {
      throw corrupt(path, 'has no valid schemaVersion', 'Restore it from a backup or move it aside.');
    }
    let version = declared;
    if (version > this.currentVersion) {
      throw corrupt(
        path,
        `was made by a newer Scholia (file format ${version}; this app reads up to ${this.currentVersion})`,
        'Update Scholia to open this library.',
      );
    }
    while (version < this.currentVersion) {
      const step = this.steps.get(stepKey(kind, version));
      if (step === undefined) {
        throw new ScholiaError(
          'internal',
          `Scholia has no way to upgrade ${basename(path)} from file format ${version}; the file was not changed.`,
          { path },
        );
      }
      data = { ...step.migrate(data), schemaVersion: step.to };
      version = step.to;
    }
    return data;
  }
}

function stepKey(kind: FileKind, from: number): string {
  return `${kind}@${from}`;
}

function corrupt(path: string, problem: string, advice: string): ScholiaError {
  return new ScholiaError(
    'library-corrupt',
    `${basename(path)} in ${dirname(path)} ${problem}. Scholia has not changed it. ${advice}`,
    { path },
  );
}

/** The migrations of this build. Empty while version 1 is the only format there has been. */
export const defaultMigrations = new MigrationRegistry();
