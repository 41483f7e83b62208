/** The library: every document, the import button and report, and the way into each text. */
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { DocumentMeta } from '../../../shared/model';
import { openExportAction } from '../actions/open-export';
import { useActions } from '../hooks/use-actions';
import { useServices } from '../hooks/use-services';
import { ObservableStore } from '../state/observable-store';
import { useStore } from '../hooks/use-store';
import { ActionButton } from './ActionButton';
import { DeleteDocumentDialog } from './DeleteDocumentDialog';
import { DocumentTable } from './DocumentTable';
import { EmptyLibrary } from './EmptyLibrary';
import { ExportDialog } from './ExportDialog';
import { ImportStatus } from './ImportStatus';
import { MetadataDialog } from './MetadataDialog';

/** Props of {@link LibraryView}. */
export interface LibraryViewProps {
  readonly onOpen: (id: string) => void;
  /** The document the reader just came back from; its row gets the focus. */
  readonly returnedFrom: string | null;
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
export function LibraryView({ onOpen, returnedFrom }: LibraryViewProps): ReactNode {
  const { library, importFiles, importFolder, openCodebook, actions, find } = useServices();
  // The export dialog belongs to the library view: its action (Ctrl/⌘+Shift+E) is registered while the view is shown.
  const [exportOpen] = useState(() => new ObservableStore(false));
  const exporting = useStore(exportOpen);
  const [openExport] = useState(() => openExportAction(exportOpen));
  const [libraryActions] = useState(() => [openExport]);
  useActions(actions, libraryActions);
  const snapshot = useStore(library);
  const [deleting, setDeleting] = useState<DocumentMeta | null>(null);
  const [describing, setDescribing] = useState<DocumentMeta | null>(null);
  const main = useRef<HTMLElement>(null);
  const ready = snapshot.status === 'ready';

  useEffect(() => {
    if (ready && returnedFrom !== null) focusRow(main.current, returnedFrom);
  }, [ready, returnedFrom]);

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
      <DocumentTable
        documents={snapshot.documents}
        onOpen={onOpen}
        onRename={(id, title) => library.rename(id, title)}
        onDelete={setDeleting}
        onEditDetails={setDescribing}
      />
    );
  }

  return (
    <div className="library-view">
      <header className="app-header">
        <h1 className="app-name">Scholia</h1>
        <p className="app-header-count" aria-live="polite">
          {ready
            ? `${snapshot.documents.length} ${snapshot.documents.length === 1 ? 'document' : 'documents'}`
            : ''}
        </p>
        <ActionButton action={find.openFind} testId="search-button" ariaLabel="Search the library">
          Search
        </ActionButton>
        <ActionButton action={find.openStatistics} testId="statistics-button" ariaLabel={find.openStatistics.label}>
          Statistics
        </ActionButton>
        <ActionButton action={openCodebook} testId="codebook-button" />
        <ActionButton action={openExport} testId="export-button" />
        <ActionButton action={importFolder} testId="import-folder-button" />
        <ActionButton action={importFiles} variant="primary" testId="import-button">
          Import…
        </ActionButton>
      </header>
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
      {exporting ? <ExportDialog onClose={() => exportOpen.set(false)} /> : null}
    </div>
  );
}
