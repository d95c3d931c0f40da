/**
 * k-anonymity for the auditors' research export: full-domain generalisation with row
 * suppression, searched over a small lattice in the manner of Samarati (2001). README.md beside
 * this file explains the method.
 */

export const DEFAULT_K_ANONYMITY = 11;

/** Share of the rows that may be dropped rather than generalise further. */
export const DEFAULT_MAX_SUPPRESSION = 0.05;

export interface MicrodataRow {
  gender: string;
  ageGroup: string;
  citizenship: string;
  province: string;
  district: string | null;
  /** `YYYY-MM`. */
  month: string;
  [other: string]: unknown;
}

export interface Generalisation {
  district: 'kept' | 'removed';
  month: 'month' | 'quarter' | 'year';
  citizenship: 'code' | 'foreign';
}

export interface Anonymised<T> {
  /** The rows kept, in input order, carrying the generalised values; other fields untouched. */
  rows: T[];
  k: number;
  generalised: Generalisation;
  /** Rows dropped because their class stayed smaller than k. */
  suppressedRows: number;
}

export interface KAnonymiseOptions {
  /** Fraction of rows, in [0, 1]; DEFAULT_MAX_SUPPRESSION if absent. */
  maxSuppression?: number;
}

const DISTRICT = ['kept', 'removed'] as const;
const MONTH = ['month', 'quarter', 'year'] as const;
const CITIZENSHIP = ['code', 'foreign'] as const;

/**
 * The lattice in search order. Fewer generalisation steps first (Samarati's height). Among
 * nodes of one height, district goes first (it is the most identifying value and the one
 * research needs least), then citizenship, and month last (trends over time are what the export
 * is mostly for).
 */
const LATTICE: readonly Generalisation[] = DISTRICT.flatMap((district) =>
  CITIZENSHIP.flatMap((citizenship) => MONTH.map((month) => ({ district, month, citizenship }))),
)
  .map((node) => ({ node, height: height(node), tie: tieRank(node) }))
  .sort((a, b) => a.height - b.height || a.tie - b.tie)
  .map(({ node }) => node);

function height(node: Generalisation): number {
  return (
    DISTRICT.indexOf(node.district) +
    MONTH.indexOf(node.month) +
    CITIZENSHIP.indexOf(node.citizenship)
  );
}

/** Lower is preferred at equal height: the more generalised the month, the later. */
function tieRank(node: Generalisation): number {
  return (
    MONTH.indexOf(node.month) * 4 +
    CITIZENSHIP.indexOf(node.citizenship) * 2 +
    (1 - DISTRICT.indexOf(node.district))
  );
}

const MONTH_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;

/**
 * Makes `rows` k-anonymous over gender, ageGroup, citizenship, province, district and month:
 * every combination of those values that remains occurs in at least `k` rows.
 *
 * Chooses the least generalised lattice node (see LATTICE) whose classes smaller than k hold at
 * most `maxSuppression` of the rows, preferring, within a height, the node that drops the fewest
 * rows; those rows are then dropped. If no node qualifies, the most general one is used and every
 * row still in a class smaller than k is dropped, however many that is.
 */
export function kAnonymise<T extends MicrodataRow>(
  rows: readonly T[],
  k: number = DEFAULT_K_ANONYMITY,
  options: KAnonymiseOptions = {},
): Anonymised<T> {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be an integer ≥ 1, got ${k}`);
  const maxSuppression = options.maxSuppression ?? DEFAULT_MAX_SUPPRESSION;
  if (!(maxSuppression >= 0 && maxSuppression <= 1)) {
    throw new RangeError(`maxSuppression must be in [0, 1], got ${maxSuppression}`);
  }
  for (const row of rows) {
    if (!MONTH_PATTERN.test(row.month)) throw new RangeError(`month must be YYYY-MM: ${row.month}`);
  }
  const allowed = Math.floor(maxSuppression * rows.length);

  let chosen: { node: Generalisation; sizes: Map<string, number>; suppressed: number } | undefined;
  for (const node of LATTICE) {
    // Later heights are never better than a qualifying node found lower down.
    if (chosen && height(node) > height(chosen.node)) break;
    const sizes = classSizes(rows, node);
    const suppressed = rowsInSmallClasses(sizes, k);
    if (suppressed <= allowed && (!chosen || suppressed < chosen.suppressed)) {
      chosen = { node, sizes, suppressed };
    }
  }
  if (!chosen) {
    // Classes only merge going up the lattice, so the top drops the fewest rows of all.
    const node = LATTICE[LATTICE.length - 1];
    const sizes = classSizes(rows, node);
    chosen = { node, sizes, suppressed: rowsInSmallClasses(sizes, k) };
  }

  const { node, sizes } = chosen;
  const kept: T[] = [];
  for (const row of rows) {
    const generalised = generalise(row, node);
    if (sizes.get(classKey(generalised))! >= k) kept.push(generalised);
  }
  return { rows: kept, k, generalised: { ...node }, suppressedRows: rows.length - kept.length };
}

function generalise<T extends MicrodataRow>(row: T, node: Generalisation): T {
  const [, year, month] = MONTH_PATTERN.exec(row.month)!;
  return {
    ...row,
    district: node.district === 'kept' ? row.district : null,
    month:
      node.month === 'month'
        ? row.month
        : node.month === 'quarter'
          ? `${year}-Q${Math.floor((Number(month) - 1) / 3) + 1}`
          : year,
    citizenship:
      node.citizenship === 'code' || isPakistani(row.citizenship) ? row.citizenship : 'foreign',
  };
}

function isPakistani(citizenship: string): boolean {
  return citizenship.trim().toUpperCase() === 'PK';
}

function classKey(row: MicrodataRow): string {
  return JSON.stringify([
    row.gender,
    row.ageGroup,
    row.citizenship,
    row.province,
    row.district,
    row.month,
  ]);
}

function classSizes(rows: readonly MicrodataRow[], node: Generalisation): Map<string, number> {
  const sizes = new Map<string, number>();
  for (const row of rows) {
    const key = classKey(generalise(row, node));
    sizes.set(key, (sizes.get(key) ?? 0) + 1);
  }
  return sizes;
}

function rowsInSmallClasses(sizes: Map<string, number>, k: number): number {
  let total = 0;
  for (const size of sizes.values()) if (size < k) total += size;
  return total;
}
