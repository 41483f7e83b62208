/**
 * The annotations of every document a store has touched, each a {@link DocumentAnnotations} made on
 * first use, and the upkeep that spans documents: compacting a journal once it is due, keeping only
 * the most recently changed journals open, and compacting them all when the library closes. Every
 * operation on one document's annotations runs in the store's queue under {@link annotationsQueueKey}.
 */
import { DEFAULT_JOURNAL_LIMITS, DocumentAnnotations, type CompactionHooks, type JournalLimits } from './document-annotations';
import type { KeyedQueue } from './keyed-queue';
import { annotationJournal, annotationsFileAdapter, type LibraryFileOptions } from './library-layout';

/** How many journals stay open between changes; the document being annotated is almost always among them. */
const OPEN_JOURNALS_KEPT = 8;

/** The queue key under which every read and write of document `id`'s annotations runs. */
export function annotationsQueueKey(id: string): string {
  return `annotations:${id}`;
}

/** What an {@link AnnotationRegistry} needs from its store. */
export interface AnnotationRegistryOptions {
  /** The library folder. */
  dir: string;
  fileOptions: LibraryFileOptions;
  /** The store's queue, shared so that upkeep never overlaps the store's own calls. */
  queue: KeyedQueue;
  /** Overrides of {@link DEFAULT_JOURNAL_LIMITS}. */
  limits?: Partial<JournalLimits> | undefined;
  hooks?: CompactionHooks | undefined;
}

/** See the module comment. */
export class AnnotationRegistry {
  private readonly options: AnnotationRegistryOptions;
  private readonly limits: JournalLimits;
  private readonly documents = new Map<string, DocumentAnnotations>();
  /** Documents whose journal was appended to, least recently first. */
  private readonly recent = new Set<string>();

  constructor(options: AnnotationRegistryOptions) {
    this.options = options;
    this.limits = { ...DEFAULT_JOURNAL_LIMITS, ...options.limits };
  }

  /** Document `id`'s annotations, made on first use. Does not check that the document exists. */
  of(id: string): DocumentAnnotations {
    let annotations = this.documents.get(id);
    if (annotations === undefined) {
      const { dir, fileOptions } = this.options;
      const files = { snapshot: annotationsFileAdapter(dir, id, fileOptions), journal: annotationJournal(dir, id, fileOptions) };
      annotations = new DocumentAnnotations(id, files, this.limits, this.options.hooks);
      this.documents.set(id, annotations);
    }
    return annotations;
  }

  /** Document `id`'s annotations if they have been used, else `undefined`. */
  peek(id: string): DocumentAnnotations | undefined {
    return this.documents.get(id);
  }

  /** Drops document `id`'s annotations from memory (the document was removed, or never added). */
  forget(id: string): void {
    this.documents.delete(id);
    this.recent.delete(id);
  }

  /**
   * Call after a change was appended to document `id`'s journal, from inside its queue task. Queues a
   * compaction when the journal is due one (not awaited: the change is durable already, and the next
   * change to the document waits for it; a failure leaves the journal, and the next change retries),
   * and closes the least recently changed journal beyond the few kept open.
   */
  changed(id: string): void {
    const annotations = this.documents.get(id);
    if (annotations?.compactionDue === true) {
      this.options.queue.run(annotationsQueueKey(id), () => annotations.compact()).catch(() => undefined);
    }
    this.recent.delete(id);
    this.recent.add(id);
    if (this.recent.size <= OPEN_JOURNALS_KEPT) return;
    const [eldest] = this.recent;
    if (eldest === undefined) return;
    this.recent.delete(eldest);
    const idle = this.documents.get(eldest);
    if (idle !== undefined) void this.options.queue.run(annotationsQueueKey(eldest), () => idle.closeJournal());
  }

  /**
   * Compacts every journal and closes its file, each in its document's queue. A compaction that fails
   * leaves its journal, whose changes are all durable already and are read back at the next opening.
   */
  async closeAll(): Promise<void> {
    await Promise.all(
      [...this.documents].map(([id, annotations]) =>
        this.options.queue.run(annotationsQueueKey(id), async () => {
          await annotations.compact().catch(() => undefined);
          await annotations.closeJournal();
        }),
      ),
    );
  }
}
