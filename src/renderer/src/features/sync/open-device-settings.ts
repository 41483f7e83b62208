/** Opening the dialog that names this computer and its reader, which sign the changes made here. */
import type { ObservableStore } from '../../ui/observable-store';
import type { Action } from '../../app/actions/action';

/** The action that opens the names dialog (the library's "Your name…"); it does not apply while it is open. */
export function openDeviceSettingsAction(open: ObservableStore<boolean>): Action {
  return {
    name: 'open-device-settings',
    label: 'Your name…',
    shortcuts: [],
    isEnabled: () => !open.getSnapshot(),
    perform: () => open.set(true),
  };
}
