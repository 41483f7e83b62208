/**
 * The split between the side-by-side panes: the left pane's share of the width, as the separator's
 * pointer drag and arrow keys change it (pure).
 */

/** The narrowest share either pane may be given, so neither side's controls are squeezed out. */
export const MIN_SHARE = 0.25;

/** How far one arrow press moves the separator; Shift with it moves it further. */
export const KEY_STEP = 0.05;
export const KEY_STEP_LARGE = 0.15;

/** A share kept between MIN_SHARE and 1 − MIN_SHARE (a non-finite share is the even split). */
export function clampShare(share: number): number {
  if (!Number.isFinite(share)) return 0.5;
  return Math.min(1 - MIN_SHARE, Math.max(MIN_SHARE, share));
}

/**
 * The share after a key pressed on the separator (ArrowLeft/ArrowRight by a step, Home/End to either
 * bound), or `null` for a key the separator does not take.
 */
export function shareAfterKey(share: number, key: string, shift: boolean): number | null {
  const step = shift ? KEY_STEP_LARGE : KEY_STEP;
  switch (key) {
    case 'ArrowLeft':
      return clampShare(share - step);
    case 'ArrowRight':
      return clampShare(share + step);
    case 'Home':
      return MIN_SHARE;
    case 'End':
      return 1 - MIN_SHARE;
    default:
      return null;
  }
}

/** The separator's `aria-valuenow`: the left pane's share as a whole percentage. */
export function sharePercent(share: number): number {
  return Math.round(clampShare(share) * 100);
}
