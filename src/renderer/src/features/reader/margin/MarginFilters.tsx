/** The margin's filter bar: colours, a tag (with its sub-tags), words, the order, and the layout. */
import type { ReactNode } from 'react';
import { HIGHLIGHT_COLORS, type HighlightColor, type TagSummary } from '../../../../../shared/model';
import { ANY_LINK, type MarginFilter, type MarginSort } from './margin-filter';
import type { LinkRelation } from '../../../../../shared/links';
import type { MarginLayout } from './margin-store';
import { colorName } from './ColorPicker';

/** Props of {@link MarginFilters}. */
export interface MarginFiltersProps {
  readonly filter: MarginFilter;
  readonly sort: MarginSort;
  readonly layout: MarginLayout;
  /** Whether the window is wide enough for cards beside their passages. */
  readonly canAlign: boolean;
  readonly tags: readonly TagSummary[];
  readonly colorLabels: Readonly<Record<HighlightColor, string>>;
  readonly shown: number;
  readonly total: number;
  readonly onFilter: (filter: MarginFilter) => void;
  readonly onSort: (sort: MarginSort) => void;
  readonly onLayout: (layout: MarginLayout) => void;
  /** The relations the document's links use (the link filter shows only when there are some). */
  readonly relations?: readonly LinkRelation[];
}

/** Each tag's depth in the codebook tree (tags come parents first). */
function depths(tags: readonly TagSummary[]): Map<string, number> {
  const depth = new Map<string, number>();
  for (const tag of tags) depth.set(tag.id, tag.parentId === null ? 0 : (depth.get(tag.parentId) ?? 0) + 1);
  return depth;
}

const numberFormat = new Intl.NumberFormat();

/** Renders the bar. */
export function MarginFilters(props: MarginFiltersProps): ReactNode {
  const { filter, sort, layout, canAlign, tags, colorLabels, shown, total, onFilter, onSort, onLayout } =
    props;
  const relations = props.relations ?? [];
  const depth = depths(tags);
  const toggleColor = (color: HighlightColor): void => {
    const colors = new Set(filter.colors);
    if (colors.has(color)) colors.delete(color);
    else colors.add(color);
    onFilter({ ...filter, colors });
  };
  return (
    <div className="margin-filters" role="search" aria-label="Filter annotations">
      <div className="margin-filter-row">
        <input
          type="search"
          className="margin-search"
          data-testid="margin-search"
          aria-label="Find in quotes and comments"
          placeholder="Find in quotes and comments"
          value={filter.text}
          onChange={(event) => onFilter({ ...filter, text: event.target.value })}
        />
      </div>
      <div className="margin-filter-row">
        <div className="color-filter" role="group" aria-label="Show colours">
          {HIGHLIGHT_COLORS.map((color) => (
            <button
              key={color}
              type="button"
              className={`swatch swatch-small swatch-${color}`}
              aria-pressed={filter.colors.has(color)}
              aria-label={`Only ${colorName(color, colorLabels)}`}
              title={`Show only ${colorName(color, colorLabels)}`}
              data-testid={`filter-color-${color}`}
              onClick={() => toggleColor(color)}
            />
          ))}
        </div>
      </div>
      <div className="margin-filter-row">
        <select
          className="margin-select"
          data-testid="margin-tag-filter"
          aria-label="Show tag"
          value={filter.tagId ?? ''}
          onChange={(event) =>
            onFilter({ ...filter, tagId: event.target.value === '' ? null : event.target.value })
          }
        >
          <option value="">All tags</option>
          {tags.map((tag) => (
            <option key={tag.id} value={tag.id}>
              {`${'\u00a0\u00a0'.repeat(depth.get(tag.id) ?? 0)}${tag.name}`}
            </option>
          ))}
        </select>
        {relations.length === 0 && filter.link === null ? null : (
          <select
            className="margin-select"
            data-testid="margin-link-filter"
            aria-label="Show links"
            value={filter.link ?? ''}
            onChange={(event) =>
              onFilter({ ...filter, link: event.target.value === '' ? null : event.target.value })
            }
          >
            <option value="">With or without links</option>
            <option value={ANY_LINK}>Linked passages</option>
            {relations.map((relation) => (
              <option key={relation.id} value={relation.id}>
                {relation.name === relation.inverseName
                  ? relation.name
                  : `${relation.name} / ${relation.inverseName}`}
              </option>
            ))}
          </select>
        )}
        {layout === 'list' || !canAlign ? (
          <select
            className="margin-select"
            data-testid="margin-sort"
            aria-label="Order"
            value={sort}
            onChange={(event) => onSort(event.target.value === 'date' ? 'date' : 'position')}
          >
            <option value="position">In text order</option>
            <option value="date">Latest first</option>
          </select>
        ) : null}
        {canAlign ? (
          <button
            type="button"
            className="button button-quiet margin-layout"
            data-testid="margin-layout"
            aria-pressed={layout === 'list'}
            title={layout === 'list' ? 'Show cards beside their passages' : 'Show cards as a list'}
            onClick={() => onLayout(layout === 'list' ? 'aligned' : 'list')}
          >
            List
          </button>
        ) : null}
      </div>
      <p className="margin-count" role="status" data-testid="margin-count">
        {shown === total
          ? `${numberFormat.format(total)} ${total === 1 ? 'annotation' : 'annotations'}`
          : `${numberFormat.format(shown)} of ${numberFormat.format(total)}`}
      </p>
    </div>
  );
}
