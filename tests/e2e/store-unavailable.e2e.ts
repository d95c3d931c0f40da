import { Client } from 'pg';
import { ADMIN_URL } from '../support/test-database';
import { registerAgency, startTestApp, TestApp } from '../support/test-app';
import { CAST, OPEN_CASE_BODY } from '../support/fixtures';

describe('a store that is down', () => {
  let test: TestApp;
  let admin: Client;

  beforeAll(async () => {
    test = await startTestApp('unavailable');
    admin = new Client({ connectionString: ADMIN_URL });
    await admin.connect();
  });

  afterAll(async () => {
    await admin
      ?.query(`ALTER DATABASE ${test.database.name} ALLOW_CONNECTIONS true`)
      .catch(() => undefined);
    await admin?.end();
    await test?.close();
  });

  it('answers 503 problem+json and reports not ready, then recovers', async () => {
    const fia = await registerAgency(test, CAST.fiaKarachi);
    await admin.query(`ALTER DATABASE ${test.database.name} ALLOW_CONNECTIONS false`);
    await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [
      test.database.name,
    ]);

    const refused = await test.http
      .post('/v1/cases')
      .set('authorization', `Bearer ${fia.officer}`)
      .set('x-officer-id', 'officer-1')
      .send(OPEN_CASE_BODY);
    expect(refused.status).toBe(503);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(JSON.stringify(refused.body)).not.toContain(OPEN_CASE_BODY.victim.personal.fullName);
    const ready = await test.http.get('/health/ready');
    expect(ready.status).toBe(503);
    expect(ready.body.checks.database.status).toBe('down');
    // Public probe: the state only, never why (hosts, ports, user names stay in the log).
    expect(ready.body.checks.database).toEqual({ status: 'down' });

    await admin.query(`ALTER DATABASE ${test.database.name} ALLOW_CONNECTIONS true`);
    await test.http.get('/health/ready').expect(200);
    await test.http
      .post('/v1/cases')
      .set('authorization', `Bearer ${fia.officer}`)
      .set('x-officer-id', 'officer-1')
      .send(OPEN_CASE_BODY)
      .expect(201);
  });
});
