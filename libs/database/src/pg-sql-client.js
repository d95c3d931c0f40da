'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
exports.PgSqlClient = void 0;
const pg_1 = require('pg');
class PgSqlClient {
  config;
  kind = 'postgres';
  pool;
  constructor(config) {
    this.config = config;
    this.pool = new pg_1.Pool(config);
    this.pool.on('error', () => undefined);
  }
  async query(sql, params = []) {
    const result = await this.pool.query(sql, params);
    return { rows: result.rows };
  }
  async transaction(work) {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work({
        query: async (sql, params = []) => ({
          rows: (await client.query(sql, params)).rows,
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
  async tryLock(name) {
    const client = new pg_1.Client({ ...this.config, max: undefined });
    let onLost = () => undefined;
    const lost = new Promise((resolve) => (onLost = resolve));
    client.on('error', () => onLost());
    client.on('end', () => onLost());
    await client.connect();
    try {
      const { rows } = await client.query(
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
  async close() {
    await this.pool.end();
  }
}
exports.PgSqlClient = PgSqlClient;
//# sourceMappingURL=pg-sql-client.js.map
