import { describe, expect, it } from 'vitest';
import type { Node as ProseMirrorNode } from 'prosemirror-model';
import { EditorState, TextSelection, type Command } from 'prosemirror-state';
import type { Decoration } from 'prosemirror-view';
import article from '../../../../../../tests/fixtures/socialist-2009-11-18-ussr-1989-collapse-of-stalinism.txt?raw';
import { offsetToPos, projectDocument } from '../../../../../shared/projection';
import { addHighlights } from './highlight-commands';
import { highlightPluginKey, type HighlightChange } from './highlight-state';
import { pageLabelsPlugin, pageLabelsState, setPageOffset } from './page-labels';
import { setPageStart } from './page-marks';
import { pagePlaces } from './page-places';
import { appendBlocks, leadingBlocks } from './progressive-text';
import { createReaderState } from './reader-state';
import { highlightOn, proseDoc } from './test-editor';

function run(state: EditorState, command: Command): EditorState {
  let next = state;
  if (!command(state, (tr) => (next = state.apply(tr)))) throw new Error('The command did not apply.');
  return next;
}

function posOf(doc: ProseMirrorNode, words: string): number {
  const projection = projectDocument(doc);
  const offset = projection.text.indexOf(words);
  if (offset < 0) throw new Error(`"${words}" is not in the text`);
  return offsetToPos(projection, offset, 1);
}

/** The article with page 45 starting at "MikhaIl Gorbachev rose" and page 46 at "Stalinist bureaucrats". */
function pagedArticle(): ProseMirrorNode {
  let state = EditorState.create({ doc: proseDoc(article) });
  state = run(state, setPageStart(posOf(state.doc, 'MikhaIl Gorbachev rose'), '45'));
  state = run(state, setPageStart(posOf(state.doc, 'Stalinist bureaucrats'), '46'));
  return state.doc;
}

const paged = pagedArticle();

/** A reader state of `doc` (or its beginning, `shown`) with the page labels plugin, pages of `doc`. */
function readerWithLabels(doc: ProseMirrorNode, pageOffset?: number, shown = doc): EditorState {
  const state = createReaderState(shown, []);
  const plugin = pageLabelsPlugin(pagePlaces(projectDocument(doc)), pageOffset);
  return state.reconfigure({ plugins: [...state.plugins, plugin] });
}

function labels(state: EditorState): Decoration[] {
  return pageLabelsState(state)?.decorations.find() ?? [];
}

/** The names drawn, with the words each stands before. */
function drawn(state: EditorState): [string, string][] {
  return labels(state).map((decoration) => {
    const name = (decoration.spec as { key: string }).key.replace(/^page-\d+-/, '');
    return [name, state.doc.textBetween(decoration.from, decoration.from + 12)];
  });
}

/** A book of `count` copies of the article's paragraphs, with a page starting in every 20th block. */
function longBook(count: number): ProseMirrorNode {
  const one = proseDoc(article);
  const { schema } = one.type;
  const blocks: ProseMirrorNode[] = [];
  for (let i = 0; i < count; i += 1) {
    one.forEach((block) => {
      const index = Math.floor(blocks.length / 20);
      const page = schema.marks.page?.create({ index, label: String(index + 1) });
      if (page === undefined) throw new Error('The schema has no page mark.');
      const marked: ProseMirrorNode[] = [];
      block.forEach((child) => marked.push(child.mark(page.addToSet(child.marks))));
      blocks.push(block.type.create(block.attrs, marked));
    });
  }
  return one.type.create(null, blocks);
}

describe('the page labels plugin', () => {
  it('draws each page’s name where the page starts', () => {
    expect(drawn(readerWithLabels(paged))).toEqual([
      ['45', 'MikhaIl Gorb'],
      ['46', 'Stalinist bu'],
    ]);
  });

  it('names the pages by the page offset when the document has one', () => {
    // Printed page 1 is the second page of the text: the first page is named only by its label.
    expect(drawn(readerWithLabels(paged, 1)).map(([name]) => name)).toEqual(['45', '1']);
    expect(drawn(readerWithLabels(paged, -9)).map(([name]) => name)).toEqual(['10', '11']);
  });

  it('renames the labels when the page offset changes, and keeps them when it does not', () => {
    const state = readerWithLabels(paged);
    const renamed = run(state, setPageOffset(-9));
    expect(drawn(renamed).map(([name]) => name)).toEqual(['10', '11']);
    expect(run(renamed, setPageOffset(-9))).toBe(renamed);
  });

  it('draws labels as widgets outside the text, its selection and its marks', () => {
    const [label] = labels(readerWithLabels(paged));
    expect(label?.from).toBe(label?.to);
    expect(label?.spec).toMatchObject({ side: -1, marks: [], ignoreSelection: true });
    expect(projectDocument(paged).text).toBe(projectDocument(proseDoc(article)).text);
  });

  it('keeps the labels it drew through transactions that do not touch them', () => {
    const state = readerWithLabels(paged);
    const before = pageLabelsState(state)?.decorations;
    const selected = state.apply(state.tr.setSelection(TextSelection.create(state.doc, 40)));
    const highlighted = run(selected, addHighlights([highlightOn(paged, 'h', 'Stalinist bureaucrats')]));
    expect(pageLabelsState(highlighted)?.decorations).toBe(before);
  });

  it('moves the labels with the words when the text is edited', () => {
    const state = readerWithLabels(paged);
    const edited = state.apply(state.tr.insertText('Indeed. ', 1));
    expect(drawn(edited)).toEqual([
      ['45', 'MikhaIl Gorb'],
      ['46', 'Stalinist bu'],
    ]);
  });

  it('draws a page beyond the text loaded so far once its block arrives', () => {
    const shown = leadingBlocks(paged, 10);
    let state = readerWithLabels(paged, undefined, shown);
    expect(drawn(state)).toEqual([]);
    for (let tr = appendBlocks(state, paged, 4000); tr !== null; tr = appendBlocks(state, paged, 4000))
      state = state.apply(tr);
    expect(drawn(state).map(([name]) => name)).toEqual(['45', '46']);
  });

  it('draws only the pages in the drawing window of a long book, and follows the window', () => {
    const book = longBook(40);
    const state = readerWithLabels(book);
    const pages = pagePlaces(projectDocument(book)).length;
    expect(pages).toBeGreaterThan(60);
    // The window opens on the first 180 blocks: one page in every 20 blocks.
    expect(labels(state)).toHaveLength(9);
    const change: HighlightChange = { kind: 'window', window: { first: 600, last: 780 } };
    const moved = state.apply(state.tr.setMeta(highlightPluginKey, change));
    expect(drawn(moved).map(([name]) => Number(name))).toEqual([31, 32, 33, 34, 35, 36, 37, 38, 39]);
  });

  it('does not apply a page offset to a state without the plugin', () => {
    expect(setPageOffset(3)(createReaderState(paged, []))).toBe(false);
  });
});
