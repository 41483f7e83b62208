/**
 * The long-lived objects of the UI, made once when it starts: the API and host it talks through, the
 * stores views read, the action registry, and the actions available everywhere.
 */
import type { ScholiaApi } from '../../../shared/api';
import type { ScholiaHost } from '../../../shared/host';
import type { Action } from '../actions/action';
import { importFilesAction } from '../actions/import-files';
import { ActionRegistry } from '../actions/registry';
import { ImportStore } from './import-store';
import { LibraryStore } from './library-store';
import { NoticeStore } from './notice-store';
import { UndoStack } from './undo-stack';

/** Everything views share. */
export interface AppServices {
  readonly api: ScholiaApi;
  readonly host: ScholiaHost;
  readonly library: LibraryStore;
  readonly imports: ImportStore;
  readonly notices: NoticeStore;
  readonly actions: ActionRegistry;
  /** Undo and redo of every change the reader makes to annotations, tags and text. */
  readonly undo: UndoStack;
  /** Choose files and import them (also File › Import… and Ctrl+O). */
  readonly importFiles: Action;
}

/** Makes the services over `api` and `host`. Nothing is loaded or subscribed until views ask. */
export function createAppServices(api: ScholiaApi, host: ScholiaHost): AppServices {
  const imports = new ImportStore(api);
  const notices = new NoticeStore();
  return {
    api,
    host,
    library: new LibraryStore(api),
    imports,
    notices,
    actions: new ActionRegistry(),
    undo: new UndoStack(),
    importFiles: importFilesAction(host, imports, notices),
  };
}
