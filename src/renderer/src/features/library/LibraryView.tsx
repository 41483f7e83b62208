/**
 * The library: every document (or one collection's), the collections, the selected documents and
 * what can be done with them, the import button and report, and the way into each text.
 */
import { useEffect, useMemo, useRef, useState, type ComponentType, type ReactNode } from 'react';
import type { ExportScope } from '../../../../shared/export-options';
import type { DocumentMeta } from '../../../../shared/model';
import { useActions } from '../../app/actions/use-actions';
import { useServices } from '../../app/services/use-services';
import { ObservableStore } from '../../ui/observable-store';
import { useStore, useWatchedStore } from '../../ui/use-store';
import { ImportStatus, useImports } from '../import';
import { DeviceDialog, openDeviceSettingsAction } from '../sync';
import { documentsIn } from './collection-store';
import { CollectionList } from './CollectionList';
import { DeleteDocumentDialog } from './DeleteDocumentDialog';
import { DeleteDocumentsDialog } from './DeleteDocumentsDialog';
import { DocumentTable } from './DocumentTable';
import { EmptyLibrary } from './EmptyLibrary';
import { LibraryHeader, type HeaderAction } from './LibraryHeader';
import { useLibrary } from './library-context';
import { openExportAction } from './open-export';
import { NO_SELECTION, selectedInOrder, within, type RowSelection } from './selection';
import { SelectionBar } from './SelectionBar';

/** Props of {@link LibraryView}. */
export interface LibraryViewProps {
  readonly onOpen: (id: string) => void;
  /** The document the reader just came back from; its row gets the focus. */
  readonly returnedFrom: string | null;
  /**
   * The export dialog (features/export), on the whole library or the selected documents. It reads the
   * library's stores, so the app hands it in rather than the library importing it.
   */
  readonly ExportDialog: ComponentType<{ readonly initialScope?: ExportScope; readonly onClose: () => void }>;
  /** The metadata editor (features/metadata) a row's Edit details opens; handed in for the same reason. */
  readonly MetadataDialog: ComponentType<{ readonly document: DocumentMeta; readonly onClose: () => void }>;
}

/** Focuses the open button of the row for `id`, or of the first row, or the import button. */
function focusRow(main: HTMLElement | null, id: string | null): void {
  if (main === null) return;
  const rows = [...main.querySelectorAll<HTMLElement>('[data-testid="document-row"]')];
  const row = rows.find((r) => r.dataset['documentId'] === id) ?? rows[0];
  const target =
    row?.querySelector<HTMLElement>('[data-testid="open-document"]') ??
    main.ownerDocument.querySelector<HTMLElement>('[data-testid="import-button"]');
  target?.focus();
}

/** Renders the library view. */
export function LibraryView({
  onOpen,
  returnedFrom,
  ExportDialog,
  MetadataDialog,
}: LibraryViewProps): ReactNode {
  const { openCodebook, actions, find } = useServices();
  const { library, collections: collectionStore } = useLibrary();
  const { importFiles, importFolder } = useImports();
  // The export dialog belongs to the library view: its action (Ctrl/⌘+Shift+E) is registered while the view is shown.
  const [exportOpen] = useState(() => new ObservableStore(false));
  const exporting = useStore(exportOpen);
  const [openExport] = useState(() => openExportAction(exportOpen));
  const [deviceOpen] = useState(() => new ObservableStore(false));
  const namingDevice = useStore(deviceOpen);
  const [openDeviceSettings] = useState(() => openDeviceSettingsAction(deviceOpen));
  const [libraryActions] = useState(() => [openExport]);
  useActions(actions, libraryActions);
  const snapshot = useStore(library);
  const { collections } = useWatchedStore(collectionStore);
  const [chosenCollection, setChosenCollection] = useState<string | null>(null);
  const [selection, setSelection] = useState<RowSelection>(NO_SELECTION);
  const [exportScope, setExportScope] = useState<ExportScope | undefined>(undefined);
  const [deletingSelected, setDeletingSelected] = useState(false);
  const [deleting, setDeleting] = useState<DocumentMeta | null>(null);
  const [describing, setDescribing] = useState<DocumentMeta | null>(null);
  const main = useRef<HTMLElement>(null);
  const ready = snapshot.status === 'ready';

  useEffect(() => {
    if (ready && returnedFrom !== null) focusRow(main.current, returnedFrom);
  }, [ready, returnedFrom]);

  // A collection deleted elsewhere (another window, the command line) stops filtering the table.
  const collection = collections.find((c) => c.id === chosenCollection) ?? null;
  const shown = useMemo(() => documentsIn(snapshot.documents, collection), [snapshot.documents, collection]);
  const order = useMemo(() => shown.map((document) => document.id), [shown]);
  // The selection only holds rows the table shows.
  const selected = within(selection, order);
  const selectedIds = selectedInOrder(selected, order);

  const chooseCollection = (id: string | null): void => {
    setChosenCollection(id);
    setSelection(NO_SELECTION);
  };

  const exportSelected = (): void => {
    if (selectedIds.length === 0) return;
    setExportScope({ kind: 'documents', documentIds: selectedIds });
    exportOpen.set(true);
  };

  const deleteSelected = async (): Promise<void> => {
    for (const id of selectedIds) await library.remove(id);
    setSelection(NO_SELECTION);
    requestAnimationFrame(() => focusRow(main.current, null));
  };

  const secondary: readonly HeaderAction[] = [
    { action: find.openFind, testId: 'search-button', text: 'Search', ariaLabel: 'Search the library' },
    { action: find.openStatistics, testId: 'statistics-button', text: 'Statistics' },
    { action: openCodebook, testId: 'codebook-button' },
    { action: openExport, testId: 'export-button' },
    { action: importFolder, testId: 'import-folder-button' },
    { action: openDeviceSettings, testId: 'device-settings-button' },
  ];

  const confirmDelete = async (document: DocumentMeta): Promise<void> => {
    const index = snapshot.documents.findIndex((d) => d.id === document.id);
    await library.remove(document.id);
    // Keep the keyboard where it was: on the row that took the deleted one's place.
    const next = snapshot.documents[index + 1] ?? snapshot.documents[index - 1];
    requestAnimationFrame(() => focusRow(main.current, next?.id ?? null));
  };

  let body: ReactNode;
  if (snapshot.status === 'loading') {
    body = <p className="quiet-message">Opening your library…</p>;
  } else if (snapshot.status === 'failed' && snapshot.documents.length === 0) {
    body = (
      <div className="load-problem" role="alert">
        <p>{snapshot.error}</p>
        <button type="button" className="button button-quiet" onClick={() => void library.refresh()}>
          Try again
        </button>
      </div>
    );
  } else if (snapshot.documents.length === 0) {
    body = <EmptyLibrary />;
  } else {
    body = (
      <div className="library-columns">
        <CollectionList
          collections={collections}
          documents={snapshot.documents}
          chosen={collection?.id ?? null}
          onChoose={chooseCollection}
        />
        <div className="library-documents">
          {selectedIds.length === 0 ? null : (
            <SelectionBar
              documentIds={selectedIds}
              onExport={exportSelected}
              onDelete={() => setDeletingSelected(true)}
              onClear={() => setSelection(NO_SELECTION)}
            />
          )}
          {shown.length === 0 ? (
            <p className="quiet-message" data-testid="empty-collection">
              No documents in “{collection?.name}” yet. Use a document’s Collections… button to add it.
            </p>
          ) : (
            <DocumentTable
              documents={shown}
              collections={collections}
              selection={selected}
              onSelectionChange={setSelection}
              onOpen={onOpen}
              onRename={(id, title) => library.rename(id, title)}
              onDelete={setDeleting}
              onEditDetails={setDescribing}
            />
          )}
        </div>
      </div>
    );
  }

  return (
    <div className="library-view">
      <LibraryHeader
        count={
          ready
            ? `${snapshot.documents.length} ${snapshot.documents.length === 1 ? 'document' : 'documents'}`
            : ''
        }
        actions={secondary}
        primary={{ action: importFiles, testId: 'import-button', text: 'Import…' }}
      />
      <main className="library-main" ref={main}>
        <ImportStatus onOpen={onOpen} />
        {body}
      </main>
      {describing === null ? null : (
        <MetadataDialog document={describing} onClose={() => setDescribing(null)} />
      )}
      {deleting === null ? null : (
        <DeleteDocumentDialog
          document={deleting}
          onConfirm={() => confirmDelete(deleting)}
          onClose={() => setDeleting(null)}
        />
      )}
      {deletingSelected ? (
        <DeleteDocumentsDialog
          count={selectedIds.length}
          onConfirm={deleteSelected}
          onClose={() => setDeletingSelected(false)}
        />
      ) : null}
      {namingDevice ? <DeviceDialog onClose={() => deviceOpen.set(false)} /> : null}
      {exporting ? (
        <ExportDialog
          initialScope={exportScope}
          onClose={() => {
            exportOpen.set(false);
            setExportScope(undefined);
          }}
        />
      ) : null}
    </div>
  );
}
