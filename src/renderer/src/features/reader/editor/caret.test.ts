import { describe, expect, it } from 'vitest';
import { EditorState } from 'prosemirror-state';
import {
  caretAnnouncement,
  caretPlugin,
  caretPluginKey,
  caretState,
  describeMove,
  type CaretState,
} from './caret';
import { proseDoc } from './test-editor';

const doc = proseDoc('THE CAPITALIST media milked the celebrations.\n\nThey have spoken glowingly.');
const state = EditorState.create({ doc, plugins: [caretPlugin()] });
const media = doc.textBetween(0, doc.content.size).indexOf('media') + 1;

function caret(anchor: number, head = anchor, on = true): CaretState {
  return { on, anchor, head, moves: 1, announcement: '' };
}

describe('the caret’s announcements', () => {
  it('says caret browsing is on or off', () => {
    expect(describeMove(state, caret(1, 1, false), caret(1))).toMatch(/^Caret browsing on\./);
    expect(describeMove(state, caret(1), caret(1, 1, false))).toBe('Caret browsing off');
  });

  it('speaks what a move passes over, and what a Shift+move selects or unselects', () => {
    expect(describeMove(state, caret(media), caret(media + 5))).toBe('media');
    expect(describeMove(state, caret(media), caret(media + 1))).toBe('m');
    expect(describeMove(state, caret(media - 1), caret(media))).toBe('space');
    expect(describeMove(state, caret(media), caret(media, media + 5))).toBe('media, selected');
    expect(describeMove(state, caret(media, media + 12), caret(media, media + 5))).toBe('milked, unselected');
    expect(describeMove(state, caret(media, media + 5), caret(media + 5))).toBe('Selection cleared');
  });

  it('says the whole selection when the head crosses the anchor', () => {
    expect(describeMove(state, caret(media + 5, media + 6), caret(media + 5, media))).toBe('Selected: media');
  });

  it('speaks the same words twice when the caret passes them twice', () => {
    const first = state.apply(
      state.tr.setMeta(caretPluginKey, { next: { ...caret(1), moves: 1, announcement: 'space' } }),
    );
    const second = first.apply(
      first.tr.setMeta(caretPluginKey, { next: { ...caret(2), moves: 2, announcement: 'space' } }),
    );
    expect(caretAnnouncement(first)).not.toBe(caretAnnouncement(second));
    expect(caretAnnouncement(second).trim()).toBe('space');
  });
});

describe('the caret’s state', () => {
  it('starts off, and keeps its place when text is added before it', () => {
    expect(caretState(state).on).toBe(false);
    const on = state.apply(state.tr.setMeta(caretPluginKey, { next: caret(media, media + 5) }));
    const grown = on.apply(on.tr.insertText('Yes: ', 1));
    expect(caretState(grown)).toMatchObject({ on: true, anchor: media + 5, head: media + 10 });
    expect(grown.doc.textBetween(caretState(grown).anchor, caretState(grown).head)).toBe('media');
  });
});
