/** Scales of the reading-statistics charts: round axis ends, bar lengths and heat-map shades. */

/** The smallest of 1, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a power of ten that is at least `value` (1 for nothing). */
export function niceMaximum(value: number): number {
  if (!Number.isFinite(value) || value <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

/** The length of a bar for `value` on an axis from 0 to `max` drawn `length` long; at least 2 for any count. */
export function barLength(value: number, max: number, length: number): number {
  if (value <= 0 || max <= 0) return 0;
  return Math.max(2, Math.min(length, (value / max) * length));
}

/**
 * The opacity of a heat-map cell for `count` of at most `max`: 0 for none, and from a faint 0.15 to
 * full on a square-root scale, so a few shared passages still show beside many.
 */
export function cellShade(count: number, max: number): number {
  if (count <= 0 || max <= 0) return 0;
  return 0.15 + 0.85 * Math.sqrt(Math.min(count, max) / max);
}
