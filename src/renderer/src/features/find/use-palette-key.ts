/**
 * Ctrl/⌘+K opens the command palette from almost anywhere: from the text, a text field, or a panel
 * (where the action registry leaves keys alone), since it types nothing and means nothing else there.
 * A rich-text field (a comment, a document note) is the exception: there it makes a link.
 */
import { useEffect } from 'react';
import type { Action } from '../../app/actions/action';
import { matchesShortcut } from '../../app/actions/shortcut';
import { RICH_TEXT_FIELD_SELECTOR } from '../../ui/rich-text/RichTextEditor';

/** Performs `openPalette` on its keys wherever the focus is, unless a modal dialog is open. */
export function usePaletteKey(openPalette: Action): void {
  useEffect(() => {
    const onKeydown = (event: KeyboardEvent): void => {
      if (event.defaultPrevented || event.isComposing) return;
      if (!openPalette.shortcuts.some((shortcut) => matchesShortcut(event, shortcut))) return;
      if (event.target instanceof Element && event.target.closest(RICH_TEXT_FIELD_SELECTOR) !== null) return;
      // A modal dialog (a confirmation, the palette itself) keeps the keys until it is answered.
      if (document.querySelector('dialog[open]:modal') !== null || !openPalette.isEnabled()) return;
      event.preventDefault();
      openPalette.perform();
    };
    window.addEventListener('keydown', onKeydown, { capture: true });
    return () => window.removeEventListener('keydown', onKeydown, { capture: true });
  }, [openPalette]);
}
