/** Timestamps travel as ISO-8601 strings with any offset; compare them as instants, never as text. */

const HOUR_MS = 60 * 60 * 1000;

function toMillis(timestamp: string): number {
  return Date.parse(timestamp);
}

export function addHours(timestamp: string, hours: number): string {
  return new Date(toMillis(timestamp) + hours * HOUR_MS).toISOString();
}

export function addDays(timestamp: string, days: number): string {
  return addHours(timestamp, days * 24);
}

export function isAfter(timestamp: string, other: string): boolean {
  return toMillis(timestamp) > toMillis(other);
}
