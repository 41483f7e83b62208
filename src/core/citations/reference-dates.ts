/**
 * Dates of reference files as CSL dates: biblatex's ISO 8601-2 (EDTF) dates (`2009`, `2009-05`,
 * `2009-05-12`, ranges `2009/2010` and open ones `2009/..`, uncertain `2009?`, approximate `2009~`,
 * seasons `2009-21`, a time after the day ignored), BibTeX's `year`, `month` and `day`, and dates as
 * people write them ("12 May 2009", "May 2009", "Spring 2010", "2009/05/12"). What is not a date is
 * kept as the CSL date's `literal`, so nothing written is lost.
 */
import type { CslDate } from '../../shared/model';

const MONTH_NAMES: ReadonlyArray<readonly string[]> = [
  ['jan', 'janv', 'januar', 'enero', 'gen'],
  ['feb', 'fév', 'fev', 'februar', 'febr'],
  ['mar', 'mär', 'märz', 'mars', 'marzo'],
  ['apr', 'avr', 'abr'],
  ['may', 'mai', 'mayo', 'mag'],
  ['jun', 'juin', 'juni'],
  ['jul', 'juil', 'juli'],
  ['aug', 'aoû', 'aou', 'ago'],
  ['sep', 'sept', 'set'],
  ['oct', 'okt', 'ott'],
  ['nov'],
  ['dec', 'déc', 'dez', 'dic'],
];

const SEASONS = ['spring', 'summer', 'autumn', 'winter'];

/** The month (1–12) a word names, by its first letters in English, French, German, Spanish or Italian, or 0. */
export function monthOf(word: string): number {
  const lower = word.toLowerCase().replace(/\.$/, '');
  if (lower.length < 3) return 0;
  for (let month = 0; month < 12; month += 1) {
    const names = MONTH_NAMES[month] ?? [];
    if (names.some((name) => lower.startsWith(name) && (name.length >= 3 || lower === name)))
      return month + 1;
  }
  if (lower === 'fall') return 23;
  const season = SEASONS.indexOf(lower);
  return season < 0 ? 0 : 21 + season;
}

/** An EDTF date part: `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (month 21–24 a season), `?`, `~` or `%` after it. */
const EDTF_PART = /^(-?\d{1,4})(?:-(\d{2})(?:-(\d{2}))?)?(?:T[\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?([?~%])?$/;

/**
 * A biblatex date (`date`, `urldate`, `origdate`, `eventdate`: ISO 8601-2) as a CSL date; a value that
 * is not one becomes the date's `literal` (or, when it reads as a date people write, its parts).
 */
export function isoDateToCsl(value: string): CslDate {
  const text = value.trim();
  const halves = text.split('/');
  if (halves.length <= 2) {
    const parts: (number | string)[][] = [];
    let circa = false;
    let valid = true;
    for (const [index, half] of halves.entries()) {
      const trimmed = half.trim();
      // An open end: `2009/` or `2009/..`.
      if ((trimmed === '' || trimmed === '..') && halves.length === 2) {
        if (index === 0) valid = false;
        continue;
      }
      const match = EDTF_PART.exec(trimmed);
      if (match === null) {
        valid = false;
        break;
      }
      const date = [Number(match[1])];
      if (match[2] !== undefined) date.push(Number(match[2]));
      if (match[3] !== undefined) date.push(Number(match[3]));
      if (!plausible(date)) {
        valid = false;
        break;
      }
      if (match[4] !== undefined) circa = true;
      parts.push(date);
    }
    if (valid && parts.length > 0) return withSeason(parts, circa);
  }
  return writtenDateToCsl(text);
}

/** CSL wants a season as `season`, not as a month of 21 to 24. */
function withSeason(parts: (number | string)[][], circa: boolean): CslDate {
  const date: CslDate = {};
  const first = parts[0];
  const month = first?.[1];
  if (parts.length === 1 && typeof month === 'number' && month >= 21 && month <= 24 && first !== undefined) {
    date['date-parts'] = [[first[0] ?? 0]];
    date.season = month - 20;
  } else {
    date['date-parts'] = parts;
  }
  if (circa) date.circa = true;
  return date;
}

function plausible(parts: readonly number[]): boolean {
  const [, month, day] = parts;
  if (month !== undefined && !((month >= 1 && month <= 12) || (month >= 21 && month <= 24))) return false;
  if (day !== undefined && (day < 1 || day > 31 || month === undefined || month > 12)) return false;
  return true;
}

/**
 * BibTeX's `year`, `month` and `day` as a CSL date: the parts when the year is a year ("2009",
 * "[2009]", "c2009", "2009a"), a range for "1990--1995"; else the text as a `literal`.
 */
export function yearMonthDayToCsl(year: string, month?: string, day?: string): CslDate | undefined {
  const text = year.trim();
  if (text === '') return undefined;
  const range = /^\[?c?(\d{4})[a-z]?\]?\s*(?:[-–—/]+|\s+to\s+)\s*\[?(\d{4})\]?$/i.exec(text);
  if (range !== null) return { 'date-parts': [[Number(range[1])], [Number(range[2])]] };
  const single = /^\[?(?:c|ca\.?\s*|circa\s*)?(-?\d{1,4})[a-z]?\]?\??$/i.exec(text);
  if (single === null) return writtenDateToCsl([day, month, year].filter(Boolean).join(' '));
  const parts: number[] = [Number(single[1])];
  const monthNumber =
    month === undefined
      ? 0
      : /^\d{1,2}$/.test(month.trim())
        ? Number(month)
        : monthOf(month.trim().split(/[\s/~-]+/)[0] ?? '');
  const date: CslDate = {};
  if (monthNumber >= 1 && monthNumber <= 12) {
    parts.push(monthNumber);
    const dayNumber = day === undefined ? 0 : Number(day.trim());
    if (Number.isInteger(dayNumber) && dayNumber >= 1 && dayNumber <= 31) parts.push(dayNumber);
  } else if (monthNumber >= 21) {
    date.season = monthNumber - 20;
  }
  date['date-parts'] = [parts];
  if (/^(?:c|ca)/i.test(text) || text.endsWith('?')) date.circa = true;
  return date;
}

/**
 * A date as people write it: ISO-like (`2009-05-12`, `2009/05/12`, a time after it ignored), or a year
 * with a month name or season and a day in any order ("12 May 2009", "May 12, 2009", "Spring 2010");
 * else the text as a `literal`.
 */
export function writtenDateToCsl(value: string): CslDate {
  // "Accessed: Feb. 3, 2016", "Retrieved on 12 May 2009".
  const text = value
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^(?:(?:last\s+)?(?:accessed|retrieved|viewed|visited|checked)(?:\s+on)?\s*:?\s*)/i, '');
  const iso =
    /^(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?(?:[ T]\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(
      text,
    );
  if (iso !== null) {
    const parts = [Number(iso[1])];
    if (iso[2] !== undefined && Number(iso[2]) >= 1 && Number(iso[2]) <= 12) {
      parts.push(Number(iso[2]));
      if (iso[3] !== undefined && Number(iso[3]) >= 1 && Number(iso[3]) <= 31) parts.push(Number(iso[3]));
    }
    return { 'date-parts': [parts] };
  }
  let year = 0;
  let month = 0;
  let day = 0;
  for (const token of text.split(/[\s,./-]+/).filter(Boolean)) {
    const named = /^\p{L}+\.?$/u.test(token) ? monthOf(token) : 0;
    if (/^\d{4}$/.test(token) && year === 0) year = Number(token);
    else if (/^\d{1,2}(?:st|nd|rd|th)?$/.test(token) && day === 0) day = Number.parseInt(token, 10);
    else if (named > 0 && month === 0) month = named;
    else return { literal: text };
  }
  if (year === 0) return { literal: text };
  const date: CslDate = {};
  const parts = [year];
  if (month >= 1 && month <= 12) {
    parts.push(month);
    if (day >= 1 && day <= 31) parts.push(day);
  } else if (month >= 21) {
    date.season = month - 20;
  } else if (day > 0) {
    return { literal: text };
  }
  date['date-parts'] = [parts];
  return date;
}
