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
  // No count below k: nothing is withheld, and no margin either (each adds up counts that are
  // zero or at least k), so there is nothing for suppressTable to solve. National figures and
  // every auditor's (k = 1) are published so, without building the table's margins.
  if (counts.every((c) => Number(c) === 0 || Number(c) >= k)) return counts.map(Number);
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

/**
 * The rows of a grouped statistic as published: each row's key (its dimensions' codes, from the
 * `d0`, `d1`, ... columns), each measure protected as a table of its own, and the breakdown of
 * each row by `reason`.
 */
export function publishRows<Name extends string>(
  rows: Array<Record<string, unknown>>,
  dimensions: number,
  measures: readonly Name[],
  reasons: Array<Record<string, unknown> & { reason: string; n: number }>,
  k: number,
): {
  keys: string[][];
  counts: Record<Name, (number | null)[]>;
  byReason: Array<Record<string, number | null>>;
} {
  const keyOf = (row: Record<string, unknown>) =>
    Array.from({ length: dimensions }, (_, i) => String(row[`d${i}`]));
  const keys = rows.map(keyOf);
  const counts = Object.fromEntries(
    measures.map((name) => [
      name,
      publishMeasure(
        keys,
        rows.map((row) => row[name]),
        k,
      ),
    ]),
  ) as Record<Name, (number | null)[]>;
  const byReason = publishBreakdown(
    keys,
    reasons.map((row) => ({ key: keyOf(row), part: row.reason, count: row.n })),
    k,
  );
  return { keys, counts, byReason };
}
