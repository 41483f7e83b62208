/**
 * Reading Taguette's highlights CSV (its "Export highlights" as CSV, and Scholia's own, written by
 * `taguette-csv.ts`): the columns `id,document,tag,content`, one row per highlight and tag, so a
 * highlight with several tags is several rows with one id. Each highlight becomes a passage found by
 * its quote (`content`) in the document its title names (`document`), with every tag its rows give;
 * a tag is a path of names with `.` between them, as Taguette names sub-tags. Taguette writes a
 * highlight's text as HTML, Scholia as plain text: tags are dropped and entities decoded, so both
 * read alike. The file records no position or context, so a quote that occurs twice in its document
 * is placed at the occurrence the matcher finds first.
 */
import type { IncomingAnnotation, UnreadableAnnotation } from './annotation-import';
import { TAGUETTE_PATH_SEPARATOR } from './taguette-csv';

/** Taguette's header row, in order. */
const COLUMNS = ['id', 'document', 'tag', 'content'];

/** Scholia's annotation ids: a highlight exported from Scholia keeps its id through a round trip. */
const SCHOLIA_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The records of a CSV text (RFC 4180: fields in double quotes may hold commas, line ends and doubled
 * quotes). A last empty line ends the file rather than adding a record.
 */
export function csvRecords(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let index = 0;
  const endField = () => {
    record.push(field);
    field = '';
  };
  const endRecord = () => {
    endField();
    records.push(record);
    record = [];
  };
  while (index < text.length) {
    const char = text[index] as string;
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        field += '"';
        index += 2;
        continue;
      }
      if (char === '"') quoted = false;
      else field += char;
      index += 1;
      continue;
    }
    if (char === '"' && field === '') quoted = true;
    else if (char === ',') endField();
    else if (char === '\r' || char === '\n') {
      endRecord();
      if (char === '\r' && text[index + 1] === '\n') index += 1;
    } else field += char;
    index += 1;
  }
  if (field !== '' || record.length > 0) endRecord();
  return records;
}

/** Whether the first row of `content` is exactly Taguette's header (case aside, a BOM allowed). */
export function isTaguetteCsv(content: string): boolean {
  // The header is short: a first line longer than this is not Taguette's, and is not read on.
  const firstLine = /^[^\r\n]*/.exec(content.slice(0, 1024).replace(/^\uFEFF/, ''))?.[0] ?? '';
  const [header] = csvRecords(firstLine);
  return (
    header !== undefined &&
    header.length === COLUMNS.length &&
    header.every((cell, index) => cell.trim().toLowerCase() === COLUMNS[index])
  );
}

/**
 * A field as it was before Scholia's CSV writer defused it (`open-formats.ts`: a `'` before a leading
 * `=`, `+`, `-`, `@`, tab or carriage return, so a spreadsheet does not run it as a formula).
 */
function undefused(value: string): string {
  return /^'[=+\-@\t\r]/.test(value) ? value.slice(1) : value;
}

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  ndash: '–',
  mdash: '—',
  hellip: '…',
};

/**
 * The plain text of a highlight as Taguette writes it (an HTML fragment): a paragraph's end is a blank
 * line, as between Scholia's paragraphs, a `<br>` a line end; other tags are dropped and entities
 * decoded. Plain text without tags or entities comes back as it is.
 */
export function htmlToText(html: string): string {
  if (!/<[a-z/!][^>]*>|&(#\d+|#x[0-9a-f]+|[a-z]+);/i.test(html)) return html;
  return html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|h[1-6]|li|blockquote)>\s*/gi, '\n\n')
    .replace(/<[a-z/!][^>]*>/gi, '')
    .replace(/&(#\d+|#x[0-9a-f]+|[a-z]+);/gi, (entity: string, name: string) => {
      if (!name.startsWith('#')) return NAMED_ENTITIES[name.toLowerCase()] ?? entity;
      const hex = name[1] === 'x' || name[1] === 'X';
      const code = hex ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
      // A number that names no character is left as written.
      return code <= 0x10ffff ? String.fromCodePoint(code) : entity;
    })
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** A tag path as names: split at Taguette's separator, empty names left out. */
function tagPath(tag: string): string[] {
  return tag
    .split(TAGUETTE_PATH_SEPARATOR)
    .map((name) => name.trim())
    .filter((name) => name !== '');
}

/** The highlights of a Taguette highlights CSV, one per id, in the order their first rows come. */
export function parseTaguetteCsv(content: string): (IncomingAnnotation | UnreadableAnnotation)[] {
  const [, ...rows] = csvRecords(content.replace(/^\uFEFF/, ''));
  const byId = new Map<string, { row: number; document: string; content: string; tags: string[][] }>();
  const items: (IncomingAnnotation | UnreadableAnnotation | string)[] = [];
  for (const [index, cells] of rows.entries()) {
    // A blank line between rows holds nothing.
    if (cells.length === 1 && cells[0]?.trim() === '') continue;
    const row = index + 2;
    const [id = '', document = '', tag = '', text = ''] = cells.map(undefused);
    const key = id.trim() === '' ? `row ${String(row)}` : id.trim();
    if (cells.length < COLUMNS.length) {
      items.push({
        key,
        quote: '',
        reason: `row ${String(row)} has ${String(cells.length)} of Taguette’s 4 columns (id, document, tag, content)`,
      });
      continue;
    }
    const known = byId.get(key);
    const path = tagPath(tag);
    if (known !== undefined) {
      if (path.length > 0 && !known.tags.some((other) => other.join('\u0000') === path.join('\u0000'))) {
        known.tags.push(path);
      }
      continue;
    }
    byId.set(key, {
      row,
      document: document.trim(),
      content: htmlToText(text),
      tags: path.length > 0 ? [path] : [],
    });
    items.push(key);
  }
  return items.map((item) => {
    if (typeof item !== 'string') return item;
    const highlight = byId.get(item);
    if (highlight === undefined) throw new Error(`The highlight ${item} was read but not kept.`);
    if (highlight.content.trim() === '') {
      return {
        key: item,
        quote: '',
        reason: `row ${String(highlight.row)} has no highlighted text (its content is empty)`,
      };
    }
    return {
      key: item,
      id: SCHOLIA_ID.test(item) ? item.toLowerCase() : null,
      exact: highlight.content,
      prefix: '',
      suffix: '',
      position: null,
      positionUnit: 'utf-16',
      comment: '',
      tags: highlight.tags,
      color: null,
      motivation: 'highlighting',
      created: null,
      modified: null,
      source: {
        hash: null,
        documentId: null,
        url: null,
        ...(highlight.document === '' ? {} : { title: highlight.document }),
      },
    } satisfies IncomingAnnotation;
  });
}
