/** A count the API did not publish (null with suppressed: true) is never a zero. */
export type Cell = number | null;

export interface Pivot {
  rows: string[];
  columns: string[];
  cell(row: string, column: string): Cell;
}

/**
 * Items (one per published combination) as a table of `rowKey` × `columnKey`; a combination the
 * API did not return has no victim, so it is 0.
 */
export function pivot<T extends Record<string, unknown>>(
  items: T[],
  rowKey: keyof T,
  columnKey: keyof T,
  value: (item: T) => Cell,
): Pivot {
  const rows = [...new Set(items.map((item) => String(item[rowKey])))];
  const columns = [...new Set(items.map((item) => String(item[columnKey])))];
  const cells = new Map<string, Cell>();
  for (const item of items)
    cells.set(`${String(item[rowKey])}|${String(item[columnKey])}`, value(item));
  return {
    rows,
    columns,
    cell: (row, column) => {
      const key = `${row}|${column}`;
      return cells.has(key) ? (cells.get(key) as Cell) : 0;
    },
  };
}
