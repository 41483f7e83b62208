/**
 * The one owner of a document's annotations in the UI. It loads them through the API, creates,
 * changes, restores and deletes them through the API, and tells its subscribers after every change,
 * so views never keep their own copies. When another window changes the same document, it reloads.
 */
import type { ApiArgs, ScholiaApi, Unsubscribe } from '../../../../shared/api';
import { inTextOrder } from '../../../../shared/annotation-order';
import type { Annotation, HighlightColor, Motivation, Selectors } from '../../../../shared/model';
import { errorMessage } from '../../ui/error-message';
import type { LoadStatus } from '../../ui/latest-load';
import { ObservableStore } from '../../ui/observable-store';

/** What the store holds for its document. */
export interface AnnotationSnapshot extends LoadStatus {
  /** The annotations in text order. */
  readonly annotations: readonly Annotation[];
}

/** The part of the API the store uses. */
export type AnnotationApi = Pick<
  ScholiaApi,
  | 'listAnnotations'
  | 'createAnnotation'
  | 'deleteAnnotation'
  | 'updateAnnotation'
  | 'restoreAnnotations'
  | 'on'
>;

/** What {@link AnnotationStore.update} can change. */
export type AnnotationPatch = ApiArgs<'updateAnnotation'>['patch'];

/** The fields a patch may change without core having to check them first (selectors need checking). */
function optimisticPatch(annotation: Annotation, patch: AnnotationPatch): Annotation | null {
  if (patch.selectors !== undefined) return null;
  return {
    ...annotation,
    ...(patch.color === undefined ? {} : { color: patch.color }),
    ...(patch.tagIds === undefined ? {} : { tagIds: [...patch.tagIds] }),
    ...(patch.comment === undefined ? {} : { comment: patch.comment }),
    ...(patch.motivation === undefined ? {} : { motivation: patch.motivation }),
  };
}

/** What a new annotation may carry besides its passage. */
export interface NewAnnotation {
  readonly color?: HighlightColor;
  readonly motivation?: Motivation;
  readonly comment?: string;
  readonly tagIds?: readonly string[];
}

/** How long the store waits for a burst of change events to end before reloading. */
const RELOAD_DELAY_MS = 250;

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
      this.set({ status: 'ready', annotations: inTextOrder(annotations), error: null });
    } else {
      // A highlight was made or deleted while the list was on its way: it may be stale.
      this.scheduleReload();
    }
  }

  /**
   * Creates a highlight on the passage `selectors` describe. Subscribers hear of it before the
   * returned promise resolves. Rejects with the API's error when core refuses it.
   */
  async create(
    selectors: Selectors,
    options: HighlightColor | NewAnnotation = 'yellow',
  ): Promise<Annotation> {
    const {
      color = 'yellow',
      motivation,
      comment,
      tagIds,
    } = typeof options === 'string' ? { color: options } : options;
    const annotation = await this.api.createAnnotation({
      documentId: this.documentId,
      selectors,
      color,
      ...(motivation === undefined ? {} : { motivation }),
      ...(comment === undefined ? {} : { comment }),
      ...(tagIds === undefined ? {} : { tagIds: [...tagIds] }),
    });
    this.generation += 1;
    this.replace([annotation]);
    return annotation;
  }

  /** The annotation with id `id`, or null. */
  get(id: string): Annotation | null {
    return this.getSnapshot().annotations.find((a) => a.id === id) ?? null;
  }

  /**
   * Changes annotation `id`. A change of colour, tags, comment or motivation shows at once and is
   * taken back if core refuses it; new selectors show once core has checked them. Resolves to the
   * annotation as saved; rejects with the API's error (and nothing changed) when core refuses it.
   */
  async change(id: string, patch: AnnotationPatch): Promise<Annotation> {
    const before = this.get(id);
    if (before === null) throw new Error(`This highlight is no longer in the document (${id}).`);
    const guess = optimisticPatch(before, patch);
    this.generation += 1;
    if (guess !== null) this.replace([guess]);
    try {
      const saved = await this.api.updateAnnotation({ documentId: this.documentId, annotationId: id, patch });
      this.generation += 1;
      this.replace([saved]);
      return saved;
    } catch (thrown) {
      // Put back what was there, unless something else has replaced the guess since.
      if (guess !== null && this.get(id) === guess) {
        this.generation += 1;
        this.replace([before]);
      }
      throw thrown;
    }
  }

  /**
   * Puts back exactly these annotations (the undo of a change or a deletion), replacing any with the
   * same id. Resolves to them as saved; rejects with the API's error, changing nothing, when core refuses.
   */
  async restore(annotations: readonly Annotation[]): Promise<readonly Annotation[]> {
    if (annotations.length === 0) return [];
    const saved = await this.api.restoreAnnotations({
      documentId: this.documentId,
      annotations: [...annotations],
    });
    this.generation += 1;
    this.replace(saved);
    return saved;
  }

  /** Puts `annotations` in the list in place of any with the same ids, in text order. */
  private replace(annotations: readonly Annotation[]): void {
    const ids = new Set(annotations.map((a) => a.id));
    this.update((s) => ({
      ...s,
      annotations: inTextOrder([...s.annotations.filter((a) => !ids.has(a.id)), ...annotations]),
    }));
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
