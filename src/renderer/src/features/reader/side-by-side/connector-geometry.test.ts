import { describe, expect, it } from 'vitest';
import { connectorFor, connectorPath, placement } from './connector-geometry';

describe('connector geometry', () => {
  it('joins two passages both on screen by a line between their middles', () => {
    expect(connectorFor({ top: 100, bottom: 140 }, { top: 300, bottom: 320 }, 600)).toEqual({
      kind: 'line',
      leftY: 120,
      rightY: 310,
    });
  });

  it('keeps the line on the visible part of a passage taller than the window', () => {
    expect(connectorFor({ top: -400, bottom: 200 }, { top: 10, bottom: 30 }, 600)).toEqual({
      kind: 'line',
      leftY: 100,
      rightY: 20,
    });
  });

  it('draws a stub toward the edge where the other passage has scrolled out', () => {
    expect(connectorFor({ top: 100, bottom: 140 }, { top: -80, bottom: -20 }, 600)).toEqual({
      kind: 'stub',
      from: 'left',
      y: 120,
      toward: 'above',
    });
    expect(connectorFor({ top: 900, bottom: 950 }, { top: 50, bottom: 70 }, 600)).toEqual({
      kind: 'stub',
      from: 'right',
      y: 60,
      toward: 'below',
    });
  });

  it('draws nothing when neither passage is on screen, or a pane does not show its passage', () => {
    expect(connectorFor({ top: -100, bottom: -50 }, { top: 700, bottom: 720 }, 600)).toBeNull();
    expect(connectorFor(null, { top: 10, bottom: 20 }, 600)).toBeNull();
  });

  it('counts a passage touching the edge from outside as off screen', () => {
    expect(placement({ top: -20, bottom: 0 }, 600)).toBe('above');
    expect(placement({ top: 600, bottom: 620 }, 600)).toBe('below');
    expect(placement({ top: 599, bottom: 620 }, 600)).toBe('visible');
  });

  it('writes a curve leaving each pane level, and a stub stopping at the edge', () => {
    expect(connectorPath({ kind: 'line', leftY: 120, rightY: 310 }, 40, 600)).toBe(
      'M0 120 C20 120 20 310 40 310',
    );
    expect(connectorPath({ kind: 'stub', from: 'right', y: 60, toward: 'below' }, 40, 600)).toBe(
      'M40 60 C26 60 26 60 26 600',
    );
  });
});
