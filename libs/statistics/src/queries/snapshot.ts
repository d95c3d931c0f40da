import { Queryable, SqlClient } from '@app/database';

/**
 * The queries of one answer in one read-only snapshot, so that they all see the same events;
 * with JIT compilation off (compiling these aggregates took longer than running them) and room
 * to hash the groups, with their gathered hours, and to sort in memory.
 */
export function inSnapshot<T>(sql: SqlClient, work: (db: Queryable) => Promise<T>): Promise<T> {
  return sql.transaction(async (tx) => {
    await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    await tx.query(`SELECT set_config('jit', 'off', true), set_config('work_mem', '32MB', true)`);
    return work(tx);
  });
}
