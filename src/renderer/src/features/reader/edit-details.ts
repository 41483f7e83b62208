/** Editing a document's details (its bibliographic metadata) from the reader: the Details… button and key I. */
import type { Action } from '../../app/actions/action';

/**
 * The `edit-details` action (key I); `open` shows the metadata editor. While it shows, keys belong to
 * the dialog, so the action need not know whether it is open.
 */
export function editDetailsAction(open: () => void): Action {
  return {
    name: 'edit-details',
    label: 'Details…',
    shortcuts: [{ key: 'i' }],
    isEnabled: () => true,
    perform: open,
  };
}
