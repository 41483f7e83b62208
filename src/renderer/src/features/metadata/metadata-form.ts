/**
 * The metadata editor's form: a document's CSL-JSON as the fields the reader edits (names as rows of
 * family and given name or one literal name, dates as year, month and day), checked field by field,
 * and turned back into CSL-JSON. Fields the editor does not show (editors, volume, abstract…) and the
 * parts of a name or date it cannot show are carried over unchanged, so saving never drops them.
 */
import {
  PageOffsetSchema,
  type CslDate,
  type CslDraft,
  type CslItem,
  type CslName,
} from '../../../../shared/model';

/** One author as a row of the form. */
export interface AuthorRow {
  /** Stable across reordering, for React keys and labels. */
  readonly key: string;
  /** A person (family and given name) or one name as written (an organisation: "Socialist Party"). */
  readonly kind: 'person' | 'literal';
  readonly family: string;
  readonly given: string;
  readonly literal: string;
  /** The CSL name the row was made from, so particles and suffixes the form does not show survive. */
  readonly original?: CslName;
}

/**
 * A date as three text fields. `text` is a date CSL holds only in words ("Spring 2009"), shown to the
 * reader; `original` is the date the fields were made from, kept as it is (words, a range, `circa`)
 * while the fields still say what it said.
 */
export interface DateFields {
  readonly year: string;
  readonly month: string;
  readonly day: string;
  readonly text?: string;
  readonly original?: CslDate;
}

/** Every field of the editor, as typed. */
export interface MetadataForm {
  readonly type: string;
  readonly title: string;
  readonly authors: readonly AuthorRow[];
  readonly containerTitle: string;
  readonly publisher: string;
  readonly place: string;
  readonly issued: DateFields;
  readonly url: string;
  readonly accessed: DateFields;
  readonly pages: string;
  readonly doi: string;
  readonly isbn: string;
  /**
   * The page of the file that is printed page 1 (the document's page offset plus one), for a text
   * with pages; empty when the pages are named as the file names them.
   */
  readonly firstPage: string;
}

/** The fields that can carry a problem; an author's is `author-<index>`. */
export type FieldName =
  'title' | 'issued' | 'accessed' | 'url' | 'doi' | 'isbn' | 'firstPage' | `author-${number}`;

/** What is wrong, field by field, in words for the reader. Empty when the form can be saved. */
export type FormProblems = Partial<Record<FieldName, string>>;

let rowCounter = 0;

/** A new, empty author row. */
export function emptyAuthor(): AuthorRow {
  rowCounter += 1;
  return { key: `author-${rowCounter}`, kind: 'person', family: '', given: '', literal: '' };
}

function authorRow(name: CslName): AuthorRow {
  const row = emptyAuthor();
  if (name.literal !== undefined && name.family === undefined && name.given === undefined)
    return { ...row, kind: 'literal', literal: name.literal, original: name };
  return { ...row, family: name.family ?? '', given: name.given ?? '', original: name };
}

function dateFields(date: CslDate | undefined): DateFields {
  if (date === undefined) return { year: '', month: '', day: '' };
  const parts = date['date-parts']?.[0];
  if (parts === undefined) {
    const text = date.raw ?? date.literal;
    return { year: '', month: '', day: '', ...(text === undefined ? {} : { text }), original: date };
  }
  const part = (index: number): string => (parts[index] === undefined ? '' : String(parts[index]));
  return { year: part(0), month: part(1), day: part(2), original: date };
}

/** The form showing `csl`, and the page offset `pageOffset` of a document whose text has pages. */
export function formFromCsl(csl: CslDraft | CslItem, pageOffset?: number): MetadataForm {
  return {
    type: csl.type,
    title: csl.title ?? '',
    authors: (csl.author ?? []).map(authorRow),
    containerTitle: csl['container-title'] ?? '',
    publisher: csl.publisher ?? '',
    place: csl['publisher-place'] ?? '',
    issued: dateFields(csl.issued),
    url: csl.URL ?? '',
    accessed: dateFields(csl.accessed),
    pages: csl.page ?? '',
    doi: csl.DOI ?? '',
    isbn: csl.ISBN ?? '',
    firstPage: pageOffset === undefined ? '' : String(pageOffset + 1),
  };
}

/**
 * The page offset the form's first printed page gives (`DocumentMeta.pageOffset`): null when the
 * field is empty, undefined when it is not a page offset (see {@link formProblems}).
 */
export function pageOffsetFromForm(form: MetadataForm): number | null | undefined {
  const text = form.firstPage.trim();
  if (text === '') return null;
  const first = wholeNumber(text, true);
  if (first === undefined) return undefined;
  const parsed = PageOffsetSchema.safeParse(first - 1);
  return parsed.success ? parsed.data : undefined;
}

function isBlankRow(row: AuthorRow): boolean {
  return row.kind === 'literal'
    ? row.literal.trim() === ''
    : row.family.trim() === '' && row.given.trim() === '';
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Whether `text` is a whole number (digits only, optionally negative for years before the common era). */
function wholeNumber(text: string, allowNegative = false): number | undefined {
  const clean = text.trim();
  if (!(allowNegative ? /^-?\d+$/ : /^\d+$/).test(clean)) return undefined;
  return Number(clean);
}

/** What is wrong with a date's fields, or undefined; `label` names it ("The date published"). */
export function dateProblem(fields: DateFields, label: string): string | undefined {
  const year = fields.year.trim();
  const month = fields.month.trim();
  const day = fields.day.trim();
  if (year === '' && month === '' && day === '') return undefined;
  if (year === '') return `${label} needs a year; a month or day alone cannot be cited.`;
  const y = wholeNumber(year, true);
  if (y === undefined || y === 0 || Math.abs(y) > 9999)
    return `${label}: the year must be a number such as 2009 (up to four digits).`;
  if (month === '')
    return day === '' ? undefined : `${label}: add the month of day ${day}, or clear the day.`;
  const m = wholeNumber(month);
  if (m === undefined || m < 1 || m > 12) return `${label}: the month must be a number from 1 to 12.`;
  if (day === '') return undefined;
  const d = wholeNumber(day);
  const last = daysIn(y, m);
  if (d === undefined || d < 1 || d > last) return `${label}: the day must be a number from 1 to ${last}.`;
  return undefined;
}

/** The date the fields give, as CSL `date-parts`; undefined when all three are blank. Check them first. */
export function dateFromFields(fields: DateFields): CslDate | undefined {
  const parts = [fields.year, fields.month, fields.day].map((p) => p.trim());
  const given: number[] = [];
  for (const part of parts) {
    if (part === '') break;
    given.push(Number(part));
  }
  const original = fields.original;
  if (given.length === 0)
    return original !== undefined && original['date-parts'] === undefined ? original : undefined;
  const before = original?.['date-parts']?.[0]?.map(String) ?? [];
  const unchanged =
    before.length === given.length && before.every((part, index) => part === String(given[index]));
  return unchanged && original !== undefined ? original : { 'date-parts': [given] };
}

/** A DOI as CSL keeps it: `10.…/…`, without a `doi:` or `https://doi.org/` in front. */
export function normaliseDoi(text: string): string {
  return text
    .trim()
    .replace(/^(?:doi:\s*|https?:\/\/(?:dx\.)?doi\.org\/)/i, '')
    .trim();
}

function isbnProblem(text: string): string | undefined {
  // Several ISBNs (hardback, paperback) may be listed, separated by commas or semicolons.
  for (const isbn of text.split(/[,;]/).map((part) => part.trim())) {
    if (isbn === '') continue;
    const digits = isbn.replace(/^ISBN(?:-1[03])?:?\s*/i, '').replace(/[\s-]/g, '');
    if (!/^(?:\d{9}[\dXx]|\d{13})$/.test(digits))
      return `“${isbn}” is not an ISBN: an ISBN has 10 or 13 digits (hyphens and spaces are fine).`;
  }
  return undefined;
}

/** Every problem in `form`, by field. */
export function formProblems(form: MetadataForm): FormProblems {
  const problems: FormProblems = {};
  if (form.title.trim() === '') problems.title = 'A title is needed: type the title of the work.';
  form.authors.forEach((row, index) => {
    if (row.kind === 'person' && row.family.trim() === '' && row.given.trim() !== '')
      problems[`author-${index}`] =
        'Add the family name, or choose “One name” for an organisation or a name written as one.';
  });
  const issued = dateProblem(form.issued, 'The date published');
  if (issued !== undefined) problems.issued = issued;
  const accessed = dateProblem(form.accessed, 'The date accessed');
  if (accessed !== undefined) problems.accessed = accessed;
  const url = form.url.trim();
  if (url !== '') {
    let valid = false;
    try {
      const parsed = new URL(url);
      valid = parsed.protocol === 'http:' || parsed.protocol === 'https:';
    } catch {
      valid = false;
    }
    if (!valid) problems.url = 'The URL must be a web address starting with http:// or https://.';
  }
  const doi = normaliseDoi(form.doi);
  if (doi !== '' && !/^10\.\d{4,9}\/\S+$/.test(doi))
    problems.doi = 'A DOI looks like 10.1000/xyz123 (a “https://doi.org/” in front is fine).';
  const isbn = isbnProblem(form.isbn);
  if (isbn !== undefined) problems.isbn = isbn;
  if (pageOffsetFromForm(form) === undefined)
    problems.firstPage =
      'The first printed page is the number of the file’s page that is printed page 1, such as 13.';
  return problems;
}

function nameFromRow(row: AuthorRow): CslName {
  // Particles and suffixes the form does not show stay as they were; the shown parts are replaced.
  const { family: _family, given: _given, literal: _literal, ...hidden } = row.original ?? {};
  if (row.kind === 'literal') return { literal: row.literal.trim() };
  const name: CslName = { ...hidden, family: row.family.trim() };
  const given = row.given.trim();
  if (given !== '') name.given = given;
  return name;
}

/**
 * The CSL-JSON the form describes, over `previous` (the document's metadata now): the fields the
 * form shows replace theirs, cleared fields are removed, and every other field is kept as it was.
 * Blank author rows are left out. Check {@link formProblems} first.
 */
export function cslFromForm(form: MetadataForm, previous: CslDraft | CslItem): CslDraft {
  const authors = form.authors.filter((row) => !isBlankRow(row)).map(nameFromRow);
  const shown: Partial<CslDraft> = {
    title: form.title.trim(),
    author: authors.length === 0 ? undefined : authors,
    'container-title': form.containerTitle.trim(),
    publisher: form.publisher.trim(),
    'publisher-place': form.place.trim(),
    issued: dateFromFields(form.issued),
    URL: form.url.trim(),
    accessed: dateFromFields(form.accessed),
    page: form.pages.trim(),
    DOI: normaliseDoi(form.doi),
    ISBN: form.isbn.trim(),
  };
  const kept = Object.entries(previous).filter(([key]) => key !== 'id' && !(key in shown));
  const filled = Object.entries(shown).filter(([, value]) => value !== undefined && value !== '');
  // The entries come from a CSL draft and from fields typed as CSL: together they are one.
  return { ...(Object.fromEntries([...kept, ...filled]) as Omit<CslDraft, 'type'>), type: form.type };
}

/** `items` with the item at `from` moved to `to` (both within range; otherwise `items` unchanged). */
export function moveItem<T>(items: readonly T[], from: number, to: number): T[] {
  const copy = [...items];
  if (from < 0 || from >= copy.length || to < 0 || to >= copy.length) return copy;
  const [item] = copy.splice(from, 1);
  if (item !== undefined) copy.splice(to, 0, item);
  return copy;
}

function nameForCitation(name: CslName, first: boolean): string {
  if (name.literal !== undefined && name.family === undefined) return name.literal;
  const family = [name['non-dropping-particle'], name.family].filter(Boolean).join(' ');
  const initials = (name.given ?? '')
    .split(/[\s-]+/)
    .filter((part) => part !== '')
    .map((part) => `${part.charAt(0).toUpperCase()}.`)
    .join(' ');
  if (initials === '') return family;
  return first ? `${family}, ${initials}` : `${initials} ${family}`;
}

/**
 * A plain citation of `csl` for the editor's preview: "Doyle, C. & Walsh, L. (2009, November 18).
 * Title. Container, pages. Publisher, Place. DOI or URL". Not a citation style: a reminder of
 * what a style will have to work with, and of what is missing.
 */
export function plainCitation(csl: CslDraft | CslItem): string {
  const names = (csl.author ?? [])
    .map((name, index) => nameForCitation(name, index === 0))
    .filter((n) => n !== '');
  const byline =
    names.length === 0
      ? '[No author]'
      : names.length === 1
        ? (names[0] ?? '')
        : `${names.slice(0, -1).join(', ')} & ${names.at(-1) ?? ''}`;
  const parts = csl.issued?.['date-parts']?.[0];
  const year = parts?.[0];
  let date = '[No date]';
  if (year !== undefined) {
    const month = parts?.[1];
    const monthName =
      typeof month === 'number' && month >= 1 && month <= 12
        ? new Date(Date.UTC(2000, month - 1, 1)).toLocaleString('en-US', { month: 'long', timeZone: 'UTC' })
        : undefined;
    // A day means nothing without its month.
    date = [
      String(year),
      monthName === undefined ? '' : [monthName, parts?.[2]].filter((p) => p !== undefined).join(' '),
    ]
      .filter((p) => p !== '')
      .join(', ');
  } else if (csl.issued?.raw !== undefined || csl.issued?.literal !== undefined) {
    date = csl.issued.raw ?? csl.issued.literal ?? date;
  }
  const sentence = (text: string): string => (/[.!?]$/.test(text) ? text : `${text}.`);
  const pieces = [`${byline} (${date}).`, sentence(csl.title?.trim() || '[No title]')];
  const container = csl['container-title']?.trim();
  if (container !== undefined && container !== '')
    pieces.push(sentence(csl.page === undefined ? container : `${container}, ${csl.page}`));
  const publisher = [csl.publisher, csl['publisher-place']].filter((p) => p !== undefined && p.trim() !== '');
  if (publisher.length > 0) pieces.push(sentence(publisher.join(', ')));
  if (csl.DOI !== undefined) pieces.push(`https://doi.org/${csl.DOI}`);
  else if (csl.URL !== undefined) pieces.push(csl.URL);
  return pieces.join(' ');
}
