/** Import: lets the reader choose files and imports them into the library. */
import type { ScholiaHost } from '../../../../shared/host';
import { errorMessage } from '../../ui/error-message';
import type { ImportStore } from './import-store';
import type { NoticeStore } from '../../app/notices/notice-store';
import type { Action } from '../../app/actions/action';

/**
 * The `import-files` action (Ctrl+O or ⌘O), or with `folder` the `import-folder` action (Ctrl+Shift+O):
 * every supported file in the chosen folders. Either does nothing while an import is running.
 */
export function importFilesAction(
  host: ScholiaHost,
  imports: ImportStore,
  notices: NoticeStore,
  folder = false,
): Action {
  return {
    name: folder ? 'import-folder' : 'import-files',
    label: folder ? 'Import folder…' : 'Import files…',
    shortcuts: [{ key: 'o', mod: true, shift: folder }],
    isEnabled: () => !imports.running,
    perform() {
      host
        .pickImportFiles({ folder })
        .then((sources) => imports.start(sources))
        .catch((thrown: unknown) =>
          notices.show('error', errorMessage(thrown, 'The files could not be imported.')),
        );
    },
  };
}
