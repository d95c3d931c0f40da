import { SqlClient } from './sql-client.port';

/** A schema change, applied once, in list order. Ids are permanent: never rename or edit one. */
export interface Migration {
  id: string;
  statements: string[];
}

/**
 * Applies the migrations not yet recorded, in one transaction under a transaction-level advisory
 * lock, so processes starting at the same moment apply each migration exactly once.
 */
export async function migrate(client: SqlClient, migrations: Migration[]): Promise<string[]> {
  // Not bounded by the statement timeouts: a migration may rightly take long, and may wait for
  // another process's.
  return client.transaction(
    async (tx) => {
      await tx.query(
        `SELECT pg_advisory_xact_lock(hashtextextended('safe-referral:migrations', 0))`,
      );
      await tx.query(
        `CREATE TABLE IF NOT EXISTS schema_migrations (
         id text PRIMARY KEY,
         applied_at timestamptz NOT NULL DEFAULT now()
       )`,
      );
      const { rows } = await tx.query<{ id: string }>('SELECT id FROM schema_migrations');
      const applied = new Set(rows.map((row) => row.id));
      const appliedNow: string[] = [];
      for (const migration of migrations) {
        if (applied.has(migration.id)) continue;
        for (const statement of migration.statements) await tx.query(statement);
        await tx.query('INSERT INTO schema_migrations (id) VALUES ($1)', [migration.id]);
        appliedNow.push(migration.id);
      }
      return appliedNow;
    },
    { timeouts: false },
  );
}
