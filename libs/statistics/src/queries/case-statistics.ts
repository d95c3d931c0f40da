import { Queryable } from '@app/database';
import { CLOSURE_REASONS } from '@app/domain';
import { CASE_DIMENSIONS, grouping } from './dimensions';
import { Period } from './period';
import { publishRows } from './publish';

const COUNTS = ['opened', 'closed', 'openAtEnd'] as const;
/**
 * The counts protected together: the three published, and the cases both closed in the period
 * and open at its end (closed, then reopened before it), never published. Without `from`, each
 * case opened by the end is closed in the period, open at its end, or both, so opened = closed +
 * open at the end − both: "both" can be worked out from the three and is protected as they are.
 */
const LINKED = [...COUNTS, 'closedAndOpenAtEnd'] as const;

export interface CaseStatistics {
  from: string | null;
  to: string | null;
  groupBy: string[];
  k: number;
  items: Array<Record<string, unknown>>;
}

/**
 * Cases opened and closed in the period (by reason), and open at its end, by province, lead
 * agency type, crime type or month of opening.
 */
export async function caseStatistics(
  db: Queryable,
  period: Period,
  groupBy: string[],
  k: number,
): Promise<CaseStatistics> {
  const g = grouping(groupBy, CASE_DIMENSIONS);
  const select = g.select.length > 0 ? `${g.select.join(', ')},` : '';
  const group =
    g.groupBy.length > 0 ? `GROUP BY ${g.groupBy.join(', ')} ORDER BY ${g.groupBy.join(', ')}` : '';
  // Days as UTC dates, `to` inclusive: the period ends at the start of the day after it.
  const inPeriod = (column: string) =>
    `($1::date IS NULL OR ${column} >= $1::date::timestamp AT TIME ZONE 'UTC')
     AND ($2::date IS NULL OR ${column} < ($2::date + 1)::timestamp AT TIME ZONE 'UTC')`;
  const openedBy = `($2::date IS NULL OR c.opened_at < ($2::date + 1)::timestamp AT TIME ZONE 'UTC')`;
  // Each closure of a case (closures: migration statistics/0005), so that a case closed in the
  // period and reopened later counts as closed in it, and one reopened before the end as open.
  // Only a case reopened needs them read: for the others the last closure is the whole history.
  const closures = (columns: string) => `json_to_recordset(c.closures) AS x(${columns})`;
  const end = `coalesce(($2::date + 1)::timestamp AT TIME ZONE 'UTC', 'infinity'::timestamptz)`;
  const closedInPeriod = `CASE WHEN c.reopened
      THEN EXISTS (SELECT 1 FROM ${closures('"closedAt" timestamptz')} WHERE ${inPeriod('x."closedAt"')})
      ELSE c.closed_at IS NOT NULL AND ${inPeriod('c.closed_at')} END`;
  const openAtEnd = `CASE WHEN c.reopened
      THEN NOT EXISTS (
        SELECT 1 FROM ${closures('"closedAt" timestamptz, "reopenedAt" timestamptz')}
         WHERE x."closedAt" < ${end} AND (x."reopenedAt" IS NULL OR x."reopenedAt" >= ${end}))
      ELSE c.closed_at IS NULL OR c.closed_at >= ${end} END`;
  const [measures, reasons] = await Promise.all([
    db.query<Record<string, unknown> & { opened: number; closed: number; openAtEnd: number }>(
      `SELECT ${select}
              count(*) FILTER (WHERE ${inPeriod('c.opened_at')})::int AS "opened",
              count(*) FILTER (WHERE ${closedInPeriod})::int AS "closed",
              count(*) FILTER (WHERE ${openAtEnd})::int AS "openAtEnd",
              count(*) FILTER (WHERE c.reopened AND ${closedInPeriod} AND ${openAtEnd})::int
                AS "closedAndOpenAtEnd"
         FROM stat_cases c
        WHERE ${openedBy} ${group}`,
      [period.from, period.to],
    ),
    // By the reason of each case's last closure in the period.
    db.query<Record<string, unknown> & { reason: string; n: number }>(
      `SELECT ${select} CASE WHEN c.reopened
                THEN (SELECT x.reason FROM ${closures('"closedAt" timestamptz, reason text')}
                       WHERE ${inPeriod('x."closedAt"')} ORDER BY x."closedAt" DESC LIMIT 1)
                ELSE c.closure_reason END AS reason,
              count(*)::int AS n
         FROM stat_cases c
        WHERE ${openedBy} AND ${closedInPeriod}
        GROUP BY ${[...g.groupBy, 'reason'].join(', ')}`,
      [period.from, period.to],
    ),
  ]);
  const rows = measures.rows;
  const {
    keys,
    counts: published,
    byReason: closedByReason,
  } = publishRows(
    rows,
    groupBy.length,
    LINKED,
    reasons.rows,
    { of: 'closed', codes: CLOSURE_REASONS },
    k,
    LINKED,
  );
  return {
    ...period,
    groupBy,
    k,
    items: rows.map((_, i) => ({
      ...Object.fromEntries(groupBy.map((name, d) => [name, keys[i][d]])),
      opened: published.opened[i],
      closed: published.closed[i],
      closedByReason: closedByReason[i],
      openAtEnd: published.openAtEnd[i],
      suppressed: COUNTS.some((name) => published[name][i] === null),
    })),
  };
}
