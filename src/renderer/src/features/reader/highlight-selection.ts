/**
 * Highlight: turns the passage the reader selected into a highlight (in the colour used last), saved through the API
 * and then drawn; undo deletes it again. Marks `scholia:highlight-created` once the new highlight is on screen.
 */
import type { HighlightColor } from '../../../../shared/model';
import { clearSelection, selectedRange } from './editor/dom-selection';
import { selectorsForRange } from './editor/passage-selectors';
import { errorMessage } from '../../ui/error-message';
import { createAnnotation } from './annotation-edits';
import type { Action } from '../../app/actions/action';
import type { ReaderContext } from './reader-context';

/** The `highlight-selection` action (key H). */
export function highlightSelectionAction(
  context: ReaderContext,
  /** The colour of the new highlight: the one the reader used last. */
  color: () => HighlightColor = () => 'yellow',
): Action {
  let saving = false;
  return {
    name: 'highlight-selection',
    label: 'Highlight',
    shortcuts: [{ key: 'h' }],
    isEnabled: () => context.view() !== null,
    perform() {
      const view = context.view();
      if (view === null || saving) return;
      const range = selectedRange(view);
      const selectors = range === null ? null : selectorsForRange(context.projection, range);
      if (selectors === null) {
        context.notices.show(
          'info',
          'Select a passage of the text first, then press H (or Highlight) to highlight it.',
        );
        return;
      }
      saving = true;
      createAnnotation(context.annotations, context.undo, selectors, { color: color() }, 'Highlight').then(
        () => {
          saving = false;
          // The store has told the view, which drew the highlight synchronously: it is on screen now.
          clearSelection(view);
          performance.mark('scholia:highlight-created');
        },
        (thrown: unknown) => {
          saving = false;
          context.notices.show('error', errorMessage(thrown, 'The highlight could not be saved. Try again.'));
        },
      );
    },
  };
}
