/**
 * Which annotations a filter by tag, colour, kind and date lets through, the one rule annotation
 * search and exports apply: every part left out lets everything through, a tag filter lets through an
 * annotation carrying any of its tags (expand it with `tagsWithSubTags` in `codebook.ts` to count the
 * tags below them), and the dates bound when the annotation was made, both ends included.
 */
import { motivationOf, type Annotation, type Motivation } from './model';

/** The parts of a filter; each one left out (or `undefined`) does not filter. */
export interface AnnotationFilter {
  /** Only annotations carrying one of these tags. */
  readonly tagIds?: ReadonlySet<string>;
  /** Only annotations of these colours. */
  readonly colors?: readonly string[];
  /** Only highlights or only margin notes. */
  readonly motivation?: Motivation;
  /** Only annotations made at or after this time (ISO 8601). */
  readonly from?: string;
  /** Only annotations made at or before this time (ISO 8601). */
  readonly to?: string;
}

/** Whether an annotation passes `filter`, as a predicate built once for many annotations. */
export function annotationFilter(
  filter: AnnotationFilter,
): (annotation: Pick<Annotation, 'tagIds' | 'color' | 'motivation' | 'createdAt'>) => boolean {
  const { tagIds, motivation } = filter;
  const colors = filter.colors === undefined ? null : new Set<string>(filter.colors);
  const from = filter.from === undefined ? -Infinity : Date.parse(filter.from);
  const to = filter.to === undefined ? Infinity : Date.parse(filter.to);
  return (annotation) => {
    if (tagIds !== undefined && !annotation.tagIds.some((id) => tagIds.has(id))) return false;
    if (colors !== null && !colors.has(annotation.color)) return false;
    if (motivation !== undefined && motivationOf(annotation) !== motivation) return false;
    const created = Date.parse(annotation.createdAt);
    return !(created < from || created > to);
  };
}
