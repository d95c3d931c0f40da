import { registerAgency, startTestApp, TestApp } from '../support/test-app';
import { CAST, OPEN_CASE_BODY } from '../support/fixtures';

describe('smoke', () => {
  let test: TestApp;
  beforeAll(async () => {
    test = await startTestApp('smoke');
  });
  afterAll(async () => {
    await test?.close();
  });

  it('opens a case and lists it', async () => {
    const fia = await registerAgency(test, CAST.fiaIslamabad);
    const res = await test.http
      .post('/v1/cases')
      .set('authorization', `Bearer ${fia.officer}`)
      .set('x-officer-id', 'officer-1')
      .send(OPEN_CASE_BODY)
      .expect(201);
    expect(res.headers.etag).toBe('"1"');
    const got = await test.http
      .get(`/v1/cases/${res.body.caseId}`)
      .set('authorization', `Bearer ${fia.officer}`)
      .expect(200);
    expect(got.body.victim.personal.fullName).toBe('Zarmeena Testcase Bibi');
    await test.projected();
    const list = await test.http
      .get('/v1/cases')
      .set('authorization', `Bearer ${fia.officer}`)
      .expect(200);
    expect(list.body.items.map((c: { caseId: string }) => c.caseId)).toContain(res.body.caseId);
  });

  it('describes every path of the contract in OpenAPI, with the error statuses of commands', async () => {
    const docs = await test.http.get('/docs-json').expect(200);
    const paths = docs.body.paths as Record<
      string,
      Record<string, { responses: Record<string, unknown> }>
    >;
    const contract = [
      'put /v1/admin/agencies/{agencyId}',
      'get /v1/agencies',
      'post /v1/admin/api-keys',
      'delete /v1/admin/api-keys/{keyId}',
      'post /v1/cases',
      'get /v1/cases',
      'get /v1/cases/{caseId}',
      'get /v1/cases/{caseId}/history',
      'post /v1/cases/{caseId}/screenings',
      'post /v1/cases/{caseId}/consents',
      'post /v1/cases/{caseId}/referrals',
      ...['acknowledge', 'accept', 'decline', 'complete', 'withdraw'].map(
        (action) => `post /v1/cases/{caseId}/referrals/{referralId}/${action}`,
      ),
      'post /v1/cases/{caseId}/assistance-decisions',
      'post /v1/cases/{caseId}/transfers',
      'post /v1/cases/{caseId}/transfers/{transferId}/accept',
      'post /v1/cases/{caseId}/transfers/{transferId}/decline',
      'post /v1/cases/{caseId}/close',
      'post /v1/cases/{caseId}/reopen',
      'delete /v1/cases/{caseId}/personal-data',
      'get /v1/referrals/inbox',
      'get /health/live',
      'get /health/ready',
    ];
    for (const entry of contract) {
      const [method, path] = entry.split(' ');
      expect(paths[path]?.[method]).toBeDefined();
      if (path.startsWith('/v1/cases') && method !== 'get') {
        expect(Object.keys(paths[path][method].responses)).toEqual(
          expect.arrayContaining(['400', '401', '403', '404', '409', '412', '413', '422', '429']),
        );
      }
    }
    await test.http.get('/docs').expect(200);
  });
});
