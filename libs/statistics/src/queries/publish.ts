import { suppressTable } from '../disclosure/cell-suppression';

/**
 * One measure of every row of a grouped statistic, as published: each measure is a table of its
 * own over the grouping's cells, protected on its own (suppressTable). `withheld`: the rows whose
 * count is withheld whatever it is (a zero excepted), as another measure's is (publishRows).
 */
export function publishMeasure(
  keys: string[][],
  counts: unknown[],
  k: number,
  withheld: ReadonlySet<number> = new Set(),
): (number | null)[] {
  const small = (c: number, i: number) => c > 0 && (c < k || withheld.has(i));
  // Ungrouped: one count, against nothing else published.
  if (keys.every((key) => key.length === 0)) {
    return counts.map((c, i) => (small(Number(c), i) ? null : Number(c)));
  }
  // No count below k: nothing is withheld, and no margin either (each adds up counts that are
  // zero or at least k), so there is nothing for suppressTable to solve. National figures and
  // every auditor's (k = 1) are published so, without building the table's margins.
  if (!counts.some((c, i) => small(Number(c), i))) return counts.map(Number);
  const published = suppressTable(
    keys.map((key, i) => ({ key, count: Number(counts[i]) })),
    k,
    withheld,
  );
  return published.cells.map((cell) => cell.count);
}

/**
 * A breakdown of each row by a further code (`declinedByReason`, `closedByReason`) of the count
 * it adds up to (`declined`, `closed`). A row's breakdown is published whole when its count is
 * published and none of its parts is below `k`. Otherwise every code is withheld, the zeros as
 * well: withholding only the non-zero parts would say which they are, and a reader who knows
 * that each withheld part is at least 1 could pin them (five withheld parts of a published 5
 * are all 1), nor can parts be shown under a count withheld as the complement of another.
 * Row by row, so its cost grows with the rows (a solver over the whole breakdown does not keep
 * up with three grouping dimensions).
 */
export function publishBreakdown(
  keys: string[][],
  parts: Array<{ key: string[]; part: string; count: number }>,
  totals: readonly (number | null)[],
  codes: readonly string[],
  k: number,
): Array<Record<string, number | null>> {
  const byRow = new Map<string, Array<{ part: string; count: number }>>();
  for (const p of parts) {
    const row = p.key.join('\u0000');
    byRow.set(row, [...(byRow.get(row) ?? []), { part: p.part, count: p.count }]);
  }
  return keys.map((key, i) => {
    const row = byRow.get(key.join('\u0000')) ?? [];
    const shown = totals[i] !== null && row.every((p) => p.count === 0 || p.count >= k);
    // Every code, each absent one a zero: a withheld part (null) never looks like a zero.
    if (shown) {
      return Object.fromEntries([
        ...codes.map((code) => [code, 0] as const),
        ...row.map((p) => [p.part, p.count] as const),
      ]);
    }
    const withheld = new Set([...codes, ...row.map((p) => p.part)]);
    return Object.fromEntries([...withheld].map((code) => [code, null]));
  });
}

/**
 * The rows of a grouped statistic as published: each row's key (its dimensions' codes, from the
 * `d0`, `d1`, ... columns), each measure protected as a table of its own, and the breakdown of
 * each row's `breakdown.of` measure by `reason` (its codes: `breakdown.codes`).
 *
 * Measures that bound one another in a row (`linked`: the cases opened, closed and still open,
 * which add up; a referral funnel, where no more are accepted and declined than were issued) are
 * withheld together row by row: with one of them withheld in a row and the others shown, the
 * relation gives it away (issued 6 and accepted 5 leave a withheld declined at 1). A count
 * withheld so is then protected in its own measure's table like a small one (its margins would
 * give it back, and with it the others), which may withhold more rows; until no row has a linked
 * measure withheld and another shown. Zeros stay published, as everywhere.
 */
export function publishRows<Name extends string>(
  rows: Array<Record<string, unknown>>,
  dimensions: number,
  measures: readonly Name[],
  reasons: Array<Record<string, unknown> & { reason: string; n: number }>,
  breakdown: { of: Name; codes: readonly string[] },
  k: number,
  linked: readonly Name[] = [],
): {
  keys: string[][];
  counts: Record<Name, (number | null)[]>;
  byReason: Array<Record<string, number | null>>;
} {
  const keyOf = (row: Record<string, unknown>) =>
    Array.from({ length: dimensions }, (_, i) => String(row[`d${i}`]));
  const keys = rows.map(keyOf);
  const withheld = new Map(measures.map((name) => [name, new Set<number>()]));
  const publish = (name: Name) =>
    publishMeasure(
      keys,
      rows.map((row) => row[name]),
      k,
      withheld.get(name),
    );
  const counts = Object.fromEntries(measures.map((name) => [name, publish(name)])) as Record<
    Name,
    (number | null)[]
  >;
  for (;;) {
    const again = new Set<Name>();
    keys.forEach((_, i) => {
      if (!linked.some((name) => counts[name][i] === null)) return;
      for (const name of linked) {
        if (counts[name][i] === null || counts[name][i] === 0) continue;
        withheld.get(name)!.add(i);
        again.add(name);
      }
    });
    if (again.size === 0) break;
    for (const name of again) counts[name] = publish(name);
  }
  const byReason = publishBreakdown(
    keys,
    reasons.map((row) => ({ key: keyOf(row), part: row.reason, count: row.n })),
    counts[breakdown.of],
    breakdown.codes,
    k,
  );
  return { keys, counts, byReason };
}
