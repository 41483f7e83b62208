/** Import: the import in progress, the actions that start one, its report, and files dropped on the window. */
export { DropOverlay } from './DropOverlay';
export { ImportContext, useImports, type ImportServices } from './import-context';
export { importFilesAction } from './import-files';
export { ImportStatus } from './ImportStatus';
export { ImportStore } from './import-store';
export { useFileDrop } from './use-file-drop';
