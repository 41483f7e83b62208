/**
 * One document in the library table: select it, open it, rename it in place, edit its details, put it
 * in collections or take it out, or ask to delete it. The collections holding it are named under its
 * title. Details Scholia proposed from a plain text are marked until the reader confirms them.
 */
import { useState, type ReactNode } from 'react';
import type { Collection } from '../../../../shared/export-options';
import { authorLine } from '../../../../shared/authors';
import { displayTitle, type DocumentMeta } from '../../../../shared/model';
import { CollectionPicker } from './CollectionPicker';
import { TitleEditor } from './TitleEditor';

/** Props of {@link DocumentRow}. */
export interface DocumentRowProps {
  readonly document: DocumentMeta;
  readonly onOpen: (id: string) => void;
  readonly onRename: (id: string, title: string) => Promise<void>;
  readonly onDelete: (document: DocumentMeta) => void;
  /** Opens the metadata editor for the document. */
  readonly onEditDetails: (document: DocumentMeta) => void;
  /** The collections holding the document. */
  readonly collections: readonly Collection[];
  readonly selected: boolean;
  /** Selects the row or not; `range` when Shift was held (from the last row toggled to this one). */
  readonly onSelect: (id: string, on: boolean, range: boolean) => void;
}

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const numberFormat = new Intl.NumberFormat();

/** Renders the row. Clicking anywhere on it outside its buttons opens the document. */
export function DocumentRow({
  document,
  onOpen,
  onRename,
  onDelete,
  onEditDetails,
  collections,
  selected,
  onSelect,
}: DocumentRowProps): ReactNode {
  const [editing, setEditing] = useState(false);
  const title = displayTitle(document);
  const byline = authorLine(document.csl.author, { max: 3 });
  const added = new Date(document.addedAt);

  return (
    <tr
      className="document-row"
      data-testid="document-row"
      data-document-id={document.id}
      aria-selected={selected}
      onClick={(event) => {
        if (editing || (event.target as Element).closest('button, input, a, label, [role="dialog"]') !== null)
          return;
        onOpen(document.id);
      }}
    >
      <td className="document-select">
        <input
          type="checkbox"
          data-testid="select-document"
          aria-label={`Select “${title}”`}
          checked={selected}
          onChange={(event) => {
            const native = event.nativeEvent;
            onSelect(document.id, event.target.checked, native instanceof MouseEvent && native.shiftKey);
          }}
        />
      </td>
      <td className="document-title-cell">
        {editing ? (
          <TitleEditor
            initial={document.csl.title ?? ''}
            onSave={(next) => onRename(document.id, next)}
            onDone={() => setEditing(false)}
          />
        ) : (
          <button
            type="button"
            className="document-open"
            data-testid="open-document"
            onClick={() => onOpen(document.id)}
          >
            <span className="document-title">{title}</span>
          </button>
        )}
        <span className="document-byline">
          {byline ?? document.source.fileName}
          {document.metadataProposed === true ? (
            <button
              type="button"
              className="details-unconfirmed"
              data-testid="details-unconfirmed"
              aria-label={`details to confirm: those of “${title}” were proposed from the text`}
              title="Scholia proposed these details from the text’s first lines. Check and confirm them."
              onClick={() => onEditDetails(document)}
            >
              details to confirm
            </button>
          ) : null}
        </span>
        <div className="document-collections-line">
          {collections.length === 0 ? null : (
            <ul
              className="document-collections"
              aria-label="In collections"
              data-testid="document-collections"
            >
              {collections.map((collection) => (
                <li key={collection.id}>{collection.name}</li>
              ))}
            </ul>
          )}
          <CollectionPicker
            documentIds={[document.id]}
            text={collections.length === 0 ? 'Add to collection…' : 'Collections…'}
            ariaLabel={`${collections.length === 0 ? 'Add to collection…' : 'Collections…'} (“${title}”)`}
            testId="document-collections-button"
            compact
          />
        </div>
      </td>
      <td className="document-words">{numberFormat.format(document.wordCount)}</td>
      <td className="document-added">
        <time dateTime={document.addedAt}>{dateFormat.format(added)}</time>
      </td>
      <td className="document-actions">
        <button
          type="button"
          className="button button-quiet"
          data-testid="rename-document-button"
          aria-label={`Rename “${title}”`}
          disabled={editing}
          onClick={() => setEditing(true)}
        >
          Rename
        </button>
        <button
          type="button"
          className="button button-quiet"
          data-testid="edit-details-button"
          aria-label={`Edit details of “${title}”`}
          onClick={() => onEditDetails(document)}
        >
          Details…
        </button>
        <button
          type="button"
          className="button button-quiet button-danger-text"
          data-testid="delete-document-button"
          aria-label={`Delete “${title}”`}
          onClick={() => onDelete(document)}
        >
          Delete
        </button>
      </td>
    </tr>
  );
}
