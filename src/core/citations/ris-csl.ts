/**
 * A RIS record as CSL-JSON, read the way Zotero's RIS translator reads it (its tag map per item type,
 * `ris-tags.ts`; its fixes for EndNote, ProCite and Citavi exports; its rules for `PY`, `Y1` and `DA`
 * dates, `SP` and `EP` pages, names as "Last, First"), then made CSL as Zotero makes it for citeproc
 * (`zotero-types.ts`). Notes (`N1`) become the item's `annote`, keywords its `keyword`, the first web
 * address of its file links (`L1`, `L2`) its URL when `UR` gives none; local file links, addresses
 * and tags with no CSL meaning are left out.
 */
import type { CslName } from '../../shared/model';
import { writtenDateToCsl } from './reference-dates';
import type { RisRecord, RisTag } from './ris-parse';
import { DEFAULT_ITEM_TYPE, fieldOfTag, isDeprecatedTag, RIS_TYPES, tagOfField } from './ris-tags';
import { isFieldOfType, zoteroItemToCsl, type ZoteroLikeItem } from './zotero-types';

/** The item being built, with what Zotero keeps aside until the record is read. */
interface Draft extends ZoteroLikeItem {
  notes: string[];
  keywords: string[];
  /** Web addresses of the record's file links (L1, L2, L4): its URL when it gives none (UR). */
  links: string[];
  backup: {
    publicationTitle?: string;
    numPages?: string;
    endPage?: string;
    date?: { field: string; value: string };
    accessDate?: { field: string; value: string };
  };
}

/**
 * What reading a file's records learns about the file: whether it is ProCite's (known once a record
 * held ProCite's notes), which changes how the records after it are read.
 */
export interface RisFileState {
  proCite: boolean;
}

/** The CSL item of a RIS record: a loose object for the CSL schema to check. */
export function risRecordToCsl(
  record: RisRecord,
  file: RisFileState = { proCite: false },
): Record<string, unknown> {
  const tags = record.tags.map((tag) => ({ ...tag }));
  const type =
    tags
      .find((tag) => tag.tag === 'TY')
      ?.value.trim()
      .toUpperCase() ?? '';
  const draft: Draft = {
    itemType: RIS_TYPES[type] ?? DEFAULT_ITEM_TYPE,
    fields: new Map(),
    creators: [],
    notes: [],
    keywords: [],
    links: [],
    backup: {},
  };
  cleanProCite(tags, draft.itemType, file);
  // EndNote's edited books list their editors as authors.
  if (type === 'EDBOOK') for (const tag of tags) if (tag.tag === 'AU') tag.tag = 'A3';
  cleanCitavi(tags);
  const deferred: RisTag[] = [];
  for (const tag of tags) {
    if (tag.tag === 'TY' || tag.tag === 'ER') continue;
    if (!readTag(draft, tag, false)) deferred.push(tag);
  }
  for (const tag of deferred) readTag(draft, tag, true);
  complete(draft);
  const csl = zoteroItemToCsl(draft, (value) => zoteroDateToCsl(value));
  if (draft.notes.length > 0) csl['annote'] = draft.notes.join('\n\n');
  if (draft.keywords.length > 0) csl['keyword'] = draft.keywords.join(', ');
  if (typeof csl['page'] === 'string') csl['page'] = csl['page'].replace(/\s*[-‐‑‒–—]\s*/g, '–');
  // A short title that is the title is none.
  if (csl['title-short'] !== undefined && csl['title-short'] === csl['title']) delete csl['title-short'];
  return csl;
}

/** Reads one tag into the draft; false when it is a deprecated tag whose field is read later, if at all. */
function readTag(draft: Draft, tag: RisTag, allowDeprecated: boolean): boolean {
  let value: string | undefined = tag.value.trim();
  if (value === '') return false;
  if (!allowDeprecated && isDeprecatedTag(tag.tag)) return false;
  const field = fieldOfTag(draft.itemType, tag.tag) ?? 'unknown';
  const [first = '', detail] = field.split('/');
  let kind = first;
  if (tag.tag !== 'N1' && tag.tag !== 'RN' && tag.tag !== 'AB') value = unescapeHtml(value);
  switch (tag.tag) {
    case 'N1':
    case 'RN':
      // EndNote repeats the title in a note now and then.
      if (draft.fields.get('title') === value) return true;
      break;
    case 'EP': {
      const pages = draft.fields.get('pages');
      if (pages !== undefined) {
        if (!pages.includes('-')) draft.fields.set('pages', `${pages}-${value}`);
        else draft.backup.numPages = value;
      } else {
        draft.backup.endPage = value;
      }
      return true;
    }
    case 'M1':
      if (kind === 'accessDate') {
        draft.backup.accessDate = { field: kind, value: risDateToZotero(value, kind) };
        return true;
      }
      break;
    case 'M3':
      // EndNote's DOI, or a kind of work.
      if (kind === 'DOI') {
        const doi = cleanDoi(value);
        if (doi === null) kind = 'unknown';
        else value = doi;
      }
      break;
    case 'VL':
      if (kind === 'accessDate') {
        draft.backup.accessDate ??= { field: kind, value: risDateToZotero(value, kind) };
        return true;
      }
      break;
    case 'PY':
      draft.backup.date = { field: kind, value: risDateToZotero(value, kind) };
      return true;
    case 'UR':
      if (value.includes('PM:')) {
        kind = 'extra';
        value = `PMID: ${value.slice(3)}`;
      }
      break;
    default:
      break;
  }
  switch (kind) {
    case '__ignore':
      return true;
    case 'backupPublicationTitle':
      draft.backup.publicationTitle = value;
      return true;
    case 'creators':
      draft.creators.push({ creatorType: detail ?? 'author', name: risName(value) });
      return true;
    case 'date':
    case 'accessDate':
    case 'filingDate':
    case 'issueDate':
    case 'dateEnacted':
    case 'dateDecided':
      value = risDateToZotero(value, kind);
      break;
    case 'tags':
      draft.keywords.push(...value.split(/\s*(?:[\r\n]+\s*)+(?:%K\s+)?|\s*(?:;\s*)+/).filter(Boolean));
      return true;
    case 'notes':
      draft.notes.push(value);
      return true;
    case 'attachments':
      draft.links.push(...value.split('\n').filter((link) => /^https?:\/\//i.test(link.trim())));
      return true;
    case 'unsupported':
    case 'unknown':
      return true;
    default:
      break;
  }
  apply(draft, kind, value);
  return true;
}

function apply(draft: Draft, field: string, value: string | undefined): void {
  if (value === undefined || value === '') return;
  if (field === 'extra') {
    const extra = draft.fields.get('extra');
    draft.fields.set('extra', extra === undefined ? value : `${extra}\n${value}`);
  } else if (field === 'DOI') {
    // A value that holds no DOI is dropped, as Zotero drops it.
    const doi = cleanDoi(value);
    if (doi !== null) draft.fields.set('DOI', doi);
  } else if (!draft.fields.has(field)) {
    draft.fields.set(field, value);
  }
}

/** Zotero's `completeItem`: the backups used where nothing better came, a DOI cleaned, a title from ST. */
function complete(draft: Draft): void {
  const { fields, backup } = draft;
  if (backup.publicationTitle !== undefined && !fields.has('publicationTitle')) {
    fields.set('publicationTitle', backup.publicationTitle);
  }
  if (backup.numPages !== undefined && !fields.has('numPages')) fields.set('numPages', backup.numPages);
  if (backup.endPage !== undefined) {
    const pages = fields.get('pages');
    if (pages === undefined) fields.set('pages', backup.endPage);
    else if (!pages.includes('-')) fields.set('pages', `${pages}-${backup.endPage}`);
    else if (!fields.has('numPages')) fields.set('numPages', backup.endPage);
  }
  if (backup.date !== undefined) {
    const current = fields.get(backup.date.field);
    if (current === undefined) fields.set(backup.date.field, backup.date.value);
    else fields.set(backup.date.field, current.replace(/\b0000\b/, backup.date.value));
  }
  if (backup.accessDate !== undefined && !fields.has(backup.accessDate.field)) {
    fields.set(backup.accessDate.field, backup.accessDate.value);
  }
  const doi = fields.get('DOI');
  if (doi !== undefined) fields.set('DOI', cleanDoi(doi) ?? doi);
  // Nature and others give only the journal's abbreviation.
  const abbreviation = fields.get('journalAbbreviation');
  if (abbreviation !== undefined && !fields.has('publicationTitle'))
    fields.set('publicationTitle', abbreviation);
  const short = fields.get('shortTitle');
  if (short !== undefined && !fields.has('title')) fields.set('title', short);
  const link = draft.links[0]?.trim();
  if (link !== undefined && !fields.has('url')) fields.set('url', link);
  // Fields of another type's tags are dropped by Zotero: so they are here.
  for (const field of [...fields.keys()])
    if (!isFieldOfType(field, draft.itemType) && field !== 'DOI') fields.delete(field);
  if (fields.has('DOI') && !isFieldOfType('DOI', draft.itemType)) fields.delete('DOI');
  if (draft.keywords.length === 1)
    draft.keywords = (draft.keywords[0] ?? '').split(/\s*(?:,\s*)+/).filter(Boolean);
}

/** A RIS name, "Last, First" (a name without a comma is an organisation's or a single name). */
function risName(value: string): CslName {
  const family = value.split(/\s*,\s*/)[0] ?? '';
  const given = value.slice(family.length).replace(/^\s*,\s*/, '');
  if (given === '') return { literal: family };
  return { family, given };
}

/**
 * Zotero's reading of a RIS date: `YYYY/MM/DD/other` with all but the year optional and zeros as
 * unknown parts, made `YYYY-MM-DD`; a month and day without a year (as EndNote suggests for `DA`)
 * marked `0000 Month Day` for `PY` to fill in; an access date given a time when it has one.
 */
export function risDateToZotero(value: string, field: string): string {
  const match = /^(\d+)(?:\/(\d{0,2})(?:\/(\d{0,2})(?:(?:\/|\s)([^/]*))?)?)?$/.exec(value);
  let parts: string[];
  let time: RegExpExecArray | null = null;
  if (match !== null) {
    parts = [match[1] ?? '', match[2] ?? '', match[3] ?? ''];
    if (field === 'accessDate' && match[4] !== undefined) {
      time = /\b([0-2]?[1-9]):(\d{2})(?::(\d{2}))\s*(am|pm)?/i.exec(match[4]);
    }
  } else {
    const year = /\b\d{4}\b/.exec(value);
    const day = /\b(?:[1-3]\d|[1-9])\b/.exec(value);
    const word = /[A-Za-z]+/.exec(value);
    if (year === null && word !== null) return `0000 ${word[0]}${day === null ? '' : ` ${day[0]}`}`;
    if (field !== 'accessDate') return value;
    const written = writtenDateToCsl(value)['date-parts']?.[0];
    if (written === undefined) return value;
    parts = written.map(String);
  }
  // Unknown parts are written as 0: drop them and all that follow.
  const known: string[] = [];
  for (const part of parts) {
    const trimmed = part.replace(/^0+/, '');
    if (trimmed === '') break;
    known.push(trimmed);
  }
  if (known.length === 0) return '';
  const [year = '', month, day] = known;
  const pad = (text: string, width: number) => text.padStart(width, '0');
  if (field === 'accessDate') {
    const date = `${pad(year, 4)}-${pad(month ?? '1', 2)}-${pad(day ?? '1', 2)}`;
    if (time === null) return date;
    let hour = Number(time[1]);
    if (time[4]?.toLowerCase() === 'pm' && hour < 12) hour += 12;
    if (time[4]?.toLowerCase() === 'am' && hour === 12) hour = 0;
    return `${date} ${pad(String(hour), 2)}:${time[2] ?? '00'}:${time[3] ?? '00'}`;
  }
  return `${pad(year, 4)}${month === undefined ? '' : `-${pad(month, 2)}${day === undefined ? '' : `-${pad(day, 2)}`}`}`;
}

/** A date Zotero keeps as text, as a CSL date: parts when it reads as a date, else a literal. */
export function zoteroDateToCsl(value: string): unknown {
  return writtenDateToCsl(value.replace(/^(\d{4}-\d{2}-\d{2}) \d{2}:\d{2}:\d{2}$/, '$1'));
}

/** A DOI found in `value` (`10.…/…`), or null. */
function cleanDoi(value: string): string | null {
  const match = /10\.\d{4,9}\/[^\s"<>]+/.exec(value);
  return match === null ? null : match[0].replace(/[.,;]$/, '');
}

const ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00A0',
};

/** HTML entities in a value written by a web database (`&amp;`, `&#8211;`) as characters. */
function unescapeHtml(value: string): string {
  if (!value.includes('&')) return value;
  return value.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, body: string) => {
    if (body.startsWith('#x') || body.startsWith('#X'))
      return String.fromCodePoint(Number.parseInt(body.slice(2), 16));
    if (body.startsWith('#')) return String.fromCodePoint(Number(body.slice(1)));
    return ENTITIES[body.toLowerCase()] ?? entity;
  });
}

/**
 * ProCite writes what RIS has no tag for as notes, `N1  - Label: value`: they are put back as the
 * tags they stand for (roles of the authors before them, call numbers, editions…), as Zotero does.
 */
function cleanProCite(tags: RisTag[], itemType: string, file: RisFileState): void {
  const noteValue = (tag: RisTag) =>
    tag.tag === 'N1' ? /^([A-Za-z,\s]+)\s*:\s*([\s\S]*)$/.exec(tag.value.trim()) : null;
  const type = tags
    .find((tag) => tag.tag === 'TY')
    ?.value.trim()
    .toUpperCase();
  const all = (name: string) => tags.filter((tag) => tag.tag === name);
  // In a ProCite file, a book's or chapter's VL is its edition.
  if (file.proCite && (type === 'CHAP' || type === 'BOOK')) for (const tag of all('VL')) tag.tag = 'ET';
  const retag = (index: number, to: string | null) => {
    file.proCite = true;
    const tag = tags[index];
    if (tag === undefined) return;
    if (to === null) tags.splice(index, 1);
    else tag.tag = to;
  };
  for (let index = 0; index < tags.length; index += 1) {
    const tag = tags[index];
    const match = tag === undefined ? null : noteValue(tag);
    if (tag === undefined || match === null) continue;
    const label = match[1] ?? '';
    const value = match[2] ?? '';
    if (label === 'Author, Subsidiary' || label === 'Author, Monographic') {
      const has = (name: string) => tags.some((other) => other.tag === name);
      const to = has('A1') ? (has('A2') ? 'A3' : 'A2') : 'A1';
      const authors = value.split(/;\s*/);
      retag(index, to);
      tag.value = procedeAuthor(authors[0] ?? '');
      for (const [offset, author] of authors.slice(1).entries()) {
        tags.splice(index + 1 + offset, 0, { tag: to, value: author, line: tag.line });
      }
      index += authors.length - 1;
    } else if (/Role$/.test(label)) {
      const roles = value
        .toLowerCase()
        .replace(/s\b|\.|\s+by\b|with an\s*/g, '')
        .split(/\s*(?:,|and)\s*/);
      const targets: string[] = [];
      let failed = false;
      for (const role of roles) {
        const creator = PROCITE_ROLES[role];
        if (creator === undefined) continue;
        const target = tagOfField(itemType, `creators/${creator}`);
        if (target === null) {
          failed = true;
          break;
        }
        if (!targets.includes(target)) targets.push(target);
      }
      if (failed || targets.length === 0) continue;
      // The authors just before the role take it (one role: their tag is changed).
      let changed = false;
      let run: string | undefined;
      for (let back = index - 1; back >= 0; back -= 1) {
        const before = tags[back];
        if (before === undefined || (run !== undefined && before.tag !== run)) break;
        if (!['A1', 'A2', 'A3'].includes(before.tag)) break;
        run = before.tag;
        before.tag = targets[0] ?? before.tag;
        for (const extra of targets.slice(1)) tags.splice(back + 1, 0, { ...before, tag: extra });
        changed = true;
      }
      if (changed) {
        retag(index, null);
        index -= 1;
      }
    } else if (label === 'Record ID' || label === 'Record Number') {
      retag(index, 'ID');
      tag.value = value;
    } else if (label === 'Notes') {
      tag.value = value;
    } else if (label === 'Connective Phrase') {
      if (value.trim().toLowerCase() === 'in') {
        retag(index, null);
        index -= 1;
      }
    } else if (PROCITE_FIELDS[label] !== undefined) {
      const target = tagOfField(itemType, PROCITE_FIELDS[label] ?? '');
      if (target === null) continue;
      retag(index, target);
      tag.value = value;
    }
  }
  if (!file.proCite) return;
  if (type === 'CHAP') {
    const order = ['T3', 'T2', 'TI'];
    for (const tag of tags) {
      if (order.length === 0) break;
      if (['TI', 'T1', 'T2', 'T3'].includes(tag.tag)) tag.tag = order.pop() ?? tag.tag;
    }
  }
  if (type === 'BOOK') for (const tag of all('IS')) tag.tag = 'VL';
  const volumes = all('VL');
  if ((type === 'CHAP' || type === 'BOOK') && volumes.length > 1 && volumes[0] !== undefined)
    volumes[0].tag = 'ET';
  if (type === 'COMP') for (const tag of all('IS')) tag.tag = 'ET';
  if (type === 'BILL') {
    for (const tag of all('CY')) tag.tag = 'T2';
    for (const tag of all('VL')) tag.tag = 'M1';
    for (const tag of all('SP')) tag.tag = 'SE';
  }
  if (type === 'ART') for (const tag of all('M1')) tag.tag = 'M3';
}

/** ProCite's "First Last" as RIS's "Last, First". */
function procedeAuthor(author: string): string {
  const trimmed = author.trim();
  if (trimmed.includes(',') || !trimmed.includes(' ')) return author;
  const at = trimmed.lastIndexOf(' ');
  return `${trimmed.slice(at + 1)}, ${trimmed.slice(0, at)}`;
}

const PROCITE_ROLES: Readonly<Record<string, string>> = {
  actor: 'castMember',
  author: 'author',
  cartographer: 'cartographer',
  composer: 'composer',
  composed: 'composer',
  director: 'director',
  directed: 'director',
  performer: 'performer',
  performed: 'performer',
  producer: 'producer',
  produced: 'producer',
  editor: 'editor',
  ed: 'editor',
  edited: 'editor',
  'editor-in-chief': 'editor',
  compiler: 'editor',
  compiled: 'editor',
  collected: 'editor',
  assembled: 'editor',
  presenter: 'presenter',
  presented: 'presenter',
  translator: 'translator',
  translated: 'translator',
  introduction: 'contributor',
};

const PROCITE_FIELDS: Readonly<Record<string, string>> = {
  'Call Number': 'callNumber',
  Edition: 'edition',
  ISBN: 'ISBN',
  Language: 'language',
  'Publisher Name': 'publisher',
  'Series Title': 'series',
  'Proceedings Title': 'proceedingsTitle',
  'Page(s)': 'pages',
  'Volume ID': 'volume',
  'Issue ID': 'issue',
  'Issue Identification': 'issue',
  'Series Volume ID': 'seriesNumber',
  Scale: 'scale',
  'Place of Publication': 'place',
  Histroy: 'history',
  Size: 'artworkSize',
};

/**
 * Citavi lists libraries and call numbers as H1 and H2 tags: the first pair becomes the record's
 * library catalogue (DP) and call number (CN), unless it has those.
 */
function cleanCitavi(tags: RisTag[]): void {
  if (tags.some((tag) => tag.tag === 'CN' || tag.tag === 'DP')) return;
  const h1 = tags.some((tag) => tag.tag === 'H1');
  const h2 = tags.find((tag) => tag.tag === 'H2');
  if (!h1) {
    if (h2 !== undefined) h2.tag = 'CN';
    return;
  }
  for (let index = 0; index < tags.length - 1; index += 1) {
    const first = tags[index];
    const second = tags[index + 1];
    if (first?.tag === 'H1' && second?.tag === 'H2') {
      first.tag = 'DP';
      second.tag = 'CN';
      return;
    }
  }
}
