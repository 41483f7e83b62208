import { describe, expect, it } from 'vitest';
import type { Annotation } from '../../shared/model';
import { AnnotationsFileSchema } from './file-schemas';

const TEXT = 'USSR 1989 - the collapse of Stalinism';

/** An annotation as Scholia saved them before margin notes and orphans existed. */
const SAVED_BEFORE: Annotation = {
  id: 'highlight-1',
  documentId: 'ussr',
  selectors: [
    { type: 'TextQuoteSelector', exact: 'the collapse of Stalinism', prefix: 'USSR 1989 - ', suffix: '' },
    { type: 'TextPositionSelector', start: 12, end: TEXT.length },
  ],
  color: 'yellow',
  tagIds: [],
  comment: '',
  createdAt: '2026-01-05T10:00:00.000Z',
  modifiedAt: '2026-01-05T10:00:00.000Z',
};

function fileWith(...annotations: unknown[]) {
  return AnnotationsFileSchema.safeParse({ schemaVersion: 1, documentId: 'ussr', annotations });
}

/** A point after `USSR 1989` with the text around it as context. */
const POINT = [
  { type: 'TextQuoteSelector', exact: '', prefix: 'USSR 1989', suffix: ' - the collapse' },
  { type: 'TextPositionSelector', start: 9, end: 9 },
];

describe('the annotations file', () => {
  it('still reads annotations saved before margin notes, unchanged', () => {
    const parsed = fileWith(SAVED_BEFORE);
    expect(parsed.success && parsed.data.annotations).toEqual([SAVED_BEFORE]);
  });

  it('holds margin notes at a point and orphaned highlights', () => {
    const note = { ...SAVED_BEFORE, id: 'note-1', motivation: 'commenting', selectors: POINT };
    const orphan = { ...SAVED_BEFORE, id: 'orphan-1', orphanedAt: '2026-11-23T12:00:00.000Z' };
    expect(fileWith(note, orphan).success).toBe(true);
  });

  it('refuses a highlight at a point, and an empty quote over a passage', () => {
    expect(fileWith({ ...SAVED_BEFORE, selectors: POINT }).success).toBe(false);
    const hollow = [{ ...POINT[0], exact: '' }, SAVED_BEFORE.selectors[1]];
    expect(fileWith({ ...SAVED_BEFORE, motivation: 'commenting', selectors: hollow }).success).toBe(false);
  });
});
