import { describe, expect, it } from 'vitest';
import type { CslDraft, DocumentMeta } from '../../shared/model';
import { bibliographyItems, citationKey } from './open-formats';
import type { ExportReferences } from './references';
import type { ExportSnapshot } from './snapshot';

function meta(id: string, csl: CslDraft): DocumentMeta {
  return {
    id,
    csl: { ...csl, id },
    note: '',
    source: { fileName: `${id}.txt`, format: 'txt', byteLength: 1 },
    contentHash: '0'.repeat(64),
    wordCount: 1,
    addedAt: '2026-01-01T00:00:00.000Z',
    modifiedAt: '2026-01-01T00:00:00.000Z',
  };
}

/** The bibliography items of `metas`, in their order (only the documents' metadata and the order matter here). */
function items(metas: DocumentMeta[]) {
  const snapshot = {
    documents: metas.map((m) => ({ meta: m, passages: [] })),
    tags: [],
  } as unknown as ExportSnapshot;
  const references = { order: metas.map((m) => m.id) } as unknown as ExportReferences;
  return bibliographyItems(snapshot, references);
}

describe('citation keys', () => {
  it('are made of the first author’s family name, the year and the first long title word, in ASCII', () => {
    const doyle = meta('a', {
      type: 'article-newspaper',
      title: 'USSR 1989: The collapse of Stalinism',
      author: [{ family: 'Doyle', given: 'Ann' }],
      issued: { 'date-parts': [[2009, 11, 18]] },
    });
    expect(citationKey(doyle)).toBe('Doyle2009ussr');
    const russian = meta('b', {
      type: 'book',
      title: 'Преступление и наказание',
      author: [{ family: 'Достоевский', given: 'Фёдор' }],
      issued: { 'date-parts': [[1866]] },
    });
    expect(citationKey(russian)).toBe('Dostoevskii1866prestuplenie');
    const accented = meta('c', {
      type: 'book',
      title: 'Łódź i Kraków',
      author: [{ family: 'García Márquez', given: 'Gabriel' }],
    });
    expect(citationKey(accented)).toBe('GarciaMarquezlodz');
  });

  it('fall back to the document id when nothing gives a letter', () => {
    expect(citationKey(meta('0123456789', { type: 'book', title: '呐喊', author: [{ family: '鲁' }] }))).toBe(
      'scholia-01234567',
    );
  });

  it('keep the reader’s own key, with what BibTeX cannot take in a key made _', () => {
    expect(citationKey(meta('d', { type: 'book', title: 'T', 'citation-key': 'doe 2009' }))).toBe('doe_2009');
  });

  it('are unique: a second item with the same key gets a, a third b, skipping keys already taken', () => {
    const same = (id: string, key?: string) =>
      meta(id, {
        type: 'book',
        title: 'Collapse',
        author: [{ family: 'Doe' }],
        issued: { 'date-parts': [[2009]] },
        ...(key === undefined ? {} : { 'citation-key': key }),
      });
    const keys = items([same('1'), same('2', 'Doe2009collapsea'), same('3'), same('4')]).map((i) => i.id);
    expect(keys).toEqual(['Doe2009collapse', 'Doe2009collapsea', 'Doe2009collapseb', 'Doe2009collapsec']);
  });
});
