import { rowSource, RowColumns, SqlClient } from '@app/database';
import { SQL_BACKENDS, SqlBackend } from '../support/sql-backends';

/**
 * rowSource's two ways of handing a batch to an INSERT … SELECT (a JSON parameter, or COPY into
 * a temporary table on a server) give PostgreSQL the same rows, whatever the text holds, and
 * either way text PostgreSQL cannot hold is stored as U+FFFD.
 */
const COLUMNS: RowColumns = [
  ['id', 'uuid'],
  ['label', 'text'],
  ['n', 'integer'],
  ['flag', 'boolean'],
  ['at', 'timestamptz'],
  ['list', 'json'],
  ['doc', 'jsonb'],
];

const AWKWARD = [
  '',
  'plain',
  'tab\there',
  'new\nline',
  'carriage\rreturn',
  'back\\slash',
  '\\N',
  '\\.',
  '"quoted"',
  '{a,b}',
  'NULL',
  "it's",
  'Zarmeena ضلع لاہور 🙂',
  // What PostgreSQL's text cannot hold: stored as U+FFFD either way.
  'nul\u0000 and a lone \ud800 surrogate',
  '\u0007\u001b[2J\u0085\u202e\uFFFD',
  'x'.repeat(100_000),
];

function rows(): Array<Record<string, unknown>> {
  return AWKWARD.map((text, i) => ({
    id: `00000000-0000-7000-8000-${String(i).padStart(12, '0')}`,
    label: i % 5 === 4 ? null : text,
    n: i % 4 === 3 ? undefined : i - 7,
    flag: i % 3 === 0 ? null : i % 2 === 0,
    // A time as text or as a Date (JSON.stringify writes its toJSON).
    at:
      i % 6 === 5
        ? null
        : i % 2 === 0
          ? `2026-0${(i % 9) + 1}-1${i % 10}T0${i % 10}:30:00.${i}Z`
          : new Date(Date.UTC(2026, i % 9, 10 + (i % 10), i % 10, 30, 0, i)),
    list: [text, null, i, { [text]: [text] }],
    doc: i % 7 === 6 ? null : { text, nested: { list: [text, true, 1.5] }, i },
  }));
}

describe.each(SQL_BACKENDS)('rowSource, on %s', (name, open) => {
  let backend: SqlBackend;
  let sql: SqlClient;

  beforeAll(async () => {
    backend = await open('row_source');
    sql = backend.sql;
    await sql.query(
      `CREATE TABLE landed (id uuid PRIMARY KEY, label text, n integer, flag boolean,
         at timestamptz, list json, doc jsonb, first_of_list text)`,
    );
  });

  afterAll(async () => {
    await backend?.close();
  });

  /** The rows landed by an INSERT … SELECT from the source, read back as text. */
  async function land(bulk: boolean): Promise<{ landed: unknown[]; copied: boolean }> {
    await sql.query('TRUNCATE landed');
    const copied = await sql.transaction(async (tx) => {
      const source = await rowSource(tx, 'landed', COLUMNS, rows(), { bulk });
      await tx.query(
        `INSERT INTO landed SELECT id, label, n, flag, at, list, doc, list->>0 FROM ${source.from}`,
        source.params,
      );
      return source.params.length === 0;
    });
    const { rows: landed } = await sql.query(
      `SELECT id::text, label, n, flag, at::text, list::text, doc::text, first_of_list
         FROM landed ORDER BY id`,
    );
    return { landed, copied };
  }

  it('lands the same rows in bulk as one by one', async () => {
    const oneParameter = await land(false);
    expect(oneParameter.copied).toBe(false);
    expect(oneParameter.landed).toHaveLength(AWKWARD.length);
    const bulk = await land(true);
    // Only a server's sessions COPY; PGlite takes the JSON parameter either way.
    expect(bulk.copied).toBe(name === 'PostgreSQL');
    expect(bulk.landed).toEqual(oneParameter.landed);
    expect(bulk.landed[2]).toMatchObject({ label: 'tab\there', first_of_list: 'tab\there' });
    expect(bulk.landed[6]).toMatchObject({ label: '\\N', first_of_list: '\\N' });
    expect(bulk.landed[4]).toMatchObject({ label: null });
    const unstorable = AWKWARD.findIndex((text) => text.startsWith('nul'));
    expect(bulk.landed[unstorable]).toMatchObject({
      label: 'nul\uFFFD and a lone \uFFFD surrogate',
      first_of_list: 'nul\uFFFD and a lone \uFFFD surrogate',
    });
  });

  it('leaves nothing behind: the staged table ends with its transaction', async () => {
    await land(true);
    const { rows: left } = await sql.query(
      `SELECT relname FROM pg_class WHERE relname LIKE 'staged\\_%' AND relpersistence = 't'`,
    );
    expect(left).toEqual([]);
  });

  it('fails the transaction, and writes nothing, on a row a column cannot take', async () => {
    await sql.query('TRUNCATE landed');
    const bad = [...rows().slice(0, 3), { id: 'not-a-uuid', label: 'x' }];
    await expect(
      sql.transaction(async (tx) => {
        const source = await rowSource(tx, 'landed', COLUMNS, bad, { bulk: true });
        await tx.query(
          `INSERT INTO landed SELECT id, label, n, flag, at, list, doc, NULL FROM ${source.from}`,
          source.params,
        );
      }),
    ).rejects.toThrow(/uuid/);
    const { rows: after } = await sql.query('SELECT count(*)::int AS n FROM landed');
    expect(after).toEqual([{ n: 0 }]);
    // The session is usable afterwards.
    expect((await land(true)).landed).toHaveLength(AWKWARD.length);
  });
});
