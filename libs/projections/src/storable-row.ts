import { storable } from '@app/database';

export type ColumnType = 'text' | 'text?' | 'timestamptz?' | 'boolean' | 'integer' | 'json';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * A read-model row as its columns can store it, whatever the event it comes from holds. The API
 * and the domain only write well-formed events, but the log is JSON and accepts anything, and a
 * projection that cannot store a row stops every inbox: text is made storable, and a value that
 * is not of its column's type becomes NULL (or '' and false where the column needs a value).
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
    case 'timestamptz?':
      return typeof value === 'string' &&
        ISO_TIMESTAMP.test(value) &&
        !Number.isNaN(Date.parse(value))
        ? value
        : null;
    case 'boolean':
      return value === true;
    case 'integer':
      return Number.isSafeInteger(value) ? value : 0;
    case 'json':
      return storable(value ?? null);
  }
}

function textOf(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}
