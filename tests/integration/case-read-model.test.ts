import { v7 as uuidv7 } from 'uuid';
import { CRYPTO_MIGRATIONS } from '@app/crypto';
import { migrate, PgSqlClient } from '@app/database';
import { CaseEvent, decide, evolve } from '@app/domain';
import { EVENT_STORE_MIGRATIONS, RecordedEvent, SqlEventStore } from '@app/event-store';
import {
  CaseReadModelProjection,
  CaseSummariesReadModel,
  PROJECTIONS_MIGRATIONS,
  ReferralInboxReadModel,
} from '@app/projections';
import { createTestDatabase, TestDatabase } from '../support/test-database';

/** The read models stay right when the subscription redelivers events (at-least-once). */
describe('case read model projection', () => {
  let database: TestDatabase;
  let sql: PgSqlClient;
  let store: SqlEventStore;
  let projection: CaseReadModelProjection;

  beforeAll(async () => {
    database = await createTestDatabase('read_model');
    sql = new PgSqlClient({ connectionString: database.url, max: 5 });
    await migrate(sql, [
      ...EVENT_STORE_MIGRATIONS,
      ...CRYPTO_MIGRATIONS,
      ...PROJECTIONS_MIGRATIONS,
    ]);
    store = new SqlEventStore(sql);
    projection = new CaseReadModelProjection(
      sql,
      new CaseSummariesReadModel(sql),
      new ReferralInboxReadModel(sql),
    );
  });

  afterAll(async () => {
    await store?.close();
    await sql?.close();
    await database?.drop();
  });

  async function recordCase(): Promise<{ caseId: string; events: RecordedEvent[] }> {
    const caseId = uuidv7();
    const lead = { agencyId: 'fia-lahore', officerId: 'o-1', role: 'officer' as const };
    const ctx = (actor = lead) => ({
      actor,
      now: new Date().toISOString(),
      reflectionPeriodDays: 30,
    });
    const commands = [
      {
        type: 'OpenCase' as const,
        caseId,
        identifiedAt: '2026-11-20T08:30:00.000Z',
        identificationSource: 'raid' as const,
        location: { province: 'punjab' as const, district: 'Lahore' },
        crimeType: 'tip' as const,
        victim: {
          sex: 'female' as const,
          ageGroup: 'child' as const,
          citizenship: 'PK',
          personal: null,
        },
        exploitationTypes: ['domestic-servitude' as const],
        indicators: [],
      },
      {
        type: 'RecordConsent' as const,
        consentId: uuidv7(),
        decision: 'given' as const,
        scope: 'share-with-agency' as const,
        agencyId: 'shelter-lahore',
        givenBy: 'guardian' as const,
        method: 'written' as const,
      },
      {
        type: 'RequestReferral' as const,
        referralId: uuidv7(),
        toAgencyId: 'shelter-lahore',
        services: ['shelter' as const],
        urgency: 'emergency' as const,
        reason: 'safe place',
      },
    ];
    let state = null;
    const all: CaseEvent[] = [];
    for (const command of commands) {
      const events = decide(state, command, ctx());
      for (const event of events) state = evolve(state, event);
      all.push(...events);
    }
    await store.append(
      `case-${caseId}`,
      all.map((e) => ({ eventId: uuidv7(), type: e.type, data: e.data })),
      { expectedVersion: 'no-stream' },
    );
    const events: RecordedEvent[] = [];
    for await (const e of store.readStream(`case-${caseId}`)) events.push(e);
    return { caseId, events };
  }

  const snapshot = async (caseId: string) => ({
    summary: (
      await sql.query(
        'SELECT version, status, lead_agency_id, visible_to FROM case_summaries WHERE case_id = $1',
        [caseId],
      )
    ).rows,
    inbox: (
      await sql.query('SELECT to_agency_id, status FROM referral_inbox WHERE case_id = $1', [
        caseId,
      ])
    ).rows,
  });

  it('gives the same rows whether events are delivered once or redelivered', async () => {
    const { caseId, events } = await recordCase();
    for (const event of events) await projection.handle(event);
    const once = await snapshot(caseId);
    for (const event of [...events, ...events.slice(1)]) await projection.handle(event);
    expect(await snapshot(caseId)).toEqual(once);
    expect(once.summary).toEqual([
      {
        version: 3,
        status: 'open',
        lead_agency_id: 'fia-lahore',
        visible_to: ['fia-lahore', 'shelter-lahore'],
      },
    ]);
    expect(once.inbox).toEqual([{ to_agency_id: 'shelter-lahore', status: 'requested' }]);
  });

  it('applies a page holding several cases and repeated events in one go', async () => {
    const a = await recordCase();
    const b = await recordCase();
    await projection.handleBatch([...a.events, ...b.events, ...a.events]);
    for (const { caseId } of [a, b]) {
      expect((await snapshot(caseId)).summary).toEqual([
        expect.objectContaining({ version: 3, visible_to: ['fia-lahore', 'shelter-lahore'] }),
      ]);
    }
  });

  it('ignores streams that are not cases', async () => {
    await store.append(
      'bench-stream',
      [{ eventId: uuidv7(), type: 'bench.happened.v1', data: {} }],
      {
        expectedVersion: 'no-stream',
      },
    );
    for await (const event of store.readStream('bench-stream')) await projection.handle(event);
    const { rows } = await sql.query('SELECT count(*)::int AS n FROM case_summaries');
    expect(rows[0]).toEqual({ n: 3 });
  });
});
