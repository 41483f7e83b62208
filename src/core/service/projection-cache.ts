/**
 * The plain-text projections of recently used documents, so that validating a new highlight does not
 * re-read and re-project a long text every time. Entries are tagged with the store's text revision and
 * are ignored once the text has been written again.
 */
import type { Projection } from '../../shared/projection';

interface Entry {
  revision: number;
  projection: Projection;
}

/** A small least-recently-used cache of projections keyed by document id. */
export class ProjectionCache {
  private readonly entries = new Map<string, Entry>();
  private readonly capacity: number;

  /** Keeps at most `capacity` projections; a projection of a long book is several megabytes. */
  constructor(capacity = 8) {
    this.capacity = capacity;
  }

  /** The projection of document `id` at text revision `revision`, if cached. */
  get(id: string, revision: number): Projection | undefined {
    const entry = this.entries.get(id);
    if (entry === undefined) return undefined;
    if (entry.revision !== revision) {
      this.entries.delete(id);
      return undefined;
    }
    // Re-inserting moves the entry to the end: Map keeps insertion order, the first key is the eldest.
    this.entries.delete(id);
    this.entries.set(id, entry);
    return entry.projection;
  }

  /** Remembers `projection` as document `id`'s at text revision `revision`, evicting the eldest if full. */
  set(id: string, revision: number, projection: Projection): void {
    this.entries.delete(id);
    this.entries.set(id, { revision, projection });
    while (this.entries.size > this.capacity) {
      const eldest = this.entries.keys().next();
      if (eldest.done === true) break;
      this.entries.delete(eldest.value);
    }
  }

  /** Forgets document `id`'s projection. */
  delete(id: string): void {
    this.entries.delete(id);
  }
}
