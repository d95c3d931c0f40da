import { migrate, PgSqlClient, Queryable } from '@app/database';
import { CHECKPOINT_MIGRATIONS, formatPosition } from '@app/event-store';
import { STATISTICS_SUBSCRIPTION } from '@app/statistics';
import { StatisticsAnswers } from '../../libs/statistics/src/queries/answers';
import { createTestDatabase, TestDatabase } from '../support/test-database';

const position = (n: number) => formatPosition({ commit: BigInt(n), prepare: BigInt(n) });

/**
 * Answers kept per position of the statistics projection: the same question is computed once
 * until the projection moves, never kept while it has no position (none saved yet), and computed
 * once for concurrent askers.
 */
describe('statistics answers kept per projection position', () => {
  let database: TestDatabase;
  let sql: PgSqlClient;

  beforeAll(async () => {
    database = await createTestDatabase('statistics_answers');
    sql = new PgSqlClient({ connectionString: database.url, max: 4 });
    await migrate(sql, CHECKPOINT_MIGRATIONS);
  });

  afterAll(async () => {
    await sql?.close();
    await database?.drop();
  });

  const moveTo = (n: number) =>
    sql.query(
      `INSERT INTO subscription_checkpoints (name, position) VALUES ($1, $2)
       ON CONFLICT (name) DO UPDATE SET position = EXCLUDED.position, updated_at = now()`,
      [STATISTICS_SUBSCRIPTION, position(n)],
    );

  /** A computation that counts its runs and answers what its snapshot reads. */
  function counted() {
    const runs = { n: 0 };
    const compute = async (db: Queryable) => {
      runs.n++;
      const { rows } = await db.query<{ now: string }>(
        `SELECT current_setting('transaction_isolation') AS now`,
      );
      return { isolation: rows[0].now, run: runs.n };
    };
    return { runs, compute };
  }

  it('computes a question once per position, in a repeatable-read snapshot', async () => {
    const answers = new StatisticsAnswers(sql);
    const { runs, compute } = counted();
    await moveTo(10);
    const first = await answers.answer('q', compute);
    expect(first).toEqual({ isolation: 'repeatable read', run: 1 });
    expect(await answers.answer('q', compute)).toBe(first);
    // Another question, or the same with another k, is its own.
    await answers.answer('q k=1', compute);
    expect(runs.n).toBe(2);

    await moveTo(11);
    expect(await answers.answer('q', compute)).toEqual({ isolation: 'repeatable read', run: 3 });
    expect(await answers.answer('q', compute)).toEqual({ isolation: 'repeatable read', run: 3 });
    expect(runs.n).toBe(3);
  });

  it('keeps nothing while the projection has no position (none saved)', async () => {
    const answers = new StatisticsAnswers(sql);
    const { runs, compute } = counted();
    await moveTo(20);
    await answers.answer('q', compute);
    await sql.query('DELETE FROM subscription_checkpoints WHERE name = $1', [
      STATISTICS_SUBSCRIPTION,
    ]);
    await answers.answer('q', compute);
    await answers.answer('q', compute);
    expect(runs.n).toBe(3);
    // A position saved: answers are computed anew, and kept again from there.
    await moveTo(20);
    await answers.answer('q', compute);
    await answers.answer('q', compute);
    expect(runs.n).toBe(4);
    // The same position set again later (another rebuild) is another projection's.
    await sql.query('UPDATE subscription_checkpoints SET updated_at = now() WHERE name = $1', [
      STATISTICS_SUBSCRIPTION,
    ]);
    await answers.answer('q', compute);
    expect(runs.n).toBe(5);
  });

  it('computes once for concurrent askers, and keeps no failure', async () => {
    const answers = new StatisticsAnswers(sql);
    const { runs, compute } = counted();
    await moveTo(30);
    const all = await Promise.all(Array.from({ length: 5 }, () => answers.answer('q', compute)));
    expect(runs.n).toBe(1);
    expect(new Set(all).size).toBe(1);

    let failures = 0;
    const failing = async () => {
      failures++;
      throw new Error('statement timeout');
    };
    await expect(answers.answer('bad', failing)).rejects.toThrow('statement timeout');
    await expect(answers.answer('bad', failing)).rejects.toThrow('statement timeout');
    expect(failures).toBe(2);
  });

  it('keeps no answer too large to keep, and computes it each time', async () => {
    const answers = new StatisticsAnswers(sql);
    let runs = 0;
    const huge = async () => {
      runs++;
      return { items: ['x'.repeat(5 * 1024 * 1024)] };
    };
    await moveTo(40);
    expect((await answers.answer('huge', huge)).items[0]).toHaveLength(5 * 1024 * 1024);
    await answers.answer('huge', huge);
    expect(runs).toBe(2);
  });
});
