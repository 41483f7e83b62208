/** The reader header's way back to the library (Alt+← does the same). */
import type { ReactNode } from 'react';
import { displayShortcut } from '../../app/actions/shortcut';

/** Props of {@link BackToLibraryButton}. */
export interface BackToLibraryButtonProps {
  readonly onBack: () => void;
}

/** Renders the “← Library” button. */
export function BackToLibraryButton({ onBack }: BackToLibraryButtonProps): ReactNode {
  return (
    <button
      type="button"
      className="button button-quiet back-button"
      data-testid="back-button"
      onClick={onBack}
      title={`Back to library (${displayShortcut({ key: 'ArrowLeft', alt: true })})`}
      aria-keyshortcuts="Alt+ArrowLeft"
    >
      <span aria-hidden="true">←</span> Library
    </button>
  );
}
