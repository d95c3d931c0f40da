import { auditSigningKey } from '../support/test-app';
import { randomBytes } from 'node:crypto';
import { ApiProcess, startApiProcess } from '../support/api-process';
import { startTestRedis, TestRedis } from '../support/redis-server';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { OPEN_CASE_BODY } from '../support/fixtures';

/**
 * Redis carries nothing a command needs: with Redis killed or frozen (SIGSTOP), commands and
 * reads go on, in bounded time (a rate-limit counter that does not answer is skipped), and the
 * log says Redis is unavailable once per outage, not once per request or reconnection.
 */
jest.setTimeout(180_000);

describe('Redis stops or hangs', () => {
  let redis: TestRedis;
  let database: TestDatabase;
  let api: ApiProcess;
  let officer: string;

  beforeAll(async () => {
    redis = await startTestRedis();
    database = await createTestDatabase('redis_fault');
    api = await startApiProcess({
      EVENT_STORE: 'postgres',
      DATABASE_URL: database.url,
      MASTER_KEY: randomBytes(32).toString('base64'),
      AUDIT_SIGNING_KEY: auditSigningKey(),
      REDIS_URL: redis.url,
      REDIS_PREFIX: `sr-test-redis-fault-${randomBytes(4).toString('hex')}`,
    });
    const auth = { authorization: `Bearer ${api.adminKey}` };
    await api.http
      .put('/v1/admin/agencies/fia-lahore')
      .set(auth)
      .send({ name: 'FIA Lahore', type: 'fia', province: 'punjab', services: [] })
      .expect(201);
    officer = (
      await api.http
        .post('/v1/admin/api-keys')
        .set(auth)
        .send({ agencyId: 'fia-lahore', role: 'officer', label: 'fault' })
        .expect(201)
    ).body.apiKey;
  });

  afterAll(async () => {
    await api?.kill('SIGKILL');
    await redis?.stop();
    await database?.drop();
  });

  const open = () =>
    api.http
      .post('/v1/cases')
      .set('authorization', `Bearer ${officer}`)
      .set('x-officer-id', 'officer-1')
      .timeout(15_000)
      .send(OPEN_CASE_BODY);

  async function commandsGoOn(): Promise<void> {
    for (let i = 0; i < 5; i++) {
      const res = await open();
      expect(res.status).toBe(201);
    }
  }

  it('commands go on while Redis is killed, and rate limits count again once it is back', async () => {
    expect((await open()).headers['x-ratelimit-remaining']).toBeDefined();
    await redis.kill();
    await commandsGoOn();
    // Down for longer than a reconnection attempt or two.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    await commandsGoOn();
    await redis.start();
    const deadline = Date.now() + 20_000;
    let counted = false;
    while (!counted && Date.now() < deadline) {
      const res = await open();
      expect(res.status).toBe(201);
      counted = Number(res.headers['x-ratelimit-remaining']) < 1200 - 1;
      if (!counted) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(counted).toBe(true);
  });

  it('commands go on while Redis hangs (SIGSTOP)', async () => {
    redis.freeze();
    try {
      await commandsGoOn();
    } finally {
      redis.thaw();
    }
  });

  it('said so once per outage', () => {
    const lines = api.output().split('\n');
    const unavailable = lines.filter((line) => line.includes('Redis unavailable'));
    expect(unavailable).toHaveLength(1);
    expect(api.output()).not.toContain('Unhandled error event');
    expect(api.exited()).toBeNull();
  });
});
