/**
 * Delete highlight: removes the selected highlight through the API; the view then stops drawing it.
 * Undo puts it back exactly as it was (colour, tags, comment, times).
 */
import { selectedHighlightId } from './editor/highlight-queries';
import { errorMessage } from '../../ui/error-message';
import type { Action } from '../../app/actions/action';
import { deleteAnnotation } from './delete-annotation';
import type { ReaderContext } from './reader-context';

/** The `delete-highlight` action (keys Delete and Backspace), enabled while a highlight is selected. */
export function deleteHighlightAction(context: ReaderContext): Action {
  const selected = (): string | null => {
    const view = context.view();
    return view === null ? null : selectedHighlightId(view.state);
  };
  return {
    name: 'delete-highlight',
    label: 'Delete highlight',
    shortcuts: [{ key: 'Delete' }, { key: 'Backspace' }],
    isEnabled: () => selected() !== null,
    perform() {
      const id = selected();
      if (id === null) return;
      deleteAnnotation(context.annotations, context.undo, id, 'Delete highlight').catch((thrown: unknown) => {
        context.notices.show('error', errorMessage(thrown, 'The highlight could not be deleted. Try again.'));
      });
    },
  };
}
