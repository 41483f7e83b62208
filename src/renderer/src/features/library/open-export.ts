/** Opening the export dialog from the library (its Export… button and Ctrl/⌘+Shift+E). */
import type { ObservableStore } from '../../ui/observable-store';
import type { Action } from '../../app/actions/action';

/** The action that opens the export dialog; it does not apply while the dialog is open. */
export function openExportAction(open: ObservableStore<boolean>): Action {
  return {
    name: 'open-export',
    label: 'Export…',
    shortcuts: [{ key: 'e', mod: true, shift: true }],
    isEnabled: () => !open.getSnapshot(),
    perform: () => open.set(true),
  };
}
