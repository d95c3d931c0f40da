import { Queryable } from '@app/database';
import { publishRows } from './publish';
import { grouping, REFERRAL_DIMENSIONS } from './dimensions';
import { Period } from './period';

const COUNTS = [
  'issued',
  'acknowledged',
  'accepted',
  'declined',
  'completedSuccessful',
  'completedNotSuccessful',
  'withdrawn',
  'overdue',
] as const;

interface Row extends Record<string, unknown> {
  issued: number;
  acknowledged: number;
  accepted: number;
  declined: number;
  completedSuccessful: number;
  completedNotSuccessful: number;
  withdrawn: number;
  overdue: number;
  ack_median: number | null;
  ack_p90: number | null;
  decision_median: number | null;
  decision_p90: number | null;
}

export interface Quantiles {
  median: number | null;
  p90: number | null;
}

export interface ReferralStatistics {
  from: string | null;
  to: string | null;
  groupBy: string[];
  k: number;
  items: Array<Record<string, unknown>>;
}

/**
 * The median and 90th percentile of the hours in `column`, rounded to two decimals: one
 * aggregate (one sort) for both, which PostgreSQL computes once for the two columns naming it.
 */
const quantiles = (column: string, as: string) => {
  const both = `(percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY ${column}) FILTER (WHERE ${column} IS NOT NULL))`;
  return `round(${both}[1]::numeric, 2)::float8 AS ${as}_median, round(${both}[2]::numeric, 2)::float8 AS ${as}_p90`;
};

/**
 * Referrals requested in the period: the funnel (issued, acknowledged, accepted, declined by
 * reason, completed, withdrawn, overdue) and the median and 90th percentile of the decimal hours
 * to acknowledge and to decide. A quantile is published only where the count it is taken over is.
 */
export async function referralStatistics(
  db: Queryable,
  period: Period,
  groupBy: string[],
  k: number,
): Promise<ReferralStatistics> {
  const g = grouping(groupBy, REFERRAL_DIMENSIONS);
  const select = g.select.length > 0 ? `${g.select.join(', ')},` : '';
  const group =
    g.groupBy.length > 0 ? `GROUP BY ${g.groupBy.join(', ')} ORDER BY ${g.groupBy.join(', ')}` : '';
  const from = g.perValue ? 'stat_referral_services' : 'stat_referrals';
  const where = `($1::date IS NULL OR r.requested_on >= $1) AND ($2::date IS NULL OR r.requested_on <= $2)`;
  const [measures, reasons] = await Promise.all([
    db.query<Row>(
      `SELECT ${select}
              count(*)::int AS "issued",
              count(r.acknowledged_at)::int AS "acknowledged",
              count(*) FILTER (WHERE r.decided_at IS NOT NULL AND r.decline_reason IS NULL)::int AS "accepted",
              count(r.decline_reason)::int AS "declined",
              count(*) FILTER (WHERE r.outcome = 'successful')::int AS "completedSuccessful",
              count(*) FILTER (WHERE r.outcome = 'not-successful')::int AS "completedNotSuccessful",
              count(r.withdrawn_at)::int AS "withdrawn",
              count(*) FILTER (WHERE r.overdue)::int AS "overdue",
              ${quantiles('r.hours_to_acknowledge', 'ack')},
              ${quantiles('r.hours_to_decision', 'decision')}
         FROM ${from} r
        WHERE ${where} ${group}`,
      [period.from, period.to],
    ),
    db.query<Record<string, unknown> & { reason: string; n: number }>(
      `SELECT ${select} r.decline_reason AS reason, count(*)::int AS n
         FROM ${from} r
        WHERE ${where} AND r.decline_reason IS NOT NULL
        GROUP BY ${[...g.groupBy, 'reason'].join(', ')}`,
      [period.from, period.to],
    ),
  ]);
  const rows = measures.rows;
  const {
    keys,
    counts: published,
    byReason: declinedByReason,
  } = publishRows(rows, groupBy.length, COUNTS, reasons.rows, k);
  return {
    ...period,
    groupBy,
    k,
    items: rows.map((row, i) => {
      const shown = (basis: number | null, quantiles: Quantiles): Quantiles =>
        basis === null || basis < k ? { median: null, p90: null } : quantiles;
      return {
        ...Object.fromEntries(groupBy.map((name, d) => [name, keys[i][d]])),
        ...Object.fromEntries(COUNTS.map((name) => [name, published[name][i]])),
        declinedByReason: declinedByReason[i],
        hoursToAcknowledge: shown(published.acknowledged[i], {
          median: row.ack_median,
          p90: row.ack_p90,
        }),
        hoursToDecision: shown(
          published.accepted[i] === null || published.declined[i] === null
            ? null
            : row.accepted + row.declined,
          { median: row.decision_median, p90: row.decision_p90 },
        ),
        suppressed: COUNTS.some((name) => published[name][i] === null),
      };
    }),
  };
}
