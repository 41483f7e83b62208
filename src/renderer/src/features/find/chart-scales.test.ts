import { describe, expect, it } from 'vitest';
import { barLength, cellShade, niceMaximum } from './chart-scales';

describe('chart scales', () => {
  it('rounds an axis up to a round number near it', () => {
    expect(niceMaximum(0)).toBe(1);
    expect(niceMaximum(1)).toBe(1);
    expect(niceMaximum(3)).toBe(3);
    expect(niceMaximum(27)).toBe(30);
    expect(niceMaximum(10)).toBe(10);
    expect(niceMaximum(11)).toBe(15);
    expect(niceMaximum(21)).toBe(25);
    expect(niceMaximum(251)).toBe(300);
    expect(niceMaximum(8_001)).toBe(10_000);
    expect(niceMaximum(Number.NaN)).toBe(1);
  });

  it('draws bars in proportion, never invisible for a count and never past the axis', () => {
    expect(barLength(0, 10, 300)).toBe(0);
    expect(barLength(5, 10, 300)).toBe(150);
    expect(barLength(1, 10_000, 300)).toBe(2);
    expect(barLength(20, 10, 300)).toBe(300);
  });

  it('shades cells from faint to full, and leaves empty ones clear', () => {
    expect(cellShade(0, 9)).toBe(0);
    expect(cellShade(9, 9)).toBe(1);
    expect(cellShade(1, 100)).toBeCloseTo(0.235);
    expect(cellShade(4, 9)).toBeGreaterThan(cellShade(1, 9));
  });
});
