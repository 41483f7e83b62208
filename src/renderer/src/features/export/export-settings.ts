/**
 * The export dialog's settings, remembered between exports in localStorage. What is read back is
 * checked against the export options' schema; anything unreadable (an older shape, a hand edit) falls
 * back to the defaults rather than failing the dialog. The scope's documents are not remembered (the
 * selection of one export is rarely the next one's), and a collection that was deleted meanwhile is
 * dropped by the dialog when it loads the collections.
 */
import { ExportOptionsSchema, type ExportOptions } from '../../../../shared/export-options';

/** The localStorage key. */
export const EXPORT_SETTINGS_KEY = 'scholia.export-settings.v1';

/** The options an export starts from when nothing was remembered. */
export function defaultExportOptions(): ExportOptions {
  return ExportOptionsSchema.parse({});
}

/** What `storage` remembers, or the defaults. */
export function loadExportOptions(storage: Pick<Storage, 'getItem'>): ExportOptions {
  let raw: unknown;
  try {
    raw = JSON.parse(storage.getItem(EXPORT_SETTINGS_KEY) ?? 'null');
  } catch {
    return defaultExportOptions();
  }
  const parsed = ExportOptionsSchema.safeParse(raw ?? {});
  if (!parsed.success) return defaultExportOptions();
  return parsed.data.scope.kind === 'documents'
    ? { ...parsed.data, scope: { kind: 'library' } }
    : parsed.data;
}

/** Remembers `options` in `storage` (the scope's documents are left out); a full storage is ignored. */
export function saveExportOptions(storage: Pick<Storage, 'setItem'>, options: ExportOptions): void {
  const kept: ExportOptions =
    options.scope.kind === 'documents' ? { ...options, scope: { kind: 'library' } } : options;
  try {
    storage.setItem(EXPORT_SETTINGS_KEY, JSON.stringify(kept));
  } catch {
    // Storage full or disabled: the settings are simply not remembered.
  }
}
