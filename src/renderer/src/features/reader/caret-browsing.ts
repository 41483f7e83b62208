/**
 * Caret browsing (key F7, as in browsers): a caret of the reader's own in the text, which the arrow
 * keys move and, with Shift, select with, so that a passage can be highlighted or noted without a
 * mouse. The caret and its keys are the `caret.ts` plugin's; this is the action that turns it on
 * and off, from anywhere in the reader, and gives the text the keyboard.
 */
import type { Action } from '../../app/actions/action';
import { caretState, toggleCaret } from './editor/caret';
import type { ReaderContext } from './reader-context';

/** The `toggle-caret` action (F7). */
export function toggleCaretAction(context: ReaderContext): Action {
  return {
    name: 'toggle-caret',
    get label() {
      const view = context.view();
      return view !== null && caretState(view.state).on
        ? 'Turn off caret browsing'
        : 'Caret browsing (select with Shift+arrow keys)';
    },
    shortcuts: [{ key: 'F7' }],
    isEnabled: () => context.view() !== null,
    perform() {
      const view = context.view();
      if (view === null) return;
      // The caret is drawn and moved in the text, which must have the keyboard for its keys.
      view.dom.focus({ preventScroll: true });
      toggleCaret(view);
    },
  };
}
