/**
 * The library's documents as a table: a checkbox, title, length and date added, newest first. Rows are
 * selected with their checkboxes (Shift for a range), all of them with the header checkbox or
 * Ctrl/⌘+A while the table has the keyboard; Escape there clears the selection.
 */
import type { KeyboardEvent, ReactNode } from 'react';
import type { Collection } from '../../../../shared/export-options';
import type { DocumentMeta } from '../../../../shared/model';
import { collectionsHolding } from './collection-store';
import {
  NO_SELECTION,
  selectAll,
  selectionState,
  toggleRange,
  toggleRow,
  type RowSelection,
} from './selection';
import { DocumentRow } from './DocumentRow';

/** Props of {@link DocumentTable}. */
export interface DocumentTableProps {
  readonly documents: readonly DocumentMeta[];
  readonly collections: readonly Collection[];
  readonly selection: RowSelection;
  readonly onSelectionChange: (selection: RowSelection) => void;
  readonly onOpen: (id: string) => void;
  readonly onRename: (id: string, title: string) => Promise<void>;
  readonly onDelete: (document: DocumentMeta) => void;
  readonly onEditDetails: (document: DocumentMeta) => void;
}

/** Whether a key pressed in `target` belongs to a text field rather than to the table. */
function typing(target: EventTarget): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable ||
      target instanceof HTMLTextAreaElement ||
      (target instanceof HTMLInputElement && target.type !== 'checkbox'))
  );
}

/** Renders the table. */
export function DocumentTable({
  documents,
  collections,
  selection,
  onSelectionChange,
  onOpen,
  onRename,
  onDelete,
  onEditDetails,
}: DocumentTableProps): ReactNode {
  const order = documents.map((document) => document.id);
  const state = selectionState(selection, order);

  const onKeyDown = (event: KeyboardEvent<HTMLTableElement>): void => {
    if (typing(event.target)) return;
    if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'a') {
      event.preventDefault();
      event.stopPropagation();
      onSelectionChange(selectAll(order));
    } else if (event.key === 'Escape' && selection.ids.size > 0) {
      event.preventDefault();
      onSelectionChange(NO_SELECTION);
    }
  };

  return (
    <table className="documents" aria-label="Documents" data-testid="document-table" onKeyDown={onKeyDown}>
      <thead>
        <tr>
          <th scope="col" className="document-select">
            <input
              type="checkbox"
              data-testid="select-all-documents"
              aria-label={state === 'all' ? 'Select none' : 'Select all documents shown'}
              checked={state === 'all'}
              ref={(element) => {
                if (element !== null) element.indeterminate = state === 'some';
              }}
              onChange={() => onSelectionChange(state === 'all' ? NO_SELECTION : selectAll(order))}
            />
          </th>
          <th scope="col">Title</th>
          <th scope="col" className="document-words">
            Words
          </th>
          <th scope="col" className="document-added">
            Added
          </th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {documents.map((document) => (
          <DocumentRow
            key={document.id}
            document={document}
            collections={collectionsHolding(collections, document.id)}
            selected={selection.ids.has(document.id)}
            onSelect={(id, on, range) =>
              onSelectionChange(range ? toggleRange(selection, order, id, on) : toggleRow(selection, id, on))
            }
            onOpen={onOpen}
            onRename={onRename}
            onDelete={onDelete}
            onEditDetails={onEditDetails}
          />
        ))}
      </tbody>
    </table>
  );
}
