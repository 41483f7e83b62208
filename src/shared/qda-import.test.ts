import { describe, expect, it } from 'vitest';
import { qdaSummary, type RefiProjectReport } from './qda-import';

const project: RefiProjectReport = {
  kind: 'project',
  name: 'corpus.qdpx',
  origin: 'QualCoder 3.6',
  tagsCreated: 12,
  tagsExisting: 1,
  warnings: [],
  documentsImported: 3,
  documentsReused: 1,
  documentsFailed: 0,
  documents: [],
  passagesImported: 240,
  passagesSkipped: 0,
  passagesFailed: 2,
  passages: [],
  notesSet: 1,
  otherSources: [],
};

describe('a REFI-QDA report in words', () => {
  it('says what a project brought in, what was there and what could not be used', () => {
    expect(qdaSummary(project)).toBe(
      'Project from QualCoder 3.6: 3 documents imported, 1 already here; 12 tags added, 1 already in the codebook; 240 passages imported, 2 could not be placed; 1 document note set.',
    );
  });

  it('says what a codebook added', () => {
    expect(
      qdaSummary({ kind: 'codebook', name: 'c.qdc', tagsCreated: 1, tagsExisting: 0, warnings: [] }),
    ).toBe('Codebook: 1 tag added.');
  });
});
