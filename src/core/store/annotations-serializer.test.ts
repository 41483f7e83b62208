import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Annotation } from '../../shared/model';
import { serializeAnnotationsFile } from './annotations-serializer';
import type { AnnotationsFile } from './file-schemas';
import { fixtureText } from './test-documents';

const REVIEW = fixtureText('review');

function annotationOf(exact: string): Annotation {
  const start = REVIEW.indexOf(exact);
  return {
    id: randomUUID(),
    documentId: 'review',
    selectors: [
      { type: 'TextQuoteSelector', exact, prefix: REVIEW.slice(start - 20, start), suffix: '"\u2028' },
      { type: 'TextPositionSelector', start, end: start + exact.length },
    ],
    color: 'green',
    tagIds: ['tag-1'],
    comment: 'A "quoted" remark\nover two lines.',
    createdAt: '2026-11-23T16:30:00.000Z',
    modifiedAt: '2026-11-23T16:30:00.000Z',
  };
}

describe('serializeAnnotationsFile', () => {
  it('writes exactly what JSON.stringify would, before and after an annotation is added', () => {
    const first = annotationOf('Stalinism');
    const file: AnnotationsFile = { schemaVersion: 1, documentId: 'review', annotations: [first] };
    expect(serializeAnnotationsFile(file)).toBe(`${JSON.stringify(file)}\n`);
    const grown: AnnotationsFile = { ...file, annotations: [first, annotationOf('collapse')] };
    expect(serializeAnnotationsFile(grown)).toBe(`${JSON.stringify(grown)}\n`);
  });

  it('writes an empty list', () => {
    const file: AnnotationsFile = { schemaVersion: 1, documentId: 'review', annotations: [] };
    expect(JSON.parse(serializeAnnotationsFile(file))).toEqual(file);
  });
});
