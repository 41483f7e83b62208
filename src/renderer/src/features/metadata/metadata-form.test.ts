import { describe, expect, it } from 'vitest';
import type { CslItem } from '../../../../shared/model';
import {
  cslFromForm,
  dateFromFields,
  dateProblem,
  emptyAuthor,
  formFromCsl,
  formProblems,
  moveItem,
  normaliseDoi,
  pageOffsetFromForm,
  plainCitation,
  type MetadataForm,
} from './metadata-form';

const item: CslItem = {
  id: 'doc-1',
  type: 'article-newspaper',
  title: 'The Collapse of Stalinism',
  author: [
    { family: 'Doyle', given: 'Clare' },
    { literal: 'Committee for a Workers’ International' },
    { family: 'Beethoven', given: 'Ludwig', 'non-dropping-particle': 'van' },
  ],
  'container-title': 'The Socialist',
  issued: { 'date-parts': [[2009, 11, 18]] },
  volume: 12,
  note: 'Kept by the reader',
  editor: [{ family: 'Walsh', given: 'Lynn' }],
};

function edit(form: MetadataForm, change: Partial<MetadataForm>): MetadataForm {
  return { ...form, ...change };
}

describe('formFromCsl and cslFromForm', () => {
  it('give back the same CSL when nothing is changed, fields the form does not show included', () => {
    const { id: _id, ...draft } = item;
    expect(cslFromForm(formFromCsl(item), item)).toEqual(draft);
  });

  it('replace the shown fields, remove cleared ones and leave blank author rows out', () => {
    const form = formFromCsl(item);
    const changed = edit(form, {
      type: 'book',
      containerTitle: '  ',
      publisher: ' Socialist Books ',
      place: 'London',
      authors: [
        { ...emptyAuthor(), family: 'Taaffe', given: 'Peter' },
        emptyAuthor(),
        ...form.authors.slice(2),
      ],
      issued: { year: '1995', month: '', day: '' },
      doi: 'https://doi.org/10.1000/xyz123',
      isbn: '0-906582-47-7',
    });
    const csl = cslFromForm(changed, item);
    expect(csl).toEqual({
      type: 'book',
      title: 'The Collapse of Stalinism',
      author: [
        { family: 'Taaffe', given: 'Peter' },
        { family: 'Beethoven', given: 'Ludwig', 'non-dropping-particle': 'van' },
      ],
      publisher: 'Socialist Books',
      'publisher-place': 'London',
      issued: { 'date-parts': [[1995]] },
      DOI: '10.1000/xyz123',
      ISBN: '0-906582-47-7',
      volume: 12,
      note: 'Kept by the reader',
      editor: [{ family: 'Walsh', given: 'Lynn' }],
    });
    expect('container-title' in csl).toBe(false);
  });

  it('keep a date written in words, a range or circa while its fields are untouched', () => {
    const words = formFromCsl({ ...item, issued: { literal: 'Spring 2009' } });
    expect(words.issued.text).toBe('Spring 2009');
    expect(cslFromForm(words, item).issued).toEqual({ literal: 'Spring 2009' });
    const range = {
      'date-parts': [
        [2009, 11],
        [2010, 2],
      ],
      circa: true,
    };
    expect(cslFromForm(formFromCsl({ ...item, issued: range }), item).issued).toEqual(range);
    const retyped = formFromCsl({ ...item, issued: range });
    expect(cslFromForm(edit(retyped, { issued: { ...retyped.issued, month: '12' } }), item).issued).toEqual({
      'date-parts': [[2009, 12]],
    });
  });

  it('turn a person into one literal name and back', () => {
    const form = formFromCsl(item);
    const [first] = form.authors;
    expect(first?.kind).toBe('person');
    const literal = { ...emptyAuthor(), kind: 'literal' as const, literal: ' Socialist Party ' };
    expect(cslFromForm(edit(form, { authors: [literal] }), item).author).toEqual([
      { literal: 'Socialist Party' },
    ]);
    expect(form.authors[1]).toMatchObject({
      kind: 'literal',
      literal: 'Committee for a Workers’ International',
    });
  });
});

describe('dates', () => {
  it('become date-parts with as many parts as are given', () => {
    expect(dateFromFields({ year: '2009', month: '11', day: '18' })).toEqual({
      'date-parts': [[2009, 11, 18]],
    });
    expect(dateFromFields({ year: ' 2009 ', month: '', day: '' })).toEqual({ 'date-parts': [[2009]] });
    expect(dateFromFields({ year: '', month: '', day: '' })).toBeUndefined();
  });

  it('are checked part by part, with the length of the month', () => {
    const check = (year: string, month: string, day: string) =>
      dateProblem({ year, month, day }, 'Published');
    expect(check('2009', '11', '18')).toBeUndefined();
    expect(check('', '', '')).toBeUndefined();
    expect(check('2024', '2', '29')).toBeUndefined();
    expect(check('2023', '2', '29')).toBe('Published: the day must be a number from 1 to 28.');
    expect(check('', '11', '')).toContain('needs a year');
    expect(check('twenty', '', '')).toContain('the year must be a number');
    expect(check('2009', '13', '')).toContain('from 1 to 12');
    expect(check('2009', '', '5')).toContain('add the month');
    expect(check('2009', '4', '31')).toContain('from 1 to 30');
  });
});

describe('formProblems', () => {
  it('names each field that cannot be saved, and nothing for a good form', () => {
    const form = formFromCsl(item);
    expect(formProblems(form)).toEqual({});
    const bad = edit(form, {
      title: ' ',
      authors: [{ ...emptyAuthor(), given: 'Clare' }],
      url: 'javascript:alert(1)',
      doi: 'not a doi',
      isbn: '12345',
      accessed: { year: '2026', month: '2', day: '30' },
    });
    expect(Object.keys(formProblems(bad)).sort()).toEqual([
      'accessed',
      'author-0',
      'doi',
      'isbn',
      'title',
      'url',
    ]);
    expect(
      formProblems(edit(form, { isbn: '978-0-906582-47-1; 0906582477', url: 'https://example.org/a' })),
    ).toEqual({});
  });

  it('accepts DOIs written as links or with a doi: prefix', () => {
    expect(normaliseDoi('doi: 10.1000/182')).toBe('10.1000/182');
    expect(normaliseDoi('https://dx.doi.org/10.1000/182')).toBe('10.1000/182');
    expect(formProblems(edit(formFromCsl(item), { doi: 'doi:10.1000/182' }))).toEqual({});
  });
});

describe('moveItem', () => {
  it('moves one item and leaves the list alone for an index out of range', () => {
    expect(moveItem(['a', 'b', 'c'], 0, 2)).toEqual(['b', 'c', 'a']);
    expect(moveItem(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'c', 'b']);
    expect(moveItem(['a', 'b'], 0, -1)).toEqual(['a', 'b']);
  });
});

describe('plainCitation', () => {
  it('cites author, date, title and container, and says what is missing', () => {
    expect(plainCitation(item)).toBe(
      'Doyle, C., Committee for a Workers’ International & L. van Beethoven (2009, November 18). The Collapse of Stalinism. The Socialist.',
    );
    expect(plainCitation({ type: 'book', title: 'Untitled draft' })).toBe(
      '[No author] ([No date]). Untitled draft.',
    );
    expect(
      plainCitation({
        type: 'book',
        title: 'Russia',
        author: [{ family: 'Grant', given: 'Ted' }],
        issued: { 'date-parts': [[1997]] },
        publisher: 'Wellred',
        'publisher-place': 'London',
        DOI: '10.1000/1',
      }),
    ).toBe('Grant, T. (1997). Russia. Wellred, London. https://doi.org/10.1000/1');
  });
});

describe('the first printed page', () => {
  it('shows a page offset as the page of the file that is printed page 1', () => {
    expect(formFromCsl(item, 12).firstPage).toBe('13');
    expect(formFromCsl(item).firstPage).toBe('');
  });

  it('gives back the page offset, or none for an empty field', () => {
    expect(pageOffsetFromForm(edit(formFromCsl(item), { firstPage: ' 13 ' }))).toBe(12);
    expect(pageOffsetFromForm(edit(formFromCsl(item), { firstPage: '-43' }))).toBe(-44);
    expect(pageOffsetFromForm(edit(formFromCsl(item), { firstPage: '' }))).toBeNull();
  });

  it('is a whole number of a size a book can have', () => {
    for (const firstPage of ['xiii', '1.5', '9999999']) {
      const form = edit(formFromCsl(item), { firstPage });
      expect(pageOffsetFromForm(form)).toBeUndefined();
      expect(formProblems(form).firstPage).toMatch(/printed page 1, such as 13/);
    }
  });
});
