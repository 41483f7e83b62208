/**
 * What every export works from: the documents in scope with their passages (after the filters), the
 * codebook and the colour meanings, taken from the library at one moment. The writers in this folder
 * are pure functions of a snapshot and the formatted references.
 */
import type { ExportOptions } from '../../shared/export-options';
import type { Annotation, DocumentMeta, HighlightColor, Tag } from '../../shared/model';

/** One passage as exported: the annotation and where it is in its document. */
export interface ExportPassage {
  annotation: Annotation;
  /** 1-based number of the paragraph (text block) the passage starts in, or `null` when not placed. */
  paragraph: number | null;
}

/** One document in scope with its passages in text order. */
export interface ExportDocument {
  meta: DocumentMeta;
  passages: ExportPassage[];
}

/** The library as an export sees it. */
export interface ExportSnapshot {
  documents: ExportDocument[];
  /** The whole codebook (filters select passages, not tags). */
  tags: readonly Tag[];
  colorLabels: Record<HighlightColor, string>;
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

/** Every tag id in `tagIds` and all the tags below them. */
export function withDescendants(tags: readonly Tag[], tagIds: readonly string[]): Set<string> {
  const children = new Map<string | null, string[]>();
  for (const tag of tags) {
    const list = children.get(tag.parentId) ?? [];
    list.push(tag.id);
    children.set(tag.parentId, list);
  }
  const result = new Set<string>();
  const stack = [...tagIds];
  while (stack.length > 0) {
    const id = stack.pop();
    if (id === undefined || result.has(id)) continue;
    result.add(id);
    stack.push(...(children.get(id) ?? []));
  }
  return result;
}

/** A predicate for the passages `filters` keep. */
export function passageFilter(
  tags: readonly Tag[],
  filters: ExportOptions['filters'],
): (annotation: Annotation) => boolean {
  const tagSet = filters.tagIds === undefined ? null : withDescendants(tags, filters.tagIds);
  const colors = filters.colors === undefined ? null : new Set<string>(filters.colors);
  const from = filters.annotatedFrom === undefined ? null : Date.parse(filters.annotatedFrom);
  const to = filters.annotatedTo === undefined ? null : Date.parse(filters.annotatedTo);
  return (annotation) => {
    if (tagSet !== null && !annotation.tagIds.some((id) => tagSet.has(id))) return false;
    if (colors !== null && !colors.has(annotation.color)) return false;
    const created = Date.parse(annotation.createdAt);
    if (from !== null && created < from) return false;
    if (to !== null && created > to) return false;
    return true;
  };
}

/** Passages in reading order: by position in the text, orphaned ones last. */
export function textOrder(a: ExportPassage, b: ExportPassage): number {
  const orphanA = a.annotation.orphanedAt !== undefined ? 1 : 0;
  const orphanB = b.annotation.orphanedAt !== undefined ? 1 : 0;
  return (
    orphanA - orphanB ||
    a.annotation.selectors[1].start - b.annotation.selectors[1].start ||
    a.annotation.createdAt.localeCompare(b.annotation.createdAt) ||
    a.annotation.id.localeCompare(b.annotation.id)
  );
}
