import { describe, expect, it } from 'vitest';
import { broughtInWords, linksLeftOut } from './annotation-extras';

const report = { format: 'jsonld' as const, imported: 6, skipped: 0, failed: 0, outcomes: [] };

describe('what an annotation file brought in beside its annotations', () => {
  it('names each kind that came in, with its count', () => {
    expect(broughtInWords({ ...report, tagsCreated: 4, notesSet: 1, colorMeaningsSet: 2 })).toBe(
      'Also brought in: 4 tags, 1 document note, 2 colour meanings',
    );
  });

  it('leaves out what did not come in', () => {
    expect(broughtInWords({ ...report, tagsCreated: 1, notesSet: 0, colorMeaningsSet: 0 })).toBe(
      'Also brought in: 1 tag',
    );
  });

  it('counts the links between passages that came in, and lists those left out with why', () => {
    const withLinks = {
      ...report,
      linksImported: 2,
      linksLeftOut: 2,
      linkOutcomes: [
        { id: 'a', quotes: '“x” → “y”', status: 'imported' as const },
        { id: 'b', quotes: '“x” → “z”', status: 'skipped' as const, reason: 'already there' },
        {
          id: 'c',
          quotes: '“p” → “q”',
          status: 'failed' as const,
          reason: 'its second passage is not in the library',
        },
      ],
    };
    expect(broughtInWords(withLinks)).toBe('Also brought in: 2 links between passages');
    expect(linksLeftOut(withLinks)).toEqual([
      { quotes: '“p” → “q”', reason: 'its second passage is not in the library' },
    ]);
  });

  it('is nothing when nothing came in, or the report does not say', () => {
    expect(broughtInWords({ ...report, tagsCreated: 0, notesSet: 0, colorMeaningsSet: 0 })).toBeNull();
    expect(broughtInWords(report)).toBeNull();
  });
});
