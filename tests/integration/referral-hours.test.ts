import { v7 as uuidv7 } from 'uuid';
import { DECLINE_REASONS, DeclineReason, Urgency } from '@app/domain';
import { RecordedEvent } from '@app/event-store';
import { seededRandom } from '../support/seeded-random';
import { referralStatistics } from '../../libs/statistics/src/queries/referral-statistics';
import { inSnapshot } from '../../libs/statistics/src/queries/snapshot';
import {
  CaseStep,
  consentCommand,
  openCaseCommand,
  recordedCase,
  statisticsDatabase,
} from '../support/statistics-projection';

/** A breakdown by every decline reason: these counts, the other reasons zero. */
const byReason = (counts: Record<string, number>) => ({
  ...Object.fromEntries(DECLINE_REASONS.map((reason) => [reason, 0])),
  ...counts,
});

const LEAD = { agencyId: 'fia-lahore', officerId: 'o-1', role: 'officer' as const };
const SHELTER = { agencyId: 'shelter-lahore', officerId: 's-1', role: 'officer' as const };
const REQUESTED = Date.parse('2026-03-02T08:00:00.000Z');
const HOUR = 3_600_000;
/** A week later: the referrals of a test of their own period. */
const NEXT_WEEK = REQUESTED + 7 * 24 * HOUR;

/** percentile_cont: linear interpolation between the closest ranks. */
function percentile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const at = q * (sorted.length - 1);
  const low = Math.floor(at);
  const high = Math.ceil(at);
  return sorted[low] + (sorted[high] - sorted[low]) * (at - low);
}

const twoDecimals = (n: number) => Math.round(n * 100) / 100;

/**
 * The hours to acknowledge and to decide, computed from the times the events record: each
 * referral's acknowledgement and decision come at hours chosen here, and the median and 90th
 * percentile are computed again in the test.
 */
describe('referral hours in the statistics', () => {
  const { sql, projection } = statisticsDatabase('referral_hours');

  /**
   * One case whose referral is acknowledged `ack` hours and decided `decision` hours after it:
   * accepted, or declined for `declined`.
   */
  function referredCase(
    ack: number,
    decision: number | null,
    position: number,
    {
      urgency = 'routine',
      declined,
      requested = REQUESTED,
    }: { urgency?: Urgency; declined?: DeclineReason; requested?: number } = {},
  ): RecordedEvent[] {
    const caseId = uuidv7();
    const referralId = uuidv7();
    const steps: CaseStep[] = [
      {
        at: requested - HOUR,
        actor: LEAD,
        command: openCaseCommand(caseId, requested - 2 * HOUR),
      },
      {
        at: requested - HOUR / 2,
        actor: LEAD,
        command: consentCommand(SHELTER.agencyId),
      },
      {
        at: requested,
        actor: LEAD,
        command: {
          type: 'RequestReferral',
          referralId,
          toAgencyId: SHELTER.agencyId,
          services: ['shelter'],
          urgency,
          reason: 'a safe place',
        },
      },
      {
        at: requested + ack * HOUR,
        actor: SHELTER,
        command: { type: 'AcknowledgeReferral', referralId },
      },
    ];
    if (decision !== null) {
      steps.push({
        at: requested + decision * HOUR,
        actor: SHELTER,
        command: declined
          ? { type: 'DeclineReferral', referralId, reason: declined }
          : { type: 'AcceptReferral', referralId },
      });
    }
    return recordedCase(steps, position);
  }

  it('publishes the median and 90th percentile of the recorded hours, to two decimals', async () => {
    const acks = [0.25, 1.5, 2, 3.75, 5, 8.5, 13, 21.25, 34, 47.9];
    const decisions = [1, 2.5, null, 6, 7.25, 12, null, 30, 40.5, 72];
    const events = acks.flatMap((ack, i) => referredCase(ack, decisions[i], i * 10 + 1));
    await projection().handleBatch(events);

    const answer = await inSnapshot(sql(), (db) =>
      referralStatistics(db, { from: '2026-03-01', to: '2026-03-07' }, [], 1),
    );
    const decided = decisions.filter((d): d is number => d !== null);
    expect(answer.items).toEqual([
      expect.objectContaining({
        issued: 10,
        acknowledged: 10,
        accepted: 8,
        // No declines: every code a zero, not null.
        declined: 0,
        declinedByReason: byReason({}),
        hoursToAcknowledge: {
          median: twoDecimals(percentile(acks, 0.5)),
          p90: twoDecimals(percentile(acks, 0.9)),
        },
        hoursToDecision: {
          median: twoDecimals(percentile(decided, 0.5)),
          p90: twoDecimals(percentile(decided, 0.9)),
        },
      }),
    ]);
    // Between ranks, interpolated as percentile_cont does: (5 + 8.5) / 2, 34 + 0.1 × 13.9.
    expect(answer.items[0].hoursToAcknowledge).toEqual({ median: 6.75, p90: 35.39 });
  });

  it("counts the declines of each row by reason, and withholds a row's small parts from officers", async () => {
    const declines: Array<[Urgency, DeclineReason, number]> = [
      ['routine', 'no-capacity', 6],
      ['routine', 'not-eligible', 5],
      ['emergency', 'no-capacity', 7],
      ['emergency', 'victim-refused', 2],
    ];
    let position = 1_000;
    const events = declines.flatMap(([urgency, reason, n]) =>
      Array.from({ length: n }, () =>
        referredCase(1, 2, (position += 10), { urgency, declined: reason, requested: NEXT_WEEK }),
      ),
    );
    await projection().handleBatch(events.flat());
    const period = { from: '2026-03-08', to: '2026-03-14' };
    const asked = (k: number) =>
      inSnapshot(sql(), (db) => referralStatistics(db, period, ['urgency'], k)).then((answer) =>
        answer.items.map((item) => [item.urgency, item.declined, item.declinedByReason]),
      );

    expect(await asked(1)).toEqual([
      ['emergency', 9, byReason({ 'no-capacity': 7, 'victim-refused': 2 })],
      ['routine', 11, byReason({ 'no-capacity': 6, 'not-eligible': 5 })],
    ]);
    // Two declines of one reason single them out: the row's other part, with its total, would
    // give them away, so every code of the row is withheld (its zeros too: which parts are not
    // zero is itself a clue). The row with none below 5 is published whole.
    expect(await asked(5)).toEqual([
      ['emergency', 9, Object.fromEntries(DECLINE_REASONS.map((reason) => [reason, null]))],
      ['routine', 11, byReason({ 'no-capacity': 6, 'not-eligible': 5 })],
    ]);
    // Ungrouped: every decline in one row.
    const all = await inSnapshot(sql(), (db) => referralStatistics(db, period, [], 1));
    expect(all.items[0].declinedByReason).toEqual(
      byReason({ 'no-capacity': 13, 'not-eligible': 5, 'victim-refused': 2 }),
    );
  });

  it('counts a decline for a code the commands no longer take under that code', async () => {
    const requested = NEXT_WEEK + 21 * 24 * HOUR;
    let position = 7_000;
    const cases = [
      ...Array.from({ length: 3 }, () => 'no-capacity'),
      ...Array.from({ length: 2 }, () => 'a-reason-of-before'),
    ].map((reason) => {
      const events = referredCase(1, 2, (position += 10), { declined: 'no-capacity', requested });
      const declined = events.at(-1)!;
      expect(declined.type).toMatch(/^referral\.declined/);
      (declined.data as { reason: string }).reason = reason;
      return events;
    });
    await projection().handleBatch(cases.flat());
    const day = new Date(requested).toISOString().slice(0, 10);
    const answer = await inSnapshot(sql(), (db) =>
      referralStatistics(db, { from: day, to: day }, [], 1),
    );
    expect(answer.items[0]).toMatchObject({
      declined: 5,
      declinedByReason: byReason({ 'no-capacity': 3, 'a-reason-of-before': 2 }),
    });
  });
  it('gives the same figures when PostgreSQL gathers them in parallel workers', async () => {
    const requested = NEXT_WEEK + 7 * 24 * HOUR;
    const reasons: DeclineReason[] = ['no-capacity', 'not-eligible', 'victim-refused'];
    const drawn = Array.from({ length: 240 }, (_, i) => ({
      ack: ((i * 37) % 97) / 4,
      decision: i % 7 === 0 ? null : ((i * 53) % 101) / 2 + 30,
      urgency: (i % 3 === 0 ? 'emergency' : 'routine') as Urgency,
      declined: i % 4 === 0 ? reasons[i % 3] : undefined,
    }));
    let position = 5_000;
    const events = drawn.flatMap(({ ack, decision, urgency, declined }) =>
      referredCase(ack, decision, (position += 10), { urgency, declined, requested }),
    );
    await projection().handleBatch(events);
    await sql().query('ANALYZE stat_referrals');
    const day = new Date(requested).toISOString().slice(0, 10);
    const period = { from: day, to: day };

    /** The answer, and whether its statement's plan aggregated partially (in parallel). */
    const asked = (parallel: boolean) =>
      sql().transaction(async (tx) => {
        await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
        if (parallel) {
          // Tables this small are never worth workers to the planner: made free, they are.
          await tx.query(`SET LOCAL parallel_setup_cost = 0`);
          await tx.query(`SET LOCAL parallel_tuple_cost = 0`);
          await tx.query(`SET LOCAL min_parallel_table_scan_size = 0`);
          await tx.query(`SET LOCAL max_parallel_workers_per_gather = 2`);
        }
        const sent: Array<[string, unknown[] | undefined]> = [];
        const answer = await referralStatistics(
          { query: (text, params) => (sent.push([text, params]), tx.query(text, params)) },
          period,
          ['urgency'],
          1,
        );
        const { rows } = await tx.query<{ 'QUERY PLAN': unknown }>(
          `EXPLAIN (FORMAT JSON) ${sent[0][0]}`,
          sent[0][1],
        );
        return { answer, partial: JSON.stringify(rows).includes('"Partial Mode":"Partial"') };
      });

    const serial = await asked(false);
    const parallel = await asked(true);
    expect(serial.partial).toBe(false);
    expect(parallel.partial).toBe(true);
    expect(parallel.answer).toEqual(serial.answer);
    // And both are the figures of the events, computed again here.
    for (const urgency of ['emergency', 'routine'] as const) {
      const mine = drawn.filter((d) => d.urgency === urgency);
      const decided = mine.flatMap((d) => (d.decision === null ? [] : [d.decision]));
      const item = parallel.answer.items.find((i) => i.urgency === urgency)!;
      expect(item).toMatchObject({
        issued: mine.length,
        declined: mine.filter((d) => d.declined && d.decision !== null).length,
        hoursToAcknowledge: {
          median: twoDecimals(
            percentile(
              mine.map((d) => d.ack),
              0.5,
            ),
          ),
          p90: twoDecimals(
            percentile(
              mine.map((d) => d.ack),
              0.9,
            ),
          ),
        },
        hoursToDecision: {
          median: twoDecimals(percentile(decided, 0.5)),
          p90: twoDecimals(percentile(decided, 0.9)),
        },
      });
    }
  });

  it("takes an agency's type from the registry on every write: registered after a referral named it", async () => {
    const requested = NEXT_WEEK + 14 * 24 * HOUR;
    const day = new Date(requested).toISOString().slice(0, 10);
    const types = async () =>
      (
        await inSnapshot(sql(), (db) =>
          referralStatistics(db, { from: day, to: day }, ['toAgencyType', 'fromAgencyType'], 1),
        )
      ).items.map((item) => [item.toAgencyType, item.fromAgencyType]);
    // Opened, consent, requested: the acknowledgement and decision follow.
    const events = referredCase(2, 5, 900, { requested });
    await projection().handleBatch(events.slice(0, -2));
    expect(await types()).toEqual([['unknown', 'unknown']]);
    await sql().query(
      `INSERT INTO agencies (agency_id, name, type, province, services)
       VALUES ('shelter-lahore', 'Shelter Lahore', 'shelter', 'punjab', '[]'),
              ('fia-lahore', 'FIA Lahore', 'fia', 'punjab', '[]')`,
    );
    await projection().handleBatch(events.slice(-2));
    expect(await types()).toEqual([['shelter', 'fia']]);
  });

  it('counts each time in whole seconds, rounded, and never fails on a time an event recorded', async () => {
    const { rows } = await sql().query<Record<string, number | null>>(
      `SELECT stat_seconds(t + interval '1.4 seconds', t) AS under_half,
              stat_seconds(t + interval '1.5 seconds', t) AS half,
              stat_seconds(t - interval '1.5 seconds', t) AS before,
              stat_seconds(t + interval '3 hours', t) AS hours,
              stat_seconds(t + interval '200 years', t) AS far,
              stat_seconds(t - interval '200 years', t) AS far_before,
              stat_seconds(NULL, t) AS never,
              stat_seconds('infinity', t) AS endless
         FROM (SELECT '2026-03-02T08:00:00Z'::timestamptz AS t) x`,
    );
    expect(rows[0]).toEqual({
      under_half: 1,
      half: 2,
      before: -2,
      hours: 10_800,
      far: 2_147_483_647,
      far_before: -2_147_483_647,
      never: null,
      endless: null,
    });
  });

  it("reads the quantiles off the sorted seconds as PostgreSQL's percentile_cont computes them", async () => {
    const random = seededRandom(12);
    for (let trial = 0; trial < 200; trial++) {
      const n = 1 + Math.floor(random() * (trial < 100 ? 12 : 3_000));
      // Ties, negatives and both ends of int4 among them.
      const values = Array.from({ length: n }, () =>
        random() < 0.02
          ? [2_147_483_647, -2_147_483_647][Math.floor(random() * 2)]
          : Math.floor(random() * 400_000) - 1_000,
      );
      const { rows } = await sql().query<{ mine: number[]; theirs: number[] }>(
        `SELECT ARRAY[stat_quantile_hours(s, 0.5), stat_quantile_hours(s, 0.9)] AS mine,
                (SELECT percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY v / 3600.0::float8)
                   FROM unnest($1::int4[]) AS v) AS theirs
           FROM (SELECT stat_sorted($1::int4[]) AS s) x`,
        [values],
      );
      const [mine, theirs] = [rows[0].mine, rows[0].theirs];
      for (const i of [0, 1]) {
        expect(Math.abs(mine[i] - theirs[i])).toBeLessThanOrEqual(
          1e-9 * Math.max(1, Math.abs(theirs[i])),
        );
      }
    }
    const { rows } = await sql().query<{ empty: number | null; none: number | null }>(
      `SELECT stat_quantile_hours('{}'::int4[], 0.5) AS empty, stat_quantile_hours(NULL, 0.5) AS none`,
    );
    expect(rows[0]).toEqual({ empty: null, none: null });
  });
});
