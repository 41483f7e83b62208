/**
 * BibTeX and biblatex entries as CSL-JSON: every standard entry type and field of both (the types by
 * Scholia's type table, `reference-types.ts`, which its BibTeX writer shares), names
 * (`bibtex-names.ts`), dates (`date`, `year`/`month`/`day`, `urldate`, `origdate`, `eventdate`),
 * `subtitle` joined to its title as "Title: Subtitle", pages with an en dash, identifiers as CSL has
 * them. Fields CSL has no variable for are left out; the TeX of every value becomes text (`tex-text.ts`).
 */
import type { CslName } from '../../shared/model';
import { bibtexNames } from './bibtex-names';
import type { BibtexEntry } from './bibtex-parse';
import { isoDateToCsl, writtenDateToCsl, yearMonthDayToCsl } from './reference-dates';
import { cslTypeOfBibtex } from './reference-types';
import { texToText, verbatimText } from './tex-text';

/**
 * Entry types the type table (`reference-types.ts`) does not know, which tools write: pandoc's and
 * Mendeley's `@webpage`, HAL's software types.
 */
const MORE_TYPES: Readonly<Record<string, string>> = {
  webpage: 'webpage',
  softwareversion: 'software',
  softwaremodule: 'software',
  codefragment: 'software',
};

/** Types whose `pages` is the number of pages, not a range in a larger work. */
const WHOLE_WORKS = new Set(['book', 'thesis', 'manuscript']);

/** Types in a larger work, whose `booktitle` is the work's title. */
const PARTS = new Set(['chapter', 'paper-conference', 'entry-encyclopedia', 'entry-dictionary']);

/** biblatex's thesis and report `type` keys, as their words. */
const TYPE_KEYS: Readonly<Record<string, string>> = {
  phdthesis: 'PhD thesis',
  mathesis: "Master's thesis",
  mastersthesis: "Master's thesis",
  candthesis: 'Candidate thesis',
  bathesis: "Bachelor's thesis",
  techreport: 'Technical report',
  resreport: 'Research report',
  software: 'Computer software',
  datacd: 'CD-ROM',
  audiocd: 'Audio CD',
};

/** Name fields and their CSL variables; `editor` may be another role by `editortype`. */
const NAME_FIELDS: Readonly<Record<string, string>> = {
  author: 'author',
  editor: 'editor',
  translator: 'translator',
  bookauthor: 'container-author',
  director: 'director',
  producer: 'producer',
  composer: 'composer',
  holder: 'author',
};

const EDITOR_TYPES: Readonly<Record<string, string>> = {
  director: 'director',
  producer: 'producer',
  composer: 'composer',
  compiler: 'compiler',
  organizer: 'organizer',
  collaborator: 'contributor',
  redactor: 'editor',
  reviser: 'editor',
};

/** Fields whose value is text of the same CSL variable. */
const TEXT_FIELDS: Readonly<Record<string, string>> = {
  shorttitle: 'title-short',
  shortjournal: 'container-title-short',
  series: 'collection-title',
  volume: 'volume',
  volumes: 'number-of-volumes',
  edition: 'edition',
  publisher: 'publisher',
  eventtitle: 'event-title',
  venue: 'event-place',
  version: 'version',
  pagetotal: 'number-of-pages',
  numpages: 'number-of-pages',
  chapter: 'chapter-number',
  isbn: 'ISBN',
  issn: 'ISSN',
  abstract: 'abstract',
  keywords: 'keyword',
  pubstate: 'status',
  annote: 'annote',
  annotation: 'annote',
  library: 'archive',
  callnumber: 'call-number',
  'call-number': 'call-number',
  pmid: 'PMID',
  pmcid: 'PMCID',
};

/** The CSL item of a BibTeX entry (fields already inherited): a loose object for the CSL schema to check. */
export function bibtexEntryToCsl(entry: BibtexEntry): Record<string, unknown> {
  const fields = entry.fields;
  const text = (name: string): string | undefined => {
    const value = fields.get(name);
    if (value === undefined) return undefined;
    const plain = texToText(value);
    return plain === '' ? undefined : plain;
  };
  const known = cslTypeOfBibtex(entry.type, text('entrysubtype'));
  const type = known === 'document' ? (MORE_TYPES[entry.type] ?? known) : known;
  const csl: Record<string, unknown> = { type };
  if (entry.key !== '') csl['citation-key'] = entry.key;
  const set = (variable: string, value: string | undefined): void => {
    if (value !== undefined && value !== '' && csl[variable] === undefined) csl[variable] = value;
  };

  set('title', joined(text('title'), text('subtitle'), text('titleaddon')));
  for (const [field, variable] of Object.entries(TEXT_FIELDS)) set(variable, text(field));
  if (typeof csl['edition'] === 'string')
    csl['edition'] = csl['edition'].replace(/^(\d+)(?:st|nd|rd|th)\.?,?$/i, '$1');
  if (csl['title-short'] === csl['title']) delete csl['title-short'];

  // The work a part is in: a journal, a book, proceedings; `journal` is the journal's name.
  // `fjournal` is a journal's full name beside its abbreviation in `journal` (MathSciNet's, AMS's files).
  const journal = joined(
    text('journaltitle') ?? text('fjournal') ?? text('journal'),
    text('journalsubtitle'),
  );
  const book = joined(text('booktitle'), text('booksubtitle'), text('booktitleaddon'));
  const main = joined(text('maintitle'), text('mainsubtitle'), text('maintitleaddon'));
  if (journal !== undefined) {
    set('container-title', journal);
    // Both names of the journal: the other one is its abbreviation.
    if ((fields.has('journaltitle') || fields.has('fjournal')) && fields.has('journal'))
      set('container-title-short', text('journal'));
  }
  if (PARTS.has(type) || !WHOLE_WORKS.has(type)) {
    if (main !== undefined && book !== undefined) {
      set('container-title', main);
      set('volume-title', book);
    } else {
      set('container-title', book ?? main);
    }
  } else if (main !== undefined) {
    set('container-title', main);
  }

  names(entry, csl);
  dates(entry, csl);
  numbers(entry, type, csl);

  // A paper's `location` is where the conference was (as ACM and Zotero write it); its `address` the publisher's.
  if (type === 'paper-conference') {
    set('event-place', text('location'));
    set('publisher-place', text('address'));
  } else {
    set('publisher-place', text('address') ?? text('location'));
  }
  const institution = text('institution') ?? text('school') ?? text('organization');
  set('publisher', institution);
  set('genre', genreOf(entry, text('type')));
  set('language', text('language') ?? text('langid'));
  const doi = fields.get('doi');
  if (doi !== undefined)
    set('DOI', verbatimText(doi).replace(/^(?:https?:\/\/(?:dx\.)?doi\.org\/|doi:\s*)/i, ''));
  const url = fields.get('url');
  if (url !== undefined) set('URL', verbatimText(url));
  const howpublished = text('howpublished');
  if (howpublished !== undefined && /^(?:https?:\/\/|mailto:)/i.test(howpublished)) set('URL', howpublished);
  const notes = [
    text('note'),
    text('addendum'),
    howpublished !== undefined && csl['URL'] !== howpublished ? howpublished : undefined,
    eprint(fields, set),
  ].filter((note): note is string => note !== undefined);
  if (notes.length > 0) set('note', notes.join('\n'));
  return csl;
}

/** "Title: Subtitle. Addon", the colon left out after a title that ends in punctuation. */
function joined(title: string | undefined, subtitle: string | undefined, addon?: string): string | undefined {
  let whole = title;
  if (subtitle !== undefined) {
    whole =
      whole === undefined
        ? subtitle
        : /[-–—:!?.;]$/.test(whole) || /^[-–—:.;¡¿]/.test(subtitle)
          ? `${whole} ${subtitle}`
          : `${whole}: ${subtitle}`;
  }
  if (addon !== undefined)
    whole = whole === undefined ? addon : /[.!?]$/.test(whole) ? `${whole} ${addon}` : `${whole}. ${addon}`;
  return whole;
}

function names(entry: BibtexEntry, csl: Record<string, unknown>): void {
  for (const [field, variable] of Object.entries(NAME_FIELDS)) {
    const value = entry.fields.get(field);
    if (value === undefined) continue;
    const list = bibtexNames(value);
    if (list.length === 0) continue;
    let role =
      field === 'editor'
        ? (EDITOR_TYPES[texToText(entry.fields.get('editortype') ?? '').toLowerCase()] ?? variable)
        : variable;
    // A film's director is its author, as Zotero gives a film to citeproc (a video's keeps the role).
    if (role === 'director' && entry.type === 'movie' && !entry.fields.has('author')) role = 'author';
    const existing = csl[role];
    csl[role] = Array.isArray(existing) ? [...(existing as CslName[]), ...list] : list;
  }
}

function dates(entry: BibtexEntry, csl: Record<string, unknown>): void {
  const plain = (field: string): string | undefined => {
    const value = entry.fields.get(field);
    return value === undefined ? undefined : texToText(value);
  };
  const date = plain('date');
  const year = plain('year');
  if (date !== undefined && date !== '') csl['issued'] = isoDateToCsl(date);
  else if (year !== undefined && year !== '')
    csl['issued'] = yearMonthDayToCsl(year, plain('month'), plain('day'));
  const accessed = plain('urldate') ?? plain('lastchecked') ?? plain('accessed');
  if (accessed !== undefined && accessed !== '') csl['accessed'] = isoDateToCsl(accessed);
  for (const [field, variable] of [
    ['origdate', 'original-date'],
    ['eventdate', 'event-date'],
  ] as const) {
    const value = plain(field);
    if (value !== undefined && value !== '') csl[variable] = isoDateToCsl(value);
  }
  const origYear = plain('origyear');
  if (csl['original-date'] === undefined && origYear !== undefined && origYear !== '') {
    csl['original-date'] = yearMonthDayToCsl(origYear) ?? writtenDateToCsl(origYear);
  }
}

/** `number`, `issue` and `pages`, which mean different things in different types of work. */
function numbers(entry: BibtexEntry, type: string, csl: Record<string, unknown>): void {
  const plain = (field: string): string | undefined => {
    const value = entry.fields.get(field);
    const text = value === undefined ? '' : texToText(value);
    return text === '' ? undefined : text;
  };
  const number = plain('number');
  const issue = plain('issue');
  if (type.startsWith('article') || type === 'periodical') {
    if (number !== undefined || issue !== undefined) csl['issue'] = number ?? issue;
  } else if (number !== undefined) {
    // A book's or chapter's number is its number in its series; a report's, patent's or standard's its own.
    if ((type === 'book' || type === 'chapter') && entry.fields.has('series'))
      csl['collection-number'] = number;
    else if (type === 'book' || type === 'chapter') csl['collection-number'] = number;
    else csl['number'] = number;
    if (issue !== undefined) csl['issue'] = issue;
  } else if (issue !== undefined) {
    csl['issue'] = issue;
  }
  const pages = plain('pages');
  if (pages !== undefined) {
    if (WHOLE_WORKS.has(type) && /^\d+$/.test(pages)) {
      if (csl['number-of-pages'] === undefined) csl['number-of-pages'] = pages;
    } else {
      csl['page'] = pages.replace(/\s*[-‐‑‒–—]+\s*/g, '–');
    }
  }
}

/** A thesis's or report's kind: its `type` field (a biblatex key in words), else what its entry type says. */
function genreOf(entry: BibtexEntry, type: string | undefined): string | undefined {
  if (type !== undefined) return TYPE_KEYS[type.toLowerCase()] ?? type;
  if (entry.type === 'phdthesis') return 'PhD Thesis';
  if (entry.type === 'mastersthesis') return "Master's Thesis";
  return undefined;
}

/** How Zotero labels the kinds of `eprint` in a note. */
const EPRINT_LABELS: Readonly<Record<string, string>> = {
  arxiv: 'arXiv',
  jstor: 'JSTOR',
  hdl: 'HDL',
  googlebooks: 'GoogleBooksID',
};

/**
 * biblatex's `eprint`: a DOI or PubMed id by its `eprinttype`; any other kind of id (arXiv, JSTOR,
 * Handle) is given back as a line of the note, "arXiv: 1234.5678", as Zotero keeps it.
 */
function eprint(
  fields: ReadonlyMap<string, string>,
  set: (variable: string, value: string | undefined) => void,
): string | undefined {
  const id = fields.get('eprint');
  if (id === undefined) return undefined;
  const value = verbatimText(id);
  const kind = texToText(fields.get('eprinttype') ?? fields.get('archiveprefix') ?? '').toLowerCase();
  if (kind === 'doi') set('DOI', value);
  else if (kind === 'pubmed') set('PMID', value);
  else return `${EPRINT_LABELS[kind] ?? kind}: ${value}`.replace(/^: /, '');
  return undefined;
}
