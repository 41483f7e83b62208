import { describe, expect, it } from 'vitest';
import { referenceFile, type ReferenceEntry } from './reference-file';
import { risDateToZotero } from './ris-csl';

function read(text: string): Promise<ReferenceEntry[]> {
  return referenceFile(text, 'ris').read({
    step: 2,
    onStep: () => undefined,
    pause: () => Promise.resolve(),
  });
}

describe('RIS records as CSL', () => {
  it('reads a journal article as EndNote writes it: CRLF, repeated tags, pages from SP and EP', async () => {
    const [entry] = await read(
      [
        'TY  - JOUR',
        'AU  - Walsh, Lynn',
        'A1  - Doyle, Clare',
        'T1  - The collapse of Stalinism',
        'JO  - Socialism Today',
        'VL  - 295',
        'IS  - 2',
        'SP  - 45',
        'EP  - 46',
        'PY  - 2026///',
        'DO  - https://doi.org/10.5555/review.2026',
        'SN  - 1366-4166',
        'KW  - Stalinism',
        'KW  - history',
        'N1  - A note',
        'UR  - https://example.org/review',
        'ER  - ',
        '',
      ].join('\r\n'),
    );
    expect(entry?.csl).toEqual({
      type: 'article-journal',
      author: [
        { family: 'Walsh', given: 'Lynn' },
        { family: 'Doyle', given: 'Clare' },
      ],
      title: 'The collapse of Stalinism',
      'container-title': 'Socialism Today',
      'container-title-short': 'Socialism Today',
      volume: '295',
      issue: '2',
      page: '45–46',
      issued: { 'date-parts': [[2026]] },
      DOI: '10.5555/review.2026',
      ISSN: '1366-4166',
      URL: 'https://example.org/review',
      annote: 'A note',
      keyword: 'Stalinism, history',
    });
  });

  it('reads the tag spacings tools write, lower-case tags, a byte order mark and values continued on the next lines', async () => {
    const entries = await read(
      '\uFEFFTY - BOOK\nTI - The collapse\n  of Stalinism\nPB  -Mentmore\nER  -\nty  - chap\nti  - A chapter\nt2  - The book\ner  - \n',
    );
    expect(entries.map((entry) => entry.csl)).toEqual([
      { type: 'book', title: 'The collapse of Stalinism', publisher: 'Mentmore' },
      { type: 'chapter', title: 'A chapter', 'container-title': 'The book' },
    ]);
    expect(entries.map((entry) => entry.line)).toEqual([1, 6]);
  });

  it('takes DA over the deprecated Y1, and a year from PY where DA gives none', async () => {
    const entries = await read(
      'TY  - JOUR\nY1  - 1900/01/01\nDA  - 1950/01/01\nER  - \nTY  - JOUR\nPY  - 2009\nDA  - May 12\nER  - \n',
    );
    expect(entries.map((entry) => entry.csl?.['issued'])).toEqual([
      { 'date-parts': [[1950, 1, 1]] },
      { 'date-parts': [[2009, 5, 12]] },
    ]);
  });

  it('takes the web address of a file link for the URL when UR gives none', async () => {
    const [entry] = await read(
      'TY  - JOUR\nTI  - Linked\nL1  - internal-pdf://0123/linked.pdf\nL2  - https://example.org/full-text\nER  - \n',
    );
    expect(entry?.csl?.['URL']).toBe('https://example.org/full-text');
  });
});

describe('risDateToZotero', () => {
  it('reads YYYY/MM/DD/other with every part but the year optional, zeros as unknown', () => {
    expect(risDateToZotero('2009///', 'date')).toBe('2009');
    expect(risDateToZotero('2009/05/12/', 'date')).toBe('2009-05-12');
    expect(risDateToZotero('2009/05/12/Spring', 'date')).toBe('2009-05-12');
    expect(risDateToZotero('2009/00/00', 'date')).toBe('2009');
    expect(risDateToZotero('1986/6/23', 'accessDate')).toBe('1986-06-23');
  });
});
