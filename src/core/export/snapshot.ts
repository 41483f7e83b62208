/**
 * What every export works from: the documents in scope with their passages (after the filters), the
 * codebook and the colour meanings, taken from the library at one moment. The writers in this folder
 * are pure functions of a snapshot and the formatted references.
 */
import { annotationFilter } from '../../shared/annotation-filter';
import { compareTextOrder } from '../../shared/annotation-order';
import { tagsWithSubTags } from '../../shared/codebook';
import type { ExportOptions } from '../../shared/export-options';
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
