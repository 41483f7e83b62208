/**
 * CSL-JSON items as RIS: Scholia's own writer, one line per field, never wrapped (citation-js wrapped
 * at 70 characters, and Zotero joins such lines with a space, which breaks URLs).
 *
 * Tags follow Zotero's RIS translator (`RIS.js`: its `fieldMap` and export order), so Zotero reads
 * every field back into the field it came from: a repeated tag for each name, keyword and line of a
 * note; `DA` with the full date as `YYYY/MM/DD/` and `PY` with its year; `Y2` the access date. Lines end
 * in CRLF, as the RIS specification and Zotero's own export have them; every reader takes LF too.
 */
import type { CslDate, CslItem, CslName } from '../../shared/model';
import { cslNames, cslText, readCslDate, referenceTypeOf } from '../citations/reference-types';

/** What a RIS line ends with: CRLF, from the RIS specification, as Zotero and EndNote write it. */
export const RIS_NEWLINE = '\r\n';

/**
 * Where a RIS reference type keeps what is not the same tag in every type (Zotero's `fieldMap` for the
 * Zotero item type of each CSL type). Types not listed use {@link DEFAULT_RIS_TAGS}.
 */
export interface RisTypeTags {
  /** Editors: `A2`, or `A3` in a book (whose `A2` is the series editor). */
  readonly editor: 'A2' | 'A3';
  /** Series editors (CSL `collection-editor`), where the type has a tag for them. */
  readonly seriesEditor?: 'A2' | 'A3';
  /** The container (journal, book, website): `T2`, or `C3` for a conference paper's proceedings. */
  readonly container?: 'T2' | 'C3';
  /** The series (CSL `collection-title`): `T3`, or `T2` in a book or report, which have no container. */
  readonly series: 'T2' | 'T3';
  /** The number in the series, where the type has a tag for it (`M1` in a book, `SV` in a chapter). */
  readonly seriesNumber?: 'M1' | 'SV';
  /** The conference's name (CSL `event-title`), in a conference paper. */
  readonly event?: 'T2';
  /** The place of publication: `CY`, or `C1` in a conference paper (whose `CY` is where it was held). */
  readonly place: 'CY' | 'C1';
  /** Whether `SP` is the number of pages (a book, a thesis) rather than the first page. */
  readonly pagesAreCount: boolean;
  /** Whether `SN` holds the ISSN (periodicals) rather than the ISBN. */
  readonly serialNumberIsIssn: boolean;
  /** Where the CSL `number` goes: `SN` (a report's number) or `M1`. */
  readonly number: 'SN' | 'M1';
}

/** The tags of a type not in {@link RIS_TYPE_TAGS}. */
export const DEFAULT_RIS_TAGS: RisTypeTags = {
  editor: 'A2',
  container: 'T2',
  series: 'T3',
  place: 'CY',
  pagesAreCount: false,
  serialNumberIsIssn: false,
  number: 'M1',
};

/** The types whose tags differ from {@link DEFAULT_RIS_TAGS}, by RIS type. */
export const RIS_TYPE_TAGS: Readonly<Record<string, RisTypeTags>> = {
  BOOK: {
    ...DEFAULT_RIS_TAGS,
    editor: 'A3',
    seriesEditor: 'A2',
    container: undefined,
    series: 'T2',
    seriesNumber: 'M1',
    pagesAreCount: true,
  },
  CHAP: { ...DEFAULT_RIS_TAGS, seriesEditor: 'A3', seriesNumber: 'SV' },
  CONF: { ...DEFAULT_RIS_TAGS, seriesEditor: 'A3', container: 'C3', event: 'T2', place: 'C1' },
  DICT: { ...DEFAULT_RIS_TAGS, seriesEditor: 'A3' },
  ENCYC: { ...DEFAULT_RIS_TAGS, seriesEditor: 'A3' },
  JOUR: { ...DEFAULT_RIS_TAGS, serialNumberIsIssn: true },
  MGZN: { ...DEFAULT_RIS_TAGS, serialNumberIsIssn: true },
  NEWS: { ...DEFAULT_RIS_TAGS, serialNumberIsIssn: true },
  RPRT: { ...DEFAULT_RIS_TAGS, seriesEditor: 'A2', container: undefined, series: 'T2', number: 'SN' },
  THES: { ...DEFAULT_RIS_TAGS, pagesAreCount: true },
};

/** The tags of RIS type `type`. */
export function risTypeTags(type: string): RisTypeTags {
  return RIS_TYPE_TAGS[type] ?? DEFAULT_RIS_TAGS;
}

/** `items` as a RIS file: one record per item, `ER  - ` closing each, a blank line between them. */
export function writeRis(items: readonly CslItem[]): string {
  return items.map(risRecord).join(RIS_NEWLINE);
}

/** One item as a RIS record, each line ending in {@link RIS_NEWLINE}. */
export function risRecord(item: CslItem): string {
  const type = referenceTypeOf(item.type).ris;
  const tags = risTypeTags(type);
  const lines: string[] = [];
  const add = (tag: string, value: unknown): void => {
    // One line, control characters too made spaces: a reader may take one (NEL, say) for a line end.
    const line = cslText(value);
    if (line !== undefined) lines.push(`${tag}  - ${line}`);
  };
  const addNames = (tag: string, variable: string): void => {
    for (const name of cslNames(item, variable)) add(tag, risName(name));
  };
  add('TY', type);
  add('ID', item['citation-key'] ?? item.id);
  add('TI', item.title);
  addNames('AU', 'author');
  // Zotero's order: TI, AU, T2, A2, T3, A3, A4, … (which of them a type uses is its tags' business).
  if (tags.event === 'T2') add('T2', item['event-title'] ?? item['event']);
  if (tags.container === 'T2') add('T2', item['container-title']);
  if (tags.series === 'T2') add('T2', item['collection-title']);
  const creators: readonly (readonly [string | undefined, string])[] = [
    [tags.editor, 'editor'],
    [tags.seriesEditor, 'collection-editor'],
  ];
  for (const [tag, variable] of creators) if (tag === 'A2') addNames('A2', variable);
  if (tags.series === 'T3') add('T3', item['collection-title']);
  for (const [tag, variable] of creators) if (tag === 'A3') addNames('A3', variable);
  addNames('A4', 'translator');
  add('AB', item.abstract);
  if (type === 'CHAP') addNames('C2', 'container-author');
  if (tags.place === 'C1') add('C1', item['publisher-place']);
  if (tags.container === 'C3') add('C3', item['container-title']);
  add('CN', item['call-number']);
  if (tags.place === 'CY') add('CY', item['publisher-place']);
  const issued = risDate(item.issued);
  add('DA', issued?.full);
  add('PY', issued?.year);
  add('DO', item.DOI?.trim().replace(/^(?:https?:\/\/(?:dx\.)?doi\.org\/|doi:\s*)/i, ''));
  add('ET', item.edition);
  add('VL', item.volume);
  add('IS', item.issue);
  const count = tags.pagesAreCount ? (item['number-of-pages'] ?? item.page) : undefined;
  if (count !== undefined) add('SP', count);
  else pages(item.page, add);
  add('J2', item['container-title-short']);
  add('LA', item.language);
  if (tags.seriesNumber === 'M1') add('M1', item['collection-number']);
  if (tags.number === 'M1') add('M1', item['number']);
  add('M3', item['genre']);
  add('NV', item['number-of-volumes']);
  add('PB', item.publisher);
  if (tags.number === 'SN') add('SN', item['number']);
  add('SN', tags.serialNumberIsIssn ? item.ISSN : item.ISBN);
  add('SN', tags.serialNumberIsIssn ? item.ISBN : item.ISSN);
  add('ST', item['title-short']);
  if (tags.seriesNumber === 'SV') add('SV', item['collection-number']);
  add('UR', item.URL);
  add('AN', item['archive_location']);
  add('DB', item['archive']);
  add('Y2', risDate(item.accessed)?.full);
  for (const line of (item.note ?? '').split(/\r\n?|\n/)) add('N1', line);
  for (const keyword of cslText(item['keyword'])?.split(/\s*[,;]\s*/) ?? []) add('KW', keyword);
  lines.push('ER  - ');
  return lines.map((line) => line + RIS_NEWLINE).join('');
}

/**
 * A page range as Zotero writes it: `SP` the first page and `EP` the rest, split at the first dash
 * (Zotero's import joins them with a hyphen again); a single page or a list is one `SP`.
 */
function pages(page: string | undefined, add: (tag: string, value: unknown) => void): void {
  const range = /^(.+?)[-\u00AD\u2010-\u2015\u2212\u2E3A\u2E3B\s]+(.+)$/.exec(page?.trim() ?? '');
  if (range === null) {
    add('SP', page);
    return;
  }
  add('SP', range[1]);
  add('EP', range[2]);
}

/** A name as RIS has it, `Last, First, Suffix` (particles in the last name); an organisation as it is. */
export function risName(name: CslName): string {
  const literal = cslText(name.literal);
  if (literal !== undefined) return literal;
  const particle = [name['dropping-particle'], name['non-dropping-particle']]
    .map((part) => cslText(part) ?? '')
    .filter((part) => part !== '')
    .join(' ');
  const family = cslText(name.family) ?? '';
  const last = particle === '' ? family : `${particle}${/['’]$/.test(particle) ? '' : ' '}${family}`;
  const given = cslText(name.given) ?? '';
  const suffix = cslText(name.suffix) ?? '';
  if (last === '') return given;
  return [last, given, suffix]
    .filter((part, index) => part !== '' || (index === 1 && suffix !== ''))
    .join(', ');
}

/** A CSL date as RIS's `DA` (`YYYY/MM/DD/`, parts left empty when unknown) and `PY` (the year), or a literal in `DA`. */
function risDate(date: CslDate | undefined): { full: string; year?: string } | null {
  const read = readCslDate(date);
  if (read === null) return null;
  if ('literal' in read) return { full: read.literal };
  const [year = 0, month, day] = read.parts[0] ?? [];
  const pad = (n: number | undefined): string => (n === undefined ? '' : String(n).padStart(2, '0'));
  const yearText = `${year < 0 ? '-' : ''}${String(Math.abs(year)).padStart(4, '0')}`;
  // RIS has no seasons (CSL's months 13–16): such a date is its year.
  const monthText = month !== undefined && month <= 12 ? pad(month) : '';
  return { full: `${yearText}/${monthText}/${monthText === '' ? '' : pad(day)}/`, year: yearText };
}
