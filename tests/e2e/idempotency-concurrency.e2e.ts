import { Client } from 'pg';
import type { Response } from 'supertest';
import { registerAgency, startTestApp, TestApp } from '../support/test-app';
import { CAST, consentBody, OPEN_CASE_BODY, referralBody } from '../support/fixtures';
import {
  as,
  Caller,
  caseVersion,
  command,
  expectCommand,
  expectProblem,
  history,
  openCase,
  post,
} from './helpers/api';

/**
 * Retries and races as agencies' systems produce them: the same request sent many times with one
 * Idempotency-Key, and different commands racing on one case with and without If-Match.
 */
describe('idempotency and concurrency', () => {
  let test: TestApp;
  let fia: Caller;
  let police: Caller;
  let auditor: Caller;
  let shelter: Caller;

  beforeAll(async () => {
    test = await startTestApp('idempotency');
    const fiaKeys = await registerAgency(test, CAST.fiaKarachi);
    fia = as(fiaKeys, 'officer');
    auditor = as(fiaKeys, 'auditor');
    police = as(await registerAgency(test, CAST.policeHyderabad));
    shelter = as(await registerAgency(test, CAST.shelterKarachi));
  });

  afterAll(async () => {
    await test?.close();
  });

  const types = async (caseId: string) =>
    (await history(test, auditor, caseId)).map((item) => item.type);
  const replayed = (res: Response) => res.headers['idempotent-replayed'] === 'true';

  /** A case with consent to share with the shelter, ready for a referral. */
  async function caseReadyForReferral(): Promise<string> {
    const caseId = await openCase(test, fia);
    await command(test, fia, `/v1/cases/${caseId}/consents`, consentBody(shelter.agencyId));
    return caseId;
  }

  it('10 identical referrals sent at once with one Idempotency-Key record one referral', async () => {
    const caseId = await caseReadyForReferral();
    const before = await types(caseId);
    const headers = { 'idempotency-key': 'referral-7f3a-shelter' };
    const body = referralBody(shelter.agencyId, {
      urgency: 'emergency',
      services: ['shelter', 'medical'],
    });

    const responses = await Promise.all(
      Array.from({ length: 10 }, () =>
        post(test, fia, `/v1/cases/${caseId}/referrals`, body, { headers }),
      ),
    );

    for (const res of responses)
      expectCommand(res, { status: 201, caseId, version: before.length + 1 });
    expect(new Set(responses.map((res) => res.text)).size).toBe(1);
    expect(responses.filter(replayed)).toHaveLength(9);
    expect(await types(caseId)).toEqual([...before, 'referral.requested.v1']);
    const again = await post(test, fia, `/v1/cases/${caseId}/referrals`, body, { headers });
    expect(replayed(again)).toBe(true);
    expect(again.body.referralId).toBe(responses[0].body.referralId);
  });

  it('a later retry replays the first response, marked Idempotent-Replayed, and records nothing', async () => {
    const caseId = await openCase(test, fia);
    const headers = { 'idempotency-key': 'screening-0001' };
    const first = await post(
      test,
      fia,
      `/v1/cases/${caseId}/screenings`,
      { traffickingStatus: 'possible' },
      { headers },
    );
    expectCommand(first, { status: 201, caseId, version: 3 });
    expect(replayed(first)).toBe(false);
    // Meanwhile the case moves on.
    await command(test, fia, `/v1/cases/${caseId}/consents`, consentBody(shelter.agencyId));

    const retry = await post(
      test,
      fia,
      `/v1/cases/${caseId}/screenings`,
      { traffickingStatus: 'possible' },
      { headers },
    );
    expect(replayed(retry)).toBe(true);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.etag).toBe('"3"');
    expect(await caseVersion(test, fia, caseId)).toBe(4);
  });

  it('the same key with a different body is 422 and records nothing', async () => {
    const caseId = await openCase(test, fia);
    const headers = { 'idempotency-key': 'screening-0002' };
    await post(
      test,
      fia,
      `/v1/cases/${caseId}/screenings`,
      { traffickingStatus: 'possible' },
      { headers },
    );
    const other = await post(
      test,
      fia,
      `/v1/cases/${caseId}/screenings`,
      { traffickingStatus: 'not-a-victim' },
      { headers },
    );
    expectProblem(other, 422, 'Idempotency-Key');
    // Same body on another case is another request too.
    const elsewhere = await openCase(test, fia);
    expectProblem(
      await post(
        test,
        fia,
        `/v1/cases/${elsewhere}/screenings`,
        { traffickingStatus: 'possible' },
        { headers },
      ),
      422,
    );
    expect(await types(caseId)).toEqual([
      'case.opened.v1',
      'case.screened.v1',
      'reflection-period.started.v1',
    ]);
    expect(await caseVersion(test, fia, elsewhere)).toBe(1);
  });

  it('keys belong to an agency: another agency may use the same key', async () => {
    const headers = { 'idempotency-key': 'open-case-shared-key' };
    const byFia = await post(test, fia, '/v1/cases', OPEN_CASE_BODY, { headers });
    const byPolice = await post(test, police, '/v1/cases', OPEN_CASE_BODY, { headers });
    expect(byFia.status).toBe(201);
    expect(byPolice.status).toBe(201);
    expect(replayed(byPolice)).toBe(false);
    expect(byPolice.body.caseId).not.toBe(byFia.body.caseId);
  });

  it('10 identical case openings at once with one key open one case', async () => {
    const headers = { 'idempotency-key': 'airport-2026-11-20-0830' };
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => post(test, fia, '/v1/cases', OPEN_CASE_BODY, { headers })),
    );
    for (const res of responses) expectCommand(res, { status: 201, version: 1 });
    expect(new Set(responses.map((res) => res.body.caseId)).size).toBe(1);
    expect(new Set(responses.map((res) => res.headers.location)).size).toBe(1);
    expect(responses.filter(replayed)).toHaveLength(9);
    await test.projected();
    const listed = (await test.http.get('/v1/cases').set('authorization', `Bearer ${auditor.key}`))
      .body.items;
    expect(
      listed.filter((item: { caseId: string }) => item.caseId === responses[0].body.caseId),
    ).toHaveLength(1);
  });

  it('opens cases under UUID v7 ids, with or without a key', async () => {
    const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    const withKey = await post(test, fia, '/v1/cases', OPEN_CASE_BODY, {
      headers: { 'idempotency-key': 'v7-check' },
    });
    expect(withKey.body.caseId).toMatch(UUID_V7);
    expect(await openCase(test, fia)).toMatch(UUID_V7);
  });

  /** Changes the stored idempotency record of `key` (of the FIA) directly in the database. */
  async function rewriteRecord(key: string, assignments: string): Promise<void> {
    const client = new Client({ connectionString: test.database.url });
    await client.connect();
    try {
      const { rowCount } = await client.query(
        `UPDATE idempotency_records SET ${assignments}
          WHERE agency_id = $1 AND idempotency_key = $2`,
        [fia.agencyId, key],
      );
      expect(rowCount).toBe(1);
    } finally {
      await client.end();
    }
  }

  it('a retry after an attempt that stored the case but never answered names the same case', async () => {
    const headers = { 'idempotency-key': 'crashed-after-append' };
    const first = await post(test, fia, '/v1/cases', OPEN_CASE_BODY, { headers });
    expectCommand(first, { status: 201, version: 1 });
    await diedAfterStoring(headers['idempotency-key']);

    const retry = await post(test, fia, '/v1/cases', OPEN_CASE_BODY, { headers });
    expectCommand(retry, { status: 201, caseId: first.body.caseId, version: 1 });
    expect(retry.headers.location).toBe(first.headers.location);
    expect(await types(first.body.caseId)).toEqual(['case.opened.v1']);
    const again = await post(test, fia, '/v1/cases', OPEN_CASE_BODY, { headers });
    expect(replayed(again)).toBe(true);
    expect(again.body).toEqual(retry.body);
  });

  /** As if the process died after the append: in progress, its owner's heartbeat stopped. */
  const diedAfterStoring = (key: string) =>
    rewriteRecord(
      key,
      `state = 'in-progress', response_status = NULL, response_headers = NULL,
       response_body = NULL, heartbeat_at = now() - interval '1 minute'`,
    );

  it.each([
    [
      'a screening',
      (caseId: string) => [
        `/v1/cases/${caseId}/screenings`,
        { traffickingStatus: 'possible', notes: 'grounds' },
      ],
    ],
    [
      'a consent',
      (caseId: string) => [`/v1/cases/${caseId}/consents`, consentBody(police.agencyId)],
    ],
    ['a closure', (caseId: string) => [`/v1/cases/${caseId}/close`, { reason: 'reintegrated' }]],
  ] as const)(
    'a retry of %s stored but never answered gets the first answer and records nothing',
    async (_, request) => {
      const caseId = await openCase(test, fia);
      const [path, body] = request(caseId) as unknown as [string, object];
      const headers = { 'idempotency-key': `lost-answer-${caseId}` };
      const first = await post(test, fia, path, body, { headers });
      expect([200, 201]).toContain(first.status);
      const stored = await types(caseId);
      await diedAfterStoring(headers['idempotency-key']);

      const retry = await post(test, fia, path, body, { headers });
      expect(retry.status).toBe(first.status);
      expect(retry.body).toEqual(first.body);
      expect(retry.headers.etag).toBe(first.headers.etag);
      expect(await types(caseId)).toEqual(stored);
    },
  );

  it('a retry of a referral stored but never answered names the same referral, once', async () => {
    const caseId = await caseReadyForReferral();
    const headers = { 'idempotency-key': `lost-referral-${caseId}` };
    const first = await post(
      test,
      fia,
      `/v1/cases/${caseId}/referrals`,
      referralBody(shelter.agencyId),
      { headers },
    );
    expectCommand(first, { status: 201, version: 3 });
    await diedAfterStoring(headers['idempotency-key']);
    // Another command lands in between: the retry still finds its own referral.
    await command(test, fia, `/v1/cases/${caseId}/screenings`, { traffickingStatus: 'possible' });

    const retry = await post(
      test,
      fia,
      `/v1/cases/${caseId}/referrals`,
      referralBody(shelter.agencyId),
      { headers },
    );
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    const referrals = (await types(caseId)).filter((type) => type === 'referral.requested.v1');
    expect(referrals).toHaveLength(1);
  });

  it('a retry while the first attempt is still at work waits, then is told to retry later', async () => {
    const caseId = await openCase(test, fia);
    const headers = { 'idempotency-key': `busy-${caseId}` };
    const path = `/v1/cases/${caseId}/screenings`;
    const body = { traffickingStatus: 'possible' };
    const first = await post(test, fia, path, body, { headers });
    await rewriteRecord(
      headers['idempotency-key'],
      `state = 'in-progress', response_status = NULL`,
    );
    // The owner is alive: its heartbeat goes on.
    const beating = setInterval(
      () =>
        void rewriteRecord(headers['idempotency-key'], 'heartbeat_at = now()').catch(
          () => undefined,
        ),
      500,
    );
    try {
      const retry = await post(test, fia, path, body, { headers });
      expectProblem(retry, 409);
      expect(retry.headers['retry-after']).toBe('1');
      expect(retry.body.retryable).toBe(true);
    } finally {
      clearInterval(beating);
    }
    expect(first.status).toBe(201);
  });

  it('a key used again after it expired opens a new case', async () => {
    const headers = { 'idempotency-key': 'expires-in-24h' };
    const first = await post(test, fia, '/v1/cases', OPEN_CASE_BODY, { headers });
    expectCommand(first, { status: 201, version: 1 });
    await rewriteRecord(headers['idempotency-key'], `created_at = now() - interval '25 hours'`);

    const body = { ...OPEN_CASE_BODY, location: { province: 'sindh', district: 'Karachi' } };
    const later = await post(test, fia, '/v1/cases', body, { headers });
    expectCommand(later, { status: 201, version: 1 });
    expect(replayed(later)).toBe(false);
    expect(later.body.caseId).not.toBe(first.body.caseId);
    expect(await types(first.body.caseId)).toEqual(['case.opened.v1']);
  });

  it('a refusal is replayed too, marked Idempotent-Replayed', async () => {
    const caseId = await openCase(test, fia);
    const headers = { 'idempotency-key': 'referral-without-consent' };
    const send = () =>
      post(test, fia, `/v1/cases/${caseId}/referrals`, referralBody(shelter.agencyId), {
        headers,
      });
    const first = await send();
    expectProblem(first, 422);
    expect(replayed(first)).toBe(false);
    const again = await send();
    expectProblem(again, 422);
    expect(replayed(again)).toBe(true);
    expect(again.body).toEqual(first.body);
  });

  it('If-Match with the current version succeeds and the ETag advances; a stale one is 412', async () => {
    const caseId = await openCase(test, fia);
    const first = await post(
      test,
      fia,
      `/v1/cases/${caseId}/screenings`,
      { traffickingStatus: 'possible' },
      { headers: { 'if-match': '"1"' } },
    );
    expectCommand(first, { status: 201, caseId, version: 3 });
    const second = await post(
      test,
      fia,
      `/v1/cases/${caseId}/consents`,
      consentBody(shelter.agencyId),
      {
        headers: { 'if-match': first.headers.etag },
      },
    );
    expectCommand(second, { status: 201, caseId, version: 4 });
    const stale = await post(
      test,
      fia,
      `/v1/cases/${caseId}/consents`,
      consentBody(shelter.agencyId),
      {
        headers: { 'if-match': first.headers.etag },
      },
    );
    expectProblem(stale, 412);
    expect(stale.body.currentVersion).toBe(4);
    expect(await caseVersion(test, fia, caseId)).toBe(4);
  });

  it('racing writers with the same If-Match: exactly one wins, the others get 412', async () => {
    const caseId = await openCase(test, fia);
    const responses = await Promise.all(
      Array.from({ length: 6 }, () =>
        post(test, fia, `/v1/cases/${caseId}/consents`, consentBody(shelter.agencyId), {
          headers: { 'if-match': '"1"' },
        }),
      ),
    );
    expect(responses.map((res) => res.status).sort()).toEqual([201, 412, 412, 412, 412, 412]);
    responses.filter((res) => res.status === 412).forEach((res) => expectProblem(res, 412));
    expect(await caseVersion(test, fia, caseId)).toBe(2);
  });

  /** Sends `count` different consents at once, without If-Match; returns the responses. */
  async function raceConsents(caseId: string, count: number): Promise<Response[]> {
    return Promise.all(
      Array.from({ length: count }, (_, i) =>
        post(test, fia, `/v1/cases/${caseId}/consents`, {
          ...consentBody(shelter.agencyId),
          decision: i % 2 === 0 ? 'given' : 'refused',
        }),
      ),
    );
  }

  /** Every racer recorded its own event, versions 2..count+1 without gaps, chain linked. */
  async function expectAllRecorded(caseId: string, responses: Response[]) {
    const failed = responses.filter((res) => res.status !== 201);
    expect(failed.map((res) => `${res.status} ${res.body.detail}`)).toEqual([]);
    for (const res of responses) expect(res.headers.etag).toBe(`"${res.body.version}"`);
    const versions = responses.map((res) => res.body.version as number).sort((a, b) => a - b);
    expect(versions).toEqual(Array.from({ length: responses.length }, (_, i) => i + 2));
    const items = await history(test, auditor, caseId);
    expect(items).toHaveLength(responses.length + 1);
    expect(new Set(items.slice(1).map((item) => item.data.consentId))).toEqual(
      new Set(responses.map((res) => res.body.consentId)),
    );
    items.forEach((item, i) => i > 0 && expect(item.prevHash).toBe(items[i - 1].hash));
  }

  it('concurrent commands without If-Match all succeed, with contiguous versions', async () => {
    const caseId = await openCase(test, fia);
    await expectAllRecorded(caseId, await raceConsents(caseId, 10));
  });

  // More writers than retries would settle by re-running alone: they are queued per case.
  it('30 concurrent commands without If-Match all succeed', async () => {
    const caseId = await openCase(test, fia);
    await expectAllRecorded(caseId, await raceConsents(caseId, 30));
  });
});
