import { join } from 'node:path';
import { migrate, PgliteSqlClient, PgSqlClient } from '@app/database';
import { CHECKPOINT_MIGRATIONS, EVENT_STORE_MIGRATIONS } from '@app/event-store';
import { createTempDir } from '../support/temp-dir';
import { createTestDatabase, TestDatabase } from '../support/test-database';

describe('migrations', () => {
  let database: TestDatabase;
  const clients: PgSqlClient[] = [];

  beforeAll(async () => {
    database = await createTestDatabase('migrations');
  });

  afterAll(async () => {
    for (const client of clients) await client.close();
    await database?.drop();
  });

  it('are applied exactly once when several processes start at the same moment', async () => {
    for (let i = 0; i < 4; i++)
      clients.push(new PgSqlClient({ connectionString: database.url, max: 2 }));
    const applied = await Promise.all(
      clients.map((client) => migrate(client, EVENT_STORE_MIGRATIONS)),
    );
    const ids = EVENT_STORE_MIGRATIONS.map((m) => m.id);
    expect(applied.flat().sort()).toEqual([...ids].sort());
    expect(applied.filter((list) => list.length > 0)).toHaveLength(1);
    const { rows } = await clients[0].query<{ id: string }>(
      'SELECT id FROM schema_migrations ORDER BY id',
    );
    expect(rows.map((row) => row.id)).toEqual([...ids].sort());
    expect(await migrate(clients[1], EVENT_STORE_MIGRATIONS)).toEqual([]);
  });

  it('for KurrentDB deployments need no events table (the events are in KurrentDB)', async () => {
    const dir = await createTempDir('checkpoint-migrations');
    const sql = await PgliteSqlClient.open({ dataDir: join(dir.path, 'data') });
    try {
      const applied = await migrate(sql, CHECKPOINT_MIGRATIONS);
      expect(applied).toEqual(CHECKPOINT_MIGRATIONS.map((m) => m.id));
      const { rows } = await sql.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name = 'events'`,
      );
      expect(rows[0].n).toBe(0);
    } finally {
      await sql.close();
      await dir.remove();
    }
  });
});
