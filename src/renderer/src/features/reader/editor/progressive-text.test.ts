import { EditorState, TextSelection } from 'prosemirror-state';
import { describe, expect, it } from 'vitest';
import article from '../../../../../../tests/fixtures/socialist-2009-11-18-ussr-1989-collapse-of-stalinism.txt?raw';
import review from '../../../../../../tests/fixtures/review-2026-02-15-collapse-of-stalinism-book.txt?raw';
import { appendBlocks, appendedBlocks, holdsAll, leadingBlocks } from './progressive-text';
import { highlightOn, proseDoc } from './test-editor';

const book = proseDoc(`${article}\n\n${review}`);

/** Appends slices of `size` positions until the state holds all of `book`; returns the slices. */
function appendAll(
  start: EditorState,
  size: number,
): { state: EditorState; slices: { from: number; to: number }[] } {
  let state = start;
  const slices: { from: number; to: number }[] = [];
  for (let tr = appendBlocks(state, book, size); tr !== null; tr = appendBlocks(state, book, size)) {
    const appended = appendedBlocks(tr);
    if (appended !== null) slices.push(appended);
    state = state.apply(tr);
  }
  return { state, slices };
}

describe('showing a long text progressively', () => {
  it('starts with as few first blocks as hold the size asked for', () => {
    const first = leadingBlocks(book, 3000);
    expect(first.content.size).toBeGreaterThanOrEqual(3000);
    expect(first.content.size - (first.lastChild?.nodeSize ?? 0)).toBeLessThan(3000);
    first.forEach((block, _offset, index) => expect(block).toBe(book.child(index)));
  });

  it('shows a text shorter than the size asked for whole', () => {
    expect(leadingBlocks(book, book.content.size + 1)).toBe(book);
  });

  it('appends the rest in consecutive slices until the document is the whole text', () => {
    const { state, slices } = appendAll(EditorState.create({ doc: leadingBlocks(book, 3000) }), 4000);
    expect(state.doc.eq(book)).toBe(true);
    expect(holdsAll(state, book)).toBe(true);
    expect(slices.length).toBeGreaterThan(3);
    slices.forEach((slice, i) =>
      expect(slice.from).toBe(i === 0 ? leadingBlocks(book, 3000).childCount : slices[i - 1]?.to),
    );
  });

  it('leaves the text already shown, and a passage selected in it, where they were', () => {
    const first = leadingBlocks(book, 3000);
    const passage = highlightOn(first, 'passage', 'the collapse of Stalinism');
    const opened = EditorState.create({ doc: first });
    const start = opened.apply(opened.tr.setSelection(TextSelection.create(first, passage.from, passage.to)));
    const { state } = appendAll(start, 4000);
    const { from, to } = state.selection;
    expect(state.doc.textBetween(from, to)).toBe('the collapse of Stalinism');
    expect({ from, to }).toEqual({ from: passage.from, to: passage.to });
  });

  it('has nothing to append once the whole text is shown', () => {
    expect(appendBlocks(EditorState.create({ doc: book }), book, 4000)).toBeNull();
  });

  it('refuses to append to a document that is not the beginning of the text', () => {
    const other = EditorState.create({ doc: proseDoc(review) });
    expect(() => appendBlocks(other, book, 4000)).toThrow(RangeError);
  });
});
