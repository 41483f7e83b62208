/** Opening the reader's find bar (Ctrl/⌘+F): find a word or phrase in the open text. */
import type { Action } from '../../../app/actions/action';

/** The action that opens the find bar; `isOpen` says whether it is open already (then it is focused again). */
export function findInTextAction(open: () => void, canFind: () => boolean): Action {
  return {
    name: 'find-in-text',
    label: 'Find in this text',
    shortcuts: [{ key: 'f', mod: true, shift: false }],
    isEnabled: canFind,
    perform: open,
  };
}
