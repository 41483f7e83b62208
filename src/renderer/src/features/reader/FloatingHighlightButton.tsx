/** The small Highlight button that appears just below a passage the reader selected. */
import type { ReactNode } from 'react';
import type { Action } from '../../app/actions/action';
import type { TextSelectionPlace } from './use-text-selection';
import { ActionButton } from '../../app/actions/ActionButton';

/** Props of {@link FloatingHighlightButton}. */
export interface FloatingHighlightButtonProps {
  readonly place: TextSelectionPlace;
  readonly action: Action;
}

/** Renders the button under the end of the selection (in page coordinates, so it scrolls with the text). */
export function FloatingHighlightButton({ place, action }: FloatingHighlightButtonProps): ReactNode {
  return (
    <div
      className="floating-highlight"
      style={{ top: `${place.bottom + 6}px`, left: `${Math.max(8, place.right - 48)}px` }}
    >
      <ActionButton action={action} variant="primary" testId="highlight-floating-button" keepSelection>
        Highlight
      </ActionButton>
    </div>
  );
}
