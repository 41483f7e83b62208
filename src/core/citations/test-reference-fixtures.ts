/**
 * Test support: the reference files of public test suites in `tests/fixtures/references/` (Zotero's
 * RIS and BibTeX translators' test cases, Better BibTeX's import fixtures), each with the items Zotero
 * expects from it, and a comparison of CSL items with those, field by field. Zotero's items are turned
 * into CSL the way Zotero does it (its schema's CSL mappings: item type, base fields, creator types,
 * `Key: value` lines of Extra). Used only by `*.test.ts` files.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** One case of a suite: a reference file and the items Zotero (or Better BibTeX) reads from it. */
export interface ReferenceFixture {
  readonly suite: 'zotero-ris' | 'zotero-bibtex' | 'better-bibtex';
  /** The file's name in the suite's folder, without its extension. */
  readonly name: string;
  readonly format: 'ris' | 'bibtex';
  readonly text: string;
  readonly expected: readonly ZoteroItem[];
}

/** An item in Zotero's JSON, as the test cases give it. */
export interface ZoteroItem {
  readonly itemType: string;
  readonly creators?: readonly ZoteroCreator[];
  readonly citationKey?: string;
  readonly [field: string]: unknown;
}

interface ZoteroCreator {
  readonly creatorType: string;
  readonly firstName?: string;
  readonly lastName?: string;
  readonly name?: string;
  readonly fieldMode?: number;
}

interface ZoteroSchema {
  types: Record<string, { fields: Record<string, string>; creators: string[]; primary?: string }>;
  csl: {
    types: Record<string, string[]>;
    fields: { text: Record<string, string[]>; date: Record<string, string> };
    names: Record<string, string>;
  };
}

const ROOT = fileURLToPath(new URL('../../../tests/fixtures/references/', import.meta.url));

const SUITES = [
  { suite: 'zotero-ris', folder: 'zotero-translators/ris', extension: '.ris', format: 'ris' },
  { suite: 'zotero-bibtex', folder: 'zotero-translators/bibtex', extension: '.bib', format: 'bibtex' },
  { suite: 'better-bibtex', folder: 'better-bibtex', extension: '.bib', format: 'bibtex' },
] as const;

/** Every case of every suite, in suite and file order. */
export function referenceFixtures(): ReferenceFixture[] {
  return SUITES.flatMap(({ suite, folder, extension, format }) =>
    readdirSync(`${ROOT}${folder}`)
      .filter((file) => file.endsWith(extension))
      .sort()
      .map((file) => {
        const name = file.slice(0, -extension.length);
        return {
          suite,
          name,
          format,
          text: readFileSync(`${ROOT}${folder}/${file}`, 'utf8'),
          expected: JSON.parse(readFileSync(`${ROOT}${folder}/${name}.json`, 'utf8')) as ZoteroItem[],
        };
      }),
  );
}

let schema: ZoteroSchema | undefined;

function zoteroSchema(): ZoteroSchema {
  schema ??= JSON.parse(readFileSync(`${ROOT}zotero-translators/zotero-schema.json`, 'utf8')) as ZoteroSchema;
  return schema;
}

/** The CSL variables compared: those a citation prints, of every kind of work. */
export const COMPARED_TEXT = [
  'type',
  'title',
  'title-short',
  'container-title',
  'container-title-short',
  'collection-title',
  'collection-number',
  'event-title',
  'publisher',
  'publisher-place',
  'volume',
  'issue',
  'page',
  'number-of-pages',
  'number-of-volumes',
  'edition',
  'number',
  'section',
  'genre',
  'medium',
  'version',
  'DOI',
  'ISBN',
  'ISSN',
  'URL',
  'language',
  'abstract',
  'archive',
  'archive_location',
  'call-number',
] as const;

const COMPARED_DATES = ['issued', 'accessed'] as const;

const COMPARED_NAMES = [
  'author',
  'editor',
  'translator',
  'container-author',
  'collection-editor',
  'director',
  'recipient',
  'interviewer',
  'reviewed-author',
  'composer',
  'contributor',
  'performer',
  'producer',
  'guest',
  'script-writer',
] as const;

/** The fields whose case Better BibTeX changes on import (it makes titles sentence case). */
const TITLES = new Set(['title', 'title-short', 'container-title', 'collection-title', 'event-title']);

/** Extra's `Key: value` lines Zotero reads as CSL variables, by their key in lower case. */
const EXTRA_KEYS = new Map(
  [...COMPARED_TEXT, ...COMPARED_DATES].map((variable) => [variable.toLowerCase(), variable]),
);

/** `item` as Zotero would give it to citeproc: the compared CSL variables, each as comparable text. */
export function expectedCsl(item: ZoteroItem): Map<string, string> {
  const { types, csl } = zoteroSchema();
  const type = types[item.itemType];
  const fields = new Map<string, string>();
  const cslType = Object.entries(csl.types).find(([, list]) => list.includes(item.itemType))?.[0];
  if (cslType !== undefined) fields.set('type', cslType);
  // A field stands for its base field (bookTitle for publicationTitle, institution for publisher…).
  const valueOf = (base: string): string | undefined => {
    for (const [field, value] of Object.entries(item)) {
      if (typeof value !== 'string' || value.trim() === '') continue;
      if (field === base || type?.fields[field] === base) return value;
    }
    return undefined;
  };
  for (const [variable, list] of Object.entries(csl.fields.text)) {
    if (!(COMPARED_TEXT as readonly string[]).includes(variable)) continue;
    for (const field of list) {
      const value = valueOf(field);
      if (value !== undefined) {
        fields.set(variable, text(variable, value));
        break;
      }
    }
  }
  if (item.journalAbbreviation !== undefined && typeof item.journalAbbreviation === 'string') {
    fields.set('container-title-short', text('container-title-short', item.journalAbbreviation));
  }
  for (const [variable, field] of Object.entries(csl.fields.date)) {
    if (!(COMPARED_DATES as readonly string[]).includes(variable)) continue;
    const value = valueOf(field);
    if (value !== undefined) fields.set(variable, dateText(value));
  }
  const names = new Map<string, string[]>();
  for (const creator of item.creators ?? []) {
    const variable = creator.creatorType === type?.primary ? 'author' : csl.names[creator.creatorType];
    if (variable === undefined) continue;
    const name =
      creator.name ??
      (creator.fieldMode === 1 ? (creator.lastName ?? '') : personText(creator.lastName, creator.firstName));
    names.set(variable, [...(names.get(variable) ?? []), normalText(name)]);
  }
  for (const [variable, list] of names) fields.set(variable, list.join('; '));
  const extra = Array.isArray(item.extra)
    ? item.extra.join('\n')
    : typeof item.extra === 'string'
      ? item.extra
      : '';
  for (const line of extra.split('\n')) {
    const match = /^([A-Za-z][A-Za-z _-]*):\s*(.+)$/.exec(line.trim());
    const variable =
      match === null ? undefined : EXTRA_KEYS.get((match[1] ?? '').trim().toLowerCase().replace(/ /g, '-'));
    if (variable === undefined || fields.has(variable)) continue;
    const value = match?.[2] ?? '';
    fields.set(
      variable,
      (COMPARED_DATES as readonly string[]).includes(variable) ? dateText(value) : text(variable, value),
    );
  }
  return fields;
}

/** A CSL item's compared variables, each as comparable text (as {@link expectedCsl} makes them). */
export function actualCsl(item: Record<string, unknown>): Map<string, string> {
  const fields = new Map<string, string>();
  for (const variable of COMPARED_TEXT) {
    const value = item[variable];
    if ((typeof value === 'string' && value.trim() !== '') || typeof value === 'number') {
      fields.set(variable, text(variable, String(value)));
    }
  }
  for (const variable of COMPARED_DATES) {
    const value = item[variable];
    if (typeof value === 'object' && value !== null) {
      const date = cslDateText(value as Record<string, unknown>);
      if (date !== '') fields.set(variable, date);
    }
  }
  for (const variable of COMPARED_NAMES) {
    const value = item[variable];
    if (!Array.isArray(value) || value.length === 0) continue;
    fields.set(
      variable,
      value
        .map((name: Record<string, string | undefined>) => {
          if (name['literal'] !== undefined) return normalText(name['literal']);
          const family = [name['non-dropping-particle'], name['family']].filter(Boolean).join(' ');
          const given = [name['given'], name['dropping-particle']].filter(Boolean).join(' ');
          const suffix = name['suffix'];
          return normalText(personText(family, suffix === undefined ? given : `${given}, ${suffix}`));
        })
        .join('; '),
    );
  }
  return fields;
}

function personText(family: string | undefined, given: string | undefined): string {
  const last = (family ?? '').trim();
  const first = (given ?? '').trim();
  return first === '' ? last : `${last}, ${first}`;
}

/** Text as compared: rich-text tags Zotero keeps in titles removed, blank space folded, dashes alike in pages. */
function text(variable: string, value: string): string {
  const plain = normalText(value);
  return variable === 'page' ? plain.replace(/[\u2010-\u2015]/g, '-') : plain;
}

function normalText(value: string): string {
  return value
    .normalize('NFC')
    .replace(/<\/?(?:i|b|sup|sub|sc)>|<(?:span|a)\b[^>]*>|<\/(?:span|a)>/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * A date as compared: `YYYY`, `YYYY-MM` or `YYYY-MM-DD` when it is one (ISO, or a day, month name and
 * year in any order, a time after it ignored), else its text.
 */
function dateText(value: string): string {
  const raw = normalText(value);
  const iso = /^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?(?:[ T]\d{2}:\d{2}(?::\d{2})?Z?)?$/.exec(raw);
  if (iso !== null)
    return datePartsText([iso[1], iso[2], iso[3]].map((part) => (part === undefined ? 0 : Number(part))));
  let year = 0;
  let month = 0;
  let day = 0;
  for (const token of raw
    .toLowerCase()
    .split(/[\s,./]+/)
    .filter(Boolean)) {
    const name = MONTHS.findIndex((prefix) => token.startsWith(prefix));
    if (/^\d{4}$/.test(token) && year === 0) year = Number(token);
    else if (/^\d{1,2}$/.test(token) && day === 0) day = Number(token);
    else if (name >= 0 && month === 0 && /^[a-z]+$/.test(token)) month = name + 1;
    else return raw;
  }
  return year === 0 ? raw : datePartsText([year, month, month === 0 ? 0 : day]);
}

function datePartsText(parts: readonly number[]): string {
  const [year = 0, month = 0, day = 0] = parts;
  if (year === 0) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${String(year).padStart(4, '0')}${month > 0 ? `-${pad(month)}${day > 0 ? `-${pad(day)}` : ''}` : ''}`;
}

function cslDateText(date: Record<string, unknown>): string {
  const parts = date['date-parts'];
  if (Array.isArray(parts) && parts.length > 0) {
    return (parts as unknown[][]).map((range) => datePartsText(range.map((part) => Number(part)))).join('/');
  }
  const literal = date['literal'] ?? date['raw'];
  return typeof literal === 'string' ? dateText(literal) : '';
}

/** How one expected item compared with the item read. */
export interface ItemComparison {
  readonly fixture: string;
  readonly title: string;
  /** Compared fields: those either side has. */
  readonly fields: number;
  readonly right: number;
  /** Each field that differs: what Zotero expects, what was read (`undefined`: none). */
  readonly differences: readonly { field: string; expected?: string; actual?: string }[];
}

/**
 * The items read from `fixture` (`actual`) compared with its expected ones: by citation key where the
 * suite gives one, else in order, an item read being skipped when the next one has the expected title.
 */
export function compareFixture(
  fixture: ReferenceFixture,
  actual: readonly Record<string, unknown>[],
): ItemComparison[] {
  const byKey = new Map(
    actual.map((item) => [typeof item['citation-key'] === 'string' ? item['citation-key'] : '', item]),
  );
  let next = 0;
  return fixture.expected.map((item) => {
    const expected = expectedCsl(item);
    let read: Record<string, unknown> | undefined;
    if (item.citationKey !== undefined) read = byKey.get(item.citationKey);
    if (read === undefined) {
      const title = expected.get('title');
      const ahead = actual
        .slice(next, next + 4)
        .findIndex((candidate) => actualCsl(candidate).get('title') === title);
      next += Math.max(0, ahead);
      read = actual[next];
      next += 1;
    }
    const got = read === undefined ? new Map<string, string>() : actualCsl(read);
    const differences: { field: string; expected?: string; actual?: string }[] = [];
    // Zotero's test runner removes access dates from the items it records: its suites have none.
    if (fixture.suite !== 'better-bibtex') got.delete('accessed');
    const keys = new Set([...expected.keys(), ...got.keys()]);
    for (const field of keys) {
      const want = expected.get(field);
      const have = got.get(field);
      const same =
        fixture.suite === 'better-bibtex' && TITLES.has(field)
          ? want?.toLowerCase() === have?.toLowerCase()
          : want === have;
      if (!same) differences.push({ field, expected: want, actual: have });
    }
    return {
      fixture: `${fixture.suite}/${fixture.name}`,
      title: expected.get('title') ?? '',
      fields: keys.size,
      right: keys.size - differences.length,
      differences,
    };
  });
}

/** Items fully right of all items, and fields right of all fields, over some comparisons. */
export function scoreOf(comparisons: readonly ItemComparison[]): {
  items: number;
  itemsRight: number;
  fields: number;
  fieldsRight: number;
} {
  return {
    items: comparisons.length,
    itemsRight: comparisons.filter((comparison) => comparison.differences.length === 0).length,
    fields: comparisons.reduce((sum, comparison) => sum + comparison.fields, 0),
    fieldsRight: comparisons.reduce((sum, comparison) => sum + comparison.right, 0),
  };
}
