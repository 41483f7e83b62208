import { describe, expect, it } from 'vitest';
import { cslValueText, dateText, fieldLabel, nameText, shortValue } from './csl-display';

describe('fieldLabel', () => {
  it('names a field as the metadata editor does, and an unknown field by its CSL name', () => {
    expect(fieldLabel('container-title')).toBe('Published in');
    expect(fieldLabel('issued')).toBe('Date published');
    expect(fieldLabel('publisher')).toBe('Publisher');
    expect(fieldLabel('chapter-number')).toBe('chapter-number');
  });
});

describe('cslValueText', () => {
  it('writes names family name first, separated by semicolons', () => {
    expect(
      cslValueText('author', [
        { family: 'Taaffe', given: 'Peter' },
        { literal: 'Committee for a Workers’ International' },
        { family: 'Gaulle', given: 'Charles', 'non-dropping-particle': 'de' },
      ]),
    ).toBe('Taaffe, Peter; Committee for a Workers’ International; de Gaulle, Charles');
    expect(nameText({ family: 'Walsh' })).toBe('Walsh');
  });

  it('writes dates as ISO 8601, a range with a slash, a raw date as written', () => {
    expect(cslValueText('issued', { 'date-parts': [[2026, 2, 15]] })).toBe('2026-02-15');
    expect(cslValueText('issued', { 'date-parts': [[2026, 2]] })).toBe('2026-02');
    expect(dateText({ 'date-parts': [[1989], [1991]] })).toBe('1989/1991');
    expect(dateText({ raw: 'Winter 1989' })).toBe('Winter 1989');
    expect(dateText({ 'date-parts': [[1917]], circa: true })).toBe('circa 1917');
  });

  it('writes text and numbers as they are, lists of words with semicolons, and nothing for no value', () => {
    expect(cslValueText('publisher', 'Mentmore Press')).toBe('Mentmore Press');
    expect(cslValueText('volume', 295)).toBe('295');
    expect(cslValueText('keyword', ['Stalinism', 'USSR'])).toBe('Stalinism; USSR');
    expect(cslValueText('publisher', undefined)).toBe('');
  });
});

describe('shortValue', () => {
  it('keeps a short value whole and cuts a long one, giving the whole in `full`', () => {
    expect(shortValue('The Collapse of Stalinism')).toEqual({ shown: 'The Collapse of Stalinism' });
    const abstract =
      'It is essential reading for anyone who wants to understand why the dictatorial, bureaucratic Stalinist regimes of Russia, Central and Eastern Europe foundered.';
    const cut = shortValue(abstract, 40);
    expect(cut.shown).toBe('It is essential reading for anyone who…');
    expect(Array.from(cut.shown).length).toBeLessThanOrEqual(40);
    expect(cut.full).toBe(abstract);
  });
});
