/**
 * The merge of every device's change log into one state: a conflict-free replicated data type whose
 * result depends only on the set of changes, never on the order they arrive in or how often.
 *
 * A change (a {@link LogEntry}) sets and unsets named fields of one entity (`doc:<id>`, `tag:<id>`, an
 * annotation id…) or deletes it. Each field is a last-writer-wins register: of all the writes to it,
 * the one with the latest stamp wins, ties going to the larger device id ({@link compareStamps}). A
 * deletion records what its device had seen of the entity (the latest stamp of each device's writes
 * to it): the entity is gone only while every write to it is among what some deletion saw. A change
 * the deleting device had not seen (made on another computer while the two were apart) brings the
 * entity back with all its fields, so a deletion never silently takes away work it did not know of.
 *
 * Merging is a join: fields keep their maximum write, deletions the union of what they saw, so
 * applying a change twice, late, or in any order gives the same state on every computer.
 */
import { compareStamps } from './hlc';

/** One change to one entity, as a line of a device's change log holds it. */
export interface LogEntry {
  /** The hybrid-logical-clock stamp of the change. */
  h: string;
  /** The device that made it. */
  d: string;
  /** The reader's name on that device when it was made. */
  by?: string | undefined;
  /** The entity changed. */
  k: string;
  /** Fields set, with their new values. */
  s?: Readonly<Record<string, unknown>> | undefined;
  /** Fields unset. */
  u?: readonly string[] | undefined;
  /** A deletion: for each device, the latest stamp of its writes to the entity that the deleting device had seen. */
  x?: Readonly<Record<string, string>> | undefined;
  /**
   * With a deletion: what the deleting device had seen of the writes that belong to the entity but
   * live in another log (a document's annotations), per device. Kept apart from `x` because the two
   * logs travel separately: having a device's later line of one does not mean having its earlier lines
   * of the other.
   */
  xr?: Readonly<Record<string, string>> | undefined;
}

/** The winning write of one field. */
export interface FieldWrite {
  h: string;
  d: string;
  by?: string | undefined;
  /** False when the winning write unset the field. */
  set: boolean;
  value: unknown;
}

/** Who made a change, where and when. */
export interface ChangeOrigin {
  h: string;
  d: string;
  by?: string | undefined;
}

/** A live entity: its fields (set ones only), its first and latest change, and whether a deletion was overruled. */
export interface EntityView {
  readonly key: string;
  readonly fields: ReadonlyMap<string, FieldWrite>;
  readonly created: ChangeOrigin;
  readonly modified: ChangeOrigin;
  /** A device deleted it, but another changed it without having seen the deletion: it was kept. */
  readonly deletionOverruled: boolean;
}

interface EntityState {
  fields: Map<string, FieldWrite>;
  /** For each device, its latest write to the entity (of any field). */
  frontier: Map<string, string>;
  /** Each deleting device's deletions: its latest deletion's stamp and all that its deletions saw. */
  deletions: Map<
    string,
    { h: string; by?: string | undefined; seen: Map<string, string>; relatedSeen: Map<string, string> }
  > | null;
  created: ChangeOrigin | null;
  modified: ChangeOrigin | null;
}

/** A deletion's view of other writes that bear on an entity (a document's annotations, for the document). */
export type Frontier = ReadonlyMap<string, string>;

/** The merged state of a set of change logs. */
export class Replica {
  private readonly entities = new Map<string, EntityState>();
  private readonly deviceFrontier = new Map<string, string>();

  /**
   * Merges one change. Resolves to whether the state changed (false for a change already merged, or
   * one that loses to what is there).
   */
  apply(entry: LogEntry): boolean {
    let state = this.entities.get(entry.k);
    if (state === undefined) {
      state = { fields: new Map(), frontier: new Map(), deletions: null, created: null, modified: null };
      this.entities.set(entry.k, state);
    }
    raise(this.deviceFrontier, entry.d, entry.h);
    let changed = false;
    if (entry.x !== undefined) {
      state.deletions ??= new Map();
      let mine = state.deletions.get(entry.d);
      if (mine === undefined) {
        mine = { h: entry.h, by: entry.by, seen: new Map(), relatedSeen: new Map() };
        state.deletions.set(entry.d, mine);
        changed = true;
      } else if (entry.h > mine.h) {
        mine.h = entry.h;
        mine.by = entry.by;
      }
      for (const [device, stamp] of Object.entries(entry.x))
        changed = raise(mine.seen, device, stamp) || changed;
      for (const [device, stamp] of Object.entries(entry.xr ?? {}))
        changed = raise(mine.relatedSeen, device, stamp) || changed;
      return changed;
    }
    const origin: ChangeOrigin = { h: entry.h, d: entry.d, by: entry.by };
    if (state.created === null || compareStamps(entry.h, entry.d, state.created.h, state.created.d) < 0) {
      state.created = origin;
      changed = true;
    }
    if (state.modified === null || compareStamps(entry.h, entry.d, state.modified.h, state.modified.d) > 0) {
      state.modified = origin;
      changed = true;
    }
    changed = raise(state.frontier, entry.d, entry.h) || changed;
    const { fields } = state;
    const set = entry.s;
    if (set !== undefined)
      for (const field of Object.keys(set))
        changed = write(fields, field, entry, true, set[field]) || changed;
    for (const field of entry.u ?? []) changed = write(fields, field, entry, false, undefined) || changed;
    return changed;
  }

  /** Every entity key the replica has heard of, live or deleted. */
  keys(): IterableIterator<string> {
    return this.entities.keys();
  }

  /**
   * Entity `key` if it is live: it has a field set and no deletion saw all its writes (nor all of
   * `related`, the latest writes to what belongs to it, e.g. a document's annotations). `null` otherwise.
   */
  view(key: string, related?: Frontier): EntityView | null {
    const state = this.entities.get(key);
    if (state === undefined || state.created === null || state.modified === null) return null;
    const seen = deletedSeen(state, 'seen');
    const relatedSeen = deletedSeen(state, 'relatedSeen');
    if (
      seen !== null &&
      relatedSeen !== null &&
      coveredBy(state.frontier, seen) &&
      (related === undefined || coveredBy(related, relatedSeen))
    )
      return null;
    const fields = new Map<string, FieldWrite>();
    for (const [field, write] of state.fields) if (write.set) fields.set(field, write);
    if (fields.size === 0) return null;
    return {
      key,
      fields,
      created: state.created,
      modified: state.modified,
      deletionOverruled: seen !== null,
    };
  }

  /** Whether entity `key` has been deleted by some device (whether or not the deletion held). */
  wasDeleted(key: string): boolean {
    return (this.entities.get(key)?.deletions ?? null) !== null;
  }

  /** The values of entity `key`'s fields, live or deleted (unset fields left out). */
  fieldsOf(key: string): Map<string, unknown> {
    const fields = new Map<string, unknown>();
    for (const [field, write] of this.entities.get(key)?.fields ?? [])
      if (write.set) fields.set(field, write.value);
    return fields;
  }

  /** The stamp of the latest deletion of entity `key`, or `null` when no device deleted it. */
  deletedAt(key: string): string | null {
    let latest: string | null = null;
    for (const { h } of this.entities.get(key)?.deletions?.values() ?? [])
      if (latest === null || h > latest) latest = h;
    return latest;
  }

  /** The devices that deleted entity `key`, in id order. */
  deletersOf(key: string): string[] {
    return [...(this.entities.get(key)?.deletions?.keys() ?? [])].sort();
  }

  /** For each device, its latest write to entity `key`: what a deletion of it records as seen. */
  frontierOf(key: string): Map<string, string> {
    return new Map(this.entities.get(key)?.frontier ?? []);
  }

  /** For each device, the latest stamp of any change merged from it. */
  devices(): ReadonlyMap<string, string> {
    return this.deviceFrontier;
  }

  /**
   * The changes that rebuild this replica's share of `devices`: for each, one entry per entity and
   * stamp holding the fields whose winning write is that device's, plus its deletions. What compaction
   * writes for a device's own log, with every device whose changes that log holds (its own, and those
   * copied in from conflict copies); earlier writes it drops had lost already and cannot win again.
   */
  entriesOf(devices: ReadonlySet<string>): LogEntry[] {
    const entries: LogEntry[] = [];
    for (const device of [...devices].sort()) entries.push(...this.entriesOfDevice(device));
    return entries;
  }

  private entriesOfDevice(device: string): LogEntry[] {
    const entries: LogEntry[] = [];
    for (const [key, state] of this.entities) {
      const groups = new Map<string, { by?: string | undefined; s: Record<string, unknown>; u: string[] }>();
      for (const [field, write] of state.fields) {
        if (write.d !== device) continue;
        let group = groups.get(write.h);
        if (group === undefined) {
          group = { by: write.by, s: {}, u: [] };
          groups.set(write.h, group);
        }
        if (write.set) group.s[field] = write.value;
        else group.u.push(field);
      }
      const latest = state.frontier.get(device);
      // The device's latest stamp must survive even when all its writes lost, or a deletion that saw it
      // would no longer cover it after compaction.
      if (latest !== undefined && !groups.has(latest))
        groups.set(latest, { by: state.modified?.by, s: {}, u: [] });
      const created = state.created;
      if (created !== null && created.d === device && !groups.has(created.h)) {
        groups.set(created.h, { by: created.by, s: {}, u: [] });
      }
      for (const [h, group] of [...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
        const entry: LogEntry = { h, d: device, k: key };
        if (group.by !== undefined) entry.by = group.by;
        if (Object.keys(group.s).length > 0) entry.s = group.s;
        if (group.u.length > 0) entry.u = group.u;
        entries.push(entry);
      }
      const deletion = state.deletions?.get(device);
      if (deletion !== undefined) {
        const entry: LogEntry = { h: deletion.h, d: device, k: key, x: Object.fromEntries(deletion.seen) };
        if (deletion.relatedSeen.size > 0) entry.xr = Object.fromEntries(deletion.relatedSeen);
        if (deletion.by !== undefined) entry.by = deletion.by;
        entries.push(entry);
      }
    }
    return entries;
  }
}

/** Records `entry`'s write of `field` in `fields` if it wins over the one there; resolves to whether it did. */
function write(
  fields: Map<string, FieldWrite>,
  field: string,
  entry: LogEntry,
  set: boolean,
  value: unknown,
): boolean {
  const current = fields.get(field);
  const next: FieldWrite = { h: entry.h, d: entry.d, by: entry.by, set, value };
  if (current !== undefined && !wins(next, current)) return false;
  fields.set(field, next);
  return true;
}

function wins(next: FieldWrite, current: FieldWrite): boolean {
  const order = compareStamps(next.h, next.d, current.h, current.d);
  if (order !== 0) return order > 0;
  // The same stamp from the same device twice holds the same change; settle any other case by content.
  if (next.set !== current.set) return next.set;
  return stableJson(next.value) > stableJson(current.value);
}

function raise(map: Map<string, string>, device: string, stamp: string): boolean {
  const current = map.get(device);
  if (current !== undefined && current >= stamp) return false;
  map.set(device, stamp);
  return true;
}

function deletedSeen(state: EntityState, which: 'seen' | 'relatedSeen'): Map<string, string> | null {
  if (state.deletions === null) return null;
  const union = new Map<string, string>();
  for (const deletion of state.deletions.values())
    for (const [device, stamp] of deletion[which]) raise(union, device, stamp);
  return union;
}

function coveredBy(writes: Frontier, seen: ReadonlyMap<string, string>): boolean {
  for (const [device, stamp] of writes) {
    const saw = seen.get(device);
    if (saw === undefined || saw < stamp) return false;
  }
  return true;
}

/** JSON with object keys sorted, so that equal values give equal strings whatever their key order. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) => {
    if (inner === null || typeof inner !== 'object' || Array.isArray(inner)) return inner;
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(inner).sort()) sorted[key] = (inner as Record<string, unknown>)[key];
    return sorted;
  });
}
