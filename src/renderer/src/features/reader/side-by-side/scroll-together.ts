/**
 * "Scroll together": when one pane scrolls, where the other should be so the nearest linked passage lines
 * up (pure: positions in, a scroll position out).
 */

/** One link between the panes: its passage's top in the scrolled pane's content and in the other's. */
export interface LinkedPair {
  /** The passage's top in the content of the pane that scrolled (px from the content's start). */
  readonly leading: number;
  /** The linked passage's top in the content of the other pane. */
  readonly following: number;
}

/** The scroll state of a pane: how far it is scrolled, how tall its window and its content are. */
export interface PaneScroll {
  readonly scrollTop: number;
  readonly viewportHeight: number;
  readonly scrollHeight: number;
}

/** The line the reader's eye is taken to be on: a third of the way down the window. */
export const READING_LINE = 1 / 3;

/**
 * The scrollTop for the following pane that puts the linked passage nearest the leading pane's reading
 * line level with its partner, clamped to what the following pane can scroll; `null` when there is no
 * link between the panes or the following pane is already there (within a pixel, so the two panes'
 * scroll events do not chase each other).
 */
export function alignedScrollTop(
  pairs: readonly LinkedPair[],
  leading: PaneScroll,
  following: PaneScroll,
): number | null {
  if (pairs.length === 0) return null;
  const line = leading.scrollTop + leading.viewportHeight * READING_LINE;
  let nearest = pairs[0] as LinkedPair;
  for (const pair of pairs) {
    if (Math.abs(pair.leading - line) < Math.abs(nearest.leading - line)) nearest = pair;
  }
  const offsetInWindow = nearest.leading - leading.scrollTop;
  const max = Math.max(0, following.scrollHeight - following.viewportHeight);
  const target = Math.min(max, Math.max(0, nearest.following - offsetInWindow));
  return Math.abs(target - following.scrollTop) < 1 ? null : target;
}
