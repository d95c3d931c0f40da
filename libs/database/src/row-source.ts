import { Queryable } from './sql-client.port';
import { storable, storableJson } from './storable-text';

/** The columns of a batch of rows: each one's name (a key of the rows) and PostgreSQL type. */
export type RowColumns = ReadonlyArray<readonly [name: string, type: string]>;

/** Where an `INSERT … SELECT` finds a batch's rows: a `FROM` item named `r`, and its parameters. */
export interface RowSource {
  from: string;
  params: unknown[];
}

let staged = 0;

/**
 * The rows of a batch as a `FROM` item (`r`) for an `INSERT … SELECT`, with the same columns
 * either way: `json_to_recordset` of one JSON parameter, or, for a bulk write (`bulk`: a rebuild
 * writing thousands of rows a statement) in a session that can COPY, a temporary table of the
 * transaction filled by `COPY … FROM STDIN`. PostgreSQL reads COPY's text two to three times as
 * fast as it takes a large JSON parameter apart, and the `INSERT … SELECT` from either keeps
 * its conflicts and derived columns the same.
 *
 * Values go in as `json_to_recordset` takes them from JSON: null and undefined are NULL, a
 * `json`/`jsonb` column gets the value's JSON, any other column a string as it is and anything
 * else as its JSON text. Either way the text is made storable (`storable`: no NUL or unpaired
 * surrogate, which PostgreSQL's text cannot hold, reaches it).
 */
export async function rowSource(
  tx: Queryable,
  name: string,
  columns: RowColumns,
  rows: ReadonlyArray<Record<string, unknown>>,
  options: { bulk: boolean },
): Promise<RowSource> {
  const definition = columns.map(([column, type]) => `${column} ${type}`).join(', ');
  if (!options.bulk || !tx.copyFrom) {
    return {
      from: `json_to_recordset($1::json) AS r(${definition})`,
      params: [storableJson(rows)],
    };
  }
  const table = `staged_${name}_${++staged}`;
  await tx.query(`CREATE TEMPORARY TABLE ${table} (${definition}) ON COMMIT DROP`);
  await tx.copyFrom(
    `COPY ${table} (${columns.map(([column]) => column).join(', ')}) FROM STDIN`,
    copyText(columns, rows),
  );
  return { from: `${table} AS r`, params: [] };
}

/** Rows in COPY's text format: a line each, columns separated by tabs, `\N` for NULL. */
export function copyText(
  columns: RowColumns,
  rows: ReadonlyArray<Record<string, unknown>>,
): string {
  const json = columns.map(([, type]) => /^jsonb?$/i.test(type));
  let text = '';
  for (const row of rows) {
    for (let i = 0; i < columns.length; i++) {
      if (i > 0) text += '\t';
      const value = row[columns[i][0]];
      if (value === null || value === undefined) text += '\\N';
      else if (typeof value === 'string' && !json[i]) text += escaped(storable(value));
      else if (typeof value === 'boolean' && !json[i]) text += String(value);
      // JSON has no NaN or Infinity: JSON.stringify writes them as null.
      else if (typeof value === 'number' && !json[i]) {
        text += Number.isFinite(value) ? String(value) : '\\N';
      } else {
        const jsonText = storableJson(value);
        text += jsonText === undefined ? '\\N' : escaped(jsonText);
      }
    }
    text += '\n';
  }
  return text;
}

const SPECIAL = /[\\\n\r\t]/;
const SPECIALS = /[\\\n\r\t]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escaped(text: string): string {
  return SPECIAL.test(text) ? text.replace(SPECIALS, (c) => ESCAPES[c]) : text;
}
