/** Import: lets the reader choose files and imports them into the library. */
import type { ScholiaHost } from '../../../shared/host';
import { errorMessage } from '../state/error-message';
import type { ImportStore } from '../state/import-store';
import type { NoticeStore } from '../state/notice-store';
import type { Action } from './action';

/** The `import-files` action (Ctrl+O or ⌘O); it does nothing while an import is running. */
export function importFilesAction(host: ScholiaHost, imports: ImportStore, notices: NoticeStore): Action {
  return {
    name: 'import-files',
    label: 'Import…',
    shortcuts: [{ key: 'o', mod: true }],
    isEnabled: () => !imports.running,
    perform() {
      host
        .pickImportFiles()
        .then((sources) => imports.start(sources))
        .catch((thrown: unknown) =>
          notices.show('error', errorMessage(thrown, 'The files could not be imported.')),
        );
    },
  };
}
