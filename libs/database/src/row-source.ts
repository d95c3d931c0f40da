import { Queryable } from './sql-client.port';
import { asWrittenInJson, storable, storableJson } from './storable-text';

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
 * transaction filled by `COPY … FROM STDIN`. A large JSON parameter costs PostgreSQL more to
 * take apart than the rows' COPY text and their copy from the temporary table together, and
 * the `INSERT … SELECT` from either keeps its conflicts and derived columns the same.
 *
 * Values go in as `json_to_recordset` takes them from JSON (`JSON.stringify` of the rows): null,
 * undefined and a JSON null are NULL, a `json`/`jsonb` column gets the value's JSON, any other
 * column a string as it is and anything else as its JSON text. Either way the text is made
 * storable (`storable`: no NUL or unpaired surrogate, which PostgreSQL's text cannot hold,
 * reaches it). Column names are lowercase identifiers and types are not arrays (a JSON array
 * goes in a `json` column), as json_to_recordset and COPY would read them differently.
 */
export async function rowSource(
  tx: Queryable,
  name: string,
  columns: RowColumns,
  rows: ReadonlyArray<Record<string, unknown>>,
  options: { bulk: boolean },
): Promise<RowSource> {
  for (const [column, type] of columns) {
    if (!IDENTIFIER.test(column) || type.trim().endsWith(']')) {
      throw new Error(`rowSource cannot take column ${column} ${type}`);
    }
  }
  if (!IDENTIFIER.test(name)) throw new Error(`rowSource cannot name a batch ${name}`);
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
      const value = asWrittenInJson(row[columns[i][0]], columns[i][0]);
      if (value === null || value === undefined) text += '\\N';
      else if (typeof value === 'string' && !json[i]) text += escaped(storable(value));
      else if (typeof value === 'boolean' && !json[i]) text += String(value);
      // JSON has no NaN or Infinity: JSON.stringify writes them as null.
      else if (typeof value === 'number' && !json[i]) {
        text += Number.isFinite(value) ? String(value) : '\\N';
      } else {
        // A JSON null (NaN in a json column, say) is NULL, as json_to_recordset reads it.
        const jsonText = storableJson(value);
        text += jsonText === undefined || jsonText === 'null' ? '\\N' : escaped(jsonText);
      }
    }
    text += '\n';
  }
  return text;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;
const SPECIAL = /[\\\n\r\t]/;
const SPECIALS = /[\\\n\r\t]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escaped(text: string): string {
  return SPECIAL.test(text) ? text.replace(SPECIALS, (c) => ESCAPES[c]) : text;
}
