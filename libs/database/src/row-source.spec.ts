import { copyText, rowSource, RowColumns } from './row-source';
import { Queryable } from './sql-client.port';

const COLUMNS: RowColumns = [
  ['id', 'uuid'],
  ['name', 'text'],
  ['count', 'integer'],
  ['done', 'boolean'],
  ['tags', 'json'],
  ['state', 'jsonb'],
];

describe('copyText', () => {
  it('writes a line per row, tab-separated, in the columns given', () => {
    expect(
      copyText(COLUMNS, [
        { id: 'a', name: 'one', count: 1, done: true, tags: ['x'], state: { k: 'v' } },
        { state: null, tags: [], done: false, count: 0, name: '', id: 'b' },
      ]),
    ).toBe('a\tone\t1\ttrue\t["x"]\t{"k":"v"}\nb\t\t0\tfalse\t[]\t\\N\n');
  });

  it('writes NULL for null, undefined and the numbers JSON has not', () => {
    expect(copyText(COLUMNS, [{ id: null, count: NaN, done: undefined }])).toBe(
      '\\N\t\\N\t\\N\t\\N\t\\N\t\\N\n',
    );
    expect(copyText([['n', 'integer']], [{ n: Infinity }, { n: -0.5 }])).toBe('\\N\n-0.5\n');
  });

  it('escapes what COPY reads as structure: backslash, tab, newline, carriage return', () => {
    const text = 'a\\b\tc\nd\re \\N \\. "{x,y}"';
    expect(copyText([['t', 'text']], [{ t: text }])).toBe(
      'a\\\\b\\tc\\nd\\re \\\\N \\\\. "{x,y}"\n',
    );
    // A string that reads like NULL is text, not NULL.
    expect(copyText([['t', 'text']], [{ t: '\\N' }])).toBe('\\\\N\n');
  });

  it('gives a json column the JSON of its value, a string included; other columns text', () => {
    expect(
      copyText(
        [
          ['j', 'json'],
          ['t', 'text'],
        ],
        [
          { j: 'quoted', t: 'plain' },
          { j: 'tab\there', t: { nested: ['a\\b'] } },
        ],
      ),
    ).toBe('"quoted"\tplain\n"tab\\\\there"\t{"nested":["a\\\\\\\\b"]}\n');
  });
  it('takes values as JSON.stringify writes them: toJSON applied, boxed values unboxed', () => {
    const at = new Date('2026-03-01T10:00:00.000Z');
    expect(
      copyText(
        [
          ['at', 'timestamptz'],
          ['t', 'text'],
          ['j', 'jsonb'],
        ],
        [
          { at, t: new String('boxed'), j: { at } },
          { at: { toJSON: () => null }, t: new Number(2), j: NaN },
        ],
      ),
    ).toBe('2026-03-01T10:00:00.000Z\tboxed\t{"at":"2026-03-01T10:00:00.000Z"}\n\\N\t2\t\\N\n');
  });
});

describe('rowSource', () => {
  const rows = [{ id: 'a', name: 'one' }];
  const columns: RowColumns = [
    ['id', 'uuid'],
    ['name', 'text'],
  ];

  it('reads one JSON parameter where the session cannot COPY, or the write is not bulk', async () => {
    const query = jest.fn();
    const noCopy: Queryable = { query };
    const expected = {
      from: 'json_to_recordset($1::json) AS r(id uuid, name text)',
      params: [JSON.stringify(rows)],
    };
    await expect(rowSource(noCopy, 'things', columns, rows, { bulk: true })).resolves.toEqual(
      expected,
    );
    const copyFrom = jest.fn();
    await expect(
      rowSource({ query, copyFrom }, 'things', columns, rows, { bulk: false }),
    ).resolves.toEqual(expected);
    expect(query).not.toHaveBeenCalled();
    expect(copyFrom).not.toHaveBeenCalled();
  });

  it('refuses column names and types that the two ways would read differently', async () => {
    const db: Queryable = { query: jest.fn() };
    const bulk = { bulk: true };
    await expect(rowSource(db, 'things', [['Name', 'text']], rows, bulk)).rejects.toThrow(/Name/);
    await expect(rowSource(db, 'things', [['tags', 'text[]']], rows, bulk)).rejects.toThrow(/tags/);
    await expect(rowSource(db, 'a; DROP', columns, rows, bulk)).rejects.toThrow(/batch/);
  });

  it('stages a bulk write in a temporary table of the transaction, filled by COPY', async () => {
    const query = jest.fn(async () => ({ rows: [] }));
    const copyFrom = jest.fn(async () => undefined);
    const source = await rowSource({ query, copyFrom }, 'things', columns, rows, { bulk: true });
    const table = /^(staged_things_\d+) AS r$/.exec(source.from)?.[1];
    expect(table).toBeDefined();
    expect(source.params).toEqual([]);
    expect(query).toHaveBeenCalledWith(
      `CREATE TEMPORARY TABLE ${table} (id uuid, name text) ON COMMIT DROP`,
    );
    expect(copyFrom).toHaveBeenCalledWith(`COPY ${table} (id, name) FROM STDIN`, 'a\tone\n');
    // Each batch a table of its own, so that two in one transaction cannot meet.
    const next = await rowSource({ query, copyFrom }, 'things', columns, rows, { bulk: true });
    expect(next.from).not.toBe(source.from);
  });
});
