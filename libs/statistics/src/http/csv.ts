import { stringify } from 'csv-stringify/sync';

/** Nested objects become dotted columns (`hoursToAcknowledge.median`). */
function flatten(value: Record<string, unknown>, prefix = ''): Record<string, unknown> {
  const flat: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    if (inner !== null && typeof inner === 'object' && !Array.isArray(inner)) {
      Object.assign(flat, flatten(inner as Record<string, unknown>, `${prefix}${key}.`));
    } else flat[`${prefix}${key}`] = inner;
  }
  return flat;
}

/**
 * One header row, then one line per item; the header is every column any item has, in order of
 * first appearance, so rows of a breakdown with different parts line up. A suppressed count is
 * an empty field. Fields that a spreadsheet would run as a formula are escaped.
 */
export function toCsv(items: Array<Record<string, unknown>>, columns: string[] = []): string {
  const rows = items.map((item) => flatten(item));
  const header = [...columns];
  for (const row of rows)
    for (const key of Object.keys(row)) if (!header.includes(key)) header.push(key);
  return stringify(
    rows.map((row) => header.map((key) => row[key] ?? null)),
    { header: true, columns: header, escape_formulas: true, cast: { boolean: (b) => String(b) } },
  );
}
