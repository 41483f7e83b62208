/**
 * The references of an export: each document's bibliography entry and in-text citation in the chosen
 * style, and each passage's citation with its locator (page, else paragraph), formatted by citeproc
 * (through citation-js) with the style's formatting, in the style's order. A document with no author
 * and no date has no metadata worth formatting: it gets a visible placeholder the reader can fix.
 */
import type { CslItem, DocumentMeta } from '../../shared/model';
import { displayTitle } from '../../shared/model';
import type { PassageLocator } from '../../shared/pages';
import { citeKey, type FormattedReferences, type LocatedCite } from '../citations/citation-js';
import { plainFormattedText, type FormattedText } from '../citations/csl-markup';

export type { FormattedText } from '../citations/csl-markup';

/** Each document's entry and citation, and the documents in the style's bibliography order. */
export interface ExportReferences {
  /** Document ids in the style's order. */
  order: string[];
  /** The document's bibliography entry. */
  entry(documentId: string): FormattedText;
  /** The document's in-text citation (a short note, for note styles). */
  citation(documentId: string): FormattedText;
  /** The citation of a passage of the document at `locator`; the document's citation without one. */
  citationAt(documentId: string, locator: PassageLocator | null): FormattedText;
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

/** The placeholder citation of a document without metadata, with the locator if there is one. */
function placeholderCitation(meta: DocumentMeta, locator: PassageLocator | null): string {
  const at = locator === null ? '' : `, ${locator.label === 'page' ? 'p.' : '¶'} ${locator.locator}`;
  return `([No author], ${displayTitle(meta)}, n.d.${at})`;
}

/** The citations with locators an export needs formatted: one per document and distinct locator. */
export function locatedCites(
  passages: readonly { documentId: string; locator: PassageLocator | null }[],
): LocatedCite[] {
  const cites = new Map<string, LocatedCite>();
  for (const { documentId, locator } of passages) {
    if (locator === null) continue;
    const cite = { id: documentId, ...locator };
    cites.set(citeKey(cite), cite);
  }
  return [...cites.values()];
}

/**
 * The references of `documents` from what citeproc made of their CSL items (`formatReferences` or
 * `formatReferencesInSlices` over `documents.map(cslItemOf)` and the {@link locatedCites} of the
 * passages).
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
  const citation = (id: string) => {
    const meta = byId.get(id);
    if (meta !== undefined && lacksMetadata(meta)) return plainFormattedText(placeholderCitation(meta, null));
    return formatted.citations.get(id) ?? plainFormattedText('');
  };
  return {
    order,
    lacksMetadata: missing,
    entry: (id) => {
      const meta = byId.get(id);
      if (meta !== undefined && lacksMetadata(meta)) return plainFormattedText(placeholderEntry(meta));
      return formatted.entries.get(id) ?? plainFormattedText(meta === undefined ? id : displayTitle(meta));
    },
    citation,
    citationAt: (id, locator) => {
      if (locator === null) return citation(id);
      const meta = byId.get(id);
      if (meta !== undefined && lacksMetadata(meta)) return plainFormattedText(placeholderCitation(meta, locator));
      return formatted.located.get(citeKey({ id, ...locator })) ?? citation(id);
    },
  };
}

/** References in library order with no citations, for exports that cite nothing. */
export function unformattedReferences(documents: readonly DocumentMeta[]): ExportReferences {
  const byId = new Map(documents.map((meta) => [meta.id, meta]));
  const none = plainFormattedText('');
  return {
    order: documents.map((meta) => meta.id),
    lacksMetadata: (id) => {
      const meta = byId.get(id);
      return meta === undefined || lacksMetadata(meta);
    },
    entry: (id) => {
      const meta = byId.get(id);
      return plainFormattedText(meta === undefined ? id : displayTitle(meta));
    },
    citation: () => none,
    citationAt: () => none,
  };
}
