import { describe, expect, it } from 'vitest';
import { describeRange } from '../../../../../shared/anchoring';
import type { Annotation } from '../../../../../shared/model';
import { projectDocument } from '../../../../../shared/projection';
import review from '../../../../../../tests/fixtures/review-2026-02-15-collapse-of-stalinism-book.txt?raw';
import { placeAnnotations } from './place-annotations';
import { proseDoc } from './test-editor';

const doc = proseDoc(review);
const projection = projectDocument(doc);

function annotationOn(id: string, passage: string): Annotation {
  const start = projection.text.indexOf(passage);
  if (start < 0) throw new Error(`"${passage}" is not in the fixture`);
  return {
    id,
    documentId: 'review',
    selectors: describeRange(projection.text, start, start + passage.length),
    color: 'yellow',
    tagIds: [],
    comment: '',
    createdAt: '2026-11-23T16:30:00.000Z',
    modifiedAt: '2026-11-23T16:30:00.000Z',
  };
}

describe('placeAnnotations', () => {
  it('draws each annotation over exactly the words it quotes', () => {
    const annotations = [annotationOn('a', 'the collapse of Stalinism'), annotationOn('b', 'Stalinism')];
    const { highlights, orphans } = placeAnnotations(projection, annotations);
    expect(orphans).toEqual([]);
    expect(highlights.map((h) => [h.id, h.color, doc.textBetween(h.from, h.to)])).toEqual([
      ['a', 'yellow', 'the collapse of Stalinism'],
      ['b', 'yellow', 'Stalinism'],
    ]);
  });

  it('lists an annotation whose quote is no longer in the text as an orphan instead of dropping it', () => {
    const lost = annotationOn('lost', 'the collapse of Stalinism');
    lost.selectors[0].exact = 'a sentence this review never contained';
    const { highlights, orphans } = placeAnnotations(projection, [lost, annotationOn('kept', 'Stalinism')]);
    expect(orphans.map((a) => a.id)).toEqual(['lost']);
    expect(highlights.map((h) => h.id)).toEqual(['kept']);
  });

  it('draws a passage that spans paragraphs from the first quoted word to the last', () => {
    const paragraphs = projection.text.split('\n\n');
    const passage = `${paragraphs[3]}\n\n${paragraphs[4]}`;
    const [highlight] = placeAnnotations(projection, [annotationOn('long', passage)]).highlights;
    expect(doc.textBetween(highlight!.from, highlight!.to, '\n\n')).toBe(passage);
  });

  it('follows a passage that moved because a paragraph was added before it', () => {
    const annotation = annotationOn('moved', 'the collapse of Stalinism');
    const edited = proseDoc(`# A note added before the review\n\n${review}`);
    const { highlights, orphans } = placeAnnotations(projectDocument(edited), [annotation]);
    expect(orphans).toEqual([]);
    expect(edited.textBetween(highlights[0]!.from, highlights[0]!.to)).toBe('the collapse of Stalinism');
  });
});
