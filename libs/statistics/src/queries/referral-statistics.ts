import { Queryable } from '@app/database';
import { DECLINE_REASONS } from '@app/domain';
import { publishRows, RowBound } from './publish';
import { grouping, REFERRAL_DIMENSIONS } from './dimensions';
import { Period } from './period';

/** The referral funnel, each count of a row. */
export const REFERRAL_COUNTS = [
  'issued',
  'acknowledged',
  'accepted',
  'declined',
  'completedSuccessful',
  'completedNotSuccessful',
  'withdrawn',
  'overdue',
] as const;

/**
 * How a referral moves (the referral's decide.ts): acknowledged, accepted or declined (not
 * both), completed only once accepted, withdrawn instead of declined or completed. So in every
 * row no more were acknowledged, overdue, or decided than issued, no more completed than
 * accepted, and the ends (declined, withdrawn, completed) add up to no more than issued.
 */
export const REFERRAL_BOUNDS: ReadonlyArray<RowBound<(typeof REFERRAL_COUNTS)[number]>> = [
  { parts: ['acknowledged'], top: 'issued' },
  { parts: ['overdue'], top: 'issued' },
  { parts: ['accepted', 'declined'], top: 'issued' },
  { parts: ['completedSuccessful', 'completedNotSuccessful'], top: 'accepted' },
  {
    parts: ['declined', 'withdrawn', 'completedSuccessful', 'completedNotSuccessful'],
    top: 'issued',
  },
];

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
  /** The declines for each of DECLINE_REASONS, by its index. */
  [declined: `declined:${number}`]: number;
  /** The codes of declines for any other reason (none the commands take), one a decline. */
  other_reasons: string[] | null;
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
 * The median and 90th percentile of the whole seconds in `column` of each group, in hours
 * (percentile_cont's: linear interpolation between the closest ranks), rounded to two decimals.
 * The grouping gathers each group's seconds in an array (`stat_gather`, which PostgreSQL can run
 * in parallel workers: migration statistics/0004) and sorts it (`stat_sorted`: intarray's sort,
 * migration statistics/0009), so that PostgreSQL can group by hashing and each quantile is read
 * off the sorted array at its rank. An ordered aggregate in the grouping itself sorts every row
 * by the group's codes first, and percentile_cont over the unnested array costs a row and a sort
 * per value: each cost more than the rest of the query.
 */
const quantiles = (column: string, as: string) => ({
  gather: `stat_sorted(stat_gather(${column}) FILTER (WHERE ${column} IS NOT NULL)) AS ${as}_seconds`,
  select: [0.5, 0.9]
    .map(
      (q, i) =>
        `round(stat_quantile_hours(g.${as}_seconds, ${q})::numeric, 2)::float8 AS ${as}_${i === 0 ? 'median' : 'p90'}`,
    )
    .join(', '),
});

/**
 * Referrals requested in the period: the funnel (issued, acknowledged, accepted, declined by
 * reason, completed, withdrawn, overdue) and the median and 90th percentile of the hours to
 * acknowledge and to decide (decimal, from the whole seconds each took). A quantile is published
 * only where the count it is taken over is.
 */
export async function referralStatistics(
  db: Queryable,
  period: Period,
  groupBy: string[],
  k: number,
): Promise<ReferralStatistics> {
  const g = grouping(groupBy, REFERRAL_DIMENSIONS);
  const select = g.select.length > 0 ? `${g.select.join(', ')},` : '';
  const groupRows = g.groupBy.length > 0 ? `GROUP BY ${g.groupBy.join(', ')}` : '';
  const order = g.groupBy.length > 0 ? `ORDER BY ${g.groupBy.join(', ')}` : '';
  const from = g.perValue ? 'stat_referral_services' : 'stat_referrals';
  const ack = quantiles('r.seconds_to_acknowledge', 'ack');
  const decision = quantiles('r.seconds_to_decision', 'decision');
  const where = `($1::date IS NULL OR r.requested_on >= $1) AND ($2::date IS NULL OR r.requested_on <= $2)`;
  // One scan: each group's declines are counted for each reason a decline can give, in the
  // scan, and those for any other code an event may hold are gathered to be counted here,
  // instead of scanning the rows again grouped by reason as well.
  const reasonCounts = DECLINE_REASONS.map(
    (_, i) => `count(*) FILTER (WHERE r.decline_reason = $${i + 3})::int AS "declined:${i}"`,
  );
  const known = `$${DECLINE_REASONS.length + 3}::text[]`;
  const { rows } = await db.query<Row>(
    `SELECT ${g.groupBy.map((d) => `g.${d}, `).join('')}
            ${REFERRAL_COUNTS.map((name) => `g."${name}"`).join(', ')},
            ${ack.select},
            ${decision.select},
            ${DECLINE_REASONS.map((_, i) => `g."declined:${i}"`).join(', ')},
            g.other_reasons
       FROM (SELECT ${select}
                    count(*)::int AS "issued",
                    count(r.acknowledged_at)::int AS "acknowledged",
                    count(*) FILTER (WHERE r.decided_at IS NOT NULL AND r.decline_reason IS NULL)::int AS "accepted",
                    count(r.decline_reason)::int AS "declined",
                    count(*) FILTER (WHERE r.outcome = 'successful')::int AS "completedSuccessful",
                    count(*) FILTER (WHERE r.outcome = 'not-successful')::int AS "completedNotSuccessful",
                    count(r.withdrawn_at)::int AS "withdrawn",
                    count(*) FILTER (WHERE r.overdue)::int AS "overdue",
                    ${ack.gather},
                    ${decision.gather},
                    ${reasonCounts.join(', ')},
                    stat_gather(r.decline_reason) FILTER (WHERE r.decline_reason <> ALL(${known})) AS other_reasons
               FROM ${from} r
              WHERE ${where} ${groupRows}) g
      ${order}`,
    [period.from, period.to, ...DECLINE_REASONS, DECLINE_REASONS],
  );
  const reasons = rows.flatMap((row) => {
    const counted = new Map<string, number>(
      DECLINE_REASONS.map((code, i) => [code, row[`declined:${i}`]]),
    );
    // Sorted: the order they were gathered in is the workers', not the same from one run on.
    for (const code of [...(row.other_reasons ?? [])].sort()) {
      counted.set(code, (counted.get(code) ?? 0) + 1);
    }
    return [...counted].filter(([, n]) => n > 0).map(([reason, n]) => ({ ...row, reason, n }));
  });
  const {
    keys,
    counts: published,
    byReason: declinedByReason,
  } = publishRows(
    rows,
    groupBy.length,
    REFERRAL_COUNTS,
    reasons,
    { of: 'declined', codes: DECLINE_REASONS },
    k,
    [],
    REFERRAL_BOUNDS,
  );
  return {
    ...period,
    groupBy,
    k,
    items: rows.map((row, i) => {
      const shown = (basis: number | null, quantiles: Quantiles): Quantiles =>
        basis === null || basis < k ? { median: null, p90: null } : quantiles;
      return {
        ...Object.fromEntries(groupBy.map((name, d) => [name, keys[i][d]])),
        ...Object.fromEntries(REFERRAL_COUNTS.map((name) => [name, published[name][i]])),
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
        suppressed: REFERRAL_COUNTS.some((name) => published[name][i] === null),
      };
    }),
  };
}
