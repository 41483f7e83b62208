import { describe, expect, it } from 'vitest';
import {
  NO_SELECTION,
  selectAll,
  selectedInOrder,
  selectionState,
  toggleRange,
  toggleRow,
  within,
} from './selection';

const ORDER = ['a', 'b', 'c', 'd', 'e'];

describe('row selection', () => {
  it('toggles one row and makes it the anchor of the next range', () => {
    const one = toggleRow(NO_SELECTION, 'b', true);
    expect([...one.ids]).toEqual(['b']);
    expect(one.anchor).toBe('b');
    const none = toggleRow(one, 'b', false);
    expect(none.ids.size).toBe(0);
    expect(one.ids.has('b')).toBe(true);
  });

  it('selects the rows from the anchor to a Shift-clicked row, in either direction', () => {
    const down = toggleRange(toggleRow(NO_SELECTION, 'b', true), ORDER, 'd', true);
    expect(selectedInOrder(down, ORDER)).toEqual(['b', 'c', 'd']);
    const up = toggleRange(toggleRow(NO_SELECTION, 'e', true), ORDER, 'c', true);
    expect(selectedInOrder(up, ORDER)).toEqual(['c', 'd', 'e']);
    // The anchor stays: a second Shift-click measures from it again.
    expect(selectedInOrder(toggleRange(down, ORDER, 'a', true), ORDER)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('clears a range when the Shift-clicked row is being unchecked, leaving the rows outside it', () => {
    const all = toggleRow(selectAll(ORDER), 'b', true);
    const cleared = toggleRange(all, ORDER, 'd', false);
    expect(selectedInOrder(cleared, ORDER)).toEqual(['a', 'e']);
  });

  it('toggles only the clicked row when there is no anchor or it is no longer shown', () => {
    expect(selectedInOrder(toggleRange(NO_SELECTION, ORDER, 'c', true), ORDER)).toEqual(['c']);
    const gone = toggleRange(toggleRow(NO_SELECTION, 'z', true), ORDER, 'c', true);
    expect(selectedInOrder(gone, ORDER)).toEqual(['c']);
  });

  it('keeps only the rows still shown, and the same object when all are', () => {
    const some = toggleRange(toggleRow(NO_SELECTION, 'a', true), ORDER, 'c', true);
    expect(within(some, ORDER)).toBe(some);
    const filtered = within(some, ['b', 'c', 'e']);
    expect(selectedInOrder(filtered, ORDER)).toEqual(['b', 'c']);
    expect(filtered.anchor).toBeNull();
  });

  it('says whether none, some or all of the shown rows are selected', () => {
    expect(selectionState(NO_SELECTION, ORDER)).toBe('none');
    expect(selectionState(toggleRow(NO_SELECTION, 'a', true), ORDER)).toBe('some');
    expect(selectionState(selectAll(ORDER), ORDER)).toBe('all');
    expect(selectionState(NO_SELECTION, [])).toBe('none');
  });
});
