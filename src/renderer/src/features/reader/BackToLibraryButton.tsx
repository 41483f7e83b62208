/**
 * The reader header's way back (Alt+← does the same): to the passage a link was followed from, when
 * one was, else to the library.
 */
import type { ReactNode } from 'react';
import { displayShortcut } from '../../app/actions/shortcut';

/** Props of {@link BackToLibraryButton}. */
export interface BackToLibraryButtonProps {
  readonly onBack: () => void;
  /** Where Back goes: the title of the text a link was followed from, or null for the library. */
  readonly backTo?: string | null;
}

/** Renders the “← Library” (or “← Back”) button. */
export function BackToLibraryButton({ onBack, backTo = null }: BackToLibraryButtonProps): ReactNode {
  const shortcut = displayShortcut({ key: 'ArrowLeft', alt: true });
  return (
    <button
      type="button"
      className="button button-quiet back-button"
      data-testid="back-button"
      onClick={onBack}
      title={backTo === null ? `Back to library (${shortcut})` : `Back to “${backTo}” (${shortcut})`}
      aria-keyshortcuts="Alt+ArrowLeft"
    >
      <span aria-hidden="true">←</span> {backTo === null ? 'Library' : 'Back'}
    </button>
  );
}
