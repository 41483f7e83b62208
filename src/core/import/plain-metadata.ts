/**
 * Metadata proposed from the first lines of a plain text. Articles saved from the web start with a
 * few lines of page furniture, then often a source line ("From The Socialist newspaper, 18 November
 * 2009") or a dateline ("Sunday, 15 February 2026"), the headline, and a byline ("By Clare Doyle", or
 * a first sentence that opens with the author's name: "Clare Doyle - of the CWI - was…"). These are
 * proposals the reader confirms in the metadata editor; when nothing matches, the first line is the title.
 */
import type { CslDate, CslName } from '../../shared/model';
import { clipTitle, DEFAULT_CSL_TYPE, parseCslName, type ProposedCsl } from './proposed-csl';
import { ENGLISH_MONTHS } from '../util/months';

/** How many non-blank lines at the start are searched. */
const HEAD_LINES = 15;

const MONTHS = ENGLISH_MONTHS;
const MONTH = `(${MONTHS.join('|')}|${MONTHS.map((month) => month.slice(0, 3)).join('|')})\\.?`;
const WEEKDAY = '(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\\s+)?';
const DAY_FIRST = new RegExp(`^${WEEKDAY}(\\d{1,2})(?:st|nd|rd|th)?\\s+${MONTH}\\s+(\\d{4})$`, 'i');
const MONTH_FIRST = new RegExp(`^${WEEKDAY}${MONTH}\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})$`, 'i');
const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A date written out in words or ISO form (`18 November 2009`, `Sunday, 15 February 2026`, `Nov 18, 2009`). */
export function parseWrittenDate(text: string): CslDate | undefined {
  const clean = text.replace(/\s+/g, ' ').trim();
  const monthIndex = (name: string): number =>
    MONTHS.findIndex((month) => month.startsWith(name.toLowerCase().slice(0, 3))) + 1;
  let match = DAY_FIRST.exec(clean);
  if (match !== null) return dateOf(Number(match[3]), monthIndex(match[2] ?? ''), Number(match[1]));
  match = MONTH_FIRST.exec(clean);
  if (match !== null) return dateOf(Number(match[3]), monthIndex(match[1] ?? ''), Number(match[2]));
  match = ISO.exec(clean);
  if (match !== null) return dateOf(Number(match[1]), Number(match[2]), Number(match[3]));
  return undefined;
}

function dateOf(year: number, month: number, day: number): CslDate | undefined {
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  return { 'date-parts': [[year, month, day]] };
}

const SOURCE_LINE = /^(?:from|published in|first published in)\s+(.+?),?\s+([^,]*\d{4})\.?$/i;
const BYLINE = /^(?:by|author:|written by)\s+(.{3,80})$/i;
/** A name of two to four capitalised words opening a sentence, followed by a dash or a comma. */
const NAME_OPENING = /^((?:\p{Lu}[\p{L}'’.]*\s){1,3}\p{Lu}[\p{L}'’]+)\s+[-–—,]\s+\S/u;

/** Metadata proposed from a plain text's first lines; see the module comment. */
export function proposePlainTextMetadata(text: string, fileName: string): ProposedCsl {
  const lines = text
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter((line) => line !== '')
    .slice(0, HEAD_LINES);
  let issued: CslDate | undefined;
  let container: string | undefined;
  let type = DEFAULT_CSL_TYPE;
  let titleIndex = -1;
  for (const [index, line] of lines.entries()) {
    const source = SOURCE_LINE.exec(line);
    const sourceDate = source === null ? undefined : parseWrittenDate(source[2] ?? '');
    if (source !== null && sourceDate !== undefined) {
      const name = (source[1] ?? '').trim();
      if (/\bnewspaper\b/i.test(name)) type = 'article-newspaper';
      else if (/\b(?:magazine|weekly|monthly)\b/i.test(name)) type = 'article-magazine';
      container = name.replace(/\s+(?:newspaper|magazine)$/i, '');
      issued = sourceDate;
      titleIndex = index + 1;
      break;
    }
    const dateline = parseWrittenDate(line);
    if (dateline !== undefined && issued === undefined) {
      issued = dateline;
      titleIndex = index + 1;
      break;
    }
  }
  const titleLine = titleIndex >= 0 && titleIndex < lines.length ? lines[titleIndex] : lines[0];
  const csl: ProposedCsl = {
    type,
    title: clipTitle(titleLine ?? '') || fileName.replace(/\.[^.]+$/, '') || fileName,
  };
  if (issued !== undefined) csl.issued = issued;
  if (container !== undefined) csl['container-title'] = container;
  const author = bylineIn(lines.slice(titleIndex >= 0 ? titleIndex + 1 : 1));
  if (author !== undefined) csl.author = [author];
  return csl;
}

function bylineIn(lines: readonly string[]): CslName | undefined {
  for (const line of lines.slice(0, 4)) {
    const byline = BYLINE.exec(line);
    if (byline !== null && line.length < 90) return parseCslName((byline[1] ?? '').replace(/[.,]$/, ''));
    const opening = NAME_OPENING.exec(line);
    if (opening !== null && line.length > 60) return parseCslName(opening[1] ?? '');
  }
  return undefined;
}
