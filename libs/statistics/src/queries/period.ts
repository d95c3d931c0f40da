import { InvalidRequestError } from '@app/http';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
/**
 * The first year a period may name: before it, PostgreSQL (no year 0) and Date.UTC (years 0–99
 * as 1900–1999) read dates otherwise.
 */
const FIRST_YEAR = 1900;

export interface Period {
  from: string | null;
  to: string | null;
}

/** `from`/`to`: calendar dates, inclusive; either may be left open. */
export function parsePeriod(from: string | undefined, to: string | undefined): Period {
  const check = (name: string, value: string | undefined): string | null => {
    if (value === undefined) return null;
    const day = new Date(`${value}T00:00:00Z`);
    // A date that does not exist (2026-02-30) would roll over into the next month.
    const valid =
      DATE.test(value) &&
      !Number.isNaN(day.getTime()) &&
      day.toISOString().startsWith(value) &&
      day.getUTCFullYear() >= FIRST_YEAR;
    if (!valid)
      throw InvalidRequestError.field(
        name,
        `must be a date (YYYY-MM-DD) from ${FIRST_YEAR}-01-01`,
        `${name} must be a date from ${FIRST_YEAR}-01-01, such as 2026-01-01.`,
      );
    return value;
  };
  const period = { from: check('from', from), to: check('to', to) };
  if (period.from && period.to && period.from > period.to) {
    throw InvalidRequestError.field('to', 'must not be before from', 'to must not be before from.');
  }
  return period;
}
