/**
 * The shortcut sheet (key ?): every action registered at this moment with the keys that do it, read
 * from the action registry when the sheet opens, so it lists exactly the keys that work here and now.
 * A modal dialog; Escape or Close dismisses it.
 */
import { useMemo, type ReactNode } from 'react';
import type { Action } from './action';
import type { ActionRegistry } from './registry';
import { ariaShortcut, displayShortcut } from './shortcut';
import { useModalDialog } from '../../ui/use-dialog';

/** Props of {@link ShortcutSheet}. */
export interface ShortcutSheetProps {
  readonly registry: ActionRegistry;
  readonly onClose: () => void;
}

/** The `show-shortcuts` action (key ?); `open` shows the sheet. */
export function showShortcutsAction(open: () => void): Action {
  return {
    name: 'show-shortcuts',
    label: 'Keyboard shortcuts',
    shortcuts: [{ key: '?' }],
    isEnabled: () => true,
    perform: open,
  };
}

/** Renders the sheet, open and modal. */
export function ShortcutSheet({ registry, onClose }: ShortcutSheetProps): ReactNode {
  const modal = useModalDialog(onClose);
  // Read once, as the sheet opens: the sheet itself registers nothing.
  const actions = useMemo(() => registry.list().filter((action) => action.shortcuts.length > 0), [registry]);

  return (
    <dialog
      {...modal}
      className="dialog shortcut-sheet"
      aria-labelledby="shortcut-sheet-title"
      data-testid="shortcut-sheet"
    >
      <h2 id="shortcut-sheet-title">Keyboard shortcuts</h2>
      <table className="shortcut-table">
        <thead>
          <tr>
            <th scope="col">Action</th>
            <th scope="col">Keys</th>
          </tr>
        </thead>
        <tbody>
          {actions.map((action) => (
            <tr key={action.name} data-testid="shortcut-row">
              <th scope="row">{action.label}</th>
              <td aria-label={action.shortcuts.map(ariaShortcut).join(' or ')}>
                {action.shortcuts.map((shortcut, index) => (
                  <span key={index}>
                    {index > 0 ? <span className="shortcut-or"> or </span> : null}
                    <kbd>{displayShortcut(shortcut)}</kbd>
                  </span>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="shortcut-note">
        With caret browsing on (F7), the arrow keys move the caret and Shift with them selects: Ctrl (⌥ on a
        Mac) by word or paragraph, Home and End to the line’s ends. Keys typed into a text field, or into the
        text while you clean it, go to that field.
      </p>
      <div className="dialog-buttons">
        <button type="button" className="button button-primary" autoFocus onClick={onClose}>
          Close
        </button>
      </div>
    </dialog>
  );
}
