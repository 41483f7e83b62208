/**
 * Which documents of the library table are selected: one toggled at a time, a range from the last one
 * toggled (Shift-click), all or none. The selection only ever holds rows the table shows; `within`
 * drops the others when the rows change (a filter, a deletion).
 */

/** The selected rows and the row a Shift-click range starts from. */
export interface RowSelection {
  readonly ids: ReadonlySet<string>;
  /** The row last toggled on its own, or null. */
  readonly anchor: string | null;
}

/** Nothing selected. */
export const NO_SELECTION: RowSelection = { ids: new Set(), anchor: null };

/** `selection` with row `id` selected (`on`) or not; `id` becomes the anchor of the next range. */
export function toggleRow(selection: RowSelection, id: string, on: boolean): RowSelection {
  const ids = new Set(selection.ids);
  if (on) ids.add(id);
  else ids.delete(id);
  return { ids, anchor: id };
}

/**
 * `selection` with every row from the anchor to `id` (in the table's `order`) selected (`on`) or not.
 * Without an anchor still shown, only `id` changes. The anchor stays, so the next range starts there too.
 */
export function toggleRange(
  selection: RowSelection,
  order: readonly string[],
  id: string,
  on: boolean,
): RowSelection {
  const to = order.indexOf(id);
  const from = selection.anchor === null ? -1 : order.indexOf(selection.anchor);
  if (from < 0 || to < 0) return toggleRow(selection, id, on);
  const ids = new Set(selection.ids);
  for (const row of order.slice(Math.min(from, to), Math.max(from, to) + 1)) {
    if (on) ids.add(row);
    else ids.delete(row);
  }
  return { ids, anchor: selection.anchor };
}

/** Every row of `order` selected. */
export function selectAll(order: readonly string[]): RowSelection {
  return { ids: new Set(order), anchor: null };
}

/** `selection` without the rows `order` no longer shows; the same object when nothing was dropped. */
export function within(selection: RowSelection, order: readonly string[]): RowSelection {
  const shown = new Set(order);
  if ([...selection.ids].every((id) => shown.has(id))) return selection;
  const ids = new Set([...selection.ids].filter((id) => shown.has(id)));
  const anchor = selection.anchor !== null && shown.has(selection.anchor) ? selection.anchor : null;
  return { ids, anchor };
}

/** What the header checkbox shows: none, some or all of the rows in `order` selected. */
export function selectionState(selection: RowSelection, order: readonly string[]): 'none' | 'some' | 'all' {
  const count = order.filter((id) => selection.ids.has(id)).length;
  if (count === 0) return 'none';
  return count === order.length ? 'all' : 'some';
}

/** The selected rows in the table's order. */
export function selectedInOrder(selection: RowSelection, order: readonly string[]): string[] {
  return order.filter((id) => selection.ids.has(id));
}
