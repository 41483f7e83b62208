/** Host capabilities in a plain browser: a file input for picking, uploaded bytes for dropped files. */
import type { ImportSource } from '../../../../shared/api';
import type { ScholiaHost } from '../../../../shared/host';
import { importAccept } from '../../../../shared/import-formats';

async function toSources(files: readonly File[]): Promise<ImportSource[]> {
  return Promise.all(
    files.map(async (file) => ({
      kind: 'bytes' as const,
      name: file.name,
      bytes: new Uint8Array(await file.arrayBuffer()),
    })),
  );
}

/** Whether a path inside a chosen folder (`notes/.git/HEAD`) names a hidden file or passes through a hidden folder. */
function isHidden(relativePath: string): boolean {
  return relativePath.split('/').some((part) => part.startsWith('.'));
}

/** Creates the browser host. */
export function createBrowserHost(): ScholiaHost {
  return {
    kind: 'browser',
    pickImportFiles(options): Promise<ImportSource[]> {
      const folder = options?.folder === true;
      return new Promise((resolve, reject) => {
        const input = document.createElement('input');
        input.type = 'file';
        input.multiple = true;
        // A folder uploads every file inside it; core reports those it cannot import, as for a folder path.
        if (folder) input.webkitdirectory = true;
        else input.accept = importAccept();
        input.addEventListener('change', () => {
          const files = Array.from(input.files ?? []);
          // Hidden files and folders (.DS_Store, .git) are left out, as when core walks a folder.
          const chosen = folder ? files.filter((file) => !isHidden(file.webkitRelativePath)) : files;
          toSources(chosen).then(resolve, reject);
        });
        input.addEventListener('cancel', () => resolve([]));
        input.click();
      });
    },
    sourcesFromDroppedFiles: toSources,
    onMenuImport: () => () => undefined,
    onMenuCommand: () => () => undefined,
    chooseExportPath: () => Promise.resolve(null),
    download(name, content, mediaType) {
      const url = URL.createObjectURL(new Blob([content], { type: mediaType }));
      const link = document.createElement('a');
      link.href = url;
      link.download = name;
      link.click();
      // The download has started from the URL by now; free it after this task.
      setTimeout(() => URL.revokeObjectURL(url), 0);
    },
    showInFolder: () => undefined,
    onOpenLink: () => () => undefined,
    onOpenFiles: () => () => undefined,
  };
}
