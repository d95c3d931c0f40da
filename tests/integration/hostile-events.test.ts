import { randomBytes } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { CRYPTO_MIGRATIONS } from '@app/crypto';
import { migrate, SqlClient } from '@app/database';
import { CaseCommand, CaseEvent, CaseState, decide, evolve } from '@app/domain';
import {
  CheckpointStore,
  EVENT_STORE_MIGRATIONS,
  formatPosition,
  GlobalPosition,
  RecordedEvent,
  START_POSITION,
  SqlEventStore,
  Subscription,
} from '@app/event-store';
import {
  CaseReadModelProjection,
  CaseSummariesReadModel,
  PROJECTIONS_MIGRATIONS,
  ReferralInboxReadModel,
} from '@app/projections';
import { eventually } from '../support/async';
import { SQL_BACKENDS, SqlBackend } from '../support/sql-backends';

/**
 * Whatever the event store accepts, the read models can store: events appended straight to the
 * store (not through the API or the domain) holding NUL, lone surrogates, control characters,
 * huge and deeply nested values, values of the wrong type and times that are not times are all
 * projected. An event no projection can fold stalls the subscription visibly: retried with
 * back-off, logged once with its position and never its data, shown with the checkpoint.
 */
const HOSTILE = '\u0000\ud800x\udc00\udbff\u0007\u001b[2J\u0085\u202e';
const MARKER = 'Zarmeena';

function hostile(value: unknown): unknown {
  if (typeof value === 'string') return `${MARKER}${value}${HOSTILE}`;
  if (Array.isArray(value)) return value.map(hostile);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, hostile(v)]));
  }
  return value;
}

/** A case with every kind of event that holds text, as the domain would decide it. */
function caseEvents(caseId: string): CaseEvent[] {
  const lead = { agencyId: 'fia-lahore', officerId: 'o-1', role: 'officer' as const };
  const shelter = { agencyId: 'shelter-lahore', officerId: 's-1', role: 'officer' as const };
  const referralId = uuidv7();
  const transferId = uuidv7();
  const steps: Array<[CaseCommand, typeof lead]> = [
    [
      {
        type: 'OpenCase',
        caseId,
        identifiedAt: '2026-11-20T08:30:00.000Z',
        identificationSource: 'raid',
        location: { province: 'punjab', district: 'Lahore' },
        crimeType: 'tip',
        victim: { sex: 'female', ageGroup: 'child', citizenship: 'PK', personal: null },
        exploitationTypes: ['domestic-servitude'],
        indicators: ['documents-withheld'],
      },
      lead,
    ],
    [
      {
        type: 'RecordScreening',
        traffickingStatus: 'possible',
        notes: 'reasonable grounds',
        indicators: ['debt-bondage'],
      },
      lead,
    ],
    [
      {
        type: 'RecordConsent',
        consentId: uuidv7(),
        decision: 'given',
        scope: 'share-with-agency',
        agencyId: 'shelter-lahore',
        givenBy: 'guardian',
        method: 'written',
      },
      lead,
    ],
    [
      {
        type: 'RequestReferral',
        referralId,
        toAgencyId: 'shelter-lahore',
        services: ['shelter'],
        urgency: 'emergency',
        reason: 'safe place',
      },
      lead,
    ],
    [{ type: 'AcknowledgeReferral', referralId }, shelter],
    [{ type: 'AcceptReferral', referralId, note: 'bed free' }, shelter],
    [
      {
        type: 'RecordAssistanceDecision',
        decisionId: uuidv7(),
        service: 'shelter',
        decision: 'granted',
        rationale: 'at risk',
      },
      shelter,
    ],
    [{ type: 'RequestTransfer', transferId, toAgencyId: 'shelter-lahore', reason: 'moved' }, lead],
    [{ type: 'DeclineTransfer', transferId, reason: 'not ours' }, shelter],
    [{ type: 'CloseCase', reason: 'other' }, lead],
    [{ type: 'ReopenCase', reason: 'came back' }, lead],
  ];
  let state: CaseState | null = null;
  const events: CaseEvent[] = [];
  for (const [command, actor] of steps) {
    const decided = decide(state, command, {
      actor,
      now: new Date().toISOString(),
      reflectionPeriodDays: 30,
    });
    for (const event of decided) state = evolve(state, event);
    events.push(...decided);
  }
  return events;
}

describe.each(SQL_BACKENDS)('hostile events in the log, on %s', (backendName, open) => {
  let backend: SqlBackend;
  let sql: SqlClient;
  let store: SqlEventStore;
  let projection: CaseReadModelProjection;
  let subscriptions: Subscription[] = [];
  let errors: jest.SpyInstance;
  let logs: jest.SpyInstance;

  beforeAll(async () => {
    backend = await open('hostile_events');
    sql = backend.sql;
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

  beforeEach(() => {
    errors = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    logs = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
  });

  afterEach(async () => {
    await Promise.all(subscriptions.map((s) => s.stop()));
    subscriptions = [];
    jest.restoreAllMocks();
  });

  afterAll(async () => {
    await store?.close();
    await backend?.close();
  });

  async function append(streamId: string, events: Array<{ type: string; data: unknown }>) {
    await store.append(
      streamId,
      events.map((e) => ({ eventId: uuidv7(), type: e.type, data: e.data })),
      { expectedVersion: 'any' },
    );
  }

  /** From `from` on, so that what earlier tests left in the log (a stuck event) is not met. */
  async function subscribe(
    name: string,
    from: GlobalPosition,
    handler = projection,
  ): Promise<Subscription> {
    const subscription = await store.subscribe(name, handler, { pollIntervalMs: 20, from });
    subscriptions.push(subscription);
    return subscription;
  }

  async function summary(caseId: string) {
    const { rows } = await sql.query<Record<string, unknown>>(
      'SELECT version, district, province, identified_at, state FROM case_summaries WHERE case_id = $1',
      [caseId],
    );
    return rows[0];
  }

  async function inboxOf(caseId: string) {
    const { rows } = await sql.query(
      'SELECT status, to_agency_id, requested_at FROM referral_inbox WHERE case_id = $1',
      [caseId],
    );
    return rows;
  }

  it('projects every event, whatever text and values it holds', async () => {
    const start = (await store.headPosition()) ?? START_POSITION;
    const hostileCase = uuidv7();
    await append(
      `case-${hostileCase}`,
      caseEvents(hostileCase).map((e) => ({ type: e.type, data: hostile(e.data) })),
    );
    const oddValues = uuidv7();
    const [opened, ...rest] = caseEvents(oddValues);
    await append(`case-${oddValues}`, [
      {
        type: opened.type,
        data: {
          ...opened.data,
          caseId: 'not a uuid',
          identifiedAt: 'yesterday',
          openedAt: 12,
          location: { province: 7, district: 'x'.repeat(1_000_000) },
          extra: JSON.parse(`${'['.repeat(200)}"\\u0000"${']'.repeat(200)}`),
          ['\u0000key\ud800']: { '\u0000': null },
        },
      },
      ...rest.map((e) => ({ type: e.type, data: { ...(e.data as object), unknown: [HOSTILE] } })),
    ]);

    // A stream named like a case that is not one.
    await append(`case-${'-'.repeat(36)}`, caseEvents(uuidv7()).slice(0, 1));
    // Agency ids longer than an index entry may be; referral ids repeated, within a case and
    // across cases; times that parse in JavaScript but are not PostgreSQL timestamps.
    const longIds = uuidv7();
    const longAgency = randomBytes(3_000).toString('hex');
    const ofType = (events: CaseEvent[], type: string) => events.find((e) => e.type === type)!;
    const longEvents = caseEvents(longIds);
    const [longOpened, longReferral] = [
      ofType(longEvents, 'case.opened.v1'),
      ofType(longEvents, 'referral.requested.v1'),
    ];
    await append(`case-${longIds}`, [
      { type: longOpened.type, data: { ...longOpened.data, leadAgencyId: longAgency } },
      ...[1, 2].map(() => ({
        type: longReferral.type,
        data: { ...longReferral.data, toAgencyId: longAgency, requestedAt: '2024-02-30T00:00Z' },
      })),
    ]);
    const otherCase = uuidv7();
    const otherEvents = caseEvents(otherCase);
    const [otherOpened, otherReferral] = [
      ofType(otherEvents, 'case.opened.v1'),
      ofType(otherEvents, 'referral.requested.v1'),
    ];
    await append(`case-${otherCase}`, [
      { type: otherOpened.type, data: { ...otherOpened.data, identifiedAt: '0000-01-01T00:00Z' } },
      {
        type: otherReferral.type,
        data: {
          ...otherReferral.data,
          referralId: (longReferral.data as { referralId: string }).referralId,
          acknowledgeBy: '2026-01-01T24:00Z',
        },
      },
    ]);

    const subscription = await subscribe('hostile.projects', start);
    await subscription.caughtUp(15_000);
    expect(subscription.stalled).toBeNull();
    expect(await summary(longIds)).toMatchObject({ version: 3 });
    expect(await summary(otherCase)).toMatchObject({ version: 2, identified_at: null });
    expect(await inboxOf(longIds)).toEqual([
      { status: 'requested', to_agency_id: expect.stringMatching(/^#sha256:/), requested_at: null },
    ]);
    // The referral id is the first case's: the second case does not take its row over.
    expect(await inboxOf(otherCase)).toEqual([]);

    const stored = await summary(hostileCase);
    expect(stored.version).toBe(caseEvents(hostileCase).length);
    expect(stored.district).toBe(
      `${MARKER}Lahore\uFFFD\uFFFDx\uFFFD\uFFFD\u0007\u001b[2J\u0085\u202e`,
    );
    expect(stored.identified_at).toBeNull();
    // Its referral's id is not a UUID: no inbox row can be keyed by it, and none is written.
    expect(await inboxOf(hostileCase)).toEqual([]);

    const odd = await summary(oddValues);
    expect(odd.version).toBe(caseEvents(oddValues).length);
    expect(odd.province).toBe('7');
    expect((odd.district as string).length).toBe(1_000_000);
    expect(await inboxOf(oddValues)).toEqual([
      { status: 'accepted', to_agency_id: 'shelter-lahore', requested_at: expect.any(Date) },
    ]);
    expect(errors).not.toHaveBeenCalled();
  });

  it('writes the same rows when a replay (a rebuild) folds the same events in bulk', async () => {
    const start = (await store.headPosition()) ?? START_POSITION;
    // What COPY's text format reads as structure, beside what PostgreSQL cannot hold.
    const copySpecial = (value: unknown): unknown =>
      typeof value === 'string' ? hostile(`${value}\t|\n|\r|\\|\\N|\\.|"{a,b}"|NULL`) : value;
    const special = (value: unknown): unknown =>
      Array.isArray(value)
        ? value.map(special)
        : value && typeof value === 'object'
          ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, special(v)]))
          : copySpecial(value);
    const cases = [uuidv7(), uuidv7(), uuidv7()];
    for (const [i, caseId] of cases.entries()) {
      const events = caseEvents(caseId);
      await append(
        `case-${caseId}`,
        // The first case's text all awkward; the others keep their ids, so inbox rows exist.
        events.map((e) => ({
          type: e.type,
          data:
            i === 0
              ? special(e.data)
              : { ...(e.data as object), reason: copySpecial('why'), note: copySpecial('n') },
        })),
      );
    }
    const subscription = await subscribe('hostile.replayed', start);
    await subscription.caughtUp(15_000);
    expect(subscription.stalled).toBeNull();

    const rowsOf = async () => ({
      summaries: (
        await sql.query(
          `SELECT case_id::text, version, status, lead_agency_id, crime_type, trafficking_status,
                  province, district, identification_source, identified_at, opened_at, closed_at,
                  updated_at, personal_data_erased, visible_to, state::text
             FROM case_summaries WHERE case_id = ANY($1::uuid[]) ORDER BY case_id`,
          [cases],
        )
      ).rows,
      inbox: (
        await sql.query(
          `SELECT referral_id::text, case_id::text, from_agency_id, to_agency_id, services::text,
                  urgency, status, overdue_recorded, requested_at, acknowledge_by,
                  acknowledged_at, decided_at, completed_at, outcome
             FROM referral_inbox WHERE case_id = ANY($1::uuid[]) ORDER BY referral_id`,
          [cases],
        )
      ).rows,
    });
    const live = await rowsOf();
    expect(live.summaries).toHaveLength(3);
    expect(live.inbox).toHaveLength(2);
    expect(live.summaries[0].district).toContain('\t|\n|\r|\\|\\N');

    await sql.query('DELETE FROM case_summaries WHERE case_id = ANY($1::uuid[])', [cases]);
    await sql.query('DELETE FROM referral_inbox WHERE case_id = ANY($1::uuid[])', [cases]);
    // Written by COPY where the database can (a server), as the JSON parameter elsewhere: which
    // one the replay took is watched, so that this cannot pass by never copying.
    const copies: string[] = [];
    const watched = Object.create(sql) as SqlClient;
    watched.transaction = (work, options) =>
      sql.transaction((tx) => {
        const copyFrom = tx.copyFrom;
        if (!copyFrom) return work(tx);
        return work({
          query: tx.query.bind(tx),
          copyFrom: (statement, data) => {
            copies.push(statement);
            return copyFrom(statement, data);
          },
        });
      }, options);
    const replay = new CaseReadModelProjection(
      watched,
      new CaseSummariesReadModel(watched),
      new ReferralInboxReadModel(watched),
    ).startReplay();
    for (let from = start; ;) {
      const page = await store.readAll(from, 5);
      if (page.length === 0) break;
      await replay.add(page);
      from = page[page.length - 1].position;
    }
    await replay.finish();
    expect(await rowsOf()).toEqual(live);
    expect(copies.map((statement) => /^COPY (staged_[a-z_]+)_\d+ /.exec(statement)?.[1])).toEqual(
      backendName === 'PostgreSQL' ? ['staged_case_summaries', 'staged_referral_inbox'] : [],
    );
  });

  it('stalls visibly on an event no projection can fold: once in the log, never its data', async () => {
    const start = (await store.headPosition()) ?? START_POSITION;
    const before = uuidv7();
    const after = uuidv7();
    const stuck = uuidv7();
    await append(`case-${before}`, caseEvents(before).slice(0, 1));
    await append(`case-${stuck}`, [
      ...caseEvents(stuck).slice(0, 1),
      { type: 'case.mystery.v1', data: { notes: `${MARKER} Bibi, 35202-1234567-1` } },
    ]);
    await append(`case-${after}`, caseEvents(after).slice(0, 1));
    const poison: RecordedEvent[] = [];
    for await (const e of store.readStream(`case-${stuck}`, { fromVersion: 2 })) poison.push(e);

    const subscription = await subscribe('hostile.stalls', start);
    await eventually(() => (subscription.stalled?.attempts ?? 0) >= 3);

    // The events before it were handled; it and everything after wait.
    expect(await summary(before)).toBeDefined();
    expect(await summary(stuck)).toMatchObject({ version: 1 });
    expect(await summary(after)).toBeUndefined();
    expect(subscription.stalled).toMatchObject({
      position: poison[0].position,
      eventType: 'case.mystery.v1',
      error: 'UnknownEventTypeError (unknown-event-type)',
    });
    const states = await new CheckpointStore(sql).states();
    expect(states.find((s) => s.name === 'hostile.stalls')?.stalled).toMatchObject({
      position: formatPosition(poison[0].position),
      eventType: 'case.mystery.v1',
      error: 'UnknownEventTypeError (unknown-event-type)',
    });

    const lines = errors.mock.calls.map((call) => String(call[0]));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(formatPosition(poison[0].position));
    expect(lines[0]).toContain(`case-${stuck} version 2, case.mystery.v1`);
    expect(lines[0]).not.toContain(MARKER);
    expect(lines[0]).not.toContain('35202');
  });

  it('retries a failing handler with back-off and clears the stall once it succeeds', async () => {
    const start = (await store.headPosition()) ?? START_POSITION;
    const caseId = uuidv7();
    await append(`case-${caseId}`, caseEvents(caseId).slice(0, 2));
    let failures = 0;
    const flaky = Object.create(projection) as CaseReadModelProjection;
    flaky.handleBatch = async (events) => {
      if (failures < 3) {
        failures++;
        throw Object.assign(new Error(`${MARKER} could not connect`), { code: 'ECONNREFUSED' });
      }
      return projection.handleBatch(events);
    };

    const subscription = await subscribe('hostile.recovers', start, flaky);
    await subscription.caughtUp(15_000);

    expect(failures).toBe(3);
    expect(subscription.stalled).toBeNull();
    expect(await summary(caseId)).toMatchObject({ version: 2 });
    expect(errors).toHaveBeenCalledTimes(1);
    expect(String(errors.mock.calls[0][0])).toContain('Error (ECONNREFUSED)');
    expect(String(errors.mock.calls[0][0])).not.toContain(MARKER);
    expect(logs.mock.calls.map((c) => String(c[0]))).toContainEqual(
      expect.stringMatching(/^handled the event at position \S+ after \d+ failed attempts$/),
    );
    const states = await new CheckpointStore(sql).states();
    expect(states.find((s) => s.name === 'hostile.recovers')?.stalled).toBeNull();
  });
});
