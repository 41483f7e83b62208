/**
 * The metadata editor's authors: one row each, a person's family and given names or one name as
 * written, with buttons to add, remove and reorder them.
 */
import type { ReactNode } from 'react';
import { emptyAuthor, moveItem, type AuthorRow, type FieldName } from './metadata-form';
import { FieldProblem } from './metadata-fields';

/** Props of {@link AuthorList}. */
export interface AuthorListProps {
  readonly id: string;
  readonly authors: readonly AuthorRow[];
  readonly problems: Partial<Record<FieldName, string>>;
  readonly onChange: (authors: readonly AuthorRow[], focus?: string) => void;
  readonly onBlur: (index: number) => void;
}

/** The authors, one row each: a person's family and given names, or one name; add, remove, reorder. */
export function AuthorList({ id, authors, problems, onChange, onBlur }: AuthorListProps): ReactNode {
  const change = (index: number, patch: Partial<AuthorRow>): void =>
    onChange(authors.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  return (
    <fieldset className="metadata-authors" data-testid="metadata-authors">
      <legend>Authors</legend>
      {authors.length === 0 ? <p className="metadata-hint">No authors yet.</p> : null}
      <ol className="metadata-author-list">
        {authors.map((row, index) => {
          const n = index + 1;
          const rowId = `${id}-${row.key}`;
          const problem = problems[`author-${index}`];
          const describedBy = problem === undefined ? undefined : `${rowId}-problem`;
          const invalid = problem === undefined ? undefined : true;
          return (
            <li key={row.key} className="metadata-author" data-testid="metadata-author">
              {/* The row's fields as one group, inside the item: a list holds only its items. */}
              <div className="metadata-author-fields" role="group" aria-label={`Author ${n}`}>
                <div className="metadata-field metadata-author-kind">
                  <label htmlFor={`${rowId}-kind`}>Author {n}</label>
                  <select
                    id={`${rowId}-kind`}
                    className="text-field"
                    value={row.kind}
                    onChange={(event) =>
                      change(index, { kind: event.target.value === 'literal' ? 'literal' : 'person' })
                    }
                  >
                    <option value="person">Person</option>
                    <option value="literal">One name</option>
                  </select>
                </div>
                {row.kind === 'person' ? (
                  <>
                    <div className="metadata-field">
                      <label htmlFor={`${rowId}-family`}>Family name</label>
                      <input
                        id={`${rowId}-family`}
                        className="text-field"
                        type="text"
                        value={row.family}
                        data-field={`author-${index}`}
                        aria-invalid={invalid}
                        aria-describedby={describedBy}
                        onChange={(event) => change(index, { family: event.target.value })}
                        onBlur={() => onBlur(index)}
                      />
                    </div>
                    <div className="metadata-field">
                      <label htmlFor={`${rowId}-given`}>Given names</label>
                      <input
                        id={`${rowId}-given`}
                        className="text-field"
                        type="text"
                        value={row.given}
                        aria-invalid={invalid}
                        aria-describedby={describedBy}
                        onChange={(event) => change(index, { given: event.target.value })}
                        onBlur={() => onBlur(index)}
                      />
                    </div>
                  </>
                ) : (
                  <div className="metadata-field metadata-author-literal">
                    <label htmlFor={`${rowId}-literal`}>Name as written</label>
                    <input
                      id={`${rowId}-literal`}
                      className="text-field"
                      type="text"
                      value={row.literal}
                      data-field={`author-${index}`}
                      onChange={(event) => change(index, { literal: event.target.value })}
                      onBlur={() => onBlur(index)}
                    />
                  </div>
                )}
                <div className="metadata-author-buttons">
                  <button
                    type="button"
                    className="button button-quiet button-icon"
                    aria-label={`Move author ${n} up`}
                    title="Move up"
                    disabled={index === 0}
                    onClick={() => onChange(moveItem(authors, index, index - 1), `${id}-${row.key}-up`)}
                    id={`${rowId}-up`}
                  >
                    <span aria-hidden="true">↑</span>
                  </button>
                  <button
                    type="button"
                    className="button button-quiet button-icon"
                    aria-label={`Move author ${n} down`}
                    title="Move down"
                    disabled={index === authors.length - 1}
                    onClick={() => onChange(moveItem(authors, index, index + 1), `${id}-${row.key}-down`)}
                    id={`${rowId}-down`}
                  >
                    <span aria-hidden="true">↓</span>
                  </button>
                  <button
                    type="button"
                    className="button button-quiet button-icon button-danger-text"
                    aria-label={`Remove author ${n}`}
                    title="Remove"
                    data-testid="remove-author"
                    onClick={() => {
                      const next = authors[index + 1] ?? authors[index - 1];
                      onChange(
                        authors.filter((_, i) => i !== index),
                        next === undefined
                          ? `${id}-add`
                          : `${id}-${next.key}-${next.kind === 'person' ? 'family' : 'literal'}`,
                      );
                    }}
                  >
                    <span aria-hidden="true">×</span>
                  </button>
                </div>
              </div>
              <FieldProblem id={rowId} problem={problem} />
            </li>
          );
        })}
      </ol>
      <button
        type="button"
        id={`${id}-add`}
        className="button button-quiet"
        data-testid="add-author"
        onClick={() => {
          const row = emptyAuthor();
          onChange([...authors, row], `${id}-${row.key}-family`);
        }}
      >
        Add author
      </button>
    </fieldset>
  );
}
