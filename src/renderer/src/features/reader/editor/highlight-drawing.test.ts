import type { EditorState, Transaction } from 'prosemirror-state';
import { describe, expect, it } from 'vitest';
import article from '../../../../../../tests/fixtures/socialist-2009-11-18-ussr-1989-collapse-of-stalinism.txt?raw';
import review from '../../../../../../tests/fixtures/review-2026-02-15-collapse-of-stalinism-book.txt?raw';
import { addHighlights, selectHighlight } from './highlight-commands';
import { isHighlightSpec, type HighlightSpec } from './highlight-decoration';
import { neighbourHighlight } from './highlight-order';
import { highlightIdsAt, highlightIdsOf } from './highlight-queries';
import { highlightPluginKey, highlightState, type HighlightChange } from './highlight-state';
import { windowAround, type DrawingWindow } from './drawing-window';
import { appendBlocks, leadingBlocks } from './progressive-text';
import { createReaderState } from './reader-state';
import { highlightOn, proseDoc } from './test-editor';

const book = proseDoc(`${article}\n\n${review}`);
const WALL = 'the fall of the Berlin Wall';
const FOG = 'This book can hopefully play a role in helping to clear that fog.';
const wall = highlightOn(book, 'wall', WALL);
const fog = highlightOn(book, 'fog', FOG);
const everywhere: DrawingWindow = { first: 0, last: book.childCount };

/** The ids of the highlights drawn, in order. */
function drawnIds(state: EditorState): string[] {
  const ids = highlightState(state)
    .decorations.find(undefined, undefined, isHighlightSpec)
    .flatMap((d) => (d.spec as HighlightSpec).annotationIds);
  return [...new Set(ids)];
}

/** The text from the first to the last piece drawn for highlight `id`, blocks apart by blank lines. */
function drawnText(state: EditorState, id: string): string {
  const pieces = highlightState(state).decorations.find(
    undefined,
    undefined,
    (spec) => isHighlightSpec(spec) && spec.annotationIds.includes(id),
  );
  if (pieces.length === 0) return '';
  const from = Math.min(...pieces.map((d) => d.from));
  const to = Math.max(...pieces.map((d) => d.to));
  return state.doc.textBetween(from, to, '\n\n');
}

function run(
  state: EditorState,
  command: (s: EditorState, d: (tr: Transaction) => void) => boolean,
): EditorState {
  let next = state;
  if (!command(state, (tr) => (next = state.apply(tr)))) throw new Error('The command did not apply.');
  return next;
}

function moveWindow(state: EditorState, window: DrawingWindow): EditorState {
  const change: HighlightChange = { kind: 'window', window };
  return state.apply(state.tr.setMeta(highlightPluginKey, change));
}

function appendAll(start: EditorState): EditorState {
  let state = start;
  for (let tr = appendBlocks(state, book, 4000); tr !== null; tr = appendBlocks(state, book, 4000))
    state = state.apply(tr);
  return state;
}

describe('highlights in a text still loading', () => {
  it('holds a highlight beyond the text shown so far, and draws it once its words arrive', () => {
    const opened = createReaderState(leadingBlocks(book, 3000), [wall, fog], everywhere);
    expect(drawnIds(opened)).toEqual(['wall']);
    expect(highlightIdsOf(opened)).toEqual(new Set(['wall', 'fog']));
    expect(drawnText(appendAll(opened), 'fog')).toBe(FOG);
  });

  it('keeps a highlight made while loading on its words once the rest arrives', () => {
    const opened = createReaderState(leadingBlocks(book, 3000), [], everywhere);
    const loaded = appendAll(run(opened, addHighlights([wall])));
    expect(drawnText(loaded, 'wall')).toBe(WALL);
  });

  it('leaves a highlight whose words have not arrived out of keyboard navigation', () => {
    const opened = createReaderState(leadingBlocks(book, 3000), [wall, fog], everywhere);
    expect(neighbourHighlight(opened, 'wall', 1)?.id).toBe('wall');
    expect(neighbourHighlight(appendAll(opened), 'wall', 1)?.id).toBe('fog');
  });
});

describe('the drawing window', () => {
  it('draws only the highlights that meet its blocks, and holds the others', () => {
    const state = createReaderState(book, [wall, fog], { first: 0, last: 20 });
    expect(drawnIds(state)).toEqual(['wall']);
    expect(highlightIdsAt(state, fog.from + 1)).toEqual(['fog']);
  });

  it('draws the highlights of the blocks it moves to, and no longer those it left', () => {
    const state = moveWindow(createReaderState(book, [wall, fog], { first: 0, last: 20 }), {
      first: book.childCount - 20,
      last: book.childCount,
    });
    expect(drawnIds(state)).toEqual(['fog']);
    expect(drawnText(state, 'fog')).toBe(FOG);
  });

  it('draws a highlight selected away from it as selected once it gets there', () => {
    const selected = run(
      createReaderState(book, [wall, fog], { first: 0, last: 20 }),
      selectHighlight('fog'),
    );
    const state = moveWindow(selected, everywhere);
    const specs = highlightState(state)
      .decorations.find(undefined, undefined, (spec) => isHighlightSpec(spec) && spec.selected)
      .flatMap((d) => (d.spec as HighlightSpec).annotationIds);
    expect(new Set(specs)).toEqual(new Set(['fog']));
  });

  it('stays put while the blocks on screen are well inside it', () => {
    expect(windowAround({ first: 100, last: 105 }, { first: 40, last: 165 })).toBeNull();
  });

  it('moves to the blocks on screen, with a margin either side, when they near its edge', () => {
    expect(windowAround({ first: 150, last: 156 }, { first: 40, last: 165 })).toEqual({
      first: 90,
      last: 216,
    });
    expect(windowAround({ first: 10, last: 14 }, { first: 40, last: 165 })).toEqual({ first: 0, last: 74 });
  });
});
