/** Opening the library check, which lists damaged or missing files and restores them from backups. */
import type { ObservableStore } from '../../ui/observable-store';
import type { Action } from '../../app/actions/action';

/** The action that opens the library check ("Check library…"); it does not apply while it is open. */
export function openLibraryHealthAction(open: ObservableStore<boolean>): Action {
  return {
    name: 'open-library-health',
    label: 'Check library…',
    shortcuts: [],
    isEnabled: () => !open.getSnapshot(),
    perform: () => open.set(true),
  };
}
