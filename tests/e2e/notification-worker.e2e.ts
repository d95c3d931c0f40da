import { randomBytes } from 'node:crypto';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { createWorker } from '../../apps/notification-worker/src/create-worker';
import { removeRedisKeys } from '../support/test-app';
import { createTestDatabase, TestDatabase } from '../support/test-database';

describe('notification worker app', () => {
  let database: TestDatabase;
  let worker: NestFastifyApplication;
  const prefix = `sr-test-worker-${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    database = await createTestDatabase('worker');
    worker = await createWorker({
      EVENT_STORE: 'postgres',
      DATABASE_URL: database.url,
      MASTER_KEY: randomBytes(32).toString('base64'),
      REDIS_PREFIX: prefix,
      LOG_LEVEL: 'silent',
    });
    await worker.listen(0, '127.0.0.1');
  });

  afterAll(async () => {
    await worker?.close();
    await database?.drop();
    await removeRedisKeys('redis://127.0.0.1:6379', prefix);
  });

  it('boots and reports every store it uses as ready', async () => {
    const http = request(worker.getHttpServer());
    await http.get('/health/live').expect(200, { status: 'ok' });
    const ready = await http.get('/health/ready').expect(200);
    expect(Object.keys(ready.body.details).sort()).toEqual([
      'database',
      'eventStore',
      'notifications',
      'redis',
      'subscriptions',
    ]);
    expect(ready.body.details.notifications).toEqual({
      status: 'up',
      pending: 0,
      oldestPendingAt: null,
    });
  });

  it('is not ready without Redis: it cannot deliver a webhook', async () => {
    const cut = await createWorker({
      EVENT_STORE: 'postgres',
      DATABASE_URL: database.url,
      MASTER_KEY: randomBytes(32).toString('base64'),
      // Nothing listens on port 1.
      REDIS_URL: 'redis://127.0.0.1:1',
      LOG_LEVEL: 'silent',
    });
    try {
      await cut.listen(0, '127.0.0.1');
      const ready = await request(cut.getHttpServer()).get('/health/ready').expect(503);
      expect(ready.body.checks.redis).toEqual({ status: 'down' });
      expect(ready.body.checks.database).toEqual({ status: 'up' });
    } finally {
      await cut.close();
    }
  });
});
