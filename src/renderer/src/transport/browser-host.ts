/** Host capabilities in a plain browser: a file input for picking, uploaded bytes for dropped files. */
import type { ImportSource } from '../../../shared/api';
import type { ScholiaHost } from '../../../shared/host';

async function toSources(files: readonly File[]): Promise<ImportSource[]> {
  return Promise.all(
    files.map(async (file) => ({
      kind: 'bytes' as const,
      name: file.name,
      bytes: new Uint8Array(await file.arrayBuffer()),
    })),
  );
}

/** Creates the browser host. */
export function createBrowserHost(): ScholiaHost {
  return {
    kind: 'browser',
    pickImportFiles(): Promise<ImportSource[]> {
      return new Promise((resolve, reject) => {
        const input = document.createElement('input');
        input.type = 'file';
        input.multiple = true;
        input.accept = '.txt,.md,.markdown,text/plain,text/markdown';
        input.addEventListener('change', () => {
          toSources(Array.from(input.files ?? [])).then(resolve, reject);
        });
        input.addEventListener('cancel', () => resolve([]));
        input.click();
      });
    },
    sourcesFromDroppedFiles: toSources,
    onMenuImport: () => () => undefined,
  };
}
