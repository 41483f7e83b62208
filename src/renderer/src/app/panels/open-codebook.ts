/** Opening the codebook panel: the tags, their colours and descriptions, and what the colours mean. */
import type { ObservableStore } from '../../ui/observable-store';
import type { Action } from '../actions/action';

/** The action that opens the codebook (key T, the Codebook buttons of the library and the reader). */
export function openCodebookAction(open: ObservableStore<boolean>): Action {
  return {
    name: 'open-codebook',
    label: 'Codebook',
    shortcuts: [{ key: 't' }],
    isEnabled: () => !open.getSnapshot(),
    perform: () => open.set(true),
  };
}
