/**
 * The long-lived objects of the UI, made once when it starts: the API and host it talks through, the
 * stores views read, the action registry, and the actions available everywhere. The app's own
 * services are one object; each feature's data (the library's, the codebook, the imports) is provided
 * by that feature's context.
 */
import type { ScholiaApi } from '../../../shared/api';
import type { ScholiaHost } from '../../../shared/host';
import { CodebookStore } from '../features/codebook';
import { DeviceStore } from '../features/sync';
import { importFilesAction, ImportStore, type ImportServices } from '../features/import';
import { CollectionStore, LibraryStore, type LibraryServices } from '../features/library';
import { ObservableStore } from '../ui/observable-store';
import { ActionRegistry } from './actions/registry';
import { NoticeStore } from './notices/notice-store';
import { createFindServices } from './panels/find-services';
import { openCodebookAction } from './panels/open-codebook';
import type { AppServices } from './services/use-services';
import { SettingsStore } from './settings/settings-store';
import { UndoStack } from './undo/undo-stack';

/** What the app provides to its views: its services, and each feature's data. */
export interface AppParts {
  readonly services: AppServices;
  readonly library: LibraryServices;
  /** The codebook: the tags every view shows, and every change to them. */
  readonly codebook: CodebookStore;
  readonly imports: ImportServices;
  /** The computers sharing the library, whose names sign each change. */
  readonly devices: DeviceStore;
}

/** Makes the services over `api` and `host`. Nothing is loaded or subscribed until views ask. */
export function createAppServices(api: ScholiaApi, host: ScholiaHost): AppParts {
  const imports = new ImportStore(api);
  const notices = new NoticeStore();
  const codebookOpen = new ObservableStore(false);
  const undo = new UndoStack();
  return {
    services: {
      api,
      host,
      notices,
      actions: new ActionRegistry(),
      undo,
      settings: new SettingsStore(api),
      codebookOpen,
      openCodebook: openCodebookAction(codebookOpen),
      find: createFindServices(),
    },
    library: { library: new LibraryStore(api), collections: new CollectionStore(api, undo) },
    codebook: new CodebookStore(api, undo),
    devices: new DeviceStore(api),
    imports: {
      imports,
      importFiles: importFilesAction(host, imports, notices),
      importFolder: importFilesAction(host, imports, notices, true),
    },
  };
}
