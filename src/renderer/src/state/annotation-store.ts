/**
 * The one owner of a document's annotations in the UI. It loads them through the API, creates and
 * deletes them through the API, and tells its subscribers after every change, so views never keep
 * their own copies. When another window changes the same document, it reloads.
 */
import type { ScholiaApi, Unsubscribe } from '../../../shared/api';
import type { Annotation, HighlightColor, Selectors } from '../../../shared/model';
import { errorMessage } from './error-message';
import { ObservableStore } from './observable-store';

/** What the store holds for its document. */
export interface AnnotationSnapshot {
  readonly status: 'loading' | 'ready' | 'failed';
  /** The annotations in text order. */
  readonly annotations: readonly Annotation[];
  /** Why loading failed, for the reader, when `status` is `failed`. */
  readonly error: string | null;
}

/** The part of the API the store uses. */
export type AnnotationApi = Pick<
  ScholiaApi,
  'listAnnotations' | 'createAnnotation' | 'deleteAnnotation' | 'on'
>;

/** How long the store waits for a burst of change events to end before reloading. */
const RELOAD_DELAY_MS = 250;

function byStart(a: Annotation, b: Annotation): number {
  return a.selectors[1].start - b.selectors[1].start || a.selectors[1].end - b.selectors[1].end;
}

/** The annotations of one document. */
export class AnnotationStore extends ObservableStore<AnnotationSnapshot> {
  /** Counts local changes, so a reload that started before one never overwrites it. */
  private generation = 0;
  private reloadTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly api: AnnotationApi,
    /** The document whose annotations these are. */
    readonly documentId: string,
  ) {
    super({ status: 'loading', annotations: [], error: null });
  }

  /** Loads the annotations; resolves to them, or rejects (and records the reason) when that fails. */
  async load(): Promise<readonly Annotation[]> {
    try {
      await this.fetch();
      return this.getSnapshot().annotations;
    } catch (thrown) {
      const error = errorMessage(thrown, 'The highlights of this document could not be loaded.');
      this.set({ ...this.getSnapshot(), status: 'failed', error });
      throw thrown;
    }
  }

  private async fetch(): Promise<void> {
    const generation = this.generation;
    const annotations = await this.api.listAnnotations({ documentId: this.documentId });
    if (generation === this.generation) {
      this.set({ status: 'ready', annotations: [...annotations].sort(byStart), error: null });
    } else {
      // A highlight was made or deleted while the list was on its way: it may be stale.
      this.scheduleReload();
    }
  }

  /**
   * Creates a highlight on the passage `selectors` describe. Subscribers hear of it before the
   * returned promise resolves. Rejects with the API's error when core refuses it.
   */
  async create(selectors: Selectors, color: HighlightColor = 'yellow'): Promise<Annotation> {
    const annotation = await this.api.createAnnotation({ documentId: this.documentId, selectors, color });
    this.generation += 1;
    this.update((s) => ({ ...s, annotations: [...s.annotations, annotation].sort(byStart) }));
    return annotation;
  }

  /** Deletes annotation `id`. Subscribers hear of it before the returned promise resolves. */
  async remove(id: string): Promise<void> {
    await this.api.deleteAnnotation({ documentId: this.documentId, annotationId: id });
    this.generation += 1;
    this.update((s) => ({ ...s, annotations: s.annotations.filter((a) => a.id !== id) }));
  }

  /** Reloads whenever core says this document's annotations changed. Returns a function that stops it. */
  watch(): Unsubscribe {
    const stop = this.api.on('library-changed', (change) => {
      if (change.scope === 'annotations' && change.documentId === this.documentId) this.scheduleReload();
    });
    return () => {
      stop();
      if (this.reloadTimer !== null) clearTimeout(this.reloadTimer);
      this.reloadTimer = null;
    };
  }

  private scheduleReload(): void {
    if (this.reloadTimer !== null) clearTimeout(this.reloadTimer);
    this.reloadTimer = setTimeout(() => {
      this.reloadTimer = null;
      // A failed background reload keeps what is shown; the next change tries again.
      this.fetch().catch(() => undefined);
    }, RELOAD_DELAY_MS);
  }
}
