/**
 * What the reader can do with the selected documents, shown while any are selected: put them in
 * collections (or take them out), export them, delete them, or clear the selection.
 */
import type { ReactNode } from 'react';
import { CollectionPicker } from './CollectionPicker';

/** Props of {@link SelectionBar}. */
export interface SelectionBarProps {
  /** The selected documents, in the table's order. */
  readonly documentIds: readonly string[];
  readonly onExport: () => void;
  readonly onDelete: () => void;
  readonly onClear: () => void;
}

/** Renders the bar. */
export function SelectionBar({ documentIds, onExport, onDelete, onClear }: SelectionBarProps): ReactNode {
  const count = documentIds.length;
  return (
    <div className="selection-bar" role="region" aria-label="Selected documents" data-testid="selection-bar">
      <p className="selection-bar-count" aria-live="polite" data-testid="selection-count">
        {count} selected
      </p>
      <CollectionPicker
        documentIds={documentIds}
        text="Add to collection…"
        // The name begins with the button's words, as a speech-input user would say them.
        ariaLabel={`Add to collection… (the ${count} selected ${count === 1 ? 'document' : 'documents'})`}
        testId="selection-collections-button"
      />
      <button
        type="button"
        className="button button-quiet"
        data-testid="export-selected-button"
        onClick={onExport}
      >
        Export…
      </button>
      <button
        type="button"
        className="button button-quiet button-danger-text"
        data-testid="delete-selected-button"
        onClick={onDelete}
      >
        Delete…
      </button>
      <button
        type="button"
        className="button button-quiet selection-bar-clear"
        data-testid="clear-selection-button"
        onClick={onClear}
      >
        Clear selection
      </button>
    </div>
  );
}
