/**
 * Bringing a passage into view and showing the reader where it is: the window scrolls so the passage
 * sits in the upper third of the screen, and a soft flash is drawn over its lines for a moment.
 */
import type { EditorView } from 'prosemirror-view';

/** How long the flash lasts (the CSS animation of `.passage-flash` matches it). */
export const FLASH_MS = 1200;

/** The passage `from`–`to` of `view` as boxes on the page (a point is a thin caret box). */
function passageRects(view: EditorView, from: number, to: number): DOMRect[] {
  if (from === to) {
    const at = view.coordsAtPos(from);
    return [new DOMRect(at.left - 1, at.top, 3, at.bottom - at.top)];
  }
  const start = view.domAtPos(from, 1);
  const end = view.domAtPos(to, -1);
  const range = view.dom.ownerDocument.createRange();
  range.setStart(start.node, start.offset);
  range.setEnd(end.node, end.offset);
  return Array.from(range.getClientRects()).filter((r) => r.width > 0 && r.height > 0);
}

/** Scrolls `view`'s window to the passage `from`–`to` and flashes it. The passage must be loaded. */
export function revealPassage(view: EditorView, from: number, to: number): void {
  const page = view.dom.ownerDocument;
  const browserWindow = page.defaultView;
  if (browserWindow === null) return;
  const top = view.coordsAtPos(from, 1).top;
  browserWindow.scrollTo({ top: Math.max(0, top + browserWindow.scrollY - browserWindow.innerHeight / 3) });
  const flashes: HTMLElement[] = [];
  for (const rect of passageRects(view, from, to).slice(0, 200)) {
    const flash = page.createElement('div');
    flash.className = 'passage-flash';
    flash.setAttribute('aria-hidden', 'true');
    flash.style.top = `${rect.top + browserWindow.scrollY - 2}px`;
    flash.style.left = `${rect.left + browserWindow.scrollX - 2}px`;
    flash.style.width = `${rect.width + 4}px`;
    flash.style.height = `${rect.height + 4}px`;
    page.body.append(flash);
    flashes.push(flash);
  }
  browserWindow.setTimeout(() => {
    for (const flash of flashes) flash.remove();
  }, FLASH_MS);
}
