import { InvalidRequestError } from '@app/http';

/** A dimension a count may be grouped by: its SQL expression over the row aliased `c` or `r`. */
export interface Dimension {
  sql: string;
  /**
   * A multi-valued attribute: counted from the table holding one row per value (with the other
   * dimensions' columns beside it), so that a case or referral counts once in each.
   */
  perValue?: true;
  /**
   * Free text (the district, typed by whoever opened the case): a value fewer than k cases carry
   * (this column of `stat_cases`, over all time) is counted as `other`, so that a one-off entry
   * (a misspelling, an address typed as a district) is never published as a key, even beside a
   * withheld count. Global recoding: it does not depend on the period asked for.
   */
  freeText?: string;
}

/** What a value of a free-text dimension carried by fewer than k cases is counted as. */
export const RARE_VALUE = 'other';

export const VICTIM_DIMENSIONS: Readonly<Record<string, Dimension>> = {
  crimeType: { sql: 'c.crime_type' },
  sex: { sql: 'c.sex' },
  ageGroup: { sql: 'c.age_group' },
  citizenship: { sql: "CASE WHEN c.citizenship = 'PK' THEN 'PK' ELSE 'foreign' END" },
  province: { sql: 'c.province' },
  district: { sql: 'c.district', freeText: 'district' },
  exploitationType: { sql: 'c.exploitation_type', perValue: true },
  identificationSource: { sql: 'c.identification_source' },
  traffickingStatus: { sql: 'c.trafficking_status' },
  leadAgencyType: { sql: "coalesce(c.lead_agency_type, 'unknown')" },
  month: { sql: "to_char(c.identified_on, 'YYYY-MM')" },
};

export const REFERRAL_DIMENSIONS: Readonly<Record<string, Dimension>> = {
  toAgencyId: { sql: 'r.to_agency_id' },
  toAgencyType: { sql: "coalesce(r.to_agency_type, 'unknown')" },
  fromAgencyType: { sql: "coalesce(r.from_agency_type, 'unknown')" },
  service: { sql: 'r.service', perValue: true },
  urgency: { sql: 'r.urgency' },
  province: { sql: 'r.province' },
  month: { sql: "to_char(r.requested_on, 'YYYY-MM')" },
};

export const CASE_DIMENSIONS: Readonly<Record<string, Dimension>> = {
  province: { sql: 'c.province' },
  leadAgencyType: { sql: "coalesce(c.lead_agency_type, 'unknown')" },
  crimeType: { sql: 'c.crime_type' },
  month: { sql: "to_char(c.opened_at AT TIME ZONE 'UTC', 'YYYY-MM')" },
};

export const MAX_DIMENSIONS = 3;

/** `groupBy` as given (comma-separated), checked against the dimensions of the statistic. */
export function parseGroupBy(
  groupBy: string | undefined,
  dimensions: Readonly<Record<string, Dimension>>,
): string[] {
  if (groupBy === undefined || groupBy.trim() === '') return [];
  const names = groupBy.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => !Object.hasOwn(dimensions, name));
  if (unknown.length > 0) {
    throw InvalidRequestError.field(
      'groupBy',
      // The names given are not repeated: an error never echoes what was sent.
      unknown.length === 1 ? 'names an unknown dimension' : 'names unknown dimensions',
      `groupBy takes at most ${MAX_DIMENSIONS} of: ${Object.keys(dimensions).join(', ')}.`,
    );
  }
  if (new Set(names).size !== names.length) {
    throw InvalidRequestError.field(
      'groupBy',
      'names a dimension twice',
      'groupBy names a dimension twice.',
    );
  }
  if (names.length > MAX_DIMENSIONS) {
    throw InvalidRequestError.field(
      'groupBy',
      `at most ${MAX_DIMENSIONS} dimensions`,
      `groupBy takes at most ${MAX_DIMENSIONS} dimensions.`,
    );
  }
  return names;
}

/**
 * The SELECT list and GROUP BY of a grouping, and whether it counts from the one-row-per-value
 * table (a multi-valued dimension is among them).
 */
export function grouping(names: string[], dimensions: Readonly<Record<string, Dimension>>, k = 1) {
  const used = names.map((name) => dimensions[name]);
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be an integer ≥ 1, got ${k}`);
  const sql = (d: Dimension) =>
    d.freeText && k > 1
      ? `CASE WHEN ${d.sql} IN (SELECT s.${d.freeText} FROM stat_cases s GROUP BY s.${d.freeText}
                                HAVING count(*) >= ${k})
              THEN ${d.sql} ELSE '${RARE_VALUE}' END`
      : d.sql;
  return {
    // Compared bytewise (code point order), whichever table and locale: the same order, and
    // the same grouping, for every dimension and every database.
    select: used.map((d, i) => `(${sql(d)}) COLLATE "C" AS d${i}`),
    groupBy: used.map((_, i) => `d${i}`),
    perValue: used.some((d) => d.perValue === true),
  };
}
