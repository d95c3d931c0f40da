import { loadConfig } from '@app/config';
import { migrate, PgSqlClient } from '@app/database';
import { Claim, IDEMPOTENCY_MIGRATIONS, IdempotencyStore } from '@app/idempotency';
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
  const owner = (claim: Claim): string => {
    if (claim.kind !== 'owned') throw new Error(`not owned: ${claim.kind}`);
    return claim.claimId;
  };

  it('lets exactly one of many concurrent claims own a key; the rest wait, then replay', async () => {
    const claims = await Promise.all(
      Array.from({ length: 10 }, () => store.claim('fia', 'k1', 'h1')),
    );
    const owned = claims.filter((c) => c.kind === 'owned');
    expect(owned).toHaveLength(1);
    expect(claims.filter((c) => c.kind === 'in-progress')).toHaveLength(9);
    await store.complete('fia', 'k1', owner(owned[0]), response);
    expect(await store.claim('fia', 'k1', 'h1')).toEqual({ kind: 'completed', response });
    expect(await store.claim('fia', 'k1', 'other-body')).toEqual({ kind: 'mismatch' });
    expect((await store.claim('shelter', 'k1', 'h1')).kind).toBe('owned');
  });

  const owned = (claim: Claim) => {
    if (claim.kind !== 'owned') throw new Error(`not owned: ${claim.kind}`);
    return claim;
  };

  it('after a failure worth retrying, the same request resumes the operation at once', async () => {
    const first = owned(await store.claim('fia', 'k2', 'h'));
    expect(first.resumed).toBe(false);
    await store.release('fia', 'k2', first.claimId);
    expect(await store.claim('fia', 'k2', 'another-body')).toEqual({ kind: 'mismatch' });
    const second = owned(await store.claim('fia', 'k2', 'h'));
    expect(second).toMatchObject({ operationId: first.operationId, resumed: true });

    // The first attempt, late, can neither release nor complete what the second now owns.
    await store.release('fia', 'k2', first.claimId);
    await store.complete('fia', 'k2', first.claimId, response);
    expect(await store.claim('fia', 'k2', 'h')).toEqual({ kind: 'in-progress' });
    await store.complete('fia', 'k2', second.claimId, response);
    expect(await store.claim('fia', 'k2', 'h')).toEqual({ kind: 'completed', response });
  });

  it('takes over from an owner whose heartbeat stopped within seconds, not before', async () => {
    const first = owned(await store.claim('fia', 'k3', 'h'));
    expect(await store.claim('fia', 'k3', 'h')).toEqual({ kind: 'in-progress' });
    // An owner that beats is left alone however long it works.
    await sql.query(
      `UPDATE idempotency_records SET created_at = now() - interval '10 minutes' WHERE idempotency_key = 'k3'`,
    );
    await store.heartbeat('fia', 'k3', first.claimId);
    expect(await store.claim('fia', 'k3', 'h')).toEqual({ kind: 'in-progress' });
    // One that stopped beating (a killed process) is taken over.
    await sql.query(
      `UPDATE idempotency_records SET heartbeat_at = now() - interval '6 seconds' WHERE idempotency_key = 'k3'`,
    );
    expect(owned(await store.claim('fia', 'k3', 'h'))).toMatchObject({
      operationId: first.operationId,
      resumed: true,
    });
  });

  it('starts a new operation when a key is used again after it expired', async () => {
    const first = owned(await store.claim('fia', 'k4', 'h'));
    await store.complete('fia', 'k4', first.claimId, response);
    await sql.query(
      `UPDATE idempotency_records SET created_at = now() - interval '25 hours' WHERE idempotency_key = 'k4'`,
    );
    const later = owned(await store.claim('fia', 'k4', 'h'));
    expect(later.resumed).toBe(false);
    expect(later.operationId).not.toBe(first.operationId);
  });

  it('forgets records older than the TTL: reclaimed on reuse, removed by the purge', async () => {
    await store.complete('fia', 'old-1', owner(await store.claim('fia', 'old-1', 'h')), response);
    await store.complete('fia', 'old-2', owner(await store.claim('fia', 'old-2', 'h')), response);
    await sql.query(
      `UPDATE idempotency_records SET created_at = now() - interval '25 hours' WHERE idempotency_key LIKE 'old-%'`,
    );
    expect((await store.claim('fia', 'old-1', 'another-body')).kind).toBe('owned');
    expect(await store.purgeExpired()).toBe(1);
    const { rows } = await sql.query(
      `SELECT idempotency_key FROM idempotency_records WHERE idempotency_key LIKE 'old-%'`,
    );
    expect(rows).toEqual([{ idempotency_key: 'old-1' }]);
  });
});
