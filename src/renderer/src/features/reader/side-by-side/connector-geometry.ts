/**
 * Where the side-by-side view draws a link between a passage in the left pane and one in the right pane
 * (pure: the caller measures once per animation frame and hands in numbers, so drawing never reads layout).
 */

/** A passage's vertical extent, in the coordinates of the gutter overlay (0 is the overlay's top). */
export interface PassageSpan {
  readonly top: number;
  readonly bottom: number;
}

/** Which end of a connector is off screen, and on which side of the window it lies. */
export type OffScreen = 'above' | 'below';

/** What to draw for one link: a line between both ends, or a stub from the visible end, or nothing. */
export type Connector =
  | { readonly kind: 'line'; readonly leftY: number; readonly rightY: number }
  | {
      readonly kind: 'stub';
      /** The side whose passage is on screen. */
      readonly from: 'left' | 'right';
      readonly y: number;
      /** Where the other passage is: the stub is clipped at that edge of the overlay. */
      readonly toward: OffScreen;
    };

/** How far a stub reaches into the gutter, as a share of the gutter's width. */
export const STUB_REACH = 0.35;

/** The middle of a span, clamped to the part of it inside the overlay so a tall passage's line stays visible. */
function visibleMiddle(span: PassageSpan, height: number): number {
  const top = Math.max(span.top, 0);
  const bottom = Math.min(span.bottom, height);
  return (top + bottom) / 2;
}

/** Where a span lies against an overlay `height` tall: on screen (any part of it), above or below. */
export function placement(span: PassageSpan, height: number): 'visible' | OffScreen {
  if (span.bottom <= 0) return 'above';
  if (span.top >= height) return 'below';
  return 'visible';
}

/**
 * The connector for a link whose passages are at `left` and `right` (either `null` when that pane does not
 * show the passage: another document's, or not drawn), over an overlay `height` tall: a line when both
 * ends are on screen, a stub clipped at the edge when one is, nothing when neither is.
 */
export function connectorFor(
  left: PassageSpan | null,
  right: PassageSpan | null,
  height: number,
): Connector | null {
  if (left === null || right === null || height <= 0) return null;
  const l = placement(left, height);
  const r = placement(right, height);
  if (l === 'visible') {
    const y = visibleMiddle(left, height);
    return r === 'visible'
      ? { kind: 'line', leftY: y, rightY: visibleMiddle(right, height) }
      : { kind: 'stub', from: 'left', y, toward: r };
  }
  if (r === 'visible') return { kind: 'stub', from: 'right', y: visibleMiddle(right, height), toward: l };
  return null;
}

/**
 * The SVG path of a connector across a gutter `width` wide and `height` tall: a cubic curve leaving each
 * pane horizontally; a stub curves from its passage toward the edge where the other passage is, and stops
 * there.
 */
export function connectorPath(connector: Connector, width: number, height: number): string {
  const round = (n: number): string => String(Math.round(n * 10) / 10);
  if (connector.kind === 'line') {
    const mid = width / 2;
    return `M0 ${round(connector.leftY)} C${round(mid)} ${round(connector.leftY)} ${round(mid)} ${round(connector.rightY)} ${round(width)} ${round(connector.rightY)}`;
  }
  const reach = width * STUB_REACH;
  const startX = connector.from === 'left' ? 0 : width;
  const endX = connector.from === 'left' ? reach : width - reach;
  const edgeY = connector.toward === 'above' ? 0 : height;
  return `M${round(startX)} ${round(connector.y)} C${round(endX)} ${round(connector.y)} ${round(endX)} ${round(connector.y)} ${round(endX)} ${round(edgeY)}`;
}
