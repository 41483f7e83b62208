/** Plain-text tables for terminal output. */

/** Layout options for {@link formatTable}. */
export interface TableOptions {
  /** Indexes of columns aligned to the right (numbers). */
  rightAlign?: readonly number[];
  /** Maximum width per column; longer cells are cut with an ellipsis. */
  maxWidths?: readonly number[];
}

function fit(cell: string, max: number | undefined): string {
  const flat = cell.replace(/\s+/g, ' ');
  return max !== undefined && flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** Formats rows under a header, columns separated by two spaces, one line per row. */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[], options: TableOptions = {}): string {
  const cells = [header, ...rows].map((row) => row.map((cell, i) => fit(cell, options.maxWidths?.[i])));
  const widths = header.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? '').length)));
  const right = new Set(options.rightAlign ?? []);
  return cells
    .map((row) =>
      row
        .map((cell, i) => (right.has(i) ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')
    .concat('\n');
}
