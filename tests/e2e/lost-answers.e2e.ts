import { PgProxy, startPgProxy } from '../support/pg-proxy';
import { registerAgency, startTestApp, TestApp } from '../support/test-app';
import { CAST, consentBody, OPEN_CASE_BODY, referralBody } from '../support/fixtures';
import { as, Caller, command, history, openCase, post } from './helpers/api';

/**
 * The database commits a command and goes away before answering (a proxy cuts the connection
 * after the commit and refuses new ones): the command is answered 503, as nothing can tell
 * whether it was stored. Its retry with the same Idempotency-Key, once the database is back, gets
 * the first attempt's success (the same ids) and stores nothing more.
 */
describe('an answer lost after the commit', () => {
  let proxy: PgProxy;
  let test: TestApp;
  let fia: Caller;
  let shelter: Caller;

  beforeAll(async () => {
    test = await startTestApp('lost_answers', { RATE_LIMIT_PER_MINUTE: '0' }, async (url) => {
      proxy = await startPgProxy(url);
      return proxy.url;
    });
    fia = as(await registerAgency(test, CAST.fiaLahore));
    shelter = as(await registerAgency(test, CAST.darUlAmanLahore));
  });

  afterAll(async () => {
    proxy?.restore();
    await test?.close();
    await proxy?.close();
  });

  /** Sends the command; its append commits and the database vanishes before it answers. */
  async function lostAfterCommit(path: string, body: object, key: string) {
    const cut = proxy.loseAnswerOf('event-store.insert-');
    const first = post(test, fia, path, body, { headers: { 'idempotency-key': key } }).then(
      (r) => r,
    );
    await cut;
    const answered = await first;
    proxy.restore();
    const retry = await post(test, fia, path, body, { headers: { 'idempotency-key': key } });
    return { answered, retry };
  }

  it('a screening: 503, then the retry gets 201 with the stored version', async () => {
    const caseId = await openCase(test, fia);
    const { answered, retry } = await lostAfterCommit(
      `/v1/cases/${caseId}/screenings`,
      { traffickingStatus: 'possible' },
      `screening-${caseId}`,
    );
    expect(answered.status).toBe(503);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual({ caseId, version: 3 });
    const types = (await history(test, as(await registerAuditor(), 'auditor'), caseId)).map(
      (i) => i.type,
    );
    expect(types.filter((t) => t === 'case.screened.v1')).toHaveLength(1);
  });

  it('an opening: the retry names the case the lost attempt opened, and opens no other', async () => {
    const { answered, retry } = await lostAfterCommit('/v1/cases', OPEN_CASE_BODY, 'open-lost');
    expect(answered.status).toBe(503);
    expect(retry.status).toBe(201);
    const again = await post(test, fia, '/v1/cases', OPEN_CASE_BODY, {
      headers: { 'idempotency-key': 'open-lost' },
    });
    expect(again.body).toEqual(retry.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
  });

  it('a referral: the retry answers with the referral the lost attempt stored', async () => {
    const caseId = await openCase(test, fia);
    await command(test, fia, `/v1/cases/${caseId}/consents`, consentBody(shelter.agencyId));
    const { answered, retry } = await lostAfterCommit(
      `/v1/cases/${caseId}/referrals`,
      referralBody(shelter.agencyId),
      `refer-${caseId}`,
    );
    expect(answered.status).toBe(503);
    expect(retry.status).toBe(201);
    const auditor = as(await registerAuditor(), 'auditor');
    const requested = (await history(test, auditor, caseId)).filter(
      (item) => item.type === 'referral.requested.v1',
    );
    expect(requested).toHaveLength(1);
    expect(requested[0].data.referralId).toBe(retry.body.referralId);
  });

  let auditorKeys: Awaited<ReturnType<typeof registerAgency>> | undefined;
  async function registerAuditor() {
    auditorKeys ??= await registerAgency(test, CAST.oversightCell);
    return auditorKeys;
  }
});
