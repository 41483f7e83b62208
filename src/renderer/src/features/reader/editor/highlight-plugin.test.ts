import { describe, expect, it } from 'vitest';
import type { EditorState } from 'prosemirror-state';
import article from '../../../../../../tests/fixtures/socialist-2009-11-18-ussr-1989-collapse-of-stalinism.txt?raw';
import type { Highlight } from './highlight-decoration';
import { isHighlightSpec, type HighlightSpec } from './highlight-decoration';
import { addHighlights, removeHighlights, selectHighlight } from './highlight-commands';
import { highlightIdsAt, highlightIdsOf, highlightRange, selectedHighlightId } from './highlight-queries';
import { neighbourHighlight } from './highlight-order';
import { highlightState } from './highlight-state';
import { createReaderState } from './reader-state';
import { proseDoc } from './test-editor';

const doc = proseDoc(article);

/** A yellow highlight with id `id` over the first occurrence of `passage` (which may span paragraphs). */
function highlightOf(id: string, passage: string): Highlight {
  const text = doc.textBetween(0, doc.content.size, '\n\n');
  const at = text.indexOf(passage);
  if (at < 0) throw new Error(`"${passage}" is not in the fixture`);
  // Walk positions until the text before them is `at` characters long.
  let from = 0;
  while (doc.textBetween(0, from, '\n\n').length < at) from += 1;
  let to = from;
  while (doc.textBetween(from, to, '\n\n').length < passage.length) to += 1;
  return { id, color: 'yellow', from, to };
}

function run(state: EditorState, command: ReturnType<typeof addHighlights>): EditorState {
  let next = state;
  const applied = command(state, (tr) => {
    next = state.apply(tr);
  });
  if (!applied) throw new Error('The command did not apply.');
  return next;
}

function drawnText(state: EditorState, id: string): string | null {
  const range = highlightRange(state, id);
  return range === null ? null : state.doc.textBetween(range.from, range.to, '\n\n');
}

const wall = highlightOf('wall', 'the fall of the Berlin Wall');
const berlin = highlightOf('berlin', 'Berlin');
const gorbachev = highlightOf('gorbachev', 'MikhaIl Gorbachev');

describe('the highlight plugin', () => {
  it('draws the highlights a document opens with, each over its own words', () => {
    const state = createReaderState(doc, [wall, gorbachev]);
    expect(drawnText(state, 'wall')).toBe('the fall of the Berlin Wall');
    expect(drawnText(state, 'gorbachev')).toBe('MikhaIl Gorbachev');
  });

  it('adds a new highlight and leaves the ones already drawn where they were', () => {
    const state = run(createReaderState(doc, [wall]), addHighlights([gorbachev]));
    expect([...highlightIdsOf(state)].sort()).toEqual(['gorbachev', 'wall']);
    expect(drawnText(state, 'wall')).toBe('the fall of the Berlin Wall');
  });

  it('removes one highlight and keeps the one overlapping it', () => {
    const state = run(createReaderState(doc, [wall, berlin]), removeHighlights(['wall']));
    expect([...highlightIdsOf(state)]).toEqual(['berlin']);
    expect(drawnText(state, 'berlin')).toBe('Berlin');
  });

  it('removes a highlight that spans several paragraphs', () => {
    const long = highlightOf('long', 'Elements of revolution\n\nLeon Trotsky');
    const state = run(createReaderState(doc, [long, wall]), removeHighlights(['long']));
    expect([...highlightIdsOf(state)]).toEqual(['wall']);
    expect(highlightIdsAt(state, long.from + 1)).toEqual([]);
  });

  it('does not apply a removal of a highlight that is not drawn', () => {
    expect(removeHighlights(['never-made'])(createReaderState(doc, [wall]))).toBe(false);
  });

  it('keeps a highlight on its words when text is inserted before it', () => {
    const opened = createReaderState(doc, [wall]);
    const state = opened.apply(opened.tr.insertText('Preface. ', 1));
    expect(drawnText(state, 'wall')).toBe('the fall of the Berlin Wall');
    expect(highlightRange(state, 'wall')!.from).toBe(wall.from + 'Preface. '.length);
  });

  it('drops a highlight whose words are deleted', () => {
    const opened = createReaderState(doc, [wall, gorbachev]);
    const state = opened.apply(opened.tr.delete(wall.from, wall.to));
    expect([...highlightIdsOf(state)]).toEqual(['gorbachev']);
  });

  it('finds the highlights under a position, the innermost first', () => {
    const state = createReaderState(doc, [wall, berlin]);
    expect(highlightIdsAt(state, berlin.from + 2)).toEqual(['berlin', 'wall']);
    expect(highlightIdsAt(state, wall.from + 2)).toEqual(['wall']);
    expect(highlightIdsAt(state, gorbachev.from)).toEqual([]);
  });
});

describe('selecting a highlight', () => {
  it('draws the selected highlight, even one spanning paragraphs, as selected and no other', () => {
    const long = highlightOf('long', 'Elements of revolution\n\nLeon Trotsky');
    const state = run(createReaderState(doc, [long, wall]), selectHighlight('long'));
    expect(selectedHighlightId(state)).toBe('long');
    const specs = highlightState(state)
      .decorations.find(undefined, undefined, isHighlightSpec)
      .map((d) => d.spec as unknown);
    expect(specs).toEqual([
      { annotationIds: ['long'], selected: true },
      { annotationIds: ['wall'], selected: false },
    ]);
    expect(drawnText(state, 'long')).toBe('Elements of revolution\n\nLeon Trotsky');
  });

  it('moves the selection from one highlight to another', () => {
    const first = run(createReaderState(doc, [wall, gorbachev]), selectHighlight('wall'));
    const state = run(first, selectHighlight('gorbachev'));
    const selected = highlightState(state)
      .decorations.find(undefined, undefined, (spec) => isHighlightSpec(spec) && spec.selected)
      .flatMap((d) => (d.spec as HighlightSpec).annotationIds);
    expect(selected).toEqual(['gorbachev']);
    expect(drawnText(state, 'wall')).toBe('the fall of the Berlin Wall');
  });

  it('forgets the selection when the selected highlight is removed', () => {
    const selected = run(createReaderState(doc, [wall, gorbachev]), selectHighlight('wall'));
    expect(selectedHighlightId(run(selected, removeHighlights(['wall'])))).toBeNull();
  });

  it('does not select a highlight that is not drawn', () => {
    expect(selectHighlight('never-made')(createReaderState(doc, [wall]))).toBe(false);
  });

  it('does not apply when clearing a selection that is already empty', () => {
    expect(selectHighlight(null)(createReaderState(doc, [wall]))).toBe(false);
  });
});

describe('moving between highlights', () => {
  it('goes through the highlights in reading order and wraps around at the end', () => {
    const state = createReaderState(doc, [gorbachev, wall, berlin]);
    const visited: (string | undefined)[] = [];
    let current: string | null = null;
    for (let i = 0; i < 4; i += 1) {
      current = neighbourHighlight(state, current, 1)?.id ?? null;
      visited.push(current ?? undefined);
    }
    expect(visited).toEqual(['wall', 'berlin', 'gorbachev', 'wall']);
  });

  it('goes backwards from the first highlight to the last', () => {
    const state = createReaderState(doc, [gorbachev, wall]);
    expect(neighbourHighlight(state, 'wall', -1)?.id).toBe('gorbachev');
  });

  it('finds no neighbour in a text without highlights', () => {
    expect(neighbourHighlight(createReaderState(doc, []), null, 1)).toBeNull();
  });
});

describe('highlights through many edits', () => {
  it('map alike whether the list is read after every keystroke or only at the end', () => {
    const highlights = [
      highlightOf('wall', 'the fall of the Berlin Wall'),
      highlightOf('gorbachev', 'Gorbachev rose to the position of General Secretary'),
    ];
    const start = createReaderState(doc, highlights);
    const at = (highlights[0] as Highlight).from - 5;
    let eager = start;
    let lazy = start;
    for (let i = 0; i < 110; i += 1) {
      // 100 letters typed just before both, then ten deleted after them: the five characters before
      // the first highlight and its first five ("the f").
      const edit = (state: EditorState) =>
        i < 100 ? state.tr.insertText('x', at + i) : state.tr.delete(at + 100, at + 101);
      eager = eager.apply(edit(eager));
      lazy = lazy.apply(edit(lazy));
      highlightState(eager).highlights.forEach(() => undefined);
    }
    expect(highlightState(lazy).highlights).toEqual(highlightState(eager).highlights);
    expect(drawnText(lazy, 'gorbachev')).toBe('Gorbachev rose to the position of General Secretary');
    expect(drawnText(lazy, 'wall')).toBe('all of the Berlin Wall');
  });
});
