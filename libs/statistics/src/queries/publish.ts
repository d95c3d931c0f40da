import { suppressTable } from '../disclosure/cell-suppression';
import { extremeOf, LinearProgram } from '../disclosure/linear-program';

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

/** In every row, the counts `parts` add up to no more than the count `top`. */
export interface RowBound<Name extends string> {
  parts: readonly Name[];
  top: Name;
}

/**
 * The rows of a grouped statistic as published: each row's key (its dimensions' codes, from the
 * `d0`, `d1`, ... columns), each measure protected as a table of its own, and the breakdown of
 * each row's `breakdown.of` measure by `reason` (its codes: `breakdown.codes`).
 *
 * Measures also bound one another within a row, and a withheld count must not follow from the
 * published counts of its row either:
 * - `linked` measures add up (the cases opened, closed and still open): where one is withheld
 *   in a row, every non-zero one of the row is;
 * - `bounds` are inequalities (a referral funnel: no more accepted and declined than issued):
 *   where a row's withheld counts, each at least 1, are left a single possible value by the
 *   bounds and the row's published counts (issued 6 and accepted 5 leave a withheld declined at
 *   1), the smallest non-zero published count of a bound that holds it is withheld too, until
 *   none is (a linear program per row: rowPinned).
 * A count withheld so is then protected in its own measure's table like a small one (its margins
 * would give it back), which may withhold more rows; until nothing changes. Zeros stay
 * published, as everywhere.
 */
export function publishRows<Name extends string>(
  rows: Array<Record<string, unknown>>,
  dimensions: number,
  measures: readonly Name[],
  reasons: Array<Record<string, unknown> & { reason: string; n: number }>,
  breakdown: { of: Name; codes: readonly string[] },
  k: number,
  linked: readonly Name[] = [],
  bounds: readonly RowBound<Name>[] = [],
): {
  keys: string[][];
  counts: Record<Name, (number | null)[]>;
  byReason: Array<Record<string, number | null>>;
  /** Each measure's rows withheld for another's sake (the `withheld` of its suppressTable). */
  withheld: Map<Name, ReadonlySet<number>>;
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
    const withhold = (name: Name, i: number) => {
      withheld.get(name)!.add(i);
      again.add(name);
    };
    keys.forEach((_, i) => {
      const shown = (name: Name) => counts[name][i] !== null && counts[name][i] !== 0;
      if (linked.some((name) => counts[name][i] === null)) {
        for (const name of linked.filter(shown)) withhold(name, i);
      }
      const pinned = rowPinned(bounds, (name) => counts[name][i]);
      if (pinned === null) return;
      // Nothing can be reasoned about such a row: what it shows of the bounds is withheld.
      if (pinned === INCONSISTENT) {
        const named = new Set(bounds.flatMap((b) => [...b.parts, b.top]));
        for (const name of [...named].filter(shown)) withhold(name, i);
        return;
      }
      const holding = bounds.filter((b) => b.top === pinned || b.parts.includes(pinned));
      const next = [...new Set(holding.flatMap((b) => [...b.parts, b.top]))]
        .filter(shown)
        .sort((a, b) => counts[a][i]! - counts[b][i]! || (a < b ? -1 : 1))[0];
      // A pinned count always has a published one beside it: with every count of its bounds
      // withheld, a top is unbounded above and each part can grow with it.
      if (next !== undefined) withhold(next, i);
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
  return { keys, counts, byReason, withheld };
}

/** A row whose counts break its bounds: a log the rules did not write. */
export const INCONSISTENT = Symbol('inconsistent');

/**
 * The first withheld count of a row (in the order of `bounds`) that the bounds and the row's
 * published counts leave a single integer value, each withheld count being at least 1 (zeros
 * are published); null when there is none, INCONSISTENT when the row's counts break the bounds.
 * Two linear programs a withheld count, of a handful of variables each (about 10 µs).
 */
export function rowPinned<Name extends string>(
  bounds: readonly RowBound<Name>[],
  published: (name: Name) => number | null,
): Name | typeof INCONSISTENT | null {
  const names = [...new Set(bounds.flatMap((b) => [...b.parts, b.top]))];
  const hidden = names.filter((name) => published(name) === null);
  if (hidden.length === 0) return null;
  const program: LinearProgram = { variables: {}, constraints: {} };
  const { variables, constraints } = program;
  for (const name of hidden) {
    variables[name] = { [`atLeastOne:${name}`]: 1 };
    constraints[`atLeastOne:${name}`] = { min: 1 };
  }
  bounds.forEach(({ parts, top }, b) => {
    const terms: Array<[Name, number]> = [...parts.map((p): [Name, number] => [p, 1]), [top, -1]];
    let rhs = 0;
    let any = false;
    for (const [name, coefficient] of terms) {
      const count = published(name);
      if (count === null) {
        variables[name][`bound${b}`] = (variables[name][`bound${b}`] ?? 0) + coefficient;
        any = true;
      } else rhs -= coefficient * count;
    }
    if (any) constraints[`bound${b}`] = { max: rhs };
  });
  for (const name of hidden) {
    const most = extremeOf(program, name, 'max');
    if (most === null) return INCONSISTENT;
    if (most === Infinity) continue;
    // Counts are integers: a range that holds one integer gives it away.
    if (Math.floor(most + 1e-9) <= Math.ceil(extremeOf(program, name, 'min')! - 1e-9)) return name;
  }
  return null;
}
