import { describe, expect, it } from 'vitest';
import type { DocumentMeta } from '../../../../shared/model';
import { newestFirst } from './library-store';

function documentAdded(id: string, title: string, addedAt: string): DocumentMeta {
  return {
    id,
    csl: { id, type: 'article-newspaper', title },
    note: '',
    source: { fileName: `${id}.txt`, format: 'txt', byteLength: 24_402 },
    contentHash: 'a'.repeat(64),
    wordCount: 3799,
    addedAt,
    modifiedAt: addedAt,
  };
}

describe('newestFirst', () => {
  it('lists the document added last at the top, whatever order the library gave', () => {
    const ussr = documentAdded(
      'ussr-1989',
      'USSR 1989 - the collapse of Stalinism',
      '2026-11-20T09:00:00.000Z',
    );
    const review = documentAdded('review', 'The collapse of Stalinism, reviewed', '2026-11-23T16:30:00.000Z');
    const older = documentAdded('older', 'An older clipping', '2025-01-02T10:00:00+01:00');
    expect(newestFirst([older, ussr, review]).map((d) => d.id)).toEqual(['review', 'ussr-1989', 'older']);
  });
});
