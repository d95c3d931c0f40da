import { Client, Pool, PoolConfig } from 'pg';
import { HeldLock, Queryable, QueryOptions, SqlClient } from './sql-client.port';

/** SqlClient over a PostgreSQL server through a `pg` connection pool. */
export class PgSqlClient implements SqlClient {
  readonly kind = 'postgres' as const;
  private readonly pool: Pool;

  constructor(private readonly config: PoolConfig) {
    this.pool = new Pool(config);
    // An idle client losing its connection must not crash the process; the pool replaces it.
    this.pool.on('error', () => undefined);
  }

  async query<Row>(
    sql: string,
    params: unknown[] = [],
    options: QueryOptions = {},
  ): Promise<{ rows: Row[] }> {
    const result = await this.pool.query({
      text: sql,
      values: params,
      ...(options.name && { name: options.name }),
      ...(options.rowMode && { rowMode: options.rowMode }),
    });
    return { rows: result.rows as Row[] };
  }

  async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work({
        query: async <Row>(sql: string, params: unknown[] = []) => ({
          rows: (await client.query(sql, params)).rows as Row[],
        }),
      });
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /**
   * Advisory locks belong to a session, so each lock gets a connection of its own outside the
   * pool: it lives exactly as long as the lock, and a dropped connection releases it in the
   * server, which `lost` reports.
   */
  async tryLock(name: string): Promise<HeldLock | null> {
    const client = new Client({ ...this.config, max: undefined } as never);
    let onLost: () => void = () => undefined;
    const lost = new Promise<void>((resolve) => (onLost = resolve));
    client.on('error', () => onLost());
    client.on('end', () => onLost());
    await client.connect();
    try {
      const { rows } = await client.query<{ locked: boolean }>(
        'SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked',
        [name],
      );
      if (!rows[0].locked) {
        await client.end();
        return null;
      }
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    let released = false;
    return {
      lost,
      release: async () => {
        if (released) return;
        released = true;
        await client
          .query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [name])
          .catch(() => undefined);
        await client.end().catch(() => undefined);
      },
    };
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
