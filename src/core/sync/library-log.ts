/**
 * The library's own data (documents' metadata, the codebook, reading lists, settings) as the merge of
 * every device's library log (`devices/<device>/library.jsonl`), kept in memory as the content
 * `library.json` had before libraries could be shared through folder sync.
 *
 * A change is made by handing {@link commit} the whole next state; what differs from the current one
 * becomes field changes in this device's log (see `entity-codecs.ts`), so callers keep their simple
 * "read, change, save" shape while two computers changing different fields never overwrite each other.
 */
import type { ScholiaError } from '../../shared/errors';
import { CollectionSchema } from '../../shared/export-options';
import { LinkRelationSchema, PassageLinkSchema } from '../../shared/links';
import type { DocumentMeta, Tag } from '../../shared/model';
import { CURRENT_SCHEMA_VERSION } from '../store/migrations';
import type { LibraryFile } from '../store/file-schemas';
import {
  changeTo,
  collectionKey,
  linkKey,
  relationKey,
  decodeLink,
  decodeRelation,
  encodeLink,
  encodeRelation,
  decodeCollection,
  decodeDocument,
  decodeTag,
  documentKey,
  encodeCollection,
  encodeDocument,
  encodeTag,
  REVISION_FIELD_PREFIX,
  SETTINGS_KEY,
  tagKey,
  type EntityChange,
} from './entity-codecs';
import { LogSet, type LogSetCheckpoint, type Writer } from './log-set';
import type { EntityView, Frontier, LogEntry } from './replica';

/** The name, under a device's folder, of its library log. */
export const LIBRARY_LOG_NAME = 'library.jsonl';

/** A text revision as the library log records it: the revisions it was made from. */
export interface RevisionRecord {
  parents: string[];
  at: string;
}

/** An entity of the library log left out because its fields are not valid, and why. */
export interface EntityProblem {
  key: string;
  problem: string;
}

/** What a refresh or a commit changed, for the events the service sends. */
export interface LibraryChanges {
  documents: Set<string>;
  tags: boolean;
  collections: boolean;
  /** Links between passages, or the relations they use. */
  links: boolean;
  settings: boolean;
}

interface Ordered<T> {
  value: T;
  order: string;
}

/**
 * What a checkpoint keeps of a {@link LibraryLog} (see `library-checkpoint.ts`): how far its logs were
 * read, and what was worked out from them. Documents, tags and reading lists are `[id, order, value]`,
 * revisions `[document id, [revision id, record]…]`.
 */
export interface LibraryCheckpoint {
  log: LogSetCheckpoint;
  documents: Array<[string, string, DocumentMeta]>;
  revisions: Array<[string, Array<[string, RevisionRecord]>]>;
  tags: Array<[string, string, Tag]>;
  collections: Array<[string, string, unknown]>;
  settings: Record<string, unknown>;
  problems: EntityProblem[];
  keptDespiteDeletion: string[];
}

/** See the module comment. */
export class LibraryLog {
  private readonly log: LogSet;
  private readonly related: (documentId: string) => Frontier | undefined;
  private documents = new Map<string, Ordered<DocumentMeta>>();
  private revisions = new Map<string, Map<string, RevisionRecord>>();
  private tags = new Map<string, Ordered<Tag>>();
  private collections = new Map<string, Ordered<unknown>>();
  private links = new Map<string, Ordered<unknown>>();
  private relations = new Map<string, Ordered<unknown>>();
  private settings: Record<string, unknown> = {};
  private snapshot: LibraryFile | null = null;
  /** Entities left out because their fields are invalid. */
  problems: EntityProblem[] = [];
  /** Documents a device deleted that another kept by changing them meanwhile. */
  readonly keptDespiteDeletion = new Set<string>();

  /**
   * `related(id)` is, for each device, the latest change to document `id`'s annotations that this
   * device has read, or undefined when they have not been read (then only its metadata counts).
   */
  constructor(
    root: string,
    writer: Writer,
    related: (documentId: string) => Frontier | undefined,
    options: { checkpoints?: boolean } = {},
  ) {
    this.log = new LogSet(root, LIBRARY_LOG_NAME, writer, options);
    this.related = related;
  }

  /** This device's own library log. */
  /** How long this device's own log is, as last read or written. */
  get ownLength(): { bytes: number; lines: number } {
    return this.log.ownLength;
  }

  /** Refuses every write to this device's own log with `error` (see `LogSet.refuseWrites`). */
  refuseWrites(error: ScholiaError): void {
    this.log.refuseWrites(error);
  }

  get ownPath(): string {
    return this.log.ownPath;
  }

  /** Damaged lines found in this device's log (which block saving) and in other devices' (skipped). */
  get damage(): { own: LogSet['ownDamage']; others: LogSet['damaged'] } {
    return { own: this.log.ownDamage, others: this.log.damaged };
  }

  /** The merged replica, for deletions that must record what they saw. */
  get replica(): LogSet['replica'] {
    return this.log.replica;
  }

  /** Whether any device has written a library log yet (false for a library not yet converted or new). */
  get isEmpty(): boolean {
    return this.log.replica.devices().size === 0;
  }

  /**
   * Reads every device's log. Throws `io` when a file cannot be read. With a checkpoint (what
   * {@link checkpoint} gave earlier, or a promise of it, which the logs are read meanwhile), when the
   * logs still begin with what it read, what it worked out is taken from it, and only the entities the
   * lines after that changed are worked out again; resolves to whether it was.
   */
  async load(given?: LibraryCheckpoint | null | Promise<LibraryCheckpoint | null>): Promise<boolean> {
    const pending = Promise.resolve(given);
    const changed = await this.log.load(pending.then((checkpoint) => checkpoint?.log));
    const checkpoint = await pending;
    if (changed === null || checkpoint === null || checkpoint === undefined || !this.restore(checkpoint)) {
      this.rebuild(null);
      return false;
    }
    // Entities of a kind the checkpoint keeps nothing worked out of are worked out again.
    for (const key of this.log.replica.keys()) if (!CHECKPOINTED_KEY.test(key)) changed.add(key);
    this.rebuild(changed);
    return true;
  }

  /**
   * What a later {@link load} of these logs can start from: this log as {@link load} left it (made with
   * `checkpoints`, its `related` knowing no annotations, as when a library is opened), or `null` when it
   * has changed since, or a log has damaged lines.
   */
  checkpoint(): LibraryCheckpoint | null {
    const log = this.log.checkpoint();
    if (log === null) return null;
    const entries = <T>(map: ReadonlyMap<string, Ordered<T>>) =>
      [...map].map(([id, { order, value }]): [string, string, T] => [id, order, value]);
    return {
      log,
      documents: entries(this.documents),
      revisions: [...this.revisions].map(([id, records]) => [id, [...records]]),
      tags: entries(this.tags),
      collections: entries(this.collections),
      settings: this.settings,
      problems: this.problems,
      keptDespiteDeletion: [...this.keptDespiteDeletion],
    };
  }

  /** Takes what `checkpoint` worked out; false, changing nothing, when it is not as {@link checkpoint} makes it. */
  private restore(checkpoint: LibraryCheckpoint): boolean {
    try {
      const ordered = <T>(entries: ReadonlyArray<[string, string, T]>) => {
        const map = new Map<string, Ordered<T>>();
        for (const [id, order, value] of entries) {
          if (
            typeof id !== 'string' ||
            typeof order !== 'string' ||
            typeof value !== 'object' ||
            value === null
          )
            throw new Error('not a checkpoint');
          map.set(id, { value, order });
        }
        return map;
      };
      const documents = ordered(checkpoint.documents);
      const tags = ordered(checkpoint.tags);
      const collections = ordered(checkpoint.collections);
      const revisions = new Map(checkpoint.revisions.map(([id, records]) => [id, new Map(records)] as const));
      const { problems, keptDespiteDeletion } = checkpoint;
      const settings: unknown = checkpoint.settings;
      if (
        typeof settings !== 'object' ||
        settings === null ||
        !Array.isArray(problems) ||
        !Array.isArray(keptDespiteDeletion)
      )
        throw new Error('not a checkpoint');
      this.documents = documents;
      this.tags = tags;
      this.collections = collections;
      this.revisions = revisions;
      this.settings = settings as Record<string, unknown>;
      this.problems = [...problems];
      this.keptDespiteDeletion.clear();
      for (const id of keptDespiteDeletion) this.keptDespiteDeletion.add(id);
      this.snapshot = null;
      return true;
    } catch {
      return false;
    }
  }

  /** The merged state, in the shape of `library.json`. A snapshot: never mutate it. */
  get data(): LibraryFile {
    this.snapshot ??= {
      schemaVersion: CURRENT_SCHEMA_VERSION,
      documents: sortedValues(this.documents),
      tags: sortedValues(this.tags),
      collections: sortedValues(this.collections),
      links: sortedValues(this.links),
      relations: sortedValues(this.relations),
      settings: this.settings,
    };
    return this.snapshot;
  }

  /** Document `id`'s text revisions (by revision id), none for a text never edited. */
  revisionsOf(id: string): ReadonlyMap<string, RevisionRecord> {
    return this.revisions.get(id) ?? new Map();
  }

  /**
   * Saves `next` as the new state: each difference from the current state becomes a field change in
   * this device's log, written in one durable append; `extra` adds changes of its own (a text
   * revision). Resolves to what changed.
   */
  async commit(next: LibraryFile, extra: readonly EntityChange[] = []): Promise<LibraryChanges> {
    const current = this.data;
    const changes: EntityChange[] = [...extra];
    const push = (change: EntityChange | null): void => {
      if (change !== null) changes.push(change);
    };
    // The revision count is worked out from the revisions; the stored field is the count a converted library had.
    const keepRevisions = {
      keep: (field: string) => field.startsWith(REVISION_FIELD_PREFIX) || field === 'textRevision',
    };
    const nextDocuments = new Set(next.documents.map((meta) => meta.id));
    for (const meta of next.documents) {
      const before = this.documents.get(meta.id)?.value;
      if (before !== meta)
        push(
          changeTo(
            this.log.replica,
            documentKey(meta.id),
            encodeDocument(withoutDerived(meta)),
            keepRevisions,
          ),
        );
    }
    for (const meta of current.documents) {
      if (!nextDocuments.has(meta.id)) {
        const related = this.related(meta.id);
        push(
          changeTo(this.log.replica, documentKey(meta.id), null, related === undefined ? {} : { related }),
        );
      }
    }
    diffById(current.tags, next.tags, (id, tag) =>
      push(changeTo(this.log.replica, tagKey(id), tag === null ? null : encodeTag(tag))),
    );
    const collections = (list: readonly unknown[]) =>
      list.flatMap((entry) => {
        const parsed = CollectionSchema.safeParse(entry);
        return parsed.success ? [parsed.data] : [];
      });
    diffById(collections(current.collections), collections(next.collections), (id, collection) =>
      push(
        changeTo(
          this.log.replica,
          collectionKey(id),
          collection === null ? null : encodeCollection(collection),
        ),
      ),
    );
    // Entries that are the same objects as before are unchanged: a commit costs what it changes, not
    // the number of links in the library.
    diffEntries(current.links, next.links, (id, entry) => {
      const link = entry === null ? null : PassageLinkSchema.safeParse(entry);
      if (link === null || link.success)
        push(changeTo(this.log.replica, linkKey(id), link === null ? null : encodeLink(link.data)));
    });
    diffEntries(current.relations, next.relations, (id, entry) => {
      const relation = entry === null ? null : LinkRelationSchema.safeParse(entry);
      if (relation === null || relation.success)
        push(
          changeTo(
            this.log.replica,
            relationKey(id),
            relation === null ? null : encodeRelation(relation.data),
          ),
        );
    });
    if (next.settings !== current.settings)
      push(changeTo(this.log.replica, SETTINGS_KEY, { ...next.settings }));
    const entries = await this.log.commit(changes);
    return this.rebuild(entries.map((entry) => entry.k));
  }

  /** Adds entries already stamped (a conversion's) and merges them. */
  async commitStamped(entries: readonly LogEntry[]): Promise<LibraryChanges> {
    await this.log.commitStamped(entries);
    return this.rebuild(entries.map((entry) => entry.k));
  }

  /** Reads again the other devices' logs that changed. Resolves to what changed. */
  async refresh(): Promise<LibraryChanges> {
    return this.rebuild(await this.log.refresh());
  }

  /** Re-evaluates document `id` after its annotations changed on another device (a deletion may no longer hold). */
  recheckDocument(id: string): LibraryChanges {
    return this.rebuild([documentKey(id)]);
  }

  /** Merges a conflict copy of a library log. Resolves to what changed and how many changes it held. */
  async absorb(path: string): Promise<{ changes: LibraryChanges; entries: number }> {
    const { changed, entries } = await this.log.absorb(path);
    return { changes: this.rebuild(changed), entries };
  }

  /** Compacts this device's log when it has passed its limit, or whenever `always` as long as that at least halves it. */
  async compact(always = false, beforeRewrite?: () => Promise<void>): Promise<void> {
    if (always || this.log.compactionDue) await this.log.compact(beforeRewrite);
  }

  /** Closes this device's file. Never rejects. */
  close(): Promise<void> {
    return this.log.close();
  }

  private rebuild(keys: Iterable<string> | null): LibraryChanges {
    const changes: LibraryChanges = {
      documents: new Set(),
      tags: false,
      collections: false,
      links: false,
      settings: false,
    };
    const replica = this.log.replica;
    const problems = new Map(this.problems.map((problem) => [problem.key, problem]));
    for (const key of keys ?? replica.keys()) {
      problems.delete(key);
      const colon = key.indexOf(':');
      const kind = colon < 0 ? key : key.slice(0, colon);
      const id = key.slice(colon + 1);
      const record = <T>(
        map: Map<string, Ordered<T>>,
        view: EntityView | null,
        decoded: T | string | null,
      ) => {
        map.delete(id);
        if (view === null || decoded === null) return;
        if (typeof decoded === 'string') problems.set(key, { key, problem: decoded });
        else map.set(id, { value: decoded, order: `${view.created.h}${view.created.d}` });
      };
      if (kind === 'doc') {
        const view = replica.view(key, this.related(id));
        const meta = view === null ? null : decodeDocument(id, view);
        const revisions = view === null ? new Map<string, RevisionRecord>() : revisionsIn(view);
        const withRevision =
          typeof meta === 'object' && meta !== null && revisions.size > 0
            ? { ...meta, textRevision: (meta.textRevision ?? 0) + revisions.size }
            : meta;
        record(this.documents, view, withRevision);
        if (revisions.size > 0) this.revisions.set(id, revisions);
        else this.revisions.delete(id);
        if (view?.deletionOverruled === true) this.keptDespiteDeletion.add(id);
        else this.keptDespiteDeletion.delete(id);
        changes.documents.add(id);
      } else if (kind === 'tag') {
        const view = replica.view(key);
        record(this.tags, view, view === null ? null : decodeTag(id, view));
        changes.tags = true;
      } else if (kind === 'col') {
        const view = replica.view(key);
        record(this.collections, view, view === null ? null : decodeCollection(id, view));
        changes.collections = true;
      } else if (kind === 'link') {
        const view = replica.view(key);
        record(this.links, view, view === null ? null : decodeLink(id, view));
        changes.links = true;
      } else if (kind === 'rel') {
        const view = replica.view(key);
        record(this.relations, view, view === null ? null : decodeRelation(id, view));
        changes.links = true;
      } else if (key === SETTINGS_KEY) {
        const view = replica.view(key);
        const settings: Record<string, unknown> = {};
        for (const [field, write] of view?.fields ?? []) settings[field] = write.value;
        this.settings = settings;
        changes.settings = true;
      }
    }
    this.problems = [...problems.values()];
    this.snapshot = null;
    return changes;
  }
}

/** The keys of the entities whose worked-out form a {@link LibraryCheckpoint} keeps. */
const CHECKPOINTED_KEY = new RegExp(`^(?:doc:|tag:|col:|${SETTINGS_KEY}$)`);

/** A document's metadata without what is worked out from the log (its revision count). */
function withoutDerived(meta: DocumentMeta): DocumentMeta {
  const { textRevision: _derived, ...rest } = meta;
  return rest;
}

function revisionsIn(view: EntityView): Map<string, RevisionRecord> {
  const revisions = new Map<string, RevisionRecord>();
  for (const [field, write] of view.fields) {
    if (!field.startsWith(REVISION_FIELD_PREFIX)) continue;
    const value = write.value;
    if (typeof value !== 'object' || value === null) continue;
    const parents = (value as { parents?: unknown }).parents;
    const at = (value as { at?: unknown }).at;
    if (
      !Array.isArray(parents) ||
      !parents.every((parent) => typeof parent === 'string') ||
      typeof at !== 'string'
    )
      continue;
    revisions.set(field.slice(REVISION_FIELD_PREFIX.length), { parents, at });
  }
  return revisions;
}

function sortedValues<T>(map: ReadonlyMap<string, Ordered<T>>): T[] {
  return [...map.values()]
    .sort((a, b) => (a.order < b.order ? -1 : a.order > b.order ? 1 : 0))
    .map((entry) => entry.value);
}

/** The id of a stored entry, or null for one without a string id. */
function entryId(entry: unknown): string | null {
  if (typeof entry !== 'object' || entry === null) return null;
  const id: unknown = (entry as { id?: unknown }).id;
  return typeof id === 'string' ? id : null;
}

/**
 * Calls `visit` with each entry of `next` (by id) that is not the very object `current` held, and with
 * null for each id `current` held that `next` does not: entries handed back unchanged cost nothing.
 */
function diffEntries(
  current: readonly unknown[],
  next: readonly unknown[],
  visit: (id: string, entry: unknown) => void,
): void {
  const before = new Map<string, unknown>();
  for (const entry of current) {
    const id = entryId(entry);
    if (id !== null) before.set(id, entry);
  }
  const after = new Set<string>();
  for (const entry of next) {
    const id = entryId(entry);
    if (id === null) continue;
    after.add(id);
    if (before.get(id) !== entry) visit(id, entry);
  }
  for (const id of before.keys()) if (!after.has(id)) visit(id, null);
}

function diffById<T extends { id: string }>(
  current: readonly T[],
  next: readonly T[],
  visit: (id: string, value: T | null) => void,
): void {
  const before = new Map(current.map((value) => [value.id, value]));
  const after = new Set<string>();
  for (const value of next) {
    after.add(value.id);
    if (before.get(value.id) !== value) visit(value.id, value);
  }
  for (const value of current) if (!after.has(value.id)) visit(value.id, null);
}
