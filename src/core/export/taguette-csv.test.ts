import { describe, expect, it } from 'vitest';
import { describeRange } from '../../shared/anchoring';
import { DEFAULT_COLOR_LABELS, type Tag } from '../../shared/model';
import { fixtureText, metaFor } from '../store/test-documents';
import type { ExportPassage, ExportSnapshot } from './snapshot';
import { taguetteHighlightsCsv } from './taguette-csv';

const TEXT = fixtureText('ussr');

const TAGS: Tag[] = [
  { id: 'causes', name: 'Causes', parentId: null, color: null, description: '' },
  { id: 'bureaucracy', name: 'Bureaucracy', parentId: 'causes', color: null, description: '' },
  { id: 'voices', name: 'Voices, "first-hand"', parentId: null, color: null, description: '' },
];

function passage(id: string, quote: string, tagIds: string[]): ExportPassage {
  const start = TEXT.indexOf(quote);
  return {
    paragraph: 1,
    locator: null,
    annotation: {
      id,
      documentId: 'doc-ussr',
      selectors: describeRange(TEXT, start, start + quote.length),
      color: 'yellow',
      tagIds,
      comment: 'Comments are not part of Taguette’s export.',
      createdAt: '2026-03-01T10:00:00.000Z',
      modifiedAt: '2026-03-01T10:00:00.000Z',
    },
  };
}

function snapshot(): ExportSnapshot {
  return {
    tags: TAGS,
    colorLabels: { ...DEFAULT_COLOR_LABELS },
    documents: [
      {
        meta: metaFor(TEXT, 'USSR 1989: The collapse of Stalinism', 'ussr.txt', 'doc-ussr'),
        passages: [
          passage('p-rule', 'bureaucratic and dictatorial rule', ['bureaucracy', 'voices']),
          passage('p-title', 'the collapse of Stalinism', []),
        ],
      },
    ],
  };
}

describe('Taguette’s highlight CSV', () => {
  it('has Taguette’s columns and one row per highlight and tag, in text order, sub-tags as dotted paths', () => {
    expect(taguetteHighlightsCsv(snapshot()).split('\r\n')).toEqual([
      'id,document,tag,content',
      'p-title,USSR 1989: The collapse of Stalinism,,the collapse of Stalinism',
      'p-rule,USSR 1989: The collapse of Stalinism,Causes.Bureaucracy,bureaucratic and dictatorial rule',
      'p-rule,USSR 1989: The collapse of Stalinism,"Voices, ""first-hand""",bureaucratic and dictatorial rule',
      '',
    ]);
  });
});
