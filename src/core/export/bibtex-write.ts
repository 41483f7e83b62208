/**
 * CSL-JSON items as BibTeX or biblatex, in UTF-8: Scholia's own writer (citation-js's wrote only ASCII,
 * so Cyrillic and Chinese were lost).
 *
 * Text stays Unicode; only the characters TeX reads as commands are escaped (`\ # $ % & ~ _ ^` and
 * braces, kept balanced for BibTeX's and biber's brace counting), and title words with capitals are
 * protected with braces so a style that changes case keeps them. URLs and DOIs are written verbatim.
 * Entry types come from `citations/reference-types.ts`; fields follow Better BibTeX's and Zotero's
 * exporters and what pandoc's BibTeX and biblatex readers read back (see the round trip in the test).
 */
import { CslDateSchema, type CslDate, type CslItem, type CslName } from '../../shared/model';
import {
  bibtexThesisType,
  cslNames,
  cslText,
  readCslDate,
  referenceTypeOf,
  type ReadDate,
} from '../citations/reference-types';

/** Classic BibTeX (`year`/`month`, `journal`, `address`, `school`) or biblatex (`date`, `journaltitle`, `location`, …). */
export type BibFlavour = 'bibtex' | 'biblatex';

/** A field of an entry: its name and its value as TeX; a bare value is a macro such as `nov`. */
interface Field {
  readonly name: string;
  readonly value: string;
  readonly bare?: boolean;
}

/**
 * `items` as a BibTeX or biblatex file: one entry per item, keyed by its `citation-key` (else its id),
 * which the caller keeps unique; a key's characters that BibTeX or biber cannot read become `_`.
 */
export function writeBib(items: readonly CslItem[], flavour: BibFlavour): string {
  return items.map((item) => bibEntry(item, flavour)).join('\n');
}

/** One item as an entry, ending with a newline. */
export function bibEntry(item: CslItem, flavour: BibFlavour): string {
  const { type, subtype } = entryType(item, flavour);
  const fields = flavour === 'biblatex' ? biblatexFields(item, type, subtype) : bibtexFields(item, type);
  const lines = fields.map(({ name, value, bare }) => `  ${name} = ${bare === true ? value : `{${value}}`},`);
  return `@${type}{${bibKey(item)},\n${lines.join('\n')}\n}\n`;
}

/** The key an item is written under: its `citation-key` or id, with what no reader takes as part of a key made `_`. */
export function bibKey(item: { readonly id: string; readonly 'citation-key'?: unknown }): string {
  const key = item['citation-key'];
  const raw = typeof key === 'string' && key.trim() !== '' ? key.trim() : item.id;
  return raw.replace(/[^\p{L}\p{N}_:.+/-]/gu, '_');
}

const ARTICLES = new Set(['article', 'periodical', 'review', 'suppperiodical']);
const CHAPTERS = new Set([
  'incollection',
  'inbook',
  'inproceedings',
  'inreference',
  'bookinbook',
  'suppbook',
  'suppcollection',
]);
/** Entry types whose `number` is the number in a series (pandoc reads it so: `collection-number`). */
const IN_SERIES = new Set([
  'book',
  'collection',
  'proceedings',
  'reference',
  'mvbook',
  'mvcollection',
  ...CHAPTERS,
]);

function entryType(item: CslItem, flavour: BibFlavour): { type: string; subtype?: string } {
  const row = referenceTypeOf(item.type);
  if (flavour === 'bibtex')
    return { type: row.csl === 'thesis' ? bibtexThesisType(cslText(item['genre'])) : row.bibtex };
  if (row.biblatex === 'incollection' && cslNames(item, 'container-author').length > 0)
    return { type: 'inbook' };
  if (
    row.biblatex === 'book' &&
    cslNames(item, 'author').length === 0 &&
    cslNames(item, 'editor').length > 0
  ) {
    return { type: 'collection' };
  }
  return row.biblatexSubtype === undefined
    ? { type: row.biblatex }
    : { type: row.biblatex, subtype: row.biblatexSubtype };
}

/** Roles biblatex has no name list of its own for, written as `editora`… with their `editoratype`. */
const EDITOR_ROLES: readonly (readonly [string, string])[] = [
  ['compiler', 'compiler'],
  ['contributor', 'collaborator'],
  ['director', 'director'],
  ['collection-editor', 'redactor'],
];

function biblatexFields(item: CslItem, type: string, subtype: string | undefined): Field[] {
  const fields = new FieldList();
  fields.names('author', cslNames(item, 'author'), 'biblatex');
  if (type === 'inbook') fields.names('bookauthor', cslNames(item, 'container-author'), 'biblatex');
  fields.names('editor', cslNames(item, 'editor'), 'biblatex');
  const roles = EDITOR_ROLES.filter(([role]) => cslNames(item, role).length > 0).slice(0, 3);
  roles.forEach(([role, editorType], index) => {
    const field = `editor${'abc'.charAt(index)}`;
    fields.names(field, cslNames(item, role), 'biblatex');
    fields.text(`${field}type`, editorType);
  });
  fields.names('translator', cslNames(item, 'translator'), 'biblatex');
  fields.title('title', item.title);
  fields.title('shorttitle', item['title-short']);
  const container = item['container-title'];
  const volumeTitle = cslText(item['volume-title']);
  if (CHAPTERS.has(type)) {
    fields.title('booktitle', volumeTitle ?? container);
    if (volumeTitle !== undefined) fields.title('maintitle', container);
  } else if (type === 'online') {
    fields.list('organization', container);
  } else {
    fields.text('journaltitle', container);
    fields.text('shortjournal', cslText(item['container-title-short']));
  }
  fields.title('eventtitle', cslText(item['event-title']) ?? cslText(item['event']));
  fields.list('venue', cslText(item['event-place']));
  fields.title('series', item['collection-title']);
  numbering(fields, item, type, 'biblatex');
  fields.pages(item.page);
  fields.text('pagetotal', cslText(item['number-of-pages']));
  fields.text('volumes', cslText(item['number-of-volumes']));
  fields.text('edition', cslText(item.edition));
  const publisherField =
    type === 'thesis' || type === 'report'
      ? 'institution'
      : type === 'misc' || type === 'software'
        ? 'organization'
        : 'publisher';
  fields.list(publisherField, item.publisher);
  fields.list('location', item['publisher-place']);
  fields.biblatexDate('date', item.issued, true);
  fields.biblatexDate('eventdate', dateOf(item['event-date']), false);
  fields.biblatexDate('origdate', dateOf(item['original-date']), false);
  fields.biblatexDate('urldate', item.accessed, false);
  fields.text('type', biblatexGenre(type, cslText(item['genre'])));
  fields.text('entrysubtype', subtype);
  fields.text('langid', babelLanguage(item.language));
  identifiers(fields, item);
  const arxiv = /^https?:\/\/arxiv\.org\/abs\/([^\s?#]+)/i.exec(item.URL?.trim() ?? '')?.[1];
  if (arxiv !== undefined) {
    fields.text('eprinttype', 'arxiv');
    fields.verbatim('eprint', arxiv);
  }
  fields.verbatim('url', item.URL);
  notes(fields, item);
  return fields.all;
}

function bibtexFields(item: CslItem, type: string): Field[] {
  const fields = new FieldList();
  fields.names('author', cslNames(item, 'author'), 'bibtex');
  fields.names('editor', cslNames(item, 'editor'), 'bibtex');
  fields.names('translator', cslNames(item, 'translator'), 'bibtex');
  fields.title('title', item.title);
  fields.title('shorttitle', item['title-short']);
  if (CHAPTERS.has(type)) fields.title('booktitle', item['container-title']);
  else fields.text('journal', item['container-title']);
  fields.title('series', item['collection-title']);
  numbering(fields, item, type, 'bibtex');
  fields.pages(item.page);
  fields.text('edition', cslText(item.edition));
  const publisherField = type.endsWith('thesis')
    ? 'school'
    : type === 'techreport'
      ? 'institution'
      : 'publisher';
  fields.text(publisherField, item.publisher);
  fields.text('address', item['publisher-place']);
  fields.bibtexDate(item.issued);
  fields.biblatexDate('urldate', item.accessed, false);
  const genre = cslText(item['genre']);
  // A PhD or master's thesis needs no `type`: the entry type says it, in the style's words.
  if (!(type.endsWith('thesis') && standardThesis(genre) !== undefined)) fields.title('type', genre);
  // BibTeX has no language field of its own: Zotero reads `language`, pandoc, biber and Better BibTeX `langid`.
  fields.text('langid', babelLanguage(item.language));
  fields.text('language', item.language);
  identifiers(fields, item);
  fields.verbatim('url', item.URL);
  notes(fields, item);
  return fields.all;
}

/** biblatex's localisation key for a thesis of the standard genre ("PhD thesis", "Master's thesis"). */
function standardThesis(genre: string | undefined): 'phdthesis' | 'mathesis' | undefined {
  const standard = genre?.toLowerCase().replace('’', "'");
  return standard === 'phd thesis' ? 'phdthesis' : standard === "master's thesis" ? 'mathesis' : undefined;
}

/** biblatex's `type`: a thesis's localisation key where its genre is the standard one, else the genre. */
function biblatexGenre(type: string, genre: string | undefined): string | undefined {
  return (type === 'thesis' ? standardThesis(genre) : undefined) ?? genre;
}

/**
 * Volume, issue and numbers: a journal's issue is its `number` (biblatex's `issue` when it is no
 * number, such as "Spring") and its article number biblatex's `eid`; a book's `number` is its number
 * in the series, a report's its report number.
 */
function numbering(fields: FieldList, item: CslItem, type: string, flavour: BibFlavour): void {
  fields.text('volume', cslText(item.volume));
  const issue = cslText(item.issue);
  const inSeries = cslText(item['collection-number']);
  const number = cslText(item['number']);
  if (ARTICLES.has(type)) {
    const numericIssue = issue !== undefined && (flavour === 'bibtex' || NUMERIC.test(issue));
    fields.text('number', numericIssue ? issue : flavour === 'bibtex' ? number : undefined);
    if (flavour === 'biblatex') {
      fields.text('issue', numericIssue ? undefined : issue);
      fields.text('eid', number);
    }
    return;
  }
  fields.text('number', IN_SERIES.has(type) ? (inSeries ?? number) : (number ?? inSeries));
  if (flavour === 'biblatex') fields.text('issue', issue);
}

const NUMERIC = /^\d+[a-z]?(?:\s*[-–—/,&]\s*\d+[a-z]?)*$/i;

function identifiers(fields: FieldList, item: CslItem): void {
  fields.text('isbn', item.ISBN);
  fields.text('issn', item.ISSN);
  fields.verbatim('doi', item.DOI?.trim().replace(/^(?:https?:\/\/(?:dx\.)?doi\.org\/|doi:\s*)/i, ''));
}

function notes(fields: FieldList, item: CslItem): void {
  fields.text('abstract', item.abstract);
  fields.text('keywords', cslText(item['keyword']));
  // A note keeps its lines (Zotero reads them back as its "Extra" lines); TeX reads a line break as a space.
  fields.text('note', item.note, true);
}

/** The fields of one entry as they are added; empty values are left out. */
class FieldList {
  readonly all: Field[] = [];

  /** A text field, escaped; `keepLines` keeps single line breaks (blank lines would end a TeX paragraph). */
  text(name: string, value: string | undefined, keepLines = false): void {
    const lines = keepLines ? (value?.split(/\r\n?|\n/) ?? []) : [value];
    this.add(
      name,
      lines
        .flatMap((line) => (line === undefined ? [] : [tex(line, false)]))
        .filter((line) => line !== '')
        .join('\n'),
    );
  }

  /** A title: escaped, and its words with capitals braced so a style's change of case leaves them. */
  title(name: string, value: string | undefined): void {
    this.add(name, tex(value ?? '', true));
  }

  /** A biblatex list of literals (publisher, location): an "and" inside one is braced so it does not split it. */
  list(name: string, value: string | undefined): void {
    this.add(name, protectAnd(tex(value ?? '', false)));
  }

  /**
   * A verbatim field (URL, DOI): written as it is, with spaces, control characters and what would
   * unbalance the braces percent-encoded.
   */
  verbatim(name: string, value: string | undefined): void {
    this.add(
      name,
      (value ?? '').trim().replace(/[\s\p{Cc}{}\\]/gu, (c) => encodeURIComponent(c)),
    );
  }

  names(name: string, list: readonly CslName[], flavour: BibFlavour): void {
    const written = list.map((person) => bibName(person, flavour)).filter((person) => person !== '');
    this.add(name, written.join(' and '));
  }

  /** Page ranges with TeX's en dash, `--`. */
  pages(value: string | undefined): void {
    this.add('pages', tex(value ?? '', false).replace(/\s*[-‐-―−]+\s*/g, '--'));
  }

  /** The field `name` with the TeX `value`, unless that is empty. */
  private add(name: string, value: string): void {
    if (value !== '') this.all.push({ name, value });
  }

  /** A biblatex date (ISO 8601 / EDTF: `2009`, `2009-05`, `2009-05-18`, ranges `a/b`, `~` for circa). */
  biblatexDate(name: string, date: CslDate | undefined, literalAsYear: boolean): void {
    const read = readCslDate(date);
    if (read === null) return;
    if ('literal' in read) {
      // A date no calendar can hold ("Spring term, undated") is biblatex's literal `year`.
      if (literalAsYear) this.text('year', read.literal);
      return;
    }
    this.all.push({ name, value: edtf(read) });
  }

  /** BibTeX's `year` and `month` (a macro such as `nov`); the day has no field in BibTeX. */
  bibtexDate(date: CslDate | undefined): void {
    const read = readCslDate(date);
    if (read === null) return;
    if ('literal' in read) {
      this.text('year', read.literal);
      return;
    }
    const [start, end] = read.parts;
    const startYear = start?.[0];
    if (startYear === undefined) return;
    const endYear = end?.[0];
    const years =
      endYear === undefined || endYear === startYear
        ? String(startYear)
        : `${String(startYear)}--${String(endYear)}`;
    this.all.push({ name: 'year', value: years });
    const month = start?.[1];
    if (month !== undefined && month <= 12 && (end === undefined || end[1] === month)) {
      this.all.push({ name: 'month', value: MONTHS[month - 1] ?? '', bare: true });
    }
  }
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function edtf(date: Extract<ReadDate, { parts: unknown }>): string {
  const one = (parts: readonly number[]): string => {
    const [year = 0, month, day] = parts;
    const yearText = `${year < 0 ? '-' : ''}${String(Math.abs(year)).padStart(4, '0')}`;
    // CSL's seasons (13–16) are EDTF's 21–24.
    const monthText =
      month === undefined ? '' : `-${String(month > 12 ? month + 8 : month).padStart(2, '0')}`;
    const dayText = day === undefined ? '' : `-${String(day).padStart(2, '0')}`;
    return yearText + monthText + dayText;
  };
  return date.parts.map(one).join('/') + (date.circa ? '~' : '');
}

/** Characters TeX would read as commands or specials, as text commands. */
const TEX_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\textbackslash{}',
  '#': '\\#',
  $: '\\$',
  '%': '\\%',
  '&': '\\&',
  _: '\\_',
  '~': '\\textasciitilde{}',
  '^': '\\textasciicircum{}',
};

/**
 * Literal braces, when the text's own braces pair up: BibTeX and biber count braces whether escaped or
 * not, so `\{` and `\}` keep the count. When they do not pair up each gets an invisible partner
 * (`\vphantom`, as Zotero writes them).
 */
const PAIRED_BRACES: Readonly<Record<string, string>> = { '{': '\\{', '}': '\\}' };
const LONE_BRACES: Readonly<Record<string, string>> = {
  '{': '\\{\\vphantom{\\}}',
  '}': '\\vphantom{\\{}\\}',
};

const WORD = /[\p{L}\p{M}\p{N}'’]+/gu;

/**
 * `value` as TeX text: whitespace runs made one space, the special characters escaped and, with
 * `protect`, every word with a capital braced except a first word capitalised only at its start
 * (Zotero's rule), so `USSR 1989: The fall` is `{USSR} 1989: {The} fall`.
 */
export function tex(value: string, protect: boolean): string {
  const plain = value.replace(/[\s\p{Cc}]+/gu, ' ').trim();
  const braces = bracesPair(plain) ? PAIRED_BRACES : LONE_BRACES;
  const escape = (text: string): string =>
    text.replace(/[\\#$%&_~^{}]/g, (c) => TEX_ESCAPES[c] ?? braces[c] ?? c);
  let result = '';
  let last = 0;
  for (const match of plain.matchAll(WORD)) {
    const word = match[0];
    const capitals = /\p{Lu}/u.test(word);
    const inner = /\p{Lu}/u.test(word.slice(1));
    result += escape(plain.slice(last, match.index));
    result += protect && capitals && (last > 0 || match.index > 0 || inner) ? `{${word}}` : word;
    last = match.index + word.length;
  }
  return result + escape(plain.slice(last));
}

function bracesPair(text: string): boolean {
  let depth = 0;
  for (const c of text) {
    if (c === '{') depth += 1;
    if (c === '}') depth -= 1;
    if (depth < 0) return false;
  }
  return depth === 0;
}

function protectAnd(value: string): string {
  return value.replace(/(^|\s)(and)(?=\s|$)/gi, '$1{$2}');
}

/**
 * A name as BibTeX and biber read one: `{Literal Name}` for an organisation (kept whole), else
 * `von Last, Jr, First`, with a family of several words braced so it is not split into von and last.
 * biblatex gets the extended format (`family=Gogh, given=Vincent, prefix=van, useprefix=true`) where
 * the particle stays with the family (CSL's non-dropping particle) or is capitalised.
 */
export function bibName(name: CslName, flavour: BibFlavour): string {
  const part = (value: string | undefined): string => protectAnd(tex(value ?? '', false));
  const literal = cslText(name.literal);
  // Braced whole, an organisation's name is one name ("and" inside it included) that is never split.
  if (literal !== undefined) return `{${tex(literal, false)}}`;
  const family = cslText(name.family) ?? '';
  const given = cslText(name.given) ?? '';
  const suffix = cslText(name.suffix) ?? '';
  const dropping = cslText(name['dropping-particle']) ?? '';
  const nonDropping = cslText(name['non-dropping-particle']) ?? '';
  if (family === '') return given === '' ? '' : `{${part(given)}}`;
  const particle = [dropping, nonDropping].filter((p) => p !== '').join(' ');
  if (flavour === 'biblatex' && (nonDropping !== '' || /^\P{Ll}/u.test(particle))) {
    const value = (text: string): string => (/[,=]/.test(text) ? `{${part(text)}}` : part(text));
    return [
      `family=${value(family)}`,
      given === '' ? '' : `given=${value(given)}`,
      particle === '' ? '' : `prefix=${value(particle)}`,
      suffix === '' ? '' : `suffix=${value(suffix)}`,
      nonDropping === '' ? '' : 'useprefix=true',
    ]
      .filter((piece) => piece !== '')
      .join(', ');
  }
  // BibTeX knows a particle (its "von") only when it starts in lower case; a capitalised one joins the family.
  const lowerParticle = /^\p{Ll}/u.test(particle);
  const last = lowerParticle || particle === '' ? family : `${particle}${joiner(particle)}${family}`;
  const lastText = /[\s,]/.test(last) ? `{${part(last)}}` : part(last);
  const von = lowerParticle ? `${part(particle)}${joiner(particle)}` : '';
  const givenText = given.includes(',') ? `{${part(given)}}` : part(given);
  return [`${von}${lastText}`, suffix === '' ? '' : part(suffix), givenText]
    .filter((p, index) => index === 0 || p !== '')
    .join(', ');
}

/** A particle ending in an apostrophe (`d'`) joins the family without a space. */
function joiner(particle: string): string {
  return /['’]$/.test(particle) ? '' : ' ';
}

/**
 * The babel language name biblatex's `langid` takes for a CSL language tag (Zotero's BibLaTeX table),
 * or undefined where babel has none (Chinese, for one).
 */
export function babelLanguage(tag: string | undefined): string | undefined {
  const match = /^([a-z]{2,3})(?:[-_]([a-z0-9-]+))?$/i.exec(tag?.trim() ?? '');
  if (match === null) return undefined;
  const [, language = '', region = ''] = match;
  const entry = BABEL_LANGUAGES[language.toLowerCase()];
  if (typeof entry === 'string' || entry === undefined) return entry;
  return entry[region.toUpperCase()] ?? entry[''];
}

/** Babel names by ISO 639 code, with regional variants where babel has them (Zotero's BibLaTeX translator). */
// prettier-ignore
export const BABEL_LANGUAGES: Readonly<Record<string, string | Readonly<Record<string, string>>>> = {
  af: 'afrikaans', ar: 'arabic', eu: 'basque', br: 'breton', bg: 'bulgarian', ca: 'catalan', hr: 'croatian',
  cs: 'czech', da: 'danish', nl: 'dutch', eo: 'esperanto', et: 'estonian', fa: 'farsi', fi: 'finnish',
  fur: 'friulan', gl: 'galician', he: 'hebrew', hi: 'hindi', is: 'icelandic', id: 'indonesian',
  ia: 'interlingua', ga: 'irish', it: 'italian', ja: 'japanese', la: 'latin', lv: 'latvian',
  lt: 'lithuanian', dsb: 'lowersorbian', hu: 'magyar', mn: 'mongolian', se: 'samin', nn: 'nynorsk',
  nb: 'norsk', no: 'norwegian', pl: 'polish', ro: 'romanian', rm: 'romansh', ru: 'russian',
  gd: 'scottish', sk: 'slovak', sl: 'slovene', es: 'spanish', sv: 'swedish', th: 'thaicjk', tr: 'turkish',
  tk: 'turkmen', uk: 'ukrainian', hsb: 'uppersorbian', vi: 'vietnamese', cy: 'welsh',
  en: { '': 'english', US: 'american', GB: 'british', CA: 'canadian', AU: 'australian', NZ: 'newzealand' },
  fr: { '': 'french', CA: 'canadien' },
  de: { '': 'ngerman', AT: 'naustrian' },
  el: { '': 'greek', POLYTON: 'polutonikogreek' },
  pt: { '': 'portuguese', PT: 'portuguese', BR: 'brazil' },
  sr: { '': 'serbian', CYRL: 'serbianc', LATN: 'serbian' },
};

/** A loose CSL date variable (event and original dates are not typed in Scholia's schema). */
function dateOf(value: unknown): CslDate | undefined {
  const date = CslDateSchema.safeParse(value);
  return date.success ? date.data : undefined;
}
