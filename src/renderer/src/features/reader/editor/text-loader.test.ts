import { EditorState, type Transaction } from 'prosemirror-state';
import { describe, expect, it } from 'vitest';
import article from '../../../../../../tests/fixtures/socialist-2009-11-18-ussr-1989-collapse-of-stalinism.txt?raw';
import review from '../../../../../../tests/fixtures/review-2026-02-15-collapse-of-stalinism-book.txt?raw';
import { leadingBlocks } from './progressive-text';
import { loadRest, type LoadTarget } from './text-loader';
import { proseDoc } from './test-editor';

const book = proseDoc(`${article}\n\n${review}`);

/** A stand-in for the view: a state that transactions are applied to, as the view would. */
function target(doc = leadingBlocks(book, 3000)): LoadTarget & { dispatched: number } {
  return {
    state: EditorState.create({ doc }),
    isDestroyed: false,
    dispatched: 0,
    dispatch(tr: Transaction) {
      this.state = this.state.apply(tr);
      this.dispatched += 1;
    },
  };
}

const noPause = (): Promise<void> => Promise.resolve();

describe('loading the rest of a text', () => {
  it('appends the whole text, slice by slice, then resolves', async () => {
    const view = target();
    const loader = loadRest(view, book, noPause);
    await loader.complete;
    expect(view.state.doc.eq(book)).toBe(true);
    expect(loader.done).toBe(true);
    expect(view.dispatched).toBeGreaterThan(1);
  });

  it('resolves at once for a view that shows the whole text', async () => {
    const view = target(book);
    const loader = loadRest(view, book, noPause);
    expect(loader.done).toBe(true);
    await loader.complete;
    expect(view.dispatched).toBe(0);
  });

  it('appends nothing more once cancelled', async () => {
    const view = target();
    let resume = (): void => undefined;
    const loader = loadRest(view, book, () => new Promise((resolve) => (resume = resolve)));
    loader.cancel();
    resume();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(view.dispatched).toBe(0);
    expect(loader.done).toBe(false);
  });

  it('rejects when the document stops being the beginning of the text', async () => {
    const view = target(proseDoc(review));
    await expect(loadRest(view, book, noPause).complete).rejects.toThrow(RangeError);
  });
});
