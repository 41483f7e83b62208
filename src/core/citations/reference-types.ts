/**
 * How CSL item types are written as BibTeX and biblatex entry types and RIS `TY` types, and read back:
 * one table for the writers (`core/export/bibtex-write.ts`, `ris-write.ts`) and the readers of reference
 * files, plus the CSL text, dates and names both kinds of writer read.
 *
 * The BibTeX and biblatex columns follow Better BibTeX's CSL type map; the RIS column follows Zotero's
 * RIS translator (`RIS.js`, its `exportTypeMap` through Zotero's CSL ↔ Zotero item type mapping).
 * Reading back, each output type stands for the first row that writes it (so BibTeX `@article` is
 * `article-journal`, RIS `GEN` is `document`), and the alias tables name the types Scholia never
 * writes, read as pandoc's BibTeX reader and Zotero's RIS importer read them.
 */
import { CslNameSchema, type CslDate, type CslItem, type CslName } from '../../shared/model';

/** How one CSL item type is written in each format. */
export interface ReferenceTypeMapping {
  /** The CSL item type. */
  readonly csl: string;
  /** The BibTeX entry type (a thesis is `@phdthesis` or `@mastersthesis` by its genre: {@link bibtexThesisType}). */
  readonly bibtex: string;
  /** The biblatex entry type. */
  readonly biblatex: string;
  /** The biblatex `entrysubtype`, where biblatex tells the kind apart that way (`@article` of a newspaper). */
  readonly biblatexSubtype?: string;
  /** The RIS reference type (`TY`). */
  readonly ris: string;
}

/**
 * Every CSL type Scholia writes, in the order that decides what an output type reads back as: the
 * first row with that output type (e.g. `@article` → `article-journal`, `@misc` → `document`).
 */
export const REFERENCE_TYPES: readonly ReferenceTypeMapping[] = [
  { csl: 'article-journal', bibtex: 'article', biblatex: 'article', ris: 'JOUR' },
  {
    csl: 'article-magazine',
    bibtex: 'article',
    biblatex: 'article',
    biblatexSubtype: 'magazine',
    ris: 'MGZN',
  },
  {
    csl: 'article-newspaper',
    bibtex: 'article',
    biblatex: 'article',
    biblatexSubtype: 'newspaper',
    ris: 'NEWS',
  },
  { csl: 'book', bibtex: 'book', biblatex: 'book', ris: 'BOOK' },
  { csl: 'chapter', bibtex: 'incollection', biblatex: 'incollection', ris: 'CHAP' },
  { csl: 'paper-conference', bibtex: 'inproceedings', biblatex: 'inproceedings', ris: 'CONF' },
  { csl: 'report', bibtex: 'techreport', biblatex: 'report', ris: 'RPRT' },
  { csl: 'thesis', bibtex: 'phdthesis', biblatex: 'thesis', ris: 'THES' },
  { csl: 'webpage', bibtex: 'misc', biblatex: 'online', ris: 'ELEC' },
  { csl: 'post-weblog', bibtex: 'misc', biblatex: 'online', ris: 'BLOG' },
  { csl: 'post', bibtex: 'misc', biblatex: 'online', ris: 'ICOMM' },
  { csl: 'manuscript', bibtex: 'unpublished', biblatex: 'unpublished', ris: 'MANSCPT' },
  { csl: 'document', bibtex: 'misc', biblatex: 'misc', ris: 'GEN' },
  { csl: 'article', bibtex: 'article', biblatex: 'article', ris: 'GEN' },
  { csl: 'entry-encyclopedia', bibtex: 'incollection', biblatex: 'inreference', ris: 'ENCYC' },
  { csl: 'entry-dictionary', bibtex: 'incollection', biblatex: 'inreference', ris: 'DICT' },
  { csl: 'entry', bibtex: 'incollection', biblatex: 'inreference', ris: 'GEN' },
  { csl: 'review', bibtex: 'article', biblatex: 'review', ris: 'JOUR' },
  { csl: 'review-book', bibtex: 'article', biblatex: 'review', ris: 'JOUR' },
  { csl: 'periodical', bibtex: 'misc', biblatex: 'periodical', ris: 'JFULL' },
  { csl: 'pamphlet', bibtex: 'booklet', biblatex: 'booklet', ris: 'PAMP' },
  { csl: 'classic', bibtex: 'book', biblatex: 'book', ris: 'CLSWK' },
  { csl: 'dataset', bibtex: 'misc', biblatex: 'dataset', ris: 'DATA' },
  { csl: 'software', bibtex: 'misc', biblatex: 'software', ris: 'COMP' },
  { csl: 'patent', bibtex: 'misc', biblatex: 'patent', ris: 'PAT' },
  { csl: 'standard', bibtex: 'misc', biblatex: 'standard', ris: 'STAND' },
  { csl: 'legislation', bibtex: 'misc', biblatex: 'legislation', ris: 'STAT' },
  { csl: 'regulation', bibtex: 'misc', biblatex: 'legislation', ris: 'STAT' },
  { csl: 'bill', bibtex: 'misc', biblatex: 'legislation', ris: 'BILL' },
  { csl: 'legal_case', bibtex: 'misc', biblatex: 'jurisdiction', ris: 'CASE' },
  { csl: 'hearing', bibtex: 'misc', biblatex: 'jurisdiction', ris: 'HEAR' },
  { csl: 'treaty', bibtex: 'misc', biblatex: 'legal', ris: 'GEN' },
  { csl: 'personal_communication', bibtex: 'misc', biblatex: 'letter', ris: 'PCOMM' },
  { csl: 'interview', bibtex: 'misc', biblatex: 'misc', biblatexSubtype: 'interview', ris: 'PCOMM' },
  { csl: 'speech', bibtex: 'misc', biblatex: 'misc', biblatexSubtype: 'speech', ris: 'SLIDE' },
  { csl: 'motion_picture', bibtex: 'misc', biblatex: 'movie', ris: 'MPCT' },
  { csl: 'broadcast', bibtex: 'misc', biblatex: 'misc', biblatexSubtype: 'broadcast', ris: 'MPCT' },
  { csl: 'song', bibtex: 'misc', biblatex: 'music', ris: 'SOUND' },
  { csl: 'musical_score', bibtex: 'misc', biblatex: 'audio', ris: 'MUSIC' },
  { csl: 'graphic', bibtex: 'misc', biblatex: 'image', ris: 'ART' },
  { csl: 'figure', bibtex: 'misc', biblatex: 'image', ris: 'FIGURE' },
  { csl: 'map', bibtex: 'misc', biblatex: 'misc', biblatexSubtype: 'map', ris: 'MAP' },
  { csl: 'collection', bibtex: 'misc', biblatex: 'misc', ris: 'GEN' },
  { csl: 'event', bibtex: 'misc', biblatex: 'misc', ris: 'GEN' },
  { csl: 'performance', bibtex: 'misc', biblatex: 'misc', biblatexSubtype: 'performance', ris: 'GEN' },
];

/** What a CSL type Scholia has no row for is written as (the row of `document`). */
const FALLBACK: ReferenceTypeMapping = { csl: 'document', bibtex: 'misc', biblatex: 'misc', ris: 'GEN' };

const byCsl = new Map(REFERENCE_TYPES.map((row) => [row.csl, row]));

/** How the CSL type `type` is written; a type without a row is written as a `document`. */
export function referenceTypeOf(type: string): ReferenceTypeMapping {
  return byCsl.get(type) ?? FALLBACK;
}

/**
 * BibTeX's thesis entry type for a thesis of genre `genre`: `@mastersthesis` for a master's thesis
 * (as Zotero's and Better BibTeX's exporters tell one), `@phdthesis` for any other (BibTeX has no other).
 */
export function bibtexThesisType(genre: string | undefined): 'phdthesis' | 'mastersthesis' {
  return genre !== undefined && MASTERS.test(genre.trim()) ? 'mastersthesis' : 'phdthesis';
}

const MASTERS = /^(?:master(?:'|’)?s?|m\.?\s?a\.?|m\.?\s?sc?\.?|m\.?\s?phil\.?|magister)(?:\s|$)/i;

/**
 * BibTeX and biblatex entry types Scholia never writes, and the CSL type each is read as (as pandoc's
 * BibTeX reader reads them). Types Scholia writes read back through {@link cslTypeOfBibtex}.
 */
export const BIBTEX_TYPE_ALIASES: Readonly<Record<string, string>> = {
  mastersthesis: 'thesis',
  phdthesis: 'thesis',
  techreport: 'report',
  conference: 'paper-conference',
  inbook: 'chapter',
  bookinbook: 'chapter',
  suppbook: 'chapter',
  suppcollection: 'chapter',
  suppperiodical: 'article-journal',
  collection: 'book',
  mvbook: 'book',
  mvcollection: 'book',
  mvproceedings: 'book',
  mvreference: 'book',
  proceedings: 'book',
  reference: 'book',
  manual: 'book',
  commentary: 'book',
  electronic: 'webpage',
  www: 'webpage',
  artwork: 'graphic',
  video: 'motion_picture',
  data: 'dataset',
  newsarticle: 'article-newspaper',
  performance: 'speech',
};

/**
 * The CSL type of a BibTeX or biblatex entry of type `entryType` (any case) and `entrysubtype`
 * `subtype`: the first row whose biblatex type (and subtype) it is, else whose BibTeX type it is, else
 * an alias; `document` for a type nobody writes.
 */
export function cslTypeOfBibtex(entryType: string, subtype?: string): string {
  const type = entryType.toLowerCase();
  const sub = subtype === undefined || subtype.trim() === '' ? undefined : subtype.trim().toLowerCase();
  const row =
    REFERENCE_TYPES.find((r) => r.biblatex === type && r.biblatexSubtype === sub) ??
    REFERENCE_TYPES.find((r) => r.biblatex === type) ??
    REFERENCE_TYPES.find((r) => r.bibtex === type);
  return row?.csl ?? BIBTEX_TYPE_ALIASES[type] ?? 'document';
}

/**
 * RIS reference types Scholia never writes, and the CSL type each is read as (Zotero's RIS importer's
 * `importTypeMap`, through Zotero's item types to CSL).
 */
export const RIS_TYPE_ALIASES: Readonly<Record<string, string>> = {
  ABST: 'article-journal',
  ADVS: 'motion_picture',
  AGGR: 'document',
  ANCIENT: 'document',
  CHART: 'graphic',
  CPAPER: 'paper-conference',
  CTLG: 'article-magazine',
  DBASE: 'dataset',
  EBOOK: 'book',
  ECHAP: 'chapter',
  EDBOOK: 'book',
  EJOUR: 'article-journal',
  EQUA: 'document',
  GOVDOC: 'report',
  GRNT: 'document',
  INPR: 'manuscript',
  LEGAL: 'legal_case',
  MULTI: 'motion_picture',
  SER: 'book',
  UNBILL: 'manuscript',
  UNPD: 'manuscript',
  UNPB: 'manuscript',
  VIDEO: 'motion_picture',
  WEB: 'webpage',
};

/** The CSL type of a RIS record of type `ty` (any case): the first row that writes it, an alias, or `document`. */
export function cslTypeOfRis(ty: string): string {
  const type = ty.trim().toUpperCase();
  return REFERENCE_TYPES.find((row) => row.ris === type)?.csl ?? RIS_TYPE_ALIASES[type] ?? 'document';
}

/**
 * A CSL date as the writers use it: one date, or a range of two, each `[year, month?, day?]` (a month
 * of 13–16 is a season, as CSL has it), with whether it is approximate; or a literal text that is no date.
 */
export type ReadDate =
  { readonly parts: readonly (readonly number[])[]; readonly circa: boolean } | { readonly literal: string };

/**
 * `date` read into numbers: its `date-parts` (numbers or numeric strings), else its `raw` text when
 * that is an ISO-like date or range (`2009`, `2009-05`, `2009/05/18`, `2009/2010`), else its `raw` or
 * `literal` text as a literal; `null` when it holds no date at all. A month or day out of range ends
 * the date there (`[[2009, 0]]` is 2009); a season beside a year is its month 13–16.
 */
export function readCslDate(date: CslDate | undefined): ReadDate | null {
  if (date === undefined) return null;
  const circa = date.circa !== undefined && date.circa !== false && date.circa !== 0 && date.circa !== '';
  const fromParts = (date['date-parts'] ?? []).map(validParts).filter((parts) => parts.length > 0);
  // A season beside a year alone (`season: 1`, spring) is the year's month 13 to 16, as CSL reads it.
  const [only, second] = fromParts;
  const season = typeof date.season === 'number' ? date.season : Number.NaN;
  if (only !== undefined && second === undefined && only.length === 1 && season >= 1 && season <= 4)
    return { parts: [[only[0] ?? 0, 12 + season]], circa };
  if (fromParts.length > 0) return { parts: fromParts.slice(0, 2), circa };
  const raw = date.raw?.trim() ?? '';
  const fromRaw = raw === '' ? [] : rawParts(raw);
  if (fromRaw.length > 0) return { parts: fromRaw, circa };
  const literal = (raw === '' ? date.literal : raw)?.trim() ?? '';
  return literal === '' ? null : { literal };
}

function validParts(parts: readonly (number | string)[]): number[] {
  const numbers = parts.map((part) => (typeof part === 'number' ? part : Number.parseInt(part.trim(), 10)));
  const [year, month, day] = numbers;
  if (year === undefined || !Number.isInteger(year) || year === 0) return [];
  if (month === undefined || !Number.isInteger(month) || month < 1 || month > 16) return [year];
  if (day === undefined || month > 12 || !Number.isInteger(day) || day < 1 || day > 31) return [year, month];
  return [year, month, day];
}

const RAW_DATE = /^(-?\d{1,4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?$/;

function rawParts(raw: string): number[][] {
  const halves = raw.includes('/') && !RAW_DATE.test(raw) ? raw.split('/') : [raw];
  const dates = halves.map((half) => RAW_DATE.exec(half.trim()));
  if (dates.length > 2 || dates.some((match) => match === null)) return [];
  return dates.map((match) => {
    // A group that did not take part is undefined, whatever the type of `exec` says.
    const groups: (string | undefined)[] = match?.slice(1) ?? [];
    return validParts(groups.filter((part) => part !== undefined));
  });
}

/**
 * The names in the CSL name variable `variable` of `item`: the typed ones (`author`, `editor`,
 * `translator`) or loose ones a reference manager left (`container-author`, `collection-editor`, …),
 * keeping only entries that are names.
 */
export function cslNames(item: CslItem, variable: string): CslName[] {
  const value: unknown = item[variable];
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry: unknown) => {
    const name = CslNameSchema.safeParse(entry);
    return name.success ? [name.data] : [];
  });
}

/**
 * A CSL text or number variable as one line of text: every run of whitespace or control characters
 * (line breaks, NEL, NUL…) one space, trimmed; undefined for a blank or a value of another kind.
 */
export function cslText(value: unknown): string | undefined {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value : '';
  const line = text.replace(/[\s\p{Cc}]+/gu, ' ').trim();
  return line === '' ? undefined : line;
}
