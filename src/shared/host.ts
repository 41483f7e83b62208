/**
 * Host capabilities: what the renderer needs from its surroundings beyond the library API.
 * Electron's preload implements them with native dialogs and file paths; browser mode with a file
 * input and uploaded bytes. Exposed as `window.scholiaHost`.
 *
 * A path is a capability: core imports from a path and exports to one only when the reader chose it in
 * this session. In Electron, the paths these methods return (the dialogs' and the dropped files') are
 * granted as they are returned; any other path an API call names is refused with `not-allowed`. In
 * browser mode no path is ever granted: imports are uploaded bytes and exports are downloads.
 */
import type { ImportSource, Unsubscribe } from './api';

export interface ScholiaHost {
  /** Which transport the renderer runs on. */
  readonly kind: 'electron' | 'browser';
  /**
   * Lets the reader choose files to import, or folders when `folder` (every supported file inside is
   * imported). Resolves to an empty list when cancelled.
   */
  pickImportFiles(options?: { folder?: boolean }): Promise<ImportSource[]>;
  /** Turns files dropped on the window into import sources (a path in Electron, bytes in a browser). */
  sourcesFromDroppedFiles(files: readonly File[]): Promise<ImportSource[]>;
  /** Called when the reader chooses File › Import… or Import Folder… in the application menu (Electron only). */
  onMenuImport(listener: (what: 'files' | 'folder') => void): Unsubscribe;
  /**
   * Called when the reader chooses Edit › Undo or Redo in the application menu (Electron only). The
   * menu shows their keys without taking them, so a key press reaches the page as usual.
   */
  onMenuCommand(listener: (command: MenuCommand) => void): Unsubscribe;
  /**
   * Asks where to write an export (a file, or a folder when `folder`), proposing `suggestedName`.
   * Resolves to the chosen path, or null when cancelled. Browser mode cannot write paths: it resolves
   * to null and exports are downloaded with {@link download} instead.
   */
  chooseExportPath(suggestedName: string, folder: boolean): Promise<string | null>;
  /**
   * Browser mode: saves `content` (text, or bytes such as a ZIP) as a download named `name`, of the
   * media type `mediaType` (`text/csv;charset=utf-8`). Electron writes through `exportLibrary`.
   */
  download(name: string, content: string | Uint8Array<ArrayBuffer>, mediaType: string): void;
  /** Shows a written file in the system file manager (Electron only; does nothing in a browser). */
  showInFolder(path: string): void;
  /** Called when a `scholia://open?document=…&annotation=…` link asks to open a passage (Electron only). */
  onOpenLink(listener: (link: ScholiaLink) => void): Unsubscribe;
  /**
   * Called with files the system asked Scholia to open (from the file manager, "Open with", a file
   * dropped on the dock icon), already allowed to be read (Electron only): the app imports them.
   */
  onOpenFiles(listener: (sources: ImportSource[]) => void): Unsubscribe;
}

/** An application-menu command the renderer carries out. */
export type MenuCommand = 'undo' | 'redo';

/** Whether `value` (from IPC) is a {@link MenuCommand}. */
export function isMenuCommand(value: unknown): value is MenuCommand {
  return value === 'undo' || value === 'redo';
}

/** What a `scholia://open` link asks for: a document, and optionally one of its annotations. */
export interface ScholiaLink {
  documentId: string;
  annotationId: string | null;
}
