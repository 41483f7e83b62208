import { describe, expect, it } from 'vitest';
import { clampShare, shareAfterKey, sharePercent } from './split-size';

describe('the split between the panes', () => {
  it('moves by a step per arrow, further with Shift', () => {
    expect(shareAfterKey(0.5, 'ArrowLeft', false)).toBeCloseTo(0.45);
    expect(shareAfterKey(0.5, 'ArrowRight', true)).toBeCloseTo(0.65);
  });

  it('never squeezes a pane below a quarter of the width', () => {
    expect(shareAfterKey(0.27, 'ArrowLeft', true)).toBe(0.25);
    expect(clampShare(0.99)).toBe(0.75);
    expect(shareAfterKey(0.5, 'Home', false)).toBe(0.25);
    expect(shareAfterKey(0.5, 'End', false)).toBe(0.75);
  });

  it('ignores keys it does not take, and a share that is not a number', () => {
    expect(shareAfterKey(0.5, 'a', false)).toBeNull();
    expect(clampShare(Number.NaN)).toBe(0.5);
  });

  it('reports its value as a whole percentage', () => {
    expect(sharePercent(0.456)).toBe(46);
  });
});
