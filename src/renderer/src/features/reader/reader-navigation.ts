/**
 * Keys for moving about the open text: Escape clears a selection (and never leaves the text: each
 * Escape closes one layer, and with none left it does nothing); Alt+← goes back to the library, as a
 * browser's Back does; J and K (or ] and [) select the next and previous highlight and bring it into
 * view, where the margin shows its card.
 */
import type { EditorView } from 'prosemirror-view';
import { clearSelection, selectedRange } from './editor/dom-selection';
import { selectHighlight } from './editor/highlight-commands';
import { neighbourHighlight } from './editor/highlight-order';
import { selectedHighlightId } from './editor/highlight-queries';
import type { Action } from '../../app/actions/action';
import type { ReaderContext } from './reader-context';

/**
 * The `back-to-library` action (Alt+←): `back` returns to the passage a link was followed from
 * (`backTo` names its text), else to the library.
 */
export function backToLibraryAction(back: () => void, backTo: string | null = null): Action {
  return {
    name: 'back-to-library',
    label: backTo === null ? 'Back to library' : `Back to “${backTo}”`,
    shortcuts: [{ key: 'ArrowLeft', alt: true }],
    isEnabled: () => true,
    perform: back,
  };
}

/** The `clear-selection` action (Escape while a highlight or passage is selected). */
export function clearSelectionAction(context: ReaderContext): Action {
  return {
    name: 'clear-selection',
    label: 'Clear selection',
    shortcuts: [{ key: 'Escape' }],
    isEnabled() {
      const view = context.view();
      return view !== null && (selectedHighlightId(view.state) !== null || selectedRange(view) !== null);
    },
    perform() {
      const view = context.view();
      if (view === null) return;
      selectHighlight(null)(view.state, view.dispatch);
      clearSelection(view);
    },
  };
}

function scrollToPos(view: EditorView, pos: number): void {
  const { node } = view.domAtPos(pos);
  const element = node instanceof Element ? node : node.parentElement;
  element?.scrollIntoView({ block: 'center' });
}

function stepAction(context: ReaderContext, direction: 1 | -1): Action {
  return {
    name: direction === 1 ? 'next-highlight' : 'previous-highlight',
    label: direction === 1 ? 'Next highlight' : 'Previous highlight',
    shortcuts: direction === 1 ? [{ key: 'j' }, { key: ']' }] : [{ key: 'k' }, { key: '[' }],
    isEnabled: () => context.view() !== null,
    perform() {
      const view = context.view();
      if (view === null) return;
      const next = neighbourHighlight(view.state, selectedHighlightId(view.state), direction);
      if (next === null) {
        context.notices.show('info', 'This text has no highlights yet.');
        return;
      }
      selectHighlight(next.id)(view.state, view.dispatch);
      scrollToPos(view, next.from);
    },
  };
}

/** The `next-highlight` action (keys J and ]). */
export function nextHighlightAction(context: ReaderContext): Action {
  return stepAction(context, 1);
}

/** The `previous-highlight` action (keys K and [). */
export function previousHighlightAction(context: ReaderContext): Action {
  return stepAction(context, -1);
}
