/** The fields the find panel's tabs share: the query field each starts with, and a tag filter's choices. */
import type { ReactNode } from 'react';
import type { TagSummary } from '../../../../shared/model';

/** Props of {@link FindQuery}. */
export interface FindQueryProps {
  readonly placeholder: string;
  /** The field's accessible name. */
  readonly label: string;
  readonly testId?: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
}

/** A tab's query field, focused when the tab opens. */
export function FindQuery({ placeholder, label, testId, value, onChange }: FindQueryProps): ReactNode {
  return (
    <input
      className="text-field find-query"
      type="search"
      autoFocus
      placeholder={placeholder}
      aria-label={label}
      data-testid={testId}
      value={value}
      onChange={(event) => onChange(event.target.value)}
    />
  );
}

/** A tag choice's options: `none` (the empty value), then every tag of the codebook. */
export function TagOptions({ tags, none }: { tags: readonly TagSummary[]; none: string }): ReactNode {
  return (
    <>
      <option value="">{none}</option>
      {tags.map((tag) => (
        <option key={tag.id} value={tag.id}>
          {tag.name}
        </option>
      ))}
    </>
  );
}
