import { v7 as uuidv7 } from 'uuid';
import { CaseCommand, DECLINE_REASONS } from '@app/domain';
import { RecordedEvent } from '@app/event-store';
import { STATISTICS_MIGRATIONS, STATISTICS_TABLES } from '@app/statistics';
import { referralStatistics } from '../../libs/statistics/src/queries/referral-statistics';
import { inSnapshot } from '../../libs/statistics/src/queries/snapshot';
import { victimStatistics } from '../../libs/statistics/src/queries/victim-statistics';
import { consentCommand, recordedCase, statisticsDatabase } from '../support/statistics-projection';

const LEAD = { agencyId: 'fia-lahore', officerId: 'o-1', role: 'officer' as const };
const SHELTER = { agencyId: 'shelter-lahore', officerId: 's-1', role: 'officer' as const };
const START = Date.parse('2026-05-04T08:00:00.000Z');
const HOUR = 3_600_000;
const PERIOD = { from: '2026-05-01', to: '2026-05-31' };

/** The case's events from these commands, an hour apart, from `position` on in the log. */
const recorded = (
  steps: Array<{ actor: typeof LEAD; command: CaseCommand }>,
  position: number,
): RecordedEvent[] =>
  recordedCase(
    steps.map((step, i) => ({ ...step, at: START + i * HOUR })),
    position,
  );

const open = (caseId: string, exploitationTypes: string[]): CaseCommand => ({
  type: 'OpenCase',
  caseId,
  identifiedAt: new Date(START - 2 * HOUR).toISOString(),
  identificationSource: 'raid',
  location: { province: 'punjab', district: 'Lahore' },
  crimeType: 'tip',
  victim: { sex: 'female', ageGroup: 'adult', citizenship: 'PK', personal: null },
  exploitationTypes: exploitationTypes as never,
  indicators: [],
});

/**
 * The tables with one row per form of exploitation and per service (what counts grouped by
 * those read) against the cases and referrals they are derived from: after the first events,
 * after later ones changed the rows, after a replay, and after the migration that fills their
 * seconds again.
 */
describe('statistics rows per form of exploitation and per service', () => {
  const { sql, projection } = statisticsDatabase('statistics_per_value');

  /**
   * Rows of `derived` not in `base` unnested (each distinct value that is not NULL), and the other
   * way round (as multisets); and the cases without their one row the total counts.
   */
  async function disagreements(): Promise<number> {
    const { rows } = await sql().query<{ n: number }>(
      `SELECT (SELECT count(*) FROM (
                 (SELECT case_id, exploitation_type, identified_on, crime_type, trafficking_status,
                         sex, age_group, citizenship, province, district, identification_source,
                         lead_agency_type FROM stat_case_exploitation
                  EXCEPT ALL
                  SELECT DISTINCT c.case_id, e.t, c.identified_on, c.crime_type,
                         c.trafficking_status, c.sex, c.age_group, c.citizenship, c.province,
                         c.district, c.identification_source, c.lead_agency_type
                    FROM stat_cases c CROSS JOIN LATERAL unnest(c.exploitation_types) AS e(t)
                   WHERE e.t IS NOT NULL)
                 UNION ALL
                 (SELECT DISTINCT c.case_id, e.t, c.identified_on, c.crime_type,
                         c.trafficking_status, c.sex, c.age_group, c.citizenship, c.province,
                         c.district, c.identification_source, c.lead_agency_type
                    FROM stat_cases c CROSS JOIN LATERAL unnest(c.exploitation_types) AS e(t)
                   WHERE e.t IS NOT NULL
                  EXCEPT ALL
                  SELECT case_id, exploitation_type, identified_on, crime_type, trafficking_status,
                         sex, age_group, citizenship, province, district, identification_source,
                         lead_agency_type FROM stat_case_exploitation)) x)::int
            + (SELECT count(*) FROM (
                 (SELECT referral_id, service, to_agency_id, to_agency_type, from_agency_type,
                         urgency, province, requested_on, acknowledged_at, decided_at,
                         withdrawn_at, decline_reason, outcome, overdue, seconds_to_acknowledge,
                         seconds_to_decision FROM stat_referral_services
                  EXCEPT ALL
                  SELECT r.referral_id, s.s, r.to_agency_id, r.to_agency_type, r.from_agency_type,
                         r.urgency, r.province, r.requested_on, r.acknowledged_at, r.decided_at,
                         r.withdrawn_at, r.decline_reason, r.outcome, r.overdue,
                         r.seconds_to_acknowledge, r.seconds_to_decision
                    FROM stat_referrals r CROSS JOIN LATERAL unnest(r.services) AS s(s))
                 UNION ALL
                 (SELECT r.referral_id, s.s, r.to_agency_id, r.to_agency_type, r.from_agency_type,
                         r.urgency, r.province, r.requested_on, r.acknowledged_at, r.decided_at,
                         r.withdrawn_at, r.decline_reason, r.outcome, r.overdue,
                         r.seconds_to_acknowledge, r.seconds_to_decision
                    FROM stat_referrals r CROSS JOIN LATERAL unnest(r.services) AS s(s)
                  EXCEPT ALL
                  SELECT referral_id, service, to_agency_id, to_agency_type, from_agency_type,
                         urgency, province, requested_on, acknowledged_at, decided_at,
                         withdrawn_at, decline_reason, outcome, overdue, seconds_to_acknowledge,
                         seconds_to_decision FROM stat_referral_services)) y)::int
            -- Each case with a form of exploitation has one row its total counts; one without
            -- has none.
            + (SELECT count(*) FROM stat_cases c
                WHERE (SELECT count(*) FROM stat_case_exploitation e
                        WHERE e.case_id = c.case_id AND e.counts_case)
                      <> CASE WHEN cardinality(array_remove(c.exploitation_types, NULL)) > 0
                              THEN 1 ELSE 0 END)::int AS n`,
    );
    return rows[0].n;
  }

  const count = async (table: string) =>
    (await sql().query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n;

  const answers = () =>
    inSnapshot(sql(), async (db) => ({
      victims: (await victimStatistics(db, PERIOD, ['exploitationType', 'traffickingStatus'], 1))
        .items,
      referrals: (await referralStatistics(db, PERIOD, ['service'], 1)).items.map((item) => ({
        service: item.service,
        issued: item.issued,
        acknowledged: item.acknowledged,
        declined: item.declined,
        declinedByReason: item.declinedByReason,
        hoursToAcknowledge: item.hoursToAcknowledge,
        hoursToDecision: item.hoursToDecision,
      })),
    }));

  it('follows every change of the cases and referrals it is derived from', async () => {
    const screened = uuidv7();
    const reclassified = uuidv7();
    const referralId = uuidv7();
    const first = recorded(
      [
        { actor: LEAD, command: open(screened, ['forced-labour', 'sexual-exploitation']) },
        {
          actor: LEAD,
          command: consentCommand(SHELTER.agencyId),
        },
        {
          actor: LEAD,
          command: {
            type: 'RequestReferral',
            referralId,
            toAgencyId: SHELTER.agencyId,
            services: ['shelter', 'medical'],
            urgency: 'routine',
            reason: 'a safe place',
          },
        },
        { actor: LEAD, command: { type: 'RecordScreening', traffickingStatus: 'actual' } },
        { actor: SHELTER, command: { type: 'AcknowledgeReferral', referralId } },
        {
          actor: SHELTER,
          command: { type: 'DeclineReferral', referralId, reason: 'no-capacity' },
        },
      ],
      1,
    );
    const second = recorded(
      [
        { actor: LEAD, command: open(reclassified, ['domestic-servitude']) },
        {
          actor: LEAD,
          command: { type: 'RecordScreening', traffickingStatus: 'possible', crimeType: 'som' },
        },
      ],
      100,
    );
    // The openings and the referral first, what changes them in later pages.
    await projection().handleBatch([...first.slice(0, 3), second[0]]);
    expect(await disagreements()).toBe(0);
    expect(await count('stat_case_exploitation')).toBe(3);
    expect(await count('stat_referral_services')).toBe(2);
    await projection().handleBatch(first.slice(3));
    await projection().handleBatch(second.slice(1));
    expect(await disagreements()).toBe(0);

    const expected = {
      victims: [
        { exploitationType: 'domestic-servitude', traffickingStatus: 'possible', count: 1 },
        { exploitationType: 'forced-labour', traffickingStatus: 'actual', count: 1 },
        { exploitationType: 'sexual-exploitation', traffickingStatus: 'actual', count: 1 },
      ].map((item) => ({ ...item, suppressed: false })),
      referrals: ['medical', 'shelter'].map((service) => ({
        service,
        issued: 1,
        acknowledged: 1,
        declined: 1,
        // Every code, the absent ones as zeros.
        declinedByReason: {
          ...Object.fromEntries(DECLINE_REASONS.map((reason) => [reason, 0])),
          'no-capacity': 1,
        },
        // The steps are an hour apart: requested third, acknowledged fifth, declined sixth.
        hoursToAcknowledge: { median: 2, p90: 2 },
        hoursToDecision: { median: 3, p90: 3 },
      })),
    };
    expect(await answers()).toEqual(expected);

    // A replay (what a rebuild runs) into emptied tables writes the same rows.
    await sql().query(`TRUNCATE ${STATISTICS_TABLES.join(', ')}`);
    const replay = projection().startReplay();
    await replay.add([...first, ...second]);
    await replay.finish();
    expect(await disagreements()).toBe(0);
    expect(await answers()).toEqual(expected);

    // The migrations fill what they add from the rows there are, one after the other as on an
    // upgrade: 0003 the per-value rows, 0009 the seconds the quantiles are taken over, 0010 the
    // row of each case its total counts (each may run again: every statement of it holds on a
    // database it has run on).
    await sql().query('TRUNCATE stat_case_exploitation, stat_referral_services');
    await sql().query(
      'UPDATE stat_referrals SET seconds_to_acknowledge = NULL, seconds_to_decision = NULL',
    );
    const run = async (id: string) => {
      const migration = STATISTICS_MIGRATIONS.find((m) => m.id === id)!;
      for (const statement of migration.statements) await sql().query(statement);
    };
    await run('statistics/0003-flat-exploitation-and-services');
    expect(await count('stat_case_exploitation')).toBe(3);
    expect(await count('stat_referral_services')).toBe(2);
    // Rows without the row of their case that its total counts yet.
    expect(await disagreements()).toBeGreaterThan(0);
    await run('statistics/0009-quantiles-over-seconds');
    await run('statistics/0010-victims-counted-once-in-the-scan');
    expect(await disagreements()).toBe(0);
    expect(await answers()).toEqual(expected);
  });

  it("counts each victim once in the total by form of exploitation, whatever her case's list holds", async () => {
    const opened = (exploitationTypes: unknown[], position: number) => {
      const [event] = recorded(
        [{ actor: LEAD, command: open(uuidv7(), ['forced-labour']) }],
        position,
      );
      // As an event may hold them: repeated, NULL, none but NULL, none at all.
      (event.data as { exploitationTypes: unknown[] }).exploitationTypes = exploitationTypes;
      return event;
    };
    await sql().query(`TRUNCATE ${STATISTICS_TABLES.join(', ')}`);
    const events = [
      opened(['sexual-exploitation', null, 'forced-labour', 'forced-labour'], 600),
      opened(['forced-labour'], 610),
      opened([null], 620),
      opened([], 630),
    ];
    await projection().handleBatch(events);
    expect(await disagreements()).toBe(0);
    const { rows } = await sql().query<{ type: string; counts_case: boolean }>(
      `SELECT exploitation_type AS type, counts_case FROM stat_case_exploitation
        ORDER BY exploitation_type, counts_case`,
    );
    expect(rows).toEqual([
      { type: 'forced-labour', counts_case: true },
      { type: 'forced-labour', counts_case: true },
      { type: 'sexual-exploitation', counts_case: false },
    ]);
    const answer = await inSnapshot(sql(), (db) =>
      victimStatistics(db, PERIOD, ['exploitationType'], 1),
    );
    expect(answer.total).toBe(4);
    expect(answer.items.map((item) => [item.exploitationType, item.count])).toEqual([
      ['forced-labour', 2],
      ['sexual-exploitation', 1],
    ]);
    // The same from a replay's derivation of every row at its end.
    await sql().query(`TRUNCATE ${STATISTICS_TABLES.join(', ')}`);
    const replay = projection().startReplay();
    await replay.add(events);
    await replay.finish();
    expect(await disagreements()).toBe(0);
    expect(
      (await inSnapshot(sql(), (db) => victimStatistics(db, PERIOD, ['exploitationType'], 1)))
        .total,
    ).toBe(4);
  });

  it('stores codes of any length an event holds: no index holds a code', async () => {
    const caseId = uuidv7();
    const [opened] = recorded([{ actor: LEAD, command: open(caseId, ['forced-labour']) }], 500);
    const huge = 'x'.repeat(1_000_000);
    (opened.data as { exploitationTypes: string[] }).exploitationTypes = [huge, 'forced-labour'];
    await projection().handleBatch([opened]);
    const { rows } = await sql().query<{ n: number }>(
      'SELECT count(*)::int AS n FROM stat_case_exploitation WHERE case_id = $1',
      [caseId],
    );
    expect(rows[0].n).toBe(2);
  });
});
