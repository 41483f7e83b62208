import { describe, expect, it } from 'vitest';
import type { ApiArgs } from '../../../../shared/api';
import { ScholiaError } from '../../../../shared/errors';
import type { Annotation, Selectors } from '../../../../shared/model';
import { AnnotationStore, type AnnotationApi } from './annotation-store';

const TEXT = 'The quick brown fox jumps over the lazy dog.';

function selectorsOf(start: number, end: number): Selectors {
  return [
    {
      type: 'TextQuoteSelector',
      exact: TEXT.slice(start, end),
      prefix: TEXT.slice(0, start),
      suffix: TEXT.slice(end),
    },
    { type: 'TextPositionSelector', start, end },
  ];
}

/** An in-memory library of one document that refuses what core would refuse, and can be told to fail. */
class MemoryApi implements AnnotationApi {
  saved = new Map<string, Annotation>();
  failNext: ScholiaError | null = null;
  private clock = 0;
  private nextId = 1;
  private readonly tags = new Set(['tag-a', 'tag-b']);

  private stamp(): string {
    this.clock += 1;
    return new Date(Date.UTC(2026, 10, 23, 12, 0, this.clock)).toISOString();
  }

  private check(): void {
    const failure = this.failNext;
    this.failNext = null;
    if (failure !== null) throw failure;
  }

  listAnnotations = (): Promise<Annotation[]> => Promise.resolve([...this.saved.values()]);

  createAnnotation = async (args: ApiArgs<'createAnnotation'>): Promise<Annotation> => {
    await Promise.resolve();
    this.check();
    const at = this.stamp();
    const annotation: Annotation = {
      id: `a${this.nextId++}`,
      documentId: args.documentId,
      selectors: args.selectors,
      color: args.color ?? 'yellow',
      tagIds: args.tagIds ?? [],
      comment: args.comment ?? '',
      createdAt: at,
      modifiedAt: at,
      ...(args.motivation === undefined ? {} : { motivation: args.motivation }),
    };
    this.saved.set(annotation.id, annotation);
    return annotation;
  };

  deleteAnnotation = async (args: ApiArgs<'deleteAnnotation'>): Promise<null> => {
    await Promise.resolve();
    this.check();
    this.saved.delete(args.annotationId);
    return null;
  };

  updateAnnotation = async (args: ApiArgs<'updateAnnotation'>): Promise<Annotation> => {
    // Answers later than the caller's next line, as a real transport does.
    await Promise.resolve();
    this.check();
    const current = this.saved.get(args.annotationId);
    if (current === undefined) throw new ScholiaError('not-found', 'No such annotation.');
    const { selectors } = args.patch;
    if (selectors !== undefined && TEXT.slice(selectors[1].start, selectors[1].end) !== selectors[0].exact)
      throw new ScholiaError('invalid-input', 'The quote is not the text at that position.');
    if (args.patch.tagIds?.some((id) => !this.tags.has(id)) === true)
      throw new ScholiaError('invalid-input', 'No such tag.');
    const next: Annotation = { ...current, ...args.patch, modifiedAt: this.stamp() };
    this.saved.set(next.id, next);
    return next;
  };

  restoreAnnotations = async (args: ApiArgs<'restoreAnnotations'>): Promise<Annotation[]> => {
    await Promise.resolve();
    this.check();
    for (const annotation of args.annotations) this.saved.set(annotation.id, annotation);
    return args.annotations;
  };

  on = (): (() => void) => () => undefined;
}

async function storeWithOne(): Promise<{ api: MemoryApi; store: AnnotationStore; first: Annotation }> {
  const api = new MemoryApi();
  const store = new AnnotationStore(api, 'doc');
  await store.load();
  const first = await store.create(selectorsOf(4, 9), { color: 'green' });
  return { api, store, first };
}

describe('AnnotationStore.change', () => {
  it('shows a new colour before core answers, then keeps what core saved', async () => {
    const { api, store, first } = await storeWithOne();
    const pending = store.change(first.id, { color: 'red' });
    expect(store.get(first.id)?.color).toBe('red');
    const saved = await pending;
    expect(saved.modifiedAt).not.toBe(first.modifiedAt);
    expect(store.get(first.id)).toEqual(saved);
    expect(api.saved.get(first.id)?.color).toBe('red');
  });

  it('puts the annotation back as it was when core refuses the change', async () => {
    const { store, first } = await storeWithOne();
    const seen: string[] = [];
    store.subscribe(() => seen.push(store.get(first.id)?.tagIds.join(',') ?? 'gone'));
    await expect(store.change(first.id, { tagIds: ['no-such-tag'] })).rejects.toThrow('No such tag.');
    expect(seen).toEqual(['no-such-tag', '']);
    expect(store.get(first.id)).toEqual(first);
  });

  it('waits for core before it moves an annotation to new selectors, and moves it in text order', async () => {
    const { store, first } = await storeWithOne();
    const second = await store.create(selectorsOf(10, 15));
    const pending = store.change(first.id, { selectors: selectorsOf(20, 25) });
    expect(store.get(first.id)?.selectors).toEqual(first.selectors);
    await pending;
    expect(store.getSnapshot().annotations.map((a) => a.id)).toEqual([second.id, first.id]);
    await expect(
      store.change(first.id, {
        selectors: [{ ...selectorsOf(0, 3)[0], exact: 'Cat' }, selectorsOf(0, 3)[1]],
      }),
    ).rejects.toThrow(/not the text/);
    expect(store.get(first.id)?.selectors[1].start).toBe(20);
  });

  it('refuses to change an annotation it does not hold', async () => {
    const { store } = await storeWithOne();
    await expect(store.change('nope', { color: 'red' })).rejects.toThrow(/no longer in the document/);
  });
});

describe('AnnotationStore.restore', () => {
  it('puts back an annotation exactly as it was before a change', async () => {
    const { api, store, first } = await storeWithOne();
    await store.change(first.id, { comment: 'A **bold** claim', color: 'blue' });
    await store.restore([first]);
    expect(store.get(first.id)).toEqual(first);
    expect(api.saved.get(first.id)).toEqual(first);
  });

  it('brings back a deleted annotation, and changes nothing when core refuses', async () => {
    const { api, store, first } = await storeWithOne();
    await store.remove(first.id);
    expect(store.get(first.id)).toBeNull();
    api.failNext = new ScholiaError('invalid-input', 'Refused.');
    await expect(store.restore([first])).rejects.toThrow('Refused.');
    expect(store.getSnapshot().annotations).toEqual([]);
    await store.restore([first]);
    expect(store.getSnapshot().annotations).toEqual([first]);
  });
});

describe('AnnotationStore.create', () => {
  it('makes a margin note at a point with its comment', async () => {
    const { store } = await storeWithOne();
    const point: Selectors = [
      { type: 'TextQuoteSelector', exact: '', prefix: TEXT.slice(0, 3), suffix: TEXT.slice(3) },
      { type: 'TextPositionSelector', start: 3, end: 3 },
    ];
    const note = await store.create(point, {
      motivation: 'commenting',
      comment: 'Why *quick*?',
      color: 'pink',
    });
    expect(store.get(note.id)).toMatchObject({
      motivation: 'commenting',
      comment: 'Why *quick*?',
      color: 'pink',
    });
    expect(store.getSnapshot().annotations[0]?.id).toBe(note.id);
  });
});
