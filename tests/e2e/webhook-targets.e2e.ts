import { CAST } from '../support/fixtures';
import { registerAgency, startTestApp, TestApp } from '../support/test-app';

/**
 * With the defaults (no http, no private targets) a webhook URL that could reach the service's
 * own network is refused at registration; and the queue dashboard is for admin keys only.
 */
describe('webhook targets and the queue dashboard', () => {
  let test: TestApp;

  beforeAll(async () => {
    test = await startTestApp('webhook_targets', {
      ALLOW_HTTP_WEBHOOKS: 'false',
      ALLOW_PRIVATE_WEBHOOK_TARGETS: 'false',
    });
  });

  afterAll(async () => {
    await test?.close();
  });

  const register = (webhookUrl: string) =>
    test.http
      .put('/v1/admin/agencies/dar-ul-aman-lahore')
      .set('authorization', `Bearer ${test.adminKey}`)
      .send({
        name: 'Dar-ul-Aman Lahore',
        type: 'shelter',
        province: 'punjab',
        services: ['shelter'],
        notification: { webhookUrl, secret: 'a-secret-of-twenty-four-chars' },
      });

  it.each([
    'http://hooks.example.org/x',
    'https://127.0.0.1/hooks',
    'https://10.0.0.8/hooks',
    'https://192.168.1.20/hooks',
    'https://169.254.169.254/latest/meta-data',
    'https://[::1]/hooks',
    'https://[fd00::5]/hooks',
    'https://localhost/hooks',
    'https://user:pass@hooks.example.org/x',
  ])('refuses %s with 422 and records nothing', async (webhookUrl) => {
    const res = await register(webhookUrl).expect(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.errors).toEqual([
      { field: 'notification.webhookUrl', message: expect.any(String) },
    ]);
    expect(JSON.stringify(res.body)).not.toContain('a-secret-of-twenty-four-chars');
    const agencies = await test.http
      .get('/v1/agencies')
      .set('authorization', `Bearer ${test.adminKey}`)
      .expect(200);
    expect(agencies.body.items.map((a: { agencyId: string }) => a.agencyId)).not.toContain(
      'dar-ul-aman-lahore',
    );
  });

  it('accepts a public https URL', async () => {
    await register('https://203.0.114.10/hooks').expect(201);
  });

  it('refuses a whsec_ secret that is not base64 (it could never sign)', async () => {
    const res = await test.http
      .put('/v1/admin/agencies/ngo-legal-help')
      .set('authorization', `Bearer ${test.adminKey}`)
      .send({
        name: 'Legal Help',
        type: 'ngo',
        province: 'punjab',
        services: [],
        notification: {
          webhookUrl: 'https://203.0.114.10/hooks',
          secret: `whsec_${'!'.repeat(30)}`,
        },
      })
      .expect(400);
    expect(res.body.errors).toEqual([
      { field: 'notification.secret', message: expect.stringContaining('base64') },
    ]);
  });

  it("serves the queue dashboard to the service's administrators only", async () => {
    const fia = await registerAgency(test, CAST.fiaLahore);
    const none = await test.http.get('/admin/queues').expect(401);
    expect(none.headers['content-type']).toMatch(/^application\/problem\+json/);
    await test.http.get('/admin/queues').set('authorization', `Bearer ${fia.officer}`).expect(403);
    await test.http.get('/admin/queues').set('authorization', `Bearer ${fia.auditor}`).expect(403);
    // An agency's admin administers its agency, not the queue every agency shares.
    await test.http.get('/admin/queues').set('authorization', `Bearer ${fia.admin}`).expect(403);
    const page = await test.http
      .get('/admin/queues')
      .set('authorization', `Bearer ${test.adminKey}`)
      .expect(200);
    expect(page.text).toContain('<');
    const queues = await test.http
      .get('/admin/queues/api/queues')
      .set('authorization', `Bearer ${test.adminKey}`)
      .expect(200);
    expect(JSON.stringify(queues.body)).toContain('notifications');
  });
});
