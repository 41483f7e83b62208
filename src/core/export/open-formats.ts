/**
 * The bibliography and the codebook in open formats other programs read: CSL-JSON, BibTeX and RIS (as
 * citation-js writes them), and CSV of the passages and of the codebook.
 *
 * CSV follows RFC 4180 (CRLF line ends; a field with a comma, quote or line break is quoted, its quotes
 * doubled) and is safe to open in a spreadsheet: a cell that starts with `=`, `+`, `-`, `@`, a tab or a
 * carriage return is prefixed with `'` so it is never run as a formula.
 */
import { tagPath, tagPaths } from '../../shared/codebook';
import type { CslItem, DocumentMeta } from '../../shared/model';
import { displayTitle } from '../../shared/model';
import { toBibtex, toRis } from '../citations/citation-js';
import { runSteps, type Steps } from '../util/sliced-work';
import { passageLocation } from './markdown';
import type { ExportReferences } from './references';
import { textOrder, type ExportSnapshot } from './snapshot';

/** A short citation key such as `Doyle2009collapse`: first author's family name, year, first title word. */
export function citationKey(meta: DocumentMeta): string {
  const csl = meta.csl;
  const existing = csl['citation-key'];
  if (typeof existing === 'string' && existing.trim() !== '') return existing.trim();
  const name = csl.author?.[0] ?? csl.editor?.[0];
  const family = (name?.family ?? name?.literal ?? '').normalize('NFKD').replace(/[^A-Za-z0-9]/g, '');
  const year = csl.issued?.['date-parts']?.[0]?.[0];
  const words = (csl.title ?? '')
    .normalize('NFKD')
    .replace(/[^\p{L}\p{N}\s]/gu, ' ')
    .split(/\s+/)
    .filter((word) => word.length > 3 || /^\d+$/.test(word));
  const titleWord = (words[0] ?? '').toLowerCase().replace(/[^a-z0-9]/g, '');
  const key = `${family}${year === undefined ? '' : String(year)}${titleWord}`;
  return key === '' ? `scholia-${meta.id.slice(0, 8)}` : key;
}

/** The documents' metadata as CSL-JSON items, with a citation key each (`citation-key`). */
export function bibliographyItems(snapshot: ExportSnapshot, references: ExportReferences): CslItem[] {
  const byId = new Map(snapshot.documents.map((document) => [document.meta.id, document.meta]));
  const keys = new Map<string, number>();
  return references.order.flatMap((id) => {
    const meta = byId.get(id);
    if (meta === undefined) return [];
    let key = citationKey(meta);
    const seen = keys.get(key) ?? 0;
    keys.set(key, seen + 1);
    if (seen > 0) key = `${key}${String.fromCharCode(97 + ((seen - 1) % 26))}`;
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

/** BibTeX, one entry per document. */
export function bibtex(snapshot: ExportSnapshot, references: ExportReferences): string {
  return toBibtex(bibliographyItems(snapshot, references));
}

/** RIS, one record per document. */
export function ris(snapshot: ExportSnapshot, references: ExportReferences): string {
  return toRis(bibliographyItems(snapshot, references));
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
            references.citation(id),
            passageLocation(passage),
            annotation.selectors[0].exact,
            includeComments ? annotation.comment : '',
            annotation.color,
            tag,
            annotation.createdAt,
            annotation.modifiedAt,
            annotation.id,
            id,
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
