import { describe, expect, it } from 'vitest';
import { clipTitle, parseCslDate, parseCslName } from './proposed-csl';

describe('parseCslName', () => {
  it('reads "Given Family", "Family, Given" and particles', () => {
    expect(parseCslName('Clare Doyle')).toEqual({ given: 'Clare', family: 'Doyle' });
    expect(parseCslName('Taaffe, Peter')).toEqual({ family: 'Taaffe', given: 'Peter' });
    expect(parseCslName('Ludwig van Beethoven')).toEqual({ given: 'Ludwig', family: 'van Beethoven' });
  });

  it('keeps a one-word or long name whole, as an organisation', () => {
    expect(parseCslName('Mentmore')).toEqual({ literal: 'Mentmore' });
    expect(parseCslName("Committee for a Workers' International")).toEqual({
      literal: "Committee for a Workers' International",
    });
  });
});

describe('parseCslDate', () => {
  it('reads ISO years, months, days and timestamps as date parts', () => {
    expect(parseCslDate('2009')).toEqual({ 'date-parts': [[2009]] });
    expect(parseCslDate('2020-10')).toEqual({ 'date-parts': [[2020, 10]] });
    expect(parseCslDate('2026-02-15T09:30:00Z')).toEqual({ 'date-parts': [[2026, 2, 15]] });
  });

  it('keeps other dates as raw text', () => {
    expect(parseCslDate('18 November 2009')).toEqual({ raw: '18 November 2009' });
    expect(parseCslDate('2009-13-01')).toEqual({ raw: '2009-13-01' });
  });
});

describe('clipTitle', () => {
  it('collapses blank space and leaves short titles whole', () => {
    expect(clipTitle('  USSR 1989 -\tthe collapse  ')).toBe('USSR 1989 - the collapse');
  });
});
