import { describe, expect, it } from 'vitest';
import type { IncomingAnnotation, UnreadableAnnotation } from './annotation-import';
import { isKindleClippings, kindleDate, parseKindleClippings } from './kindle-clippings';
import { CLIPPINGS, ESSENTIAL, OXYGEN, POLAND, REVIEW_BOOK, TERRIFIED, USSR_BOOK } from './test-clippings';

const items = parseKindleClippings(CLIPPINGS);

function byKey(key: string): IncomingAnnotation | UnreadableAnnotation | undefined {
  return items.find((item) => item.key === key);
}

function highlight(key: string): IncomingAnnotation {
  const item = byKey(key);
  if (item === undefined || !('exact' in item)) throw new Error(`${key} is not a highlight`);
  return item;
}

/** The ISO time of a wall-clock time on this computer, as the Kindle's clock is read. */
function local(
  year: number,
  month: number,
  day: number,
  hours: number,
  minutes: number,
  seconds = 0,
): string {
  return new Date(year, month - 1, day, hours, minutes, seconds).toISOString();
}

describe('a Kindle’s clippings', () => {
  it('have the shape Scholia recognises, BOM and CRLF line ends included', () => {
    expect(isKindleClippings(CLIPPINGS)).toBe(true);
  });

  it('give a highlight as a passage found by its quote alone, in the book its title line names', () => {
    expect(highlight('#1')).toMatchObject({
      id: null,
      exact: POLAND,
      prefix: '',
      suffix: '',
      position: null,
      motivation: 'highlighting',
      tags: [],
      color: null,
      source: {
        hash: null,
        documentId: null,
        url: null,
        title: 'USSR 1989: The collapse of Stalinism',
        author: 'Doyle, Clare',
      },
    });
  });

  it('take the author from the last parentheses of a title that has parentheses of its own', () => {
    expect(highlight('#6').source).toMatchObject({
      title: 'The Collapse of Stalinism (Mentmore Press edition)',
      author: 'Taaffe, Peter',
    });
    expect(REVIEW_BOOK.endsWith('(Taaffe, Peter)')).toBe(true);
  });

  it('make a note at the end of a highlight’s locations that highlight’s comment, dated by the note', () => {
    expect(highlight('#1')).toMatchObject({
      comment: 'Solidarnosc frightened Moscow.',
      created: local(2025, 3, 3, 10, 12, 33),
      modified: local(2025, 3, 3, 10, 13, 5),
    });
    expect(byKey('#2')).toBeUndefined();
  });

  it('keep a highlight at an overlapping location whose words are its own', () => {
    expect(highlight('#3')).toMatchObject({ exact: TERRIFIED, comment: '' });
  });

  it('skip a bookmark, saying it marks no passage', () => {
    expect(byKey('#4')).toEqual({
      key: '#4',
      quote: 'Bookmark at location 40 of “USSR 1989: The collapse of Stalinism”',
      skipped: true,
      reason: 'It is a bookmark: it marks a page, not a passage.',
    });
  });

  it('keep only the later of a highlight the reader changed, skipping the earlier', () => {
    expect(byKey('#5')).toMatchObject({
      skipped: true,
      reason: expect.stringContaining('entry 6') as unknown,
    });
    expect(highlight('#6').exact).toBe(ESSENTIAL);
  });

  it('report a note with no highlight at its location as unreadable, with its text and why', () => {
    expect(byKey('#8')).toEqual({
      key: '#8',
      quote: 'Compare with Trotsky.',
      reason:
        'it is a note at location 900 of “The Collapse of Stalinism (Mentmore Press edition)” with no highlight there. A Kindle note records no passage and Scholia puts a note on one: highlight the passage and add the note to it',
    });
  });

  it('read an older Kindle’s “Highlight Loc.” line, its shortened end location and its American date', () => {
    expect(highlight('#9')).toMatchObject({ exact: OXYGEN, created: local(2012, 3, 3, 22, 12) });
  });

  it('report an entry in another language as unreadable, saying Scholia reads the English words only', () => {
    const german = byKey('#10');
    expect(german).toMatchObject({ key: '#10', quote: 'planned economy' });
    expect(german !== undefined && 'reason' in german ? german.reason : '').toMatch(/not in English/);
  });

  it('give one item per entry in the file’s order, the absorbed note left out', () => {
    expect(items.map((item) => item.key)).toEqual(['#1', '#3', '#4', '#5', '#6', '#7', '#8', '#9', '#10']);
  });

  it('read a note on an older Kindle’s highlight by its shortened location range', () => {
    const old = [
      USSR_BOOK,
      '- Highlight Loc. 1298-302 | Added on Monday, March 3, 2012, 10:12 PM',
      '',
      OXYGEN,
      '==========',
      USSR_BOOK,
      '- Note Loc. 1302 | Added on Monday, March 3, 2012, 10:14 PM',
      '',
      'Democracy as oxygen.',
      '==========',
    ].join('\n');
    expect(parseKindleClippings(old)).toMatchObject([{ exact: OXYGEN, comment: 'Democracy as oxygen.' }]);
  });
});

describe('the date a Kindle clipping was added', () => {
  it('is read with the day first, as British Kindles write it', () => {
    expect(kindleDate('Monday, 3 March 2025 10:12:33')).toBe(local(2025, 3, 3, 10, 12, 33));
  });

  it('is read with the month first and a 12-hour clock, as American Kindles write it', () => {
    expect(kindleDate('Sunday, December 18, 2022 3:19:56 PM')).toBe(local(2022, 12, 18, 15, 19, 56));
    expect(kindleDate('Sunday, December 18, 2022 12:05:00 AM')).toBe(local(2022, 12, 18, 0, 5));
  });

  it('is null when it names no day the calendar has, or is not in English', () => {
    expect(kindleDate('Monday, 31 February 2025 10:12:33')).toBeNull();
    expect(kindleDate('Montag, 3. März 2025 10:12:33')).toBeNull();
  });
});
