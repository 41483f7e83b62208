/**
 * Host capabilities: what the renderer needs from its surroundings beyond the library API.
 * Electron's preload implements them with native dialogs and file paths; browser mode with a file
 * input and uploaded bytes. Exposed as `window.scholiaHost`.
 */
import type { ImportSource, Unsubscribe } from './api';

export interface ScholiaHost {
  /** Which transport the renderer runs on. */
  readonly kind: 'electron' | 'browser';
  /** Lets the reader choose files to import. Resolves to an empty list when cancelled. */
  pickImportFiles(): Promise<ImportSource[]>;
  /** Turns files dropped on the window into import sources (a path in Electron, bytes in a browser). */
  sourcesFromDroppedFiles(files: readonly File[]): Promise<ImportSource[]>;
  /** Called when the reader chooses File › Import… in the application menu (Electron only). */
  onMenuImport(listener: () => void): Unsubscribe;
}
