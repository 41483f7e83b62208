import { describe, expect, it } from 'vitest';
import { authorLine, displayName } from './authors';

describe('the author line', () => {
  it('writes a person given name first and an organisation by its one name', () => {
    expect(displayName({ family: 'Doyle', given: 'Clare' })).toBe('Clare Doyle');
    expect(displayName({ literal: 'Socialist Party' })).toBe('Socialist Party');
    expect(displayName({ family: 'Trotsky' })).toBe('Trotsky');
  });

  it('joins the names with commas and leaves out empty ones', () => {
    expect(authorLine([{ family: 'Sewell', given: 'Rob' }, {}, { family: 'Woods', given: 'Alan' }])).toBe(
      'Rob Sewell, Alan Woods',
    );
  });

  it('is null for a work without authors', () => {
    expect(authorLine(undefined)).toBeNull();
    expect(authorLine([])).toBeNull();
    expect(authorLine([{ given: '' }])).toBeNull();
  });

  it('shortens a long list to its first names and “et al.” when asked', () => {
    const four = [{ literal: 'A' }, { literal: 'B' }, { literal: 'C' }, { literal: 'D' }];
    expect(authorLine(four, { max: 3 })).toBe('A, B, C et al.');
    expect(authorLine(four.slice(0, 3), { max: 3 })).toBe('A, B, C');
  });
});
