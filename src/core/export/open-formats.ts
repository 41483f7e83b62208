/**
 * The bibliography and the codebook in open formats other programs read: CSL-JSON, BibTeX and biblatex
 * (`bibtex-write.ts`), RIS (`ris-write.ts`), and CSV of the passages and of the codebook.
 *
 * CSV follows RFC 4180 (CRLF line ends; a field with a comma, quote or line break is quoted, its quotes
 * doubled) and is safe to open in a spreadsheet: a cell that starts with `=`, `+`, `-`, `@`, a tab or a
 * carriage return is prefixed with `'` so it is never run as a formula.
 */
import { tagPath, tagPaths } from '../../shared/codebook';
import { DEFAULT_RELATIONS, relationLabel } from '../../shared/links';
import type { CslItem, DocumentMeta } from '../../shared/model';
import { displayTitle } from '../../shared/model';
import { runSteps, type Steps } from '../util/sliced-work';
import { bibKey, writeBib } from './bibtex-write';
import { passageLocation, quoteLine } from './markdown';
import type { ExportReferences } from './references';
import { writeRis } from './ris-write';
import { passageLinks, textOrder, type ExportLinkEnd, type ExportSnapshot } from './snapshot';

/**
 * A document's citation key: its own `citation-key` (with any character BibTeX cannot take in a key
 * made `_`), else one made like `Doyle2009collapse` from the first author's (or editor's) family name,
 * the year and the first title word of four letters or more, in ASCII (accents dropped, Cyrillic
 * transliterated); `scholia-<id>` when none of these gives a letter.
 */
export function citationKey(meta: DocumentMeta): string {
  const csl = meta.csl;
  const existing = csl['citation-key'];
  if (typeof existing === 'string' && existing.trim() !== '')
    return bibKey({ id: meta.id, 'citation-key': existing });
  const name = csl.author?.[0] ?? csl.editor?.[0];
  const family = asciiWord(name?.family ?? name?.literal ?? '');
  const year = csl.issued?.['date-parts']?.[0]?.[0];
  const words = asciiLetters(csl.title ?? '')
    .split(/\s+/)
    .filter((word) => word.length > 3 || /^\d+$/.test(word));
  const titleWord = asciiWord(words[0] ?? '').toLowerCase();
  const key = `${family}${year === undefined ? '' : String(year)}${titleWord}`;
  return /[A-Za-z]/.test(key) ? key : `scholia-${meta.id.slice(0, 8)}`;
}

/** Cyrillic letters in ASCII (the Library of Congress romanisation without its diacritics). */
// prettier-ignore
const CYRILLIC: Readonly<Record<string, string>> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'i', к: 'k',
  л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts',
  ч: 'ch', ш: 'sh', щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'iu', я: 'ia', і: 'i', ї: 'i', є: 'ie',
  ґ: 'g', ў: 'u',
};

/** Latin letters that decomposing does not reduce to ASCII. */
// prettier-ignore
const LATIN: Readonly<Record<string, string>> = {
  ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', đ: 'd', ł: 'l', þ: 'th', ð: 'd', ı: 'i',
};

/** `text` with its letters in ASCII where they have an ASCII spelling and everything else a space. */
function asciiLetters(text: string): string {
  const spelled = text.replace(/\p{L}/gu, (c) => {
    const lower = c.toLowerCase();
    const ascii = CYRILLIC[lower] ?? LATIN[lower];
    if (ascii === undefined) return c;
    return c === lower ? ascii : ascii.charAt(0).toUpperCase() + ascii.slice(1);
  });
  return spelled
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^A-Za-z0-9\s]/g, ' ');
}

/** `text` in ASCII letters and digits only, e.g. `García Márquez` → `GarciaMarquez`. */
function asciiWord(text: string): string {
  return asciiLetters(text).replace(/\s+/g, '');
}

/** The suffix of the `n`-th (from 0) further item with the same key: a … z, aa, ab, … */
function keySuffix(n: number): string {
  const letter = String.fromCharCode(97 + (n % 26));
  return n < 26 ? letter : keySuffix(Math.floor(n / 26) - 1) + letter;
}

/**
 * The documents' metadata as CSL-JSON items, with a citation key each (`citation-key`, also the id):
 * keys are unique, a second item with the same key gets `a`, a third `b`, and so on.
 */
export function bibliographyItems(snapshot: ExportSnapshot, references: ExportReferences): CslItem[] {
  const byId = new Map(snapshot.documents.map((document) => [document.meta.id, document.meta]));
  const taken = new Set<string>();
  return references.order.flatMap((id) => {
    const meta = byId.get(id);
    if (meta === undefined) return [];
    const base = citationKey(meta);
    let key = base;
    for (let n = 0; taken.has(key); n += 1) key = `${base}${keySuffix(n)}`;
    taken.add(key);
    const title = meta.csl.title?.trim();
    return [
      {
        ...meta.csl,
        id: key,
        'citation-key': key,
        title: title === undefined || title === '' ? displayTitle(meta) : title,
      },
    ];
  });
}

/** CSL-JSON: an array of items, two-space indented. */
export function cslJson(snapshot: ExportSnapshot, references: ExportReferences): string {
  return `${JSON.stringify(bibliographyItems(snapshot, references), null, 2)}\n`;
}

/** BibTeX, one entry per document, in UTF-8. */
export function bibtex(snapshot: ExportSnapshot, references: ExportReferences): string {
  return writeBib(bibliographyItems(snapshot, references), 'bibtex');
}

/** biblatex (for biber), one entry per document. */
export function biblatex(snapshot: ExportSnapshot, references: ExportReferences): string {
  return writeBib(bibliographyItems(snapshot, references), 'biblatex');
}

/** RIS, one record per document, one line per field. */
export function ris(snapshot: ExportSnapshot, references: ExportReferences): string {
  return writeRis(bibliographyItems(snapshot, references));
}

/** One CSV field, quoted when needed and defused when a spreadsheet would read it as a formula. */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function csvRow(row: readonly string[]): string {
  return row.map(csvField).join(',');
}

function csvRows(rows: readonly (readonly string[])[]): string {
  return csvLines(rows.map(csvRow));
}

function csvLines(lines: readonly string[]): string {
  return lines.join('\r\n') + '\r\n';
}

/** A linked passage for a cell: its quote, shortened, in quotation marks, and its document's title. */
function linkedPassage(end: ExportLinkEnd): string {
  const quote = quoteLine(end.passage.annotation.selectors[0].exact, 80);
  return `${quote === '' ? 'a note at a point' : `“${quote}”`} (${displayTitle(end.meta)})`;
}

/** A passage's links in one cell: `quotes → “other quote” (Other title); …`. */
function linksField(snapshot: ExportSnapshot, annotationId: string): string {
  return passageLinks(snapshot, annotationId)
    .map(({ label, other }) => `${label} → ${linkedPassage(other)}`)
    .join('; ');
}

/**
 * CSV of the links with an end among the exported passages' documents: one row per link, from its
 * first passage to its second, with the relation both ways, the comment, and each end's document,
 * citation, location, quote and ids.
 */
export function linksCsv(
  snapshot: ExportSnapshot,
  references: ExportReferences,
  includeComments: boolean,
): string {
  const header = [
    'relation',
    'inverse_relation',
    'from_document',
    'from_citation',
    'from_location',
    'from_quote',
    'to_document',
    'to_citation',
    'to_location',
    'to_quote',
    'comment',
    'created',
    'modified',
    'link_id',
    'relation_id',
    'from_annotation_id',
    'from_document_id',
    'to_annotation_id',
    'to_document_id',
  ];
  const relations = snapshot.relations ?? DEFAULT_RELATIONS;
  const end = ({ meta, passage }: ExportLinkEnd) => [
    displayTitle(meta),
    references.citationAt(meta.id, passage.locator).text,
    passageLocation(passage),
    passage.annotation.selectors[0].exact,
  ];
  const rows = (snapshot.links ?? []).map(({ link, from, to }) => [
    relationLabel(relations, link.relationId, 'outgoing'),
    relationLabel(relations, link.relationId, 'incoming'),
    ...end(from),
    ...end(to),
    includeComments ? (link.comment ?? '') : '',
    link.createdAt,
    link.modifiedAt,
    link.id,
    link.relationId,
    from.passage.annotation.id,
    from.meta.id,
    to.passage.annotation.id,
    to.meta.id,
  ]);
  return csvRows([header, ...rows]);
}

/** CSV of the passages: one row per passage and tag (one row with an empty tag for an untagged passage). */
export function passagesCsv(
  snapshot: ExportSnapshot,
  references: ExportReferences,
  includeComments: boolean,
): string {
  return runSteps(passagesCsvSteps(snapshot, references, includeComments));
}

/** {@link passagesCsv} in steps: it yields after each passage's rows. */
export function* passagesCsvSteps(
  snapshot: ExportSnapshot,
  references: ExportReferences,
  includeComments: boolean,
): Steps<string> {
  const header = [
    'document',
    'citation',
    'location',
    'quote',
    'comment',
    'color',
    'tag',
    'created',
    'modified',
    'annotation_id',
    'document_id',
    'links',
  ];
  const lines: string[] = [csvRow(header)];
  const byId = new Map(snapshot.documents.map((document) => [document.meta.id, document]));
  for (const id of references.order) {
    const document = byId.get(id);
    if (document === undefined) continue;
    for (const passage of [...document.passages].sort(textOrder)) {
      const { annotation } = passage;
      const tags = tagPaths(snapshot.tags, annotation.tagIds);
      for (const tag of tags.length === 0 ? [''] : tags) {
        lines.push(
          csvRow([
            displayTitle(document.meta),
            references.citationAt(id, passage.locator).text,
            passageLocation(passage),
            annotation.selectors[0].exact,
            includeComments ? annotation.comment : '',
            annotation.color,
            tag,
            annotation.createdAt,
            annotation.modifiedAt,
            annotation.id,
            id,
            linksField(snapshot, annotation.id),
          ]),
        );
      }
      yield;
    }
  }
  return csvLines(lines);
}

/** CSV of the codebook: each tag's path, its parent's path, description and passages (in the export). */
export function codebookCsv(snapshot: ExportSnapshot): string {
  const counts = new Map<string, number>();
  for (const document of snapshot.documents) {
    for (const { annotation } of document.passages) {
      for (const id of annotation.tagIds) counts.set(id, (counts.get(id) ?? 0) + 1);
    }
  }
  const byId = new Map(snapshot.tags.map((tag) => [tag.id, tag]));
  const paths = new Map(snapshot.tags.map((tag) => [tag.id, tagPath(byId, tag.id)]));
  const rows: string[][] = [['tag', 'parent', 'description', 'count']];
  const ordered = [...snapshot.tags].sort((a, b) =>
    (paths.get(a.id) ?? '').localeCompare(paths.get(b.id) ?? ''),
  );
  for (const tag of ordered) {
    rows.push([
      paths.get(tag.id) ?? tag.name,
      tag.parentId === null ? '' : (paths.get(tag.parentId) ?? ''),
      tag.description,
      String(counts.get(tag.id) ?? 0),
    ]);
  }
  return csvRows(rows);
}
