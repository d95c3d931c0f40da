import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** The machine's PostgreSQL; override with TEST_DATABASE_ADMIN_URL. */
export const ADMIN_URL =
  process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/**
 * Refuses any database whose name does not mark it as a test database, so a mistyped URL can
 * never point a suite at real data.
 */
export function assertTestDatabase(name: string): void {
  if (!/^sr_test_[a-z0-9_]+$/.test(name)) {
    throw new Error(`refusing to use database "${name}": test databases are named sr_test_*`);
  }
}

/** A fresh database for one suite, dropped (with its connections) afterwards. */
export async function createTestDatabase(label = 'suite'): Promise<TestDatabase> {
  const name = `sr_test_${label.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${randomBytes(4).toString('hex')}`;
  assertTestDatabase(name);
  const admin = new Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: async () => {
      const client = new Client({ connectionString: ADMIN_URL });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}
