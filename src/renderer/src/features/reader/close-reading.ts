/**
 * The close-reading actions of the open text: recolour the selected annotation (keys 1–8), move it to
 * the passage now selected (E), add a margin note on the selection or at the caret (N), and move the
 * keyboard to the margin (M). Each change goes through the API and can be undone.
 */
import { TextSelection } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import { describePoint } from '../../../../shared/anchoring';
import { HIGHLIGHT_COLORS, type HighlightColor } from '../../../../shared/model';
import { posToOffset } from '../../../../shared/projection';
import { clearSelection, selectedRange } from './editor/dom-selection';
import { selectHighlight } from './editor/highlight-commands';
import { selectedHighlightId } from './editor/highlight-queries';
import { selectorsForRange } from './editor/passage-selectors';
import type { MarginStore } from './margin/margin-store';
import { errorMessage } from '../../ui/error-message';
import type { UndoStack } from '../../app/undo/undo-stack';
import type { Action } from '../../app/actions/action';
import { changeAnnotation, createAnnotation } from './annotation-edits';
import type { ReaderContext } from './reader-context';

/** What the close-reading actions work on, beyond the reader's context. */
export interface CloseReadingContext extends ReaderContext {
  readonly undo: UndoStack;
  readonly margin: MarginStore;
  /** Moves keyboard focus to the margin (its open card, or its list). */
  focusMargin(): void;
}

/** The annotation the reader is working on: the one whose card is open, else the highlight selected. */
export function targetAnnotationId(context: CloseReadingContext): string | null {
  const active = context.margin.getSnapshot().activeId;
  if (active !== null && context.annotations.get(active) !== null) return active;
  const view = context.view();
  return view === null ? null : selectedHighlightId(view.state);
}

/** Recolours annotation `id` to `color` (remembered as the colour for new highlights), with undo. */
export function recolour(context: CloseReadingContext, id: string, color: HighlightColor): void {
  context.margin.useColor(color);
  const current = context.annotations.get(id);
  if (current === null || current.color === color) return;
  changeAnnotation(context.annotations, context.undo, id, { color }, 'Recolour highlight').catch(
    (thrown: unknown) => {
      context.notices.show(
        'error',
        errorMessage(thrown, 'The highlight could not be recoloured. Try again.'),
      );
    },
  );
}

/** The `recolour-<color>` actions: keys 1 to 8, in the order of {@link HIGHLIGHT_COLORS}. */
export function recolourActions(context: CloseReadingContext): Action[] {
  return HIGHLIGHT_COLORS.map((color, index) => {
    return {
      name: `recolour-${color}`,
      // The colour's meaning may change while the text is open.
      get label() {
        const meaning = context.margin.getSnapshot().colorLabels[color];
        return meaning === '' ? `Colour ${color}` : `Colour ${color}: ${meaning}`;
      },
      shortcuts: [{ key: String(index + 1) }],
      isEnabled: () => targetAnnotationId(context) !== null,
      perform() {
        const id = targetAnnotationId(context);
        if (id !== null) recolour(context, id, color);
      },
    };
  });
}

/** The `extend-highlight` action (key E): gives the selected highlight the passage now selected. */
export function extendHighlightAction(context: CloseReadingContext): Action {
  return {
    name: 'extend-highlight',
    label: 'Change extent',
    shortcuts: [{ key: 'e' }],
    isEnabled: () => targetAnnotationId(context) !== null,
    perform() {
      const view = context.view();
      const id = targetAnnotationId(context);
      if (view === null || id === null) return;
      const range = selectedRange(view);
      const selectors = range === null ? null : selectorsForRange(context.projection, range);
      if (selectors === null) {
        context.notices.show(
          'info',
          'Select the passage this highlight should cover (it may include the old one), then press E (or Change extent).',
        );
        return;
      }
      changeAnnotation(context.annotations, context.undo, id, { selectors }, 'Change extent').then(
        () => clearSelection(view),
        (thrown: unknown) => {
          context.notices.show(
            'error',
            errorMessage(thrown, 'The highlight’s passage could not be changed. Try again.'),
          );
        },
      );
    },
  };
}

/** Where the caret is in `view`: where the reader last clicked in the text, or null. */
export function caretPos(view: EditorView): number | null {
  const selection = view.dom.ownerDocument.getSelection();
  if (
    selection !== null &&
    selection.rangeCount > 0 &&
    selection.isCollapsed &&
    selection.anchorNode !== null
  ) {
    if (view.dom.contains(selection.anchorNode)) {
      try {
        return view.posAtDOM(selection.anchorNode, selection.anchorOffset);
      } catch {
        // A caret in a node the view does not manage: fall back to the state's selection.
      }
    }
  }
  const state = view.state.selection;
  return state instanceof TextSelection && state.empty && state.head > 0 ? state.head : null;
}

/** The `add-note` action (key N): a margin note on the selected passage, or at the caret. */
export function addNoteAction(context: CloseReadingContext): Action {
  let saving = false;
  return {
    name: 'add-note',
    label: 'Add note',
    shortcuts: [{ key: 'n' }],
    isEnabled: () => context.view() !== null,
    perform() {
      const view = context.view();
      if (view === null || saving) return;
      const range = selectedRange(view);
      let selectors = range === null ? null : selectorsForRange(context.projection, range);
      if (selectors === null) {
        const pos = caretPos(view);
        if (pos === null || pos <= 0) {
          context.notices.show(
            'info',
            'Click in the text where the note belongs, or select a passage, then press N (or Add note).',
          );
          return;
        }
        selectors = describePoint(context.projection.text, posToOffset(context.projection, pos, 1));
      }
      saving = true;
      const color = context.margin.getSnapshot().lastColor;
      createAnnotation(
        context.annotations,
        context.undo,
        selectors,
        { motivation: 'commenting', color },
        'Add note',
      ).then(
        (note) => {
          saving = false;
          clearSelection(view);
          context.margin.activate(note.id, true);
        },
        (thrown: unknown) => {
          saving = false;
          context.notices.show('error', errorMessage(thrown, 'The note could not be saved. Try again.'));
        },
      );
    },
  };
}

/** The `focus-margin` action (key M): moves the keyboard to the margin's cards. */
export function focusMarginAction(context: CloseReadingContext): Action {
  return {
    name: 'focus-margin',
    label: 'Go to margin',
    shortcuts: [{ key: 'm' }],
    isEnabled: () => true,
    perform: () => context.focusMargin(),
  };
}

/**
 * The `close-card` action (Escape while a card is open): closes it, lets go of its highlight (so that
 * clicking the highlight again opens the card again) and returns to the text.
 */
export function closeCardAction(context: CloseReadingContext): Action {
  return {
    name: 'close-card',
    label: 'Close card',
    shortcuts: [{ key: 'Escape' }],
    isEnabled: () => context.margin.getSnapshot().activeId !== null,
    perform() {
      context.margin.activate(null);
      const view = context.view();
      if (view === null) return;
      selectHighlight(null)(view.state, view.dispatch);
      view.dom.focus({ preventScroll: true });
    },
  };
}
