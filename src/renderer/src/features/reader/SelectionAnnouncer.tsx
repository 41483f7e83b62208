/**
 * What a screen reader hears when the reader selects a highlight (J and K, a click): its place among
 * the highlights and its words; and, with the keyboard caret (F7), what each move passes over or
 * selects. Both in polite live regions that are not shown on screen.
 */
import type { EditorState } from 'prosemirror-state';
import { useMemo, type ReactNode } from 'react';
import { caretAnnouncement } from './editor/caret';
import { highlightsInOrder } from './editor/highlight-order';
import { selectedHighlightId } from './editor/highlight-queries';

/** Props of {@link SelectionAnnouncer}. */
export interface SelectionAnnouncerProps {
  /** The reading state (not followed while the text is being edited). */
  readonly state: EditorState | null;
}

/** The announcement for the highlight selected in `state`, or an empty string. */
export function selectionAnnouncement(state: EditorState): string {
  const id = selectedHighlightId(state);
  if (id === null) return '';
  const order = highlightsInOrder(state);
  const index = order.findIndex((h) => h.id === id);
  const place = order[index];
  if (place === undefined) return '';
  const words = state.doc.textBetween(place.from, place.to, ' ', ' ');
  const quoted = words.length > 200 ? `${words.slice(0, 200)}…` : words;
  return `Highlight ${index + 1} of ${order.length} selected: ${quoted}`;
}

/** Renders the live region. */
export function SelectionAnnouncer({ state }: SelectionAnnouncerProps): ReactNode {
  const selected = state === null ? null : selectedHighlightId(state);
  // Worked out again only when the selection changes, not on every scroll of the drawing window.
  const announcement = useMemo(
    () => (state === null || selected === null ? '' : selectionAnnouncement(state)),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `state` is read for the selection it holds
    [selected],
  );
  const caret = state === null ? '' : caretAnnouncement(state);
  return (
    <>
      <p className="visually-hidden" aria-live="polite" data-testid="selection-announcer">
        {announcement}
      </p>
      <p className="visually-hidden" aria-live="polite" data-testid="caret-announcer">
        {caret}
      </p>
    </>
  );
}
