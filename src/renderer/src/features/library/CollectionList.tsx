/**
 * The library's collections beside the table: "All documents" and each collection with how many
 * documents it holds; choosing one filters the table. A new collection is named in place, the chosen
 * one can be renamed in place or deleted (after asking; its documents stay in the library).
 */
import { useRef, useState, type ReactNode } from 'react';
import type { Collection } from '../../../../shared/export-options';
import type { DocumentMeta } from '../../../../shared/model';
import { useLibrary } from './library-context';
import { documentsIn } from './collection-store';
import { DeleteCollectionDialog } from './DeleteCollectionDialog';
import { NameField } from '../../ui/NameField';

/** Props of {@link CollectionList}. */
export interface CollectionListProps {
  readonly collections: readonly Collection[];
  readonly documents: readonly DocumentMeta[];
  /** The collection the table shows, or null for all documents. */
  readonly chosen: string | null;
  readonly onChoose: (collectionId: string | null) => void;
}

const numberFormat = new Intl.NumberFormat();

/** Renders the list. */
export function CollectionList({ collections, documents, chosen, onChoose }: CollectionListProps): ReactNode {
  const { collections: store } = useLibrary();
  const [editing, setEditing] = useState<'new' | 'rename' | null>(null);
  const [deleting, setDeleting] = useState<Collection | null>(null);
  const nav = useRef<HTMLElement>(null);
  const current = collections.find((collection) => collection.id === chosen) ?? null;

  const item = (id: string | null, name: string, count: number): ReactNode => (
    <li key={id ?? 'all'}>
      {editing === 'rename' && id !== null && id === chosen ? (
        <NameField
          label={`New name for “${name}”`}
          initial={name}
          testId="collection-name-input"
          onSave={async (next) => {
            await store.rename(id, next);
          }}
          onDone={() => setEditing(null)}
        />
      ) : (
        <button
          type="button"
          className="collection-item"
          data-testid="collection-filter"
          data-collection-id={id ?? ''}
          aria-current={id === chosen ? 'true' : undefined}
          onClick={() => onChoose(id)}
        >
          <span className="collection-item-name">{name}</span>
          <span
            className="collection-item-count"
            aria-label={`${count} ${count === 1 ? 'document' : 'documents'}`}
          >
            {numberFormat.format(count)}
          </span>
        </button>
      )}
    </li>
  );

  return (
    <nav className="collection-list" aria-label="Collections" data-testid="collection-list" ref={nav}>
      <h2 className="collection-list-title">Collections</h2>
      <ul>
        {item(null, 'All documents', documents.length)}
        {collections.map((collection) =>
          item(collection.id, collection.name, documentsIn(documents, collection).length),
        )}
      </ul>
      {editing === 'new' ? (
        <NameField
          label="Name of the new collection"
          initial=""
          testId="collection-name-input"
          onSave={async (name) => {
            const made = await store.create(name);
            onChoose(made.id);
          }}
          onDone={() => setEditing(null)}
        />
      ) : (
        <button
          type="button"
          className="button button-quiet collection-new"
          data-testid="new-collection-button"
          onClick={() => setEditing('new')}
        >
          New collection…
        </button>
      )}
      {current === null ? null : (
        <div className="collection-tools">
          <button
            type="button"
            className="button button-quiet"
            data-testid="rename-collection-button"
            aria-label={`Rename the collection “${current.name}”`}
            disabled={editing !== null}
            onClick={() => setEditing('rename')}
          >
            Rename
          </button>
          <button
            type="button"
            className="button button-quiet button-danger-text"
            data-testid="delete-collection-button"
            aria-label={`Delete the collection “${current.name}”`}
            onClick={() => setDeleting(current)}
          >
            Delete…
          </button>
        </div>
      )}
      {deleting === null ? null : (
        <DeleteCollectionDialog
          collection={deleting}
          count={documentsIn(documents, deleting).length}
          onConfirm={async () => {
            await store.remove(deleting.id);
            onChoose(null);
            // The keyboard goes to "All documents", which the table now shows.
            requestAnimationFrame(() =>
              nav.current?.querySelector<HTMLElement>('[data-testid="collection-filter"]')?.focus(),
            );
          }}
          onClose={() => setDeleting(null)}
        />
      )}
    </nav>
  );
}
