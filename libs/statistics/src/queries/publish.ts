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
 * A breakdown of each row by a further code (`declinedByReason`, `closedByReason`): one table
 * with that code as a further dimension, so a part cannot be recovered from its row's others.
 */
export function publishBreakdown(
  keys: string[][],
  parts: Array<{ key: string[]; part: string; count: number }>,
  k: number,
): Array<Record<string, number | null>> {
  const published = suppressTable(
    parts.map((p) => ({ key: [...p.key, p.part], count: p.count })),
    k,
  );
  const byRow = new Map<string, Record<string, number | null>>();
  for (const cell of published.cells) {
    const row = cell.key.slice(0, -1).join('\u0000');
    byRow.set(row, { ...(byRow.get(row) ?? {}), [cell.key[cell.key.length - 1]]: cell.count });
  }
  return keys.map((key) => byRow.get(key.join('\u0000')) ?? {});
}
