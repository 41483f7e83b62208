/**
 * One document's annotations as the merge of every device's log of them
 * (`devices/<device>/annotations/<document id>.jsonl`), with the current list in memory.
 *
 * A change to one highlight is one appended line in this device's log, so its cost does not grow with
 * the number of highlights. The list is in the order the annotations were first made (by stamp, then
 * device), the same on every computer. An annotation whose fields no longer make a valid annotation
 * (a line from a newer Scholia, a hand edit) is left out of the list and reported in {@link problems};
 * its lines stay on disk untouched.
 */
import { join } from 'node:path';
import { ScholiaError } from '../../shared/errors';
import type { Annotation } from '../../shared/model';
import type { AnnotationChange } from '../store/annotation-journal';
import { changeTo, decodeAnnotation, encodeAnnotation, type EntityChange } from './entity-codecs';
import { LogSet, type Writer } from './log-set';
import type { Frontier, LogEntry } from './replica';
import { runInSlices, runSteps, type Steps } from '../util/sliced-work';

/** How many annotations are decoded between two looks at the clock. */
const DECODE_GROUP = 200;

/** What an entity of the log is once decoded: an annotation (with its place in the list), a problem, or deleted. */
type DecodedEntry = { annotation: Annotation; order: string } | AnnotationProblem | null;

/** The folder, in each device's folder, of the annotation logs. */
export const ANNOTATION_LOGS_DIR = 'annotations';

/** The name, under a device's folder, of document `id`'s annotation log. */
export function annotationLogName(id: string): string {
  return join(ANNOTATION_LOGS_DIR, `${id}.jsonl`);
}

/** Why nothing may be written to this device's log, given how much of it reads as changes; `null` when writes may go on. */
export type Refusal = (
  own: { bytes: number; lines: number },
  others: ReadonlyMap<string, { bytes: number; whole: boolean }>,
) => Promise<ScholiaError | null>;

/** An annotation left out because its merged fields are not a valid annotation. */
export interface AnnotationProblem {
  annotationId: string;
  problem: string;
}

/**
 * The annotations of one document. Calls must not overlap: the store runs them in the document's
 * queue. Every method that changes the annotations resolves once the change is durable.
 */
export class DocumentAnnotationLog {
  /** The document these annotations belong to. */
  readonly documentId: string;
  private readonly root: string;
  private readonly writer: Writer;
  private log: LogSet | null = null;
  private current: readonly Annotation[] | null = null;
  private loading: Promise<readonly Annotation[]> | null = null;
  private byId = new Map<string, { annotation: Annotation; order: string }>();
  /** Annotations left out of the list, and why. */
  problems: AnnotationProblem[] = [];

  private readonly refusal: Refusal;

  /**
   * `refusal` says why nothing may be written to this device's log of these annotations (it was found
   * lost, or reads shorter than it was, and must be restored first), or `null`: asked when the logs
   * are read, with how much of this device's log reads as changes.
   */
  constructor(
    root: string,
    documentId: string,
    writer: Writer,
    refusal: Refusal = () => Promise.resolve(null),
  ) {
    this.root = root;
    this.documentId = documentId;
    this.writer = writer;
    this.refusal = refusal;
  }

  /** How long each other device's log was when last read, by device; empty before. */
  get foreignLengths(): ReadonlyMap<string, { bytes: number; whole: boolean }> {
    return this.log?.foreignFiles ?? new Map();
  }

  /** How long this device's own log is, once read; `null` before. */
  get ownLength(): { bytes: number; lines: number } | null {
    return this.log?.ownLength ?? null;
  }

  /** The annotations in memory, or `null` before the first {@link load}. Never mutate it. */
  get cached(): readonly Annotation[] | null {
    return this.current;
  }

  /** Whether this device's log has grown enough to be compacted. */
  get compactionDue(): boolean {
    return this.log?.compactionDue ?? false;
  }

  /** Damaged lines found when the logs were last read: in this device's own log (which blocks saving) and in others'. */
  get damage(): { own: LogSet['ownDamage']; others: LogSet['damaged'] } {
    return { own: this.log?.ownDamage ?? [], others: this.log?.damaged ?? [] };
  }

  /**
   * The annotations, read from every device's log the first time. Throws `io` when a file cannot be
   * read. Damaged lines are skipped and reported in {@link damage}.
   */
  load(): Promise<readonly Annotation[]> {
    if (this.current !== null) return Promise.resolve(this.current);
    // Reading is in slices, so a second caller may come meanwhile: it waits for the same read.
    this.loading ??= this.readLogs().finally(() => {
      this.loading = null;
    });
    return this.loading;
  }

  private async readLogs(): Promise<readonly Annotation[]> {
    const log = new LogSet(this.root, annotationLogName(this.documentId), this.writer);
    await log.load();
    const refusal = await this.refusal(log.ownLength, log.foreignFiles);
    if (refusal !== null) log.refuseWrites(refusal);
    this.log = log;
    return this.rebuildInSlices(null);
  }

  /** As {@link load}, without keeping the list when it was not loaded already (a pass over every document). */
  async read(): Promise<readonly Annotation[]> {
    if (this.current !== null) return this.current;
    const list = await this.load();
    this.unload();
    return list;
  }

  /** A new document's annotations: none. Nothing is written until the first change. */
  async create(): Promise<void> {
    await this.load();
  }

  /** For each device, the latest change to any of these annotations: what a deletion of the document must have seen. */
  async frontier(): Promise<Frontier> {
    await this.load();
    return this.log?.replica.devices() ?? new Map();
  }

  /**
   * Applies the changes `decide` returns for the current annotations (it may throw to refuse), in
   * order, by appending them to this device's log in one durable write. Resolves to the new list.
   */
  async changeAll(
    decide: (current: readonly Annotation[]) => readonly AnnotationChange[],
  ): Promise<readonly Annotation[]> {
    const current = await this.load();
    const log = this.requireLog();
    const changes = decide(current);
    // Changes to one annotation within one batch fold into the last one.
    const last = new Map<string, Annotation | null>();
    for (const change of changes) {
      if (change.op === 'put') last.set(change.annotation.id, change.annotation);
      else last.set(change.id, null);
    }
    const entries: EntityChange[] = [];
    for (const [id, next] of last) {
      if (next !== null && next.documentId !== this.documentId) {
        throw new ScholiaError(
          'internal',
          `Annotation "${id}" is not an annotation of document "${this.documentId}", so it was not saved.`,
        );
      }
      const change = changeTo(log.replica, id, next === null ? null : encodeAnnotation(next));
      if (change !== null) entries.push(change);
    }
    await log.commit(entries);
    return this.rebuild(entries.map((entry) => entry.k));
  }

  /** Adds changes already stamped (a conversion's) to this device's log and merges them. */
  async commitStamped(entries: readonly LogEntry[]): Promise<void> {
    await this.load();
    await this.requireLog().commitStamped(entries);
    this.rebuild(entries.map((entry) => entry.k));
  }

  /** Replaces the whole list: every annotation not in `next` is deleted, every other one put. */
  async replace(next: readonly Annotation[]): Promise<void> {
    await this.changeAll((current) => {
      const kept = new Set(next.map((annotation) => annotation.id));
      return [
        ...current
          .filter((annotation) => !kept.has(annotation.id))
          .map((annotation): AnnotationChange => ({ op: 'delete', id: annotation.id })),
        ...next.map((annotation): AnnotationChange => ({ op: 'put', annotation })),
      ];
    });
  }

  /** As {@link replace}: writing the same list twice changes nothing, so an edit of the text may redo it. */
  overwrite(next: readonly Annotation[]): Promise<void> {
    return this.replace(next);
  }

  /**
   * Reads again the other devices' logs that changed (a sync engine delivered them). Resolves to
   * whether the list changed. Does nothing before the first load.
   */
  async refresh(): Promise<boolean> {
    if (this.log === null) return false;
    const changed = await this.log.refresh();
    if (changed.size === 0) return false;
    await this.rebuildInSlices(changed);
    return true;
  }

  /** Merges a conflict copy of one of these logs into this device's log (see {@link LogSet.absorb}). */
  async absorb(path: string): Promise<number> {
    await this.load();
    const { changed, entries } = await this.requireLog().absorb(path);
    this.rebuild(changed);
    return entries;
  }

  /**
   * Compacts this device's log when it has passed its limit, or whenever `always` (on closing) as
   * long as that at least halves it.
   */
  async compact(always = false): Promise<void> {
    if (this.log !== null && (always || this.log.compactionDue)) await this.log.compact();
  }

  /** Forgets the list (the document was removed); its logs stay on disk, since another device may bring it back. */
  async remove(): Promise<void> {
    await this.closeJournal();
    this.unload();
  }

  /** Closes this device's file, if open. Never rejects. */
  closeJournal(): Promise<void> {
    return this.log?.close() ?? Promise.resolve();
  }

  private unload(): void {
    void this.log?.close();
    this.log = null;
    this.current = null;
    this.byId = new Map();
  }

  private requireLog(): LogSet {
    if (this.log === null) throw new Error('The annotations must be loaded first.');
    return this.log;
  }

  /** Brings the list up to date for the entities `keys` (all when null), and resolves to it, at once. */
  private rebuild(keys: Iterable<string> | null): readonly Annotation[] {
    return this.apply(runSteps(this.decodeSteps(keys)), keys === null);
  }

  /** As {@link rebuild}, giving the event loop a turn between slices of decoding (many changes arrived). */
  private async rebuildInSlices(keys: Iterable<string> | null): Promise<readonly Annotation[]> {
    const decoded = await runInSlices(this.decodeSteps(keys));
    return this.apply(decoded, keys === null);
  }

  /**
   * Decodes the entities `keys` (all when null) from the merge, yielding between small groups, into
   * what each now is: an annotation, a problem, or nothing (deleted). Changes nothing.
   */
  private *decodeSteps(keys: Iterable<string> | null): Steps<Map<string, DecodedEntry>> {
    const replica = this.requireLog().replica;
    const decoded = new Map<string, DecodedEntry>();
    let done = 0;
    for (const key of keys ?? [...replica.keys()]) {
      if (++done % DECODE_GROUP === 0) yield;
      const view = replica.view(key);
      if (view === null) {
        decoded.set(key, null);
        continue;
      }
      const annotation = decodeAnnotation(key, view);
      if (typeof annotation === 'string') decoded.set(key, { annotationId: key, problem: annotation });
      else if (annotation.documentId !== this.documentId) {
        decoded.set(key, { annotationId: key, problem: `it belongs to document "${annotation.documentId}"` });
      } else decoded.set(key, { annotation, order: `${view.created.h}${view.created.d}` });
    }
    return decoded;
  }

  /** Puts what {@link decodeSteps} found in the list, in one synchronous step, and resolves to the list. */
  private apply(decoded: ReadonlyMap<string, DecodedEntry>, all: boolean): readonly Annotation[] {
    if (all) this.byId = new Map();
    const problems = new Map(all ? [] : this.problems.map((problem) => [problem.annotationId, problem]));
    for (const [key, entry] of decoded) {
      this.byId.delete(key);
      problems.delete(key);
      if (entry === null) continue;
      if ('problem' in entry) problems.set(key, entry);
      else this.byId.set(key, entry);
    }
    this.problems = [...problems.values()];
    const current = [...this.byId.values()]
      .sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : 0))
      .map((entry) => entry.annotation);
    this.current = current;
    return current;
  }
}
