import { describe, expect, it } from 'vitest';
import type { Annotation } from '../../../../../shared/model';
import { projectDocument } from '../../../../../shared/projection';
import review from '../../../../../../tests/fixtures/review-2026-02-15-collapse-of-stalinism-book.txt?raw';
import { describePoint } from '../../../../../shared/anchoring';
import { placePointNotes, pointNotePositions, setPointNotes } from './point-notes';
import { createReaderState } from './reader-state';
import { proseDoc } from './test-editor';

const doc = proseDoc(review);
const projection = projectDocument(doc);

function pointNote(id: string, before: string, extra: Partial<Annotation> = {}): Annotation {
  const at = projection.text.indexOf(before);
  if (at < 0) throw new Error(`"${before}" is not in the fixture`);
  return {
    id,
    documentId: 'review',
    selectors: describePoint(projection.text, at),
    motivation: 'commenting',
    color: 'yellow',
    tagIds: [],
    comment: 'Compare the first edition.',
    createdAt: '2026-11-23T16:30:00.000Z',
    modifiedAt: '2026-11-23T16:30:00.000Z',
    ...extra,
  };
}

describe('margin notes at a point', () => {
  it('are placed where their words are, and not when orphaned or not points', () => {
    const notes = placePointNotes(projection, [
      pointNote('here', 'Sadly, in the absence'),
      pointNote('gone', 'This book is written', { orphanedAt: '2026-11-23T17:00:00.000Z' }),
    ]);
    expect(notes.map((n) => n.id)).toEqual(['here']);
    const pos = notes[0]?.pos ?? -1;
    expect(doc.textBetween(pos, pos + 21)).toBe('Sadly, in the absence');
  });

  it('are drawn as markers that follow their words when text is typed before them', () => {
    const notes = placePointNotes(projection, [pointNote('here', 'Sadly, in the absence')]);
    let state = createReaderState(doc, []);
    setPointNotes(notes)(state, (tr) => {
      state = state.apply(tr);
    });
    const before = pointNotePositions(state).get('here') ?? -1;
    expect(before).toBe(notes[0]?.pos);
    state = state.apply(state.tr.insertText('A new opening line. ', 1));
    const after = pointNotePositions(state).get('here') ?? -1;
    expect(after).toBe(before + 'A new opening line. '.length);
    expect(state.doc.textBetween(after, after + 21)).toBe('Sadly, in the absence');
  });

  it('are gone once the words on both sides of them are deleted', () => {
    const notes = placePointNotes(projection, [pointNote('here', 'Sadly, in the absence')]);
    let state = createReaderState(doc, []);
    setPointNotes(notes)(state, (tr) => {
      state = state.apply(tr);
    });
    const pos = notes[0]?.pos ?? 0;
    state = state.apply(state.tr.delete(pos - 5, pos + 5));
    expect(pointNotePositions(state).has('here')).toBe(false);
  });
});
