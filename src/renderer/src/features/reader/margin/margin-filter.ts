/**
 * Which annotations the margin lists, and in what order: filters by colour, by tag (a tag counts with
 * every tag below it in the codebook), by words in the quote or the comment, and by links (any, or by
 * one relation); sorted by their place in the text or by when they were last changed.
 */
import { compareTextOrder } from '../../../../../shared/annotation-order';
import { tagWithSubTags } from '../../../../../shared/codebook';
import type { Annotation, HighlightColor, Tag } from '../../../../../shared/model';

/** What the reader asked the margin to show. Empty parts do not filter. */
export interface MarginFilter {
  /** Only these colours; empty for all. */
  readonly colors: ReadonlySet<HighlightColor>;
  /** Only annotations carrying this tag or one below it; null for all. */
  readonly tagId: string | null;
  /** Only annotations whose quote or comment contains these words (any case); blank for all. */
  readonly text: string;
  /** Only passages with a link ({@link ANY_LINK}) or a link by this relation (its id); null for all. */
  readonly link: string | null;
}

/** The link filter that keeps every passage with at least one link. */
export const ANY_LINK = '*';

/** How the margin orders its list. */
export type MarginSort = 'position' | 'date';

/** A filter that lets everything through. */
export const NO_FILTER: MarginFilter = { colors: new Set(), tagId: null, text: '', link: null };

/** Whether `filter` lets everything through. */
export function isEmptyFilter(filter: MarginFilter): boolean {
  return (
    filter.colors.size === 0 && filter.tagId === null && filter.text.trim() === '' && filter.link === null
  );
}

/** The words of `text`, lower-cased, for matching. */
function words(text: string): string[] {
  return text
    .toLowerCase()
    .split(/\s+/)
    .filter((word) => word !== '');
}

/**
 * The annotations `filter` lets through, in the order given. Each word of the text filter must occur
 * in the quote or the comment; `relationsOf` gives the relations of a passage's links (none when
 * left out). Linear in the number of annotations.
 */
export function filterAnnotations(
  annotations: readonly Annotation[],
  filter: MarginFilter,
  tags: readonly Pick<Tag, 'id' | 'parentId'>[],
  relationsOf: (annotationId: string) => readonly string[] = () => [],
): Annotation[] {
  if (isEmptyFilter(filter)) return [...annotations];
  const wanted = filter.tagId === null ? null : tagWithSubTags(tags, filter.tagId);
  const needles = words(filter.text);
  return annotations.filter((annotation) => {
    if (filter.colors.size > 0 && !filter.colors.has(annotation.color)) return false;
    if (wanted !== null && !annotation.tagIds.some((id) => wanted.has(id))) return false;
    if (filter.link !== null) {
      const relations = relationsOf(annotation.id);
      if (filter.link === ANY_LINK ? relations.length === 0 : !relations.includes(filter.link)) return false;
    }
    if (needles.length > 0) {
      const haystack = `${annotation.selectors[0].exact}\n${annotation.comment}`.toLowerCase();
      if (!needles.every((needle) => haystack.includes(needle))) return false;
    }
    return true;
  });
}

/** Most recently changed first; ties in text order. */
export function byDate(a: Annotation, b: Annotation): number {
  const ta = Date.parse(a.modifiedAt);
  const tb = Date.parse(b.modifiedAt);
  return tb - ta || compareTextOrder(a, b);
}

/** `annotations` sorted as `sort` says (a new array). */
export function sortAnnotations(annotations: readonly Annotation[], sort: MarginSort): Annotation[] {
  return [...annotations].sort(sort === 'position' ? compareTextOrder : byDate);
}
