/**
 * The long-lived objects of the UI, made once when it starts: the API and host it talks through, the
 * stores views read, the action registry, and the actions available everywhere.
 */
import type { ScholiaApi } from '../../../shared/api';
import type { ScholiaHost } from '../../../shared/host';
import type { Action } from '../actions/action';
import { importFilesAction } from '../actions/import-files';
import { openCodebookAction } from '../actions/open-codebook';
import { CodebookStore } from './codebook-store';
import { CollectionStore } from './collection-store';
import { createFindServices, type FindServices } from './find-services';
import { ActionRegistry } from '../actions/registry';
import { ImportStore } from './import-store';
import { LibraryStore } from './library-store';
import { NoticeStore } from './notice-store';
import { ObservableStore } from './observable-store';
import { SettingsStore } from './settings-store';
import { UndoStack } from './undo-stack';

/** Everything views share. */
export interface AppServices {
  readonly api: ScholiaApi;
  readonly host: ScholiaHost;
  readonly library: LibraryStore;
  /** The reader's collections (reading lists). */
  readonly collections: CollectionStore;
  readonly imports: ImportStore;
  readonly notices: NoticeStore;
  readonly actions: ActionRegistry;
  /** Undo and redo of every change the reader makes to annotations, tags and text. */
  readonly undo: UndoStack;
  /** Choose files and import them (also File › Import… and Ctrl+O). */
  readonly importFiles: Action;
  /** Choose folders and import every supported file in them (also File › Import Folder… and Ctrl+Shift+O). */
  readonly importFolder: Action;
  /** The codebook: the tags every view shows, and every change to them. */
  readonly codebook: CodebookStore;
  /** The library's settings (what the highlight colours mean) every view shows, and changes to them. */
  readonly settings: SettingsStore;
  /** Whether the codebook panel is open. */
  readonly codebookOpen: ObservableStore<boolean>;
  /** Opens the codebook panel (key T). */
  readonly openCodebook: Action;
  /** The find panel, the command palette and the reading statistics: what is open, and the actions opening them. */
  readonly find: FindServices;
}

/** Makes the services over `api` and `host`. Nothing is loaded or subscribed until views ask. */
export function createAppServices(api: ScholiaApi, host: ScholiaHost): AppServices {
  const imports = new ImportStore(api);
  const notices = new NoticeStore();
  const codebookOpen = new ObservableStore(false);
  const undo = new UndoStack();
  return {
    api,
    host,
    library: new LibraryStore(api),
    collections: new CollectionStore(api, undo),
    imports,
    notices,
    actions: new ActionRegistry(),
    undo,
    codebook: new CodebookStore(api, undo),
    settings: new SettingsStore(api),
    importFiles: importFilesAction(host, imports, notices),
    importFolder: importFilesAction(host, imports, notices, true),
    codebookOpen,
    openCodebook: openCodebookAction(codebookOpen),
    find: createFindServices(),
  };
}
