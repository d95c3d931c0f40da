import { suppressTable } from '../disclosure/cell-suppression';

/**
 * One measure of every row of a grouped statistic, as published: each measure is a table of its
 * own over the grouping's cells, protected on its own (suppressTable).
 */
export function publishMeasure(keys: string[][], counts: unknown[], k: number): (number | null)[] {
  // Ungrouped: one count, against nothing else published.
  if (keys.every((key) => key.length === 0)) {
    return counts.map((c) => (Number(c) > 0 && Number(c) < k ? null : Number(c)));
  }
  const published = suppressTable(
    keys.map((key, i) => ({ key, count: Number(counts[i]) })),
    k,
  );
  const byKey = new Map(published.cells.map((cell) => [cell.key.join('\u0000'), cell.count]));
  return keys.map((key) => byKey.get(key.join('\u0000')) ?? null);
}

/**
 * A breakdown of each row by a further code (`declinedByReason`, `closedByReason`). A row
 * holding a part below `k` has all its non-zero parts withheld: its total is published on its
 * own, so with one part withheld the rest would give it away, and with two or more only their sum
 * is known. Row by row, so its cost grows with the rows (a solver over the whole breakdown does
 * not keep up with three grouping dimensions).
 */
export function publishBreakdown(
  keys: string[][],
  parts: Array<{ key: string[]; part: string; count: number }>,
  k: number,
): Array<Record<string, number | null>> {
  const byRow = new Map<string, Array<{ part: string; count: number }>>();
  for (const p of parts) {
    const row = p.key.join('\u0000');
    byRow.set(row, [...(byRow.get(row) ?? []), { part: p.part, count: p.count }]);
  }
  return keys.map((key) => {
    const row = byRow.get(key.join('\u0000')) ?? [];
    const small = row.some((p) => p.count > 0 && p.count < k);
    return Object.fromEntries(row.map((p) => [p.part, small && p.count > 0 ? null : p.count]));
  });
}
