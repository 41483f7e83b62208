import { describe, expect, it } from 'vitest';
import { EditorState, type Command } from 'prosemirror-state';
import article from '../../../../../tests/fixtures/socialist-2009-11-18-ussr-1989-collapse-of-stalinism.txt?raw';
import { offsetToPos, projectDocument } from '../../../../shared/projection';
import { pageLabelsPlugin } from './editor/page-labels';
import { setPageStart } from './editor/page-marks';
import { pagePlaces } from './editor/page-places';
import { createReaderState } from './editor/reader-state';
import { proseDoc } from './editor/test-editor';
import { findPage, missingPage, pageRequestAt, pagesOf } from './page-markers';

function run(state: EditorState, command: Command): EditorState {
  let next = state;
  if (!command(state, (tr) => (next = state.apply(tr)))) throw new Error('The command did not apply.');
  return next;
}

function posOf(state: EditorState, words: string): number {
  const projection = projectDocument(state.doc);
  return offsetToPos(projection, projection.text.indexOf(words), 1);
}

/** A reader state of the article with pages 45 ("MikhaIl Gorbachev rose") and 46 ("Stalinist bureaucrats"). */
function reader(): EditorState {
  let state = EditorState.create({ doc: proseDoc(article) });
  state = run(state, setPageStart(posOf(state, 'MikhaIl Gorbachev rose'), '45'));
  state = run(state, setPageStart(posOf(state, 'Stalinist bureaucrats'), '46'));
  const opened = createReaderState(state.doc, []);
  const plugin = pageLabelsPlugin(pagePlaces(projectDocument(state.doc)), undefined);
  return opened.reconfigure({ plugins: [...opened.plugins, plugin] });
}

const state = reader();

describe('the page actions', () => {
  it('propose the number after the page the caret is on for a new page', () => {
    const request = pageRequestAt(state, posOf(state, 'Genuine workers'), undefined);
    expect(request).toMatchObject({ existing: null, suggested: '46' });
  });

  it('offer to rename the page that starts at the caret, under its own name', () => {
    const request = pageRequestAt(state, posOf(state, 'Stalinist bureaucrats'), undefined);
    expect(request?.existing?.label).toBe('46');
    expect(request?.suggested).toBe('46');
  });

  it('propose no name before the first page', () => {
    expect(pageRequestAt(state, posOf(state, 'Join the Socialist'), undefined)?.suggested).toBe('');
  });

  it('find a page by the name the margin shows, with or without a page offset', () => {
    const pages = pagesOf(state);
    expect(findPage(pages, ' 46 ', undefined)?.label).toBe('46');
    expect(findPage(pages, '2', 0)?.label).toBe('46');
    expect(findPage(pages, '47', undefined)).toBeNull();
  });

  it('say which pages a text has when the one asked for is not there', () => {
    expect(missingPage(pagesOf(state), '47', undefined)).toBe(
      'This text has no page “47”. Its pages run from 45 to 46.',
    );
  });
});
