import { loadConfig } from '@app/config';
import { migrate, PgSqlClient } from '@app/database';
import { IDEMPOTENCY_MIGRATIONS, IdempotencyStore } from '@app/idempotency';
import { createTestDatabase, TestDatabase } from '../support/test-database';

describe('IdempotencyStore on PostgreSQL', () => {
  let database: TestDatabase;
  let sql: PgSqlClient;
  let store: IdempotencyStore;

  beforeAll(async () => {
    database = await createTestDatabase('idempotency');
    sql = new PgSqlClient({ connectionString: database.url, max: 12 });
    await migrate(sql, IDEMPOTENCY_MIGRATIONS);
    store = new IdempotencyStore(sql, loadConfig({ IDEMPOTENCY_TTL_HOURS: '24' }));
  });

  afterAll(async () => {
    await sql?.close();
    await database?.drop();
  });

  const response = { status: 201, headers: { etag: '"2"' }, body: { caseId: 'c', version: 2 } };

  it('lets exactly one of many concurrent claims own a key; the rest wait, then replay', async () => {
    const claims = await Promise.all(
      Array.from({ length: 10 }, () => store.claim('fia', 'k1', 'h1')),
    );
    expect(claims.filter((c) => c.kind === 'owned')).toHaveLength(1);
    expect(claims.filter((c) => c.kind === 'in-progress')).toHaveLength(9);
    await store.complete('fia', 'k1', response);
    expect(await store.claim('fia', 'k1', 'h1')).toEqual({ kind: 'completed', response });
    expect(await store.claim('fia', 'k1', 'other-body')).toEqual({ kind: 'mismatch' });
    expect(await store.claim('shelter', 'k1', 'h1')).toEqual({ kind: 'owned' });
  });

  it('frees a key after a failure worth retrying', async () => {
    expect((await store.claim('fia', 'k2', 'h')).kind).toBe('owned');
    await store.release('fia', 'k2');
    expect((await store.claim('fia', 'k2', 'h')).kind).toBe('owned');
  });

  it('forgets records older than the TTL: reclaimed on reuse, removed by the purge', async () => {
    await store.claim('fia', 'old-1', 'h');
    await store.complete('fia', 'old-1', response);
    await store.claim('fia', 'old-2', 'h');
    await store.complete('fia', 'old-2', response);
    await sql.query(
      `UPDATE idempotency_records SET created_at = now() - interval '25 hours' WHERE idempotency_key LIKE 'old-%'`,
    );
    expect(await store.claim('fia', 'old-1', 'another-body')).toEqual({ kind: 'owned' });
    expect(await store.purgeExpired()).toBe(1);
    const { rows } = await sql.query(
      `SELECT idempotency_key FROM idempotency_records WHERE idempotency_key LIKE 'old-%'`,
    );
    expect(rows).toEqual([{ idempotency_key: 'old-1' }]);
  });
});
