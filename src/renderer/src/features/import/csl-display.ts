/**
 * CSL fields and values as the import report shows them in a proposal's table: a field by the name
 * the metadata editor gives it, names as "Family, Given; …", dates as ISO 8601, other values as text.
 */
import { CslDateSchema, CslNameSchema, type CslDate, type CslName } from '../../../../shared/model';

const FIELD_LABELS: Readonly<Record<string, string>> = {
  type: 'Type',
  title: 'Title',
  'title-short': 'Short title',
  author: 'Authors',
  editor: 'Editors',
  translator: 'Translators',
  'collection-editor': 'Series editors',
  'container-author': 'Authors of the container',
  issued: 'Date published',
  accessed: 'Date accessed',
  'original-date': 'Date first published',
  'container-title': 'Published in',
  'container-title-short': 'Published in (short)',
  'collection-title': 'Series',
  'collection-number': 'Number in series',
  publisher: 'Publisher',
  'publisher-place': 'Place',
  edition: 'Edition',
  volume: 'Volume',
  issue: 'Issue',
  number: 'Number',
  page: 'Pages',
  'number-of-pages': 'Number of pages',
  genre: 'Genre',
  URL: 'URL',
  DOI: 'DOI',
  ISBN: 'ISBN',
  ISSN: 'ISSN',
  language: 'Language',
  abstract: 'Abstract',
  note: 'Note',
  keyword: 'Keywords',
  'citation-key': 'Citation key',
};

/** What the report calls CSL field `field`: the editor's label ("Published in"), else the field's own name. */
export function fieldLabel(field: string): string {
  return FIELD_LABELS[field] ?? field;
}

/** The CSL fields whose values are lists of names. */
const NAME_FIELDS = new Set([
  'author',
  'editor',
  'translator',
  'collection-editor',
  'container-author',
  'composer',
  'director',
  'editorial-director',
  'illustrator',
  'interviewer',
  'recipient',
  'reviewed-author',
]);

/** The CSL fields whose values are dates. */
const DATE_FIELDS = new Set(['issued', 'accessed', 'original-date', 'event-date', 'submitted']);

/** One name, family name first: "Walsh, Lynn", "de Gaulle, Charles", an organisation's one name. */
export function nameText(name: CslName): string {
  if (name.literal !== undefined && name.family === undefined) return name.literal;
  const family = [name['non-dropping-particle'], name.family].filter(Boolean).join(' ');
  const given = [name.given, name['dropping-particle']].filter(Boolean).join(' ');
  const parts = [family, given, name.suffix].filter((part) => part !== undefined && part !== '');
  return parts.join(', ');
}

function datePartsText(parts: readonly unknown[]): string {
  const [year, month, day] = parts.map((part) => String(part));
  const pad = (part: string | undefined): string | undefined =>
    part === undefined ? undefined : /^\d$/.test(part) ? `0${part}` : part;
  return [year, pad(month), pad(day)].filter((part) => part !== undefined).join('-');
}

/** A CSL date as ISO 8601: "2026-02-15", "2026-02", a range "2009/2010"; a raw or literal date as written. */
export function dateText(date: CslDate): string {
  const parts = date['date-parts'];
  let text: string;
  if (parts !== undefined && parts.length > 0) text = parts.map(datePartsText).join('/');
  else text = date.raw ?? date.literal ?? '';
  const circa = date.circa !== undefined && date.circa !== false && date.circa !== 0;
  return circa && text !== '' ? `circa ${text}` : text;
}

/** Value `value` of CSL field `field` as one line of text; '' for a value that says nothing. */
export function cslValueText(field: string, value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (NAME_FIELDS.has(field) && Array.isArray(value)) {
    const names = value.map((name) => CslNameSchema.safeParse(name));
    if (names.every((name) => name.success))
      return names
        .map((name) => nameText(name.data))
        .filter((name) => name !== '')
        .join('; ');
  }
  if (DATE_FIELDS.has(field)) {
    const date = CslDateSchema.safeParse(value);
    if (date.success) return dateText(date.data);
  }
  if (Array.isArray(value) && value.every((item) => typeof item === 'string' || typeof item === 'number'))
    return value.join('; ');
  return JSON.stringify(value);
}

/** How many characters of a value the table shows; the rest is in the cell's title. */
export const SHOWN_VALUE_LENGTH = 120;

/** How many characters of a long value its title holds (an abstract may be 100,000). */
const TITLE_LENGTH = 2_000;

/** A value cut for a table cell: the `shown` text, and the `full` text when it was cut (for a title attribute). */
export function shortValue(
  text: string,
  max = SHOWN_VALUE_LENGTH,
): { readonly shown: string; readonly full?: string } {
  const chars = Array.from(text);
  if (chars.length <= max) return { shown: text };
  const full = chars.length > TITLE_LENGTH ? `${chars.slice(0, TITLE_LENGTH).join('')}…` : text;
  return {
    shown: `${chars
      .slice(0, max - 1)
      .join('')
      .trimEnd()}…`,
    full,
  };
}
