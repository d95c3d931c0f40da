/**
 * Control and bidirectional-override characters replaced: a hand-edited bundle must not be
 * able to move the cursor, recolour or reorder what an auditor reads in the terminal.
 */
const UNPRINTABLE = /[\p{Cc}\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu;

export function clean(value: unknown): string {
  return String(value).replace(UNPRINTABLE, '\uFFFD');
}

export function list(values: readonly unknown[] | undefined): string {
  return values === undefined || values.length === 0 ? 'none' : values.map(clean).join(', ');
}

export function hours(value: number | undefined): string {
  return value === undefined ? '' : `${value} h`;
}

/** Label and value columns, so a report reads as a table without a table library. */
export function row(label: string, value: string, indent = ''): string {
  return `${indent}${label.padEnd(20)}${value}`;
}
