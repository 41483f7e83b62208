import { describe, expect, it } from 'vitest';
import { bibtexNames } from './bibtex-names';
import { referenceFile, type ReferenceEntry } from './reference-file';

/** The entries of a BibTeX text, read as an import reads them. */
function read(text: string): Promise<ReferenceEntry[]> {
  return referenceFile(text, 'bibtex').read({
    step: 2,
    onStep: () => undefined,
    pause: () => Promise.resolve(),
  });
}

async function one(text: string): Promise<Record<string, unknown>> {
  const [entry] = await read(text);
  return entry?.csl ?? {};
}

describe('BibTeX names', () => {
  it('reads "First von Last", "von Last, First" and "von Last, Jr, First", particles as CSL has them', () => {
    expect(bibtexNames('Ludwig van Beethoven and de la Fontaine, Jean and von Hicks, III, Michael')).toEqual([
      { family: 'Beethoven', given: 'Ludwig', 'non-dropping-particle': 'van' },
      { family: 'Fontaine', given: 'Jean', 'non-dropping-particle': 'de la' },
      { family: 'Hicks', given: 'Michael', 'non-dropping-particle': 'von', suffix: 'III' },
    ]);
  });

  it('keeps a name in braces whole as an organisation, TeX made text, "others" left out', () => {
    expect(
      bibtexNames('{World Health Organization} and G{\\"o}del, Kurt and Taaffe, Peter and others'),
    ).toEqual([
      { literal: 'World Health Organization' },
      { family: 'Gödel', given: 'Kurt' },
      { family: 'Taaffe', given: 'Peter' },
    ]);
  });

  it('does not take the lower-case words of an unbraced organisation for particles', () => {
    expect(bibtexNames('American Rights at Work')).toEqual([{ family: 'Work', given: 'American Rights at' }]);
  });
});

describe('BibTeX entries as CSL', () => {
  it('reads biblatex: date, journaltitle, location, urldate, translator, subtitle, pages', async () => {
    expect(
      await one(`@article{walsh2026,
        author = {Walsh, Lynn}, translator = {Doyle, Clare},
        title = {The Collapse of Stalinism}, subtitle = {A Review},
        journaltitle = {Socialism Today}, date = {2026-02}, urldate = {2026-03-01},
        location = {London}, volume = 295, number = {2}, pages = {45--46},
        doi = {https://doi.org/10.5555/REVIEW.2026}, url = {https://example.org/review\\_2026}
      }`),
    ).toEqual({
      type: 'article-journal',
      'citation-key': 'walsh2026',
      title: 'The Collapse of Stalinism: A Review',
      'container-title': 'Socialism Today',
      author: [{ family: 'Walsh', given: 'Lynn' }],
      translator: [{ family: 'Doyle', given: 'Clare' }],
      issued: { 'date-parts': [[2026, 2]] },
      accessed: { 'date-parts': [[2026, 3, 1]] },
      'publisher-place': 'London',
      volume: '295',
      issue: '2',
      page: '45–46',
      DOI: '10.5555/REVIEW.2026',
      URL: 'https://example.org/review_2026',
    });
  });

  it('reads date ranges, open ends and uncertain years of biblatex, and BibTeX year and month', async () => {
    const [range, open, uncertain, legacy] = await read(`
      @book{a, title = {A}, date = {1990/1995}}
      @book{b, title = {B}, date = {2009-05-12/..}}
      @book{c, title = {C}, date = {1848?}}
      @book{d, title = {D}, year = 2009, month = may}`);
    expect(range?.csl?.['issued']).toEqual({ 'date-parts': [[1990], [1995]] });
    expect(open?.csl?.['issued']).toEqual({ 'date-parts': [[2009, 5, 12]] });
    expect(uncertain?.csl?.['issued']).toEqual({ 'date-parts': [[1848]], circa: true });
    expect(legacy?.csl?.['issued']).toEqual({ 'date-parts': [[2009, 5]] });
  });

  it('expands @string macros joined with #, and gives a chapter the fields of the book its crossref names', async () => {
    const entries = await read(`@string{mp = "Mentmore"}
      @preamble{"\\newcommand{\\noop}[1]{}"}
      @incollection{chapter, author = {Taaffe, Peter}, title = {Stalinism}, crossref = {book}, pages = {1--20}}
      @book{book, editor = {Walsh, Lynn}, title = {The Collapse}, subtitle = {Essays}, publisher = mp # " Press", year = 2009}`);
    expect(entries.map((entry) => entry.csl)).toMatchObject([
      {
        type: 'chapter',
        title: 'Stalinism',
        'container-title': 'The Collapse: Essays',
        editor: [{ family: 'Walsh', given: 'Lynn' }],
        publisher: 'Mentmore Press',
        issued: { 'date-parts': [[2009]] },
        page: '1–20',
      },
      { type: 'book', title: 'The Collapse: Essays', publisher: 'Mentmore Press' },
    ]);
  });

  it('reports an entry with unbalanced braces by its line, and reads the entries after it', async () => {
    const entries = await read(
      '@book{good, title = {Good}}\n\n@article{bad,\n  title = {Never closed,\n  year = 2009\n}\n@book{after, title = {After}}\n',
    );
    expect(entries).toEqual([
      expect.objectContaining({ line: 1, key: 'good' }),
      { line: 3, key: 'bad', csl: null, problem: 'unbalanced braces in field title' },
      expect.objectContaining({ line: 7, key: 'after' }),
    ]);
  });

  it('forgives a missing comma and a missing closing brace before the next entry', async () => {
    const entries = await read('@book{a, title = {A} author = {Doe, Jane}\n@book{b, title = {B}}');
    expect(entries.map((entry) => entry.csl?.['title'])).toEqual(['A', 'B']);
    expect(entries[0]?.csl?.['author']).toEqual([{ family: 'Doe', given: 'Jane' }]);
  });
});
