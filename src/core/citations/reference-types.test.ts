import { describe, expect, it } from 'vitest';
import { CSL_TYPES } from '../../shared/model';
import {
  BIBTEX_TYPE_ALIASES,
  REFERENCE_TYPES,
  RIS_TYPE_ALIASES,
  bibtexThesisType,
  cslTypeOfBibtex,
  cslTypeOfRis,
  readCslDate,
  referenceTypeOf,
} from './reference-types';

describe('the reference type table', () => {
  it('has one row for every CSL type the metadata editor offers, and no type twice', () => {
    const types = REFERENCE_TYPES.map((row) => row.csl);
    for (const type of CSL_TYPES) expect(types).toContain(type);
    expect(new Set(types).size).toBe(types.length);
  });

  it('writes a type it has no row for as a document', () => {
    expect(referenceTypeOf('no-such-type')).toMatchObject({ bibtex: 'misc', biblatex: 'misc', ris: 'GEN' });
  });

  it('reads each type back as the first row that writes it', () => {
    for (const row of REFERENCE_TYPES) {
      const first = (column: 'biblatex' | 'ris') =>
        REFERENCE_TYPES.find((other) => other[column] === row[column]);
      const biblatex = REFERENCE_TYPES.find(
        (other) => other.biblatex === row.biblatex && other.biblatexSubtype === row.biblatexSubtype,
      );
      expect(cslTypeOfBibtex(row.biblatex, row.biblatexSubtype)).toBe(biblatex?.csl);
      expect(cslTypeOfRis(row.ris)).toBe(first('ris')?.csl);
    }
    expect(cslTypeOfBibtex('Article', 'newspaper')).toBe('article-newspaper');
    expect(cslTypeOfBibtex('article')).toBe('article-journal');
    expect(cslTypeOfBibtex('misc')).toBe('document');
    expect(cslTypeOfRis('jour')).toBe('article-journal');
  });

  it('reads the types Scholia never writes as pandoc and Zotero read them', () => {
    expect(cslTypeOfBibtex('mastersthesis')).toBe('thesis');
    expect(cslTypeOfBibtex('techreport')).toBe('report');
    expect(cslTypeOfBibtex('unknowntype')).toBe('document');
    expect(cslTypeOfRis('EJOUR')).toBe('article-journal');
    expect(cslTypeOfRis('XYZ')).toBe('document');
    for (const csl of [...Object.values(BIBTEX_TYPE_ALIASES), ...Object.values(RIS_TYPE_ALIASES)]) {
      expect(REFERENCE_TYPES.map((row) => row.csl)).toContain(csl);
    }
  });

  it('tells a master’s thesis from a PhD thesis for BibTeX', () => {
    expect(bibtexThesisType("Master's thesis")).toBe('mastersthesis');
    expect(bibtexThesisType('MA thesis')).toBe('mastersthesis');
    expect(bibtexThesisType('M.Sc. dissertation')).toBe('mastersthesis');
    expect(bibtexThesisType('PhD thesis')).toBe('phdthesis');
    expect(bibtexThesisType('Magisterarbeit')).toBe('phdthesis');
    expect(bibtexThesisType(undefined)).toBe('phdthesis');
  });
});

describe('CSL dates as the writers read them', () => {
  it('read date parts given as numbers or numeric text, and ranges', () => {
    expect(readCslDate({ 'date-parts': [['2009', '05', '01']] })).toEqual({
      parts: [[2009, 5, 1]],
      circa: false,
    });
    expect(readCslDate({ 'date-parts': [[2009], [2010]], circa: true })).toEqual({
      parts: [[2009], [2010]],
      circa: true,
    });
  });

  it('end a date at a month or day out of range', () => {
    expect(readCslDate({ 'date-parts': [[2009, 0, 5]] })).toEqual({ parts: [[2009]], circa: false });
    expect(readCslDate({ 'date-parts': [[2009, 2, 40]] })).toEqual({ parts: [[2009, 2]], circa: false });
  });

  it('read ISO-like raw text, and keep any other text as a literal', () => {
    expect(readCslDate({ raw: '2009-05-18' })).toEqual({ parts: [[2009, 5, 18]], circa: false });
    expect(readCslDate({ raw: '2009/2010' })).toEqual({ parts: [[2009], [2010]], circa: false });
    expect(readCslDate({ raw: 'Spring 1850' })).toEqual({ literal: 'Spring 1850' });
    expect(readCslDate({ literal: 'undated' })).toEqual({ literal: 'undated' });
    expect(readCslDate({})).toBeNull();
    expect(readCslDate(undefined)).toBeNull();
  });
});
