import { join } from 'node:path';
import { PgliteSqlClient, PgSqlClient, SqlClient } from '@app/database';
import { createTempDir } from './temp-dir';
import { createTestDatabase } from './test-database';

export interface SqlBackend {
  sql: SqlClient;
  close(): Promise<void>;
}

/**
 * The two databases the service runs on, each fresh for one suite: a database on the machine's
 * PostgreSQL, and embedded PGlite in a temporary directory. For `describe.each`.
 */
export const SQL_BACKENDS: Array<[string, (label: string) => Promise<SqlBackend>]> = [
  [
    'PostgreSQL',
    async (label) => {
      const database = await createTestDatabase(label);
      const sql = new PgSqlClient({ connectionString: database.url, max: 8 });
      return {
        sql,
        close: async () => {
          await sql.close();
          await database.drop();
        },
      };
    },
  ],
  [
    'embedded PGlite',
    async (label) => {
      const dir = await createTempDir(label);
      const sql = await PgliteSqlClient.open({ dataDir: join(dir.path, 'data') });
      return {
        sql,
        close: async () => {
          await sql.close();
          await dir.remove();
        },
      };
    },
  ],
];

/** `sql`, with every statement it is given passed to `seen` first. */
export function observedSql(
  sql: SqlClient,
  seen: (text: string, name?: string) => void,
): SqlClient {
  const observed = Object.create(sql) as SqlClient;
  observed.query = (text, params, options) => {
    seen(text, options?.name);
    return sql.query(text, params, options);
  };
  return observed;
}
