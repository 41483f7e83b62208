/**
 * The references of an export: each document's bibliography entry and in-text citation in the chosen
 * style, formatted by citeproc (through citation-js), in the style's order. A document with no author
 * and no date has no metadata worth formatting: it gets a visible placeholder the reader can fix.
 */
import type { CslItem, DocumentMeta } from '../../shared/model';
import { displayTitle } from '../../shared/model';
import type { FormattedReferences } from '../citations/citation-js';

/** Each document's entry and citation, and the documents in the style's bibliography order. */
export interface ExportReferences {
  /** Document ids in the style's order. */
  order: string[];
  entry(documentId: string): string;
  citation(documentId: string): string;
  /** Whether the document lacks the metadata a citation needs (and so shows a placeholder). */
  lacksMetadata(documentId: string): boolean;
}

/** The CSL item citeproc formats for a document: its metadata under the document's id. */
export function cslItemOf(meta: DocumentMeta): CslItem {
  return { ...meta.csl, id: meta.id };
}

/** Whether a document has neither an author (or editor) nor a date. */
export function lacksMetadata(meta: DocumentMeta): boolean {
  const csl = meta.csl;
  const named = (csl.author?.length ?? 0) > 0 || (csl.editor?.length ?? 0) > 0;
  return !named && csl.issued === undefined;
}

/** The placeholder entry of a document without metadata. */
export function placeholderEntry(meta: DocumentMeta): string {
  return `[No author] ${displayTitle(meta)} (n.d.) — add metadata in Scholia`;
}

/**
 * The references of `documents` from what citeproc made of their CSL items (`formatReferences` or
 * `formatReferencesInSlices` over `documents.map(cslItemOf)`).
 */
export function buildReferences(
  documents: readonly DocumentMeta[],
  formatted: FormattedReferences,
): ExportReferences {
  const byId = new Map(documents.map((meta) => [meta.id, meta]));
  const order = [
    ...formatted.order,
    ...documents.map((meta) => meta.id).filter((id) => !formatted.order.includes(id)),
  ];
  const missing = (id: string) => {
    const meta = byId.get(id);
    return meta === undefined || lacksMetadata(meta);
  };
  return {
    order,
    lacksMetadata: missing,
    entry: (id) => {
      const meta = byId.get(id);
      if (meta !== undefined && lacksMetadata(meta)) return placeholderEntry(meta);
      return formatted.entries.get(id) ?? (meta === undefined ? id : displayTitle(meta));
    },
    citation: (id) => {
      const meta = byId.get(id);
      if (meta !== undefined && lacksMetadata(meta)) return `([No author], ${displayTitle(meta)}, n.d.)`;
      return formatted.citations.get(id) ?? '';
    },
  };
}

/** References in library order with no citations, for exports that cite nothing. */
export function unformattedReferences(documents: readonly DocumentMeta[]): ExportReferences {
  const byId = new Map(documents.map((meta) => [meta.id, meta]));
  return {
    order: documents.map((meta) => meta.id),
    lacksMetadata: (id) => {
      const meta = byId.get(id);
      return meta === undefined || lacksMetadata(meta);
    },
    entry: (id) => {
      const meta = byId.get(id);
      return meta === undefined ? id : displayTitle(meta);
    },
    citation: () => '',
  };
}
