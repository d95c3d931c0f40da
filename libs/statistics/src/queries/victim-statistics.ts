import { Queryable } from '@app/database';
import { CountCell, suppressTable } from '../disclosure/cell-suppression';
import { grouping, VICTIM_DIMENSIONS } from './dimensions';
import { Period } from './period';

export interface VictimStatistics {
  from: string | null;
  to: string | null;
  groupBy: string[];
  k: number;
  total: number | null;
  items: Array<Record<string, string | number | boolean | null>>;
}

/**
 * Victims identified in the period, by up to three dimensions; a victim with several forms of
 * exploitation counts once in each. `k` 1 publishes every count (auditors).
 */
export async function victimStatistics(
  db: Queryable,
  period: Period,
  groupBy: string[],
  k: number,
): Promise<VictimStatistics> {
  const g = grouping(groupBy, VICTIM_DIMENSIONS, k);
  const where = `($1::date IS NULL OR c.identified_on >= $1) AND ($2::date IS NULL OR c.identified_on <= $2)`;
  // A victim with several forms of exploitation is in several cells: grouped by that, each
  // cell also counts the victims whose one `counts_case` row it holds, and the victims with no
  // form of exploitation (in no cell) are counted beside them. Grouped by single-valued
  // dimensions only, every victim is in exactly one cell: the total is their sum.
  const [cells, uncounted] = await Promise.all([
    groupBy.length === 0
      ? Promise.resolve({ rows: [] as Array<Record<string, string>> })
      : db.query<Record<string, string>>(
          `SELECT ${g.select.join(', ')}, count(*)::int AS n
                  ${g.perValue ? ', count(*) FILTER (WHERE c.counts_case)::int AS cases' : ''}
             FROM ${g.perValue ? 'stat_case_exploitation' : 'stat_cases'} c
            WHERE ${where}
            GROUP BY ${g.groupBy.join(', ')}
            ORDER BY ${g.groupBy.join(', ')}`,
          [period.from, period.to],
        ),
    groupBy.length > 0 && !g.perValue
      ? Promise.resolve(null)
      : db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM stat_cases c WHERE ${where}
             ${groupBy.length > 0 ? 'AND cardinality(array_remove(c.exploitation_types, NULL)) = 0' : ''}`,
          [period.from, period.to],
        ),
  ]);
  const counted: CountCell[] = cells.rows.map((row) => ({
    key: groupBy.map((_, i) => row[`d${i}`]),
    count: Number(row.n),
  }));
  const inCells = cells.rows.reduce((sum, row) => sum + Number(g.perValue ? row.cases : row.n), 0);
  const published = suppressTable(counted, k);
  const totalCount = inCells + (uncounted?.rows[0].n ?? 0);
  return {
    ...period,
    groupBy,
    k,
    total:
      (totalCount > 0 && totalCount < k) || (groupBy.length > 0 && published.totalSuppressed)
        ? null
        : totalCount,
    items: published.cells.map((cell) => ({
      ...Object.fromEntries(groupBy.map((name, i) => [name, cell.key[i]])),
      count: cell.count,
      suppressed: cell.suppressed,
    })),
  };
}
