import { Client } from 'pg';
import { PgSqlClient } from '@app/database';
import { ADMIN_URL, createTestDatabase, TestDatabase } from '../support/test-database';

/**
 * A PostgreSQL session ended by the server (an administrator's terminate, a stop, a restart)
 * fails what ran on it and nothing more: `pg` emits `error` on such a client, and one without a
 * listener would end the process. Each kind of session the service holds is ended here while in
 * use: a transaction between two statements, an idle pooled connection, a lock session, a
 * LISTEN session; the process lives on and the client serves again.
 */
describe('sessions the server ends', () => {
  let database: TestDatabase;
  let sql: PgSqlClient;
  let admin: Client;
  const uncaught: unknown[] = [];
  const onUncaught = (error: unknown) => uncaught.push(error);

  beforeAll(async () => {
    database = await createTestDatabase('connection_loss');
    sql = new PgSqlClient({ connectionString: database.url, max: 4 }, { statementMs: 5_000 });
    admin = new Client({ connectionString: ADMIN_URL });
    await admin.connect();
    process.on('uncaughtException', onUncaught);
  });

  afterAll(async () => {
    process.off('uncaughtException', onUncaught);
    await admin?.end();
    await sql?.close();
    await database?.drop();
  });

  const terminate = (pid: number) => admin.query('SELECT pg_terminate_backend($1)', [pid]);
  const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

  it('bounds statements and idle transactions in every session, migrations excepted', async () => {
    const bounded = new PgSqlClient(
      { connectionString: database.url, max: 2 },
      { statementMs: 300, idleInTransactionMs: 600, connectMs: 1_000 },
    );
    try {
      const show = 'SHOW statement_timeout';
      expect((await bounded.query(show)).rows).toEqual([{ statement_timeout: '300ms' }]);
      expect((await bounded.transaction((tx) => tx.query(show))).rows).toEqual([
        { statement_timeout: '300ms' },
      ]);
      await expect(bounded.query('SELECT pg_sleep(2)')).rejects.toMatchObject({ code: '57014' });
      await expect(
        bounded.transaction((tx) => tx.query('SELECT pg_sleep(0.5)'), { timeouts: false }),
      ).resolves.toBeDefined();
    } finally {
      await bounded.close();
    }
  });

  it('fails a transaction whose session ends between two statements, and serves on', async () => {
    const outcome = sql
      .transaction(async (tx) => {
        const { rows } = await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
        await terminate(rows[0].pid);
        await settle();
        await tx.query('SELECT 1');
      })
      .then(
        () => 'committed',
        () => 'failed',
      );
    expect(await outcome).toBe('failed');
    expect(uncaught).toEqual([]);
    await expect(sql.query('SELECT 1 AS one')).resolves.toEqual({ rows: [{ one: 1 }] });
  });

  it('replaces an idle pooled connection the server ended', async () => {
    const { rows } = await sql.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    await terminate(rows[0].pid);
    await settle();
    expect(uncaught).toEqual([]);
    for (let i = 0; i < 8; i++) await sql.query('SELECT 1');
  });

  it('reports a lock session the server ended as lost', async () => {
    const lock = await sql.tryLock('connection-loss');
    expect(lock).not.toBeNull();
    const { rows } = await admin.query<{ pid: number }>(
      `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND
         database = (SELECT oid FROM pg_database WHERE datname = $1)`,
      [database.name],
    );
    await terminate(rows[0].pid);
    await expect(lock!.lost).resolves.toBeUndefined();
    await lock!.release();
    expect(uncaught).toEqual([]);
    const again = await sql.tryLock('connection-loss');
    expect(again).not.toBeNull();
    await again!.release();
  });

  it('listens again after the server ended a LISTEN session', async () => {
    const events: string[] = [];
    const listener = await sql.listen(
      'connection_loss',
      {
        notify: (payload) => events.push(payload),
        listening: () => events.push('listening'),
        lost: () => events.push('lost'),
      },
      { applicationName: 'connection-loss-listener' },
    );
    const { rows } = await admin.query<{ pid: number }>(
      "SELECT pid FROM pg_stat_activity WHERE application_name = 'connection-loss-listener'",
    );
    await terminate(rows[0].pid);
    const deadline = Date.now() + 10_000;
    while (events.filter((e) => e === 'listening').length < 2 && Date.now() < deadline) {
      await settle();
    }
    expect(events).toEqual(['listening', 'lost', 'listening']);
    expect(uncaught).toEqual([]);
    await listener.close();
  });
});
