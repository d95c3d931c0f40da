import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { ReadModelRunner } from '@app/projections';
import { StatisticsRunner } from '@app/statistics';
import { createApp } from '../../../../apps/referral-api/src/create-app';
import { createTempDir } from '../../../support/temp-dir';
import { removeRedisKeys, TestApp } from '../../../support/test-app';

const ROOT = join(__dirname, '../../../..');

/** `npm run build:console`: the files the API serves at /console. */
export async function buildConsole(): Promise<void> {
  await promisify(execFile)(
    process.execPath,
    [
      join(ROOT, 'node_modules/vite/bin/vite.js'),
      'build',
      '--config',
      'apps/console/vite.config.mts',
      '--logLevel',
      'warn',
    ],
    // Jest runs with NODE_ENV=test, which would make Vite bundle React's development build.
    { cwd: ROOT, timeout: 180_000, env: { ...process.env, NODE_ENV: 'production' } },
  );
}

export interface ConsoleApp {
  app: NestFastifyApplication;
  /** The API as the e2e helpers call it (they use `http` and `adminKey` only). */
  api: TestApp;
  baseUrl: string;
  adminKey: string;
  projected(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The API as `npm start` runs it with no configuration: embedded PostgreSQL (PGlite) in
 * DATA_DIR, the notification worker in the same process. The tests reach its database through
 * the app's own SqlClient, the only handle on an embedded database while the app holds it.
 */
export async function startConsoleApp(extraEnv: Record<string, string> = {}): Promise<ConsoleApp> {
  const dir = await createTempDir('console');
  const adminKey = `console-admin-${randomBytes(16).toString('hex')}`;
  const prefix = `sr-test-console-${randomBytes(4).toString('hex')}`;
  const app = await createApp({
    DATA_DIR: join(dir.path, 'data'),
    BOOTSTRAP_ADMIN_KEY: adminKey,
    LOG_LEVEL: 'silent',
    RATE_LIMIT_PER_MINUTE: '0',
    SUBSCRIPTION_POLL_INTERVAL_MS: '50',
    REDIS_PREFIX: prefix,
    ...extraEnv,
  });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  const http = request(app.getHttpServer());
  const projected = async () => {
    await Promise.all([
      app.get(ReadModelRunner).caughtUp(30_000),
      app.get(StatisticsRunner).caughtUp(30_000),
    ]);
  };
  return {
    app,
    api: { app, http, adminKey, projected } as unknown as TestApp,
    baseUrl: `http://127.0.0.1:${port}`,
    adminKey,
    projected,
    close: async () => {
      await app.close();
      await dir.remove();
      await removeRedisKeys('redis://127.0.0.1:6379', prefix);
    },
  };
}
