import { describe, expect, it } from 'vitest';
import { MAX_PAGE_LABEL } from '../../shared/schema';
import { failure } from '../test-support';
import { IMPORT_LIMITS } from './limits';
import { checkPageCount, PageMarks, pagedText, pageLabel } from './page-marks';

describe('pageLabel', () => {
  it('keeps a printed page name as it is', () => {
    expect(pageLabel('xii')).toBe('xii');
    expect(pageLabel('A-45')).toBe('A-45');
  });

  it('makes control characters and runs of blank space one space, and a blank label none', () => {
    expect(pageLabel(' Appendix\n\t 3\u0000')).toBe('Appendix 3');
    expect(pageLabel(' \n ')).toBeNull();
    expect(pageLabel(null)).toBeNull();
  });

  it(`cuts a long label to ${MAX_PAGE_LABEL} code units, never inside a surrogate pair`, () => {
    expect(pageLabel('x'.repeat(10_000))).toBe('x'.repeat(MAX_PAGE_LABEL));
    const label = pageLabel(`${'x'.repeat(MAX_PAGE_LABEL - 1)}𝔄𝔄`);
    expect(label).toBe('x'.repeat(MAX_PAGE_LABEL - 1));
  });
});

describe('pagedText', () => {
  const marks = new PageMarks(['xi', null, '1']);
  const pagesOf = (text: string, runs: { offset: number; index: number }[]) =>
    pagedText(text, runs, marks).map((node) => [
      node.text,
      node.marks.map((mark): unknown[] => [mark.attrs['index'], mark.attrs['label']]),
    ]);

  it('marks each run of text with the page it starts on, labelled by the PDF’s labels', () => {
    expect(
      pagesOf('the end of page xi and the start of page 2', [
        { offset: 0, index: 0 },
        { offset: 20, index: 1 },
      ]),
    ).toEqual([
      ['the end of page xi a', [[0, 'xi']]],
      ['nd the start of page 2', [[1, null]]],
    ]);
  });

  it('leaves text before the first page unmarked and makes nothing of runs that cover no text', () => {
    expect(
      pagesOf('before the first page', [
        { offset: 7, index: 1 },
        { offset: 7, index: 2 },
        { offset: 99, index: 0 },
      ]),
    ).toEqual([
      ['before ', []],
      ['the first page', [[2, '1']]],
    ]);
    expect(pagedText('', [{ offset: 0, index: 0 }], marks)).toEqual([]);
  });

  it('refuses a page index the schema cannot hold, as a programmer error', () => {
    expect(() => new PageMarks().mark(-1)).toThrow(RangeError);
  });
});

describe('checkPageCount', () => {
  it(`refuses more than ${IMPORT_LIMITS.documentPages.toLocaleString('en')} pages, naming the file`, async () => {
    expect(() =>
      checkPageCount({ name: 'a.txt', label: '/in/a.txt' }, IMPORT_LIMITS.documentPages, 'Split it.'),
    ).not.toThrow();
    const error = await failure(
      Promise.resolve().then(() =>
        checkPageCount({ name: 'a.txt', label: '/in/a.txt' }, IMPORT_LIMITS.documentPages + 1, 'Split it.'),
      ),
    );
    expect(error.path).toBe('/in/a.txt');
    expect(error.message).toMatch(
      /^"a\.txt" cannot be imported: it marks more than 50,000 pages of the original;.* Split it\.$/,
    );
  });
});
