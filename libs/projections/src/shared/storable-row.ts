import { createHash } from 'node:crypto';
import { storable } from '@app/database';

/** `id`: text in an index (an agency id), whose entries PostgreSQL limits to about 2.7 KB. */
export type ColumnType =
  'text' | 'text?' | 'id' | 'id[]' | 'timestamptz?' | 'boolean' | 'integer' | 'json';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|([+-])(\d{2}):(\d{2}))$/;
/** Agency ids are slugs of at most 64 characters; anything longer is stored by its hash. */
const MAX_ID_LENGTH = 200;

/**
 * A read-model row as its columns can store it, whatever the event it comes from holds. The API
 * and the domain only write well-formed events, but the log is JSON and accepts anything, and a
 * projection that cannot store a row stops every inbox: text is made storable, and a value that
 * is not of its column's type becomes NULL (or '' and false where the column needs a value).
 * A `json` value is left as it is: the rows are written through `rowSource`, which stores its
 * storable copy (a row written any other way must make it storable itself).
 */
export function storableRow<Columns extends Record<string, ColumnType>>(
  row: { [K in keyof Columns]: unknown },
  columns: Columns,
): Record<keyof Columns, unknown> {
  const out = {} as Record<keyof Columns, unknown>;
  for (const [name, type] of Object.entries(columns) as Array<[keyof Columns, ColumnType]>) {
    out[name] = storableValue(row[name], type);
  }
  return out;
}

function storableValue(value: unknown, type: ColumnType): unknown {
  switch (type) {
    case 'text':
      return storable(textOf(value) ?? '');
    case 'text?':
      return storable(textOf(value));
    case 'id':
      return storableId(value);
    case 'id[]':
      return Array.isArray(value) ? value.map(storableId) : [];
    case 'timestamptz?':
      return isTimestamp(value) ? value : null;
    case 'boolean':
      return value === true;
    case 'integer':
      return Number.isSafeInteger(value) ? value : 0;
    case 'json':
      // As it is: rowSource, which writes every read model's rows, stores its storable copy
      // (and JSON.stringify, which that check needs, is the cost of a large value).
      return value ?? null;
  }
}

function storableId(value: unknown): string {
  const text = storable(textOf(value) ?? '');
  return text.length <= MAX_ID_LENGTH
    ? text
    : `#sha256:${createHash('sha256').update(text).digest('hex')}`;
}

/**
 * A time PostgreSQL takes as timestamptz: the form the API writes, a real calendar day (no
 * February 30th) of a year from 1 to 9999, an hour, minute, second and offset that exist.
 * Arithmetic on the proleptic Gregorian calendar PostgreSQL uses, without a Date: a rebuild asks
 * this of every time of every row.
 */
function isTimestamp(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = ISO_TIMESTAMP.exec(value);
  if (!match) return false;
  const [year, month, day, hour, minute, second = '0', , offsetHours = '0', offsetMinutes = '0'] =
    match.slice(1);
  const [y, m, d] = [Number(year), Number(month), Number(day)];
  return (
    y >= 1 &&
    m >= 1 &&
    m <= 12 &&
    d >= 1 &&
    d <= daysInMonth(y, m) &&
    Number(hour) < 24 &&
    Number(minute) < 60 &&
    Number(second) < 60 &&
    Number(offsetHours) <= 15 &&
    Number(offsetMinutes) < 60
  );
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days in month `m` (1–12) of year `y`: February has 29 in a Gregorian leap year. */
function daysInMonth(y: number, m: number): number {
  const leap = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  return m === 2 && leap ? 29 : DAYS_IN_MONTH[m - 1];
}

function textOf(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}
