/**
 * An annotation's tags: chips that can be removed, and an input that suggests codebook tags as the
 * reader types (arrow keys and Enter pick one); Enter on a name the codebook does not have creates
 * that tag and adds it. A path typed as the codebook shows it ("Economy › Planning", or
 * "Economy/Planning") names a sub-tag, made with the tags above it that are missing. Backspace in the
 * empty input removes the last chip.
 */
import { useId, useMemo, useState, type KeyboardEvent, type ReactNode } from 'react';
import { TAG_PATH_SEPARATOR, tagAtPath, tagPath, typedTagPath } from '../../../../../shared/codebook';
import type { TagSummary } from '../../../../../shared/model';

/** Props of {@link TagInput}. */
export interface TagInputProps {
  readonly tagIds: readonly string[];
  /** The codebook, parents before children. */
  readonly tags: readonly TagSummary[];
  readonly onChange: (tagIds: string[]) => void;
  /**
   * Creates the tag at the end of the path `names` (top first), with whichever tags above it are
   * missing; resolves to it, or rejects (the reader has been told why).
   */
  readonly onCreate: (names: readonly string[]) => Promise<TagSummary>;
}

/** How many suggestions are listed at once. */
const MAX_SUGGESTIONS = 8;

/** Codebook tags whose name contains `query` (names that start with it first), not already chosen. */
export function suggestTags(
  tags: readonly TagSummary[],
  chosen: ReadonlySet<string>,
  query: string,
  limit = MAX_SUGGESTIONS,
): TagSummary[] {
  const q = query.trim().toLowerCase();
  if (q === '') return [];
  const open = tags.filter((t) => !chosen.has(t.id) && t.name.toLowerCase().includes(q));
  const starts = open.filter((t) => t.name.toLowerCase().startsWith(q));
  const rest = open.filter((t) => !t.name.toLowerCase().startsWith(q));
  return [...starts, ...rest].slice(0, limit);
}

/** Renders the chips and the input. */
export function TagInput({ tagIds, tags, onChange, onCreate }: TagInputProps): ReactNode {
  const [query, setQuery] = useState('');
  const [highlighted, setHighlighted] = useState(0);
  const [creating, setCreating] = useState(false);
  const listId = useId();
  const byId = useMemo(() => new Map(tags.map((t) => [t.id, t])), [tags]);
  const chosen = useMemo(() => new Set(tagIds), [tagIds]);
  const suggestions = useMemo(() => suggestTags(tags, chosen, query), [tags, chosen, query]);
  const path = useMemo(() => typedTagPath(query), [query]);
  // The tag the typed name or path names exactly: a top-level tag for a name, any tag for a path.
  const exact = path.length === 0 ? undefined : (tagAtPath(tags, path) ?? undefined);
  const showList = path.length > 0 && (suggestions.length > 0 || exact === undefined);
  // The last row offers to create the tag when the codebook has none of that name or path.
  const rows = suggestions.length + (exact === undefined && path.length > 0 ? 1 : 0);

  const add = (id: string): void => {
    if (!chosen.has(id)) onChange([...tagIds, id]);
    setQuery('');
    setHighlighted(0);
  };
  const pick = (index: number): void => {
    const suggestion = suggestions[index];
    if (suggestion !== undefined) {
      add(suggestion.id);
      return;
    }
    if (path.length === 0 || creating) return;
    if (exact !== undefined) {
      add(exact.id);
      return;
    }
    setCreating(true);
    onCreate(path).then(
      (tag) => {
        setCreating(false);
        add(tag.id);
      },
      () => setCreating(false),
    );
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>): void => {
    if (event.key === 'ArrowDown' && rows > 0) {
      event.preventDefault();
      setHighlighted((h) => (h + 1) % rows);
    } else if (event.key === 'ArrowUp' && rows > 0) {
      event.preventDefault();
      setHighlighted((h) => (h - 1 + rows) % rows);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      // Enter on a typed name that is exactly a tag takes that tag, whatever is highlighted.
      if (exact !== undefined && highlighted === 0 && suggestions[0]?.id !== exact.id) add(exact.id);
      else pick(Math.min(highlighted, Math.max(0, rows - 1)));
    } else if (event.key === 'Backspace' && query === '' && tagIds.length > 0) {
      event.preventDefault();
      onChange(tagIds.slice(0, -1));
    } else if (event.key === 'Escape' && query !== '') {
      event.preventDefault();
      event.stopPropagation();
      setQuery('');
    }
  };

  const activeRow = showList ? `${listId}-${Math.min(highlighted, rows - 1)}` : undefined;
  return (
    <div className="tag-input">
      <ul className="tag-chips" aria-label="Tags">
        {tagIds.map((id) => {
          const tag = byId.get(id);
          const name = tag === undefined ? 'Unknown tag' : tagPath(byId, tag.id);
          return (
            <li key={id} className="tag-chip" data-testid="tag-chip">
              <span>{name}</span>
              <button
                type="button"
                className="tag-chip-remove"
                aria-label={`Remove tag ${name}`}
                title={`Remove tag ${name}`}
                onClick={() => onChange(tagIds.filter((t) => t !== id))}
              >
                ×
              </button>
            </li>
          );
        })}
      </ul>
      <div className="tag-combobox">
        <input
          type="text"
          className="tag-input-field"
          data-testid="tag-input"
          role="combobox"
          aria-label="Add a tag"
          aria-expanded={showList}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={activeRow}
          placeholder="Add a tag…"
          value={query}
          maxLength={200}
          onChange={(event) => {
            setQuery(event.target.value);
            setHighlighted(0);
          }}
          onKeyDown={onKeyDown}
        />
        {showList ? (
          <ul className="tag-suggestions" id={listId} role="listbox" aria-label="Matching tags">
            {suggestions.map((tag, index) => (
              <li
                key={tag.id}
                id={`${listId}-${index}`}
                role="option"
                aria-selected={index === highlighted}
                className="tag-suggestion"
                data-testid="tag-suggestion"
                onMouseDown={(event) => event.preventDefault()}
                onClick={() => pick(index)}
              >
                {tagPath(byId, tag.id)}
                <span className="tag-count">{tag.passageCount}</span>
              </li>
            ))}
            {exact === undefined ? (
              <li
                id={`${listId}-${suggestions.length}`}
                role="option"
                aria-selected={highlighted === suggestions.length}
                className="tag-suggestion tag-suggestion-new"
                data-testid="tag-create"
                onMouseDown={(event) => event.preventDefault()}
                onClick={() => pick(suggestions.length)}
              >
                Create tag “{path.join(TAG_PATH_SEPARATOR)}”
              </li>
            ) : null}
          </ul>
        ) : null}
      </div>
    </div>
  );
}
