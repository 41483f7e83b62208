/**
 * What every export works from: the documents in scope with their passages (after the filters), the
 * codebook and the colour meanings, taken from the library at one moment. The writers in this folder
 * are pure functions of a snapshot and the formatted references.
 */
import { annotationFilter } from '../../shared/annotation-filter';
import { compareTextOrder } from '../../shared/annotation-order';
import { tagsWithSubTags } from '../../shared/codebook';
import type { ExportOptions } from '../../shared/export-options';
import {
  DEFAULT_RELATIONS,
  directionFrom,
  relationLabel,
  type LinkDirection,
  type LinkRelation,
  type PassageLink,
} from '../../shared/links';
import type { Annotation, DocumentMeta, HighlightColor, Tag } from '../../shared/model';
import type { PassageLocator } from '../../shared/pages';

/** One passage as exported: the annotation and where it is in its document. */
export interface ExportPassage {
  annotation: Annotation;
  /** 1-based number of the paragraph (text block) the passage starts in, or `null` when not placed. */
  paragraph: number | null;
  /** Where a citation points to: its page or pages, else its paragraph; `null` when not placed. */
  locator: PassageLocator | null;
}

/** One document in scope with its passages in text order. */
export interface ExportDocument {
  meta: DocumentMeta;
  passages: ExportPassage[];
  /** Its plain text (the projection), for the formats that write positions in code points (JSON-LD). */
  text?: string;
}

/** One end of an exported link: its passage, the document it is in, and whether the export holds it. */
export interface ExportLinkEnd {
  meta: DocumentMeta;
  passage: ExportPassage;
  /** Whether the passage is one of the exported ones (its document in scope, the filters keeping it). */
  exported: boolean;
}

/** A link between passages as exported: both its passages, whichever documents they are in. */
export interface ExportLink {
  link: PassageLink;
  from: ExportLinkEnd;
  to: ExportLinkEnd;
}

/** The library as an export sees it. */
export interface ExportSnapshot {
  documents: ExportDocument[];
  /** The whole codebook (filters select passages, not tags). */
  tags: readonly Tag[];
  colorLabels: Record<HighlightColor, string>;
  /**
   * The links with an end in one of the exported documents (both passages in the library), in the
   * order they were made; absent for none.
   */
  links?: readonly ExportLink[];
  /** The relations links are named by (`effectiveRelations`); absent for the shipped ones. */
  relations?: readonly LinkRelation[];
}

/** A link as read from one of its passages: which way, in words, and the passage at its other end. */
export interface PassageLinkEntry {
  link: ExportLink;
  direction: LinkDirection;
  /** The relation as read from this passage ("quotes", "is quoted by"). */
  label: string;
  other: ExportLinkEnd;
}

/** Each passage's links (by annotation id), worked out once per snapshot. */
const linksByPassage = new WeakMap<ExportSnapshot, Map<string, PassageLinkEntry[]>>();

/** The links of passage `annotationId` in the snapshot, in the order they were made. */
export function passageLinks(snapshot: ExportSnapshot, annotationId: string): readonly PassageLinkEntry[] {
  let index = linksByPassage.get(snapshot);
  if (index === undefined) {
    index = new Map();
    const relations = snapshot.relations ?? DEFAULT_RELATIONS;
    for (const link of snapshot.links ?? []) {
      for (const end of [link.from, link.to]) {
        const id = end.passage.annotation.id;
        const direction = directionFrom(link.link, id);
        if (direction === null) continue;
        const list = index.get(id) ?? [];
        list.push({
          link,
          direction,
          label: relationLabel(relations, link.link.relationId, direction),
          other: direction === 'outgoing' ? link.to : link.from,
        });
        index.set(id, list);
      }
    }
    linksByPassage.set(snapshot, index);
  }
  return index.get(annotationId) ?? [];
}

/** The documents of link ends that are not among the exported documents, each once. */
export function linkedOnlyDocuments(snapshot: ExportSnapshot): DocumentMeta[] {
  const exported = new Set(snapshot.documents.map((document) => document.meta.id));
  const others = new Map<string, DocumentMeta>();
  for (const link of snapshot.links ?? [])
    for (const end of [link.from, link.to]) if (!exported.has(end.meta.id)) others.set(end.meta.id, end.meta);
  return [...others.values()];
}

/** The 1-based paragraph an offset lies in, given where each paragraph starts (binary search). */
export function paragraphAt(blocks: readonly number[], offset: number): number {
  let low = 0;
  let high = blocks.length - 1;
  let found = 0;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const start = blocks[mid];
    if (start === undefined) break;
    if (start <= offset) {
      found = mid;
      low = mid + 1;
    } else {
      high = mid - 1;
    }
  }
  return found + 1;
}

/** A predicate for the passages `filters` keep. */
export function passageFilter(
  tags: readonly Tag[],
  filters: ExportOptions['filters'],
): (annotation: Annotation) => boolean {
  return annotationFilter({
    tagIds: filters.tagIds === undefined ? undefined : tagsWithSubTags(tags, filters.tagIds),
    colors: filters.colors,
    from: filters.annotatedFrom,
    to: filters.annotatedTo,
  });
}

/** Passages in reading order: orphaned ones last, the others in text order (`shared/annotation-order.ts`). */
export function textOrder(a: ExportPassage, b: ExportPassage): number {
  const orphanA = a.annotation.orphanedAt !== undefined ? 1 : 0;
  const orphanB = b.annotation.orphanedAt !== undefined ? 1 : 0;
  return orphanA - orphanB || compareTextOrder(a.annotation, b.annotation);
}
