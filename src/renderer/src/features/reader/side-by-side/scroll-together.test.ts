import { describe, expect, it } from 'vitest';
import { alignedScrollTop } from './scroll-together';

const pane = (scrollTop: number, scrollHeight = 5000, viewportHeight = 600) => ({
  scrollTop,
  viewportHeight,
  scrollHeight,
});

describe('scroll together', () => {
  it('puts the linked passage level with its partner', () => {
    // The left passage is 100 px below the window's top; so must the right one be.
    expect(alignedScrollTop([{ leading: 1100, following: 2500 }], pane(1000), pane(0))).toBe(2400);
  });

  it('lines up the link nearest the reading line, a third of the way down', () => {
    const pairs = [
      { leading: 1010, following: 300 },
      { leading: 1190, following: 3000 },
      { leading: 1500, following: 4000 },
    ];
    // The reading line is at 1200: the second link wins.
    expect(alignedScrollTop(pairs, pane(1000), pane(0))).toBe(2810);
  });

  it('stops where the other pane can scroll no further', () => {
    expect(alignedScrollTop([{ leading: 100, following: 4900 }], pane(0), pane(0))).toBe(4400);
    expect(alignedScrollTop([{ leading: 900, following: 50 }], pane(500), pane(300))).toBe(0);
  });

  it('asks for nothing without links, or when the other pane is already there', () => {
    expect(alignedScrollTop([], pane(1000), pane(0))).toBeNull();
    expect(alignedScrollTop([{ leading: 1100, following: 2500 }], pane(1000), pane(2400.5))).toBeNull();
  });
});
