import { OPEN_CASE_BODY, registerAgency, startTestApp, TestApp } from '../support/test-app';

describe('smoke', () => {
  let test: TestApp;
  beforeAll(async () => {
    test = await startTestApp('smoke');
  });
  afterAll(async () => {
    await test?.close();
  });

  it('opens a case and lists it', async () => {
    const fia = await registerAgency(test, 'fia-islamabad', {
      type: 'fia',
      province: 'islamabad-capital-territory',
    });
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
    const docs = await test.http.get('/docs-json').expect(200);
    expect(docs.body.paths['/v1/cases']).toBeDefined();
  });
});
