/**
 * Which annotations the margin lists, and in what order: filters by colour, by tag (a tag counts with
 * every tag below it in the codebook) and by words in the quote or the comment; sorted by their place
 * in the text or by when they were last changed.
 */
import type { Annotation, HighlightColor, Tag } from '../../../shared/model';

/** What the reader asked the margin to show. Empty parts do not filter. */
export interface MarginFilter {
  /** Only these colours; empty for all. */
  readonly colors: ReadonlySet<HighlightColor>;
  /** Only annotations carrying this tag or one below it; null for all. */
  readonly tagId: string | null;
  /** Only annotations whose quote or comment contains these words (any case); blank for all. */
  readonly text: string;
}

/** How the margin orders its list. */
export type MarginSort = 'position' | 'date';

/** A filter that lets everything through. */
export const NO_FILTER: MarginFilter = { colors: new Set(), tagId: null, text: '' };

/** Whether `filter` lets everything through. */
export function isEmptyFilter(filter: MarginFilter): boolean {
  return filter.colors.size === 0 && filter.tagId === null && filter.text.trim() === '';
}

/** Tag `tagId` and every tag below it in the tree `tags` describes. Linear in the number of tags. */
export function tagWithDescendants(
  tags: readonly Pick<Tag, 'id' | 'parentId'>[],
  tagId: string,
): Set<string> {
  const children = new Map<string, string[]>();
  for (const tag of tags) {
    if (tag.parentId === null) continue;
    const list = children.get(tag.parentId);
    if (list === undefined) children.set(tag.parentId, [tag.id]);
    else list.push(tag.id);
  }
  const found = new Set<string>([tagId]);
  const stack = [tagId];
  while (stack.length > 0) {
    const id = stack.pop() as string;
    for (const child of children.get(id) ?? []) {
      // A damaged codebook with a cycle must not loop for ever.
      if (found.has(child)) continue;
      found.add(child);
      stack.push(child);
    }
  }
  return found;
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
 * in the quote or the comment. Linear in the number of annotations.
 */
export function filterAnnotations(
  annotations: readonly Annotation[],
  filter: MarginFilter,
  tags: readonly Pick<Tag, 'id' | 'parentId'>[],
): Annotation[] {
  if (isEmptyFilter(filter)) return [...annotations];
  const wanted = filter.tagId === null ? null : tagWithDescendants(tags, filter.tagId);
  const needles = words(filter.text);
  return annotations.filter((annotation) => {
    if (filter.colors.size > 0 && !filter.colors.has(annotation.color)) return false;
    if (wanted !== null && !annotation.tagIds.some((id) => wanted.has(id))) return false;
    if (needles.length > 0) {
      const haystack = `${annotation.selectors[0].exact}\n${annotation.comment}`.toLowerCase();
      if (!needles.every((needle) => haystack.includes(needle))) return false;
    }
    return true;
  });
}

/** Text order: by start, then end, then id. */
export function byPosition(a: Annotation, b: Annotation): number {
  const [, pa] = a.selectors;
  const [, pb] = b.selectors;
  return pa.start - pb.start || pa.end - pb.end || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Most recently changed first; ties in text order. */
export function byDate(a: Annotation, b: Annotation): number {
  const ta = Date.parse(a.modifiedAt);
  const tb = Date.parse(b.modifiedAt);
  return tb - ta || byPosition(a, b);
}

/** `annotations` sorted as `sort` says (a new array). */
export function sortAnnotations(annotations: readonly Annotation[], sort: MarginSort): Annotation[] {
  return [...annotations].sort(sort === 'position' ? byPosition : byDate);
}
