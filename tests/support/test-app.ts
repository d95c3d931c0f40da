import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Redis } from 'ioredis';
import request from 'supertest';
import { ReadModelRunner } from '@app/projections';
import { StatisticsRunner } from '@app/statistics';
import { createWorker } from '../../apps/notification-worker/src/create-worker';
import { createApp } from '../../apps/referral-api/src/create-app';
import { CastAgency } from './fixtures';
import { createTestDatabase, TestDatabase } from './test-database';

export interface TestApp {
  app: NestFastifyApplication;
  http: ReturnType<typeof request>;
  database: TestDatabase;
  adminKey: string;
  env: Record<string, string>;
  /** Waits until the read models (case list, inbox) reflect every event stored so far. */
  projected(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The real API over real HTTP (supertest against the listening Fastify server), on a fresh
 * PostgreSQL database and Redis key prefix of its own.
 */
export async function startTestApp(
  label: string,
  extraEnv: Record<string, string> = {},
  /** Where the app connects, given its database's URL (a proxy in front of it, say). */
  connectVia: (databaseUrl: string) => Promise<string> | string = (url) => url,
): Promise<TestApp> {
  const database = await createTestDatabase(label);
  const adminKey = `test-admin-${randomBytes(16).toString('hex')}`;
  const env: Record<string, string> = {
    EVENT_STORE: 'postgres',
    DATABASE_URL: await connectVia(database.url),
    DATABASE_POOL_SIZE: '20',
    REDIS_URL: 'redis://127.0.0.1:6379',
    REDIS_PREFIX: `sr-test-${label}-${randomBytes(4).toString('hex')}`,
    MASTER_KEY: randomBytes(32).toString('base64'),
    AUDIT_SIGNING_KEY: auditSigningKey(),
    BOOTSTRAP_ADMIN_KEY: adminKey,
    LOG_LEVEL: 'silent',
    SUBSCRIPTION_POLL_INTERVAL_MS: '50',
    // Receivers in tests listen on 127.0.0.1 over http; the SSRF tests turn these off again.
    ALLOW_HTTP_WEBHOOKS: 'true',
    ALLOW_PRIVATE_WEBHOOK_TARGETS: 'true',
    ...extraEnv,
  };
  const app = await createApp(env);
  await app.listen(0, '127.0.0.1');
  const runner = app.get(ReadModelRunner);
  const statistics = app.get(StatisticsRunner);
  return {
    app,
    http: request(app.getHttpServer()),
    database,
    adminKey,
    env,
    projected: async () => {
      await Promise.all([runner.caughtUp(15_000), statistics.caughtUp(15_000)]);
    },
    close: async () => {
      await app.close();
      await database.drop();
      await removeRedisKeys(env.REDIS_URL, env.REDIS_PREFIX);
    },
  };
}

/** Every key a test app (and its workers) wrote under its prefix: queues, rate-limit counters. */
/** A fresh Ed25519 audit key (PKCS#8 PEM), as an operator would set AUDIT_SIGNING_KEY. */
export function auditSigningKey(): string {
  return generateKeyPairSync('ed25519')
    .privateKey.export({ type: 'pkcs8', format: 'pem' })
    .toString();
}

export async function removeRedisKeys(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1, lazyConnect: true });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
  } catch {
    // A test that stopped its Redis has nothing left there to remove.
  } finally {
    redis.disconnect();
  }
}

/**
 * A second replica of `test`'s API: its own process state (caches, per-case queues), the same
 * database, Redis prefix and keys. Closing it leaves the database to `test`.
 */
export async function startReplica(test: TestApp): Promise<TestApp> {
  const app = await createApp(test.env);
  await app.listen(0, '127.0.0.1');
  return {
    ...test,
    app,
    http: request(app.getHttpServer()),
    projected: () => test.projected(),
    close: () => app.close(),
  };
}

/**
 * The notification worker for `test`'s API, as its own app (its own Redis connections, queue
 * consumer and sweeps) on the same database and Redis prefix.
 */
export async function startTestWorker(
  test: TestApp,
  extraEnv: Record<string, string> = {},
): Promise<NestFastifyApplication> {
  const worker = await createWorker({ ...test.env, ...extraEnv });
  await worker.listen(0, '127.0.0.1');
  return worker;
}

export interface AgencyKeys {
  agencyId: string;
  officer: string;
  supervisor: string;
  auditor: string;
  admin: string;
}

/** Registers an agency of the cast (or one named here) and issues one key per role. */
export async function registerAgency(
  test: TestApp,
  cast: CastAgency | string,
  details: Omit<CastAgency, 'agencyId' | 'services'> & { services?: string[] } = {
    type: 'fia',
    province: 'punjab',
  },
): Promise<AgencyKeys> {
  const { agencyId, ...agency } =
    typeof cast === 'string' ? { agencyId: cast, services: [] as string[], ...details } : cast;
  await test.http
    .put(`/v1/admin/agencies/${agencyId}`)
    .set('authorization', `Bearer ${test.adminKey}`)
    .send({ name: agency.name ?? agencyId, ...agency })
    .expect((res) => {
      if (res.status !== 201 && res.status !== 200)
        throw new Error(`register ${agencyId}: ${res.status} ${res.text}`);
    });
  const keys: Partial<AgencyKeys> = { agencyId };
  for (const role of ['officer', 'supervisor', 'auditor', 'admin'] as const) {
    const res = await test.http
      .post('/v1/admin/api-keys')
      .set('authorization', `Bearer ${test.adminKey}`)
      .send({ agencyId, role, label: `${role} of ${agencyId}` })
      .expect(201);
    keys[role] = res.body.apiKey as string;
  }
  return keys as AgencyKeys;
}
