/** The import in progress and the actions that start one, as the views that show them read them. */
import { createContext } from 'react';
import type { Action } from '../../app/actions/action';
import { useProvided } from '../../ui/use-provided';
import type { ImportStore } from './import-store';

/** The imports, made once by the app. */
export interface ImportServices {
  readonly imports: ImportStore;
  /** Choose files and import them (also File › Import… and Ctrl+O). */
  readonly importFiles: Action;
  /** Choose folders and import every supported file in them (also File › Import Folder… and Ctrl+Shift+O). */
  readonly importFolder: Action;
}

/** The context `App` provides the imports in. */
export const ImportContext = createContext<ImportServices | null>(null);

/** The imports; throws when used outside `App` (a programming error). */
export function useImports(): ImportServices {
  return useProvided(ImportContext, 'useImports');
}
