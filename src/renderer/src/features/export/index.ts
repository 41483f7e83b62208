/** Export: the export dialog and the settings it remembers. */
export { ExportDialog, type ExportDialogProps } from './ExportDialog';
export { loadExportOptions } from './export-settings';
