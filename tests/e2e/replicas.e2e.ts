import { Client } from 'pg';
import { registerAgency, startReplica, startTestApp, TestApp } from '../support/test-app';
import { CAST, consentBody, referralBody } from '../support/fixtures';
import {
  as,
  call,
  Caller,
  caseVersion,
  command,
  consentAndRefer,
  expectCommand,
  expectProblem,
  get,
  getCase,
  history,
  openCase,
  post,
} from './helpers/api';

const screening = (traffickingStatus: string) => ({
  traffickingStatus,
  indicators: ['documents-withheld'],
});

/**
 * Two replicas of the API on one database. Each keeps the state it last saw of a case and may
 * decide a command on it; these tests change the case through one replica and then command it
 * through the other, whose kept state is behind, and expect exactly what a single replica gives.
 */
describe('replicas sharing one database', () => {
  let a: TestApp;
  let b: TestApp;
  let lead: Caller;
  let shelter: Caller;
  let swd: Caller;

  beforeAll(async () => {
    a = await startTestApp('replicas');
    b = await startReplica(a);
    lead = as(await registerAgency(a, CAST.fiaLahore), 'officer');
    shelter = as(await registerAgency(a, CAST.darUlAmanMultan), 'officer');
    swd = as(await registerAgency(a, CAST.swdPunjab), 'officer');
  });

  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  /** A case opened and screened through `a`, which keeps the state it decided on. */
  async function caseSeenByA(): Promise<string> {
    const caseId = await openCase(a, lead);
    await command(a, lead, `/v1/cases/${caseId}/screenings`, screening('possible'));
    return caseId;
  }

  it('a command through a replica that is behind lands after the other replica’s events', async () => {
    const caseId = await caseSeenByA();
    const seen = await caseVersion(a, lead, caseId);
    await command(b, lead, `/v1/cases/${caseId}/screenings`, screening('actual'));

    const res = await post(a, lead, `/v1/cases/${caseId}/consents`, consentBody(shelter.agencyId));
    expectCommand(res, { status: 201, caseId, version: seen + 2 });
    const types = (await history(a, lead, caseId)).slice(-2).map((item) => item.type);
    expect(types).toEqual(['case.screened.v1', 'consent.recorded.v1']);
    expect((await getCase(a, lead, caseId)).traffickingStatus).toBe('actual');
  });

  it('an agency a referral through the other replica made visible may act at once', async () => {
    const caseId = await caseSeenByA();
    const referralId = await consentAndRefer(b, lead, caseId, shelter.agencyId);

    // `a` last saw the case before the referral: the shelter could not see it then.
    const res = await post(a, shelter, `/v1/cases/${caseId}/referrals/${referralId}/acknowledge`);
    expectCommand(res, { status: 200, caseId, version: await caseVersion(b, lead, caseId) });
    const referral = (await getCase(b, lead, caseId)).referrals[0];
    expect(referral).toEqual(expect.objectContaining({ referralId, status: 'acknowledged' }));
  });

  it('If-Match with the version the other replica wrote is current, not stale', async () => {
    const caseId = await caseSeenByA();
    const written = await command(b, lead, `/v1/cases/${caseId}/screenings`, screening('actual'));

    const res = await post(a, lead, `/v1/cases/${caseId}/screenings`, screening('actual'), {
      headers: { 'if-match': `"${written.version}"` },
    });
    expectCommand(res, { status: 201, caseId, version: written.version + 1 });

    const stale = await post(b, lead, `/v1/cases/${caseId}/screenings`, screening('actual'), {
      headers: { 'if-match': `"${written.version}"` },
    });
    expectProblem(stale, 412);
    expect(stale.body.currentVersion).toBe(written.version + 1);
  });

  it('a former lead is refused on every replica once the transfer is accepted on one', async () => {
    const caseId = await caseSeenByA();
    const transfer = await command(a, lead, `/v1/cases/${caseId}/transfers`, {
      toAgencyId: swd.agencyId,
      reason: 'Victim moved to Multan',
    });
    await command(b, swd, `/v1/cases/${caseId}/transfers/${transfer.transferId}/accept`);

    const version = await caseVersion(b, swd, caseId);

    // `a` last saw the FIA as lead; the store says otherwise, and the FIA no longer sees the case.
    expectProblem(await post(a, lead, `/v1/cases/${caseId}/screenings`, screening('actual')), 404);
    expectCommand(await post(a, swd, `/v1/cases/${caseId}/screenings`, screening('actual')), {
      status: 201,
      caseId,
      version: version + 1,
    });
  });

  it('If-Match from a former lead, on a replica that is behind, is 404 like anywhere else', async () => {
    const caseId = await caseSeenByA();
    const seen = await caseVersion(a, lead, caseId);
    const transfer = await command(b, lead, `/v1/cases/${caseId}/transfers`, {
      toAgencyId: swd.agencyId,
      reason: 'Victim moved to Multan',
    });
    await command(b, swd, `/v1/cases/${caseId}/transfers/${transfer.transferId}/accept`);

    const res = await post(a, lead, `/v1/cases/${caseId}/screenings`, screening('actual'), {
      headers: { 'if-match': `"${seen}"` },
    });
    expectProblem(res, 404);
    expect(res.body.currentVersion).toBeUndefined();
  });

  it('a refusal decided on a state that is behind is checked against the store', async () => {
    const caseId = await caseSeenByA();
    // Consent given through `b`: `a` still sees a case without it, where a referral is refused.
    const consented = await command(
      b,
      lead,
      `/v1/cases/${caseId}/consents`,
      consentBody(shelter.agencyId),
    );
    const res = await post(
      a,
      lead,
      `/v1/cases/${caseId}/referrals`,
      referralBody(shelter.agencyId),
    );
    expectCommand(res, { status: 201, caseId, version: consented.version + 1 });
    expect(res.body.referralId).toEqual(expect.any(String));
  });

  it('concurrent commands on one case through both replicas all land, one after another', async () => {
    const caseId = await caseSeenByA();
    await getCase(b, lead, caseId);
    const before = await caseVersion(a, lead, caseId);
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        post(i % 2 ? a : b, lead, `/v1/cases/${caseId}/screenings`, screening('actual')),
      ),
    );
    expect(results.map((res) => res.status)).toEqual(Array(10).fill(201));
    expect(results.map((res) => res.body.version).sort((x, y) => x - y)).toEqual(
      Array.from({ length: 10 }, (_, i) => before + i + 1),
    );
    expect(await caseVersion(a, lead, caseId)).toBe(before + 10);
    expect(await caseVersion(b, lead, caseId)).toBe(before + 10);
  });

  /** A new officer key that both replicas have authenticated (and keep). */
  async function keySeenByBoth(label: string): Promise<{ key: string; keyId: string }> {
    const issued = await post(a, a.adminKey, '/v1/admin/api-keys', {
      agencyId: lead.agencyId,
      role: 'officer',
      label,
    });
    const key = issued.body.apiKey as string;
    for (const app of [a, b]) expect((await get(app, key, '/v1/agencies')).status).toBe(200);
    return { key, keyId: issued.body.keyId as string };
  }

  it('a key revoked through one replica is refused by the other at once', async () => {
    const { key, keyId } = await keySeenByBoth('to be revoked');

    const revoked = await call(a, a.adminKey, 'delete', `/v1/admin/api-keys/${keyId}`);
    expect(revoked.status).toBeLessThan(300);
    expectProblem(await get(b, key, '/v1/agencies'), 401);
    expectProblem(await get(a, key, '/v1/agencies'), 401);
  });

  /** A statement run by hand in the database, outside the API (an operator's). */
  async function byHand(statement: string, params: unknown[] = []): Promise<void> {
    const db = new Client({ connectionString: a.database.url });
    await db.connect();
    try {
      await db.query(statement, params);
    } finally {
      await db.end();
    }
  }

  /** The change reaches the replicas as a notification sent at commit: allow it to travel. */
  async function expectRefusedByEveryReplica(key: string): Promise<void> {
    for (const app of [a, b]) {
      const deadline = Date.now() + 2_000;
      let status = 200;
      while (status === 200 && Date.now() < deadline) {
        status = (await get(app, key, '/v1/agencies')).status;
        if (status === 200) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(status).toBe(401);
    }
  }

  it('a key revoked by hand in the database is refused by every replica', async () => {
    const { key, keyId } = await keySeenByBoth('revoked in SQL');

    await byHand('UPDATE api_keys SET revoked_at = now() WHERE key_id = $1', [keyId]);
    await expectRefusedByEveryReplica(key);
  });

  // Last: it empties the key table.
  it('keys are refused by every replica once the key table is emptied', async () => {
    const { key } = await keySeenByBoth('truncated');
    await byHand('TRUNCATE api_keys');
    await expectRefusedByEveryReplica(key);
  });
});
