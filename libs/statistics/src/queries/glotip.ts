import { Queryable } from '@app/database';
import { suppressTable } from '../disclosure/cell-suppression';

export const GLOTIP_COLUMNS = ['women', 'girls', 'men', 'boys', 'other'] as const;
type Column = (typeof GLOTIP_COLUMNS)[number];

export interface GlotipRow {
  women: number | null;
  girls: number | null;
  men: number | null;
  boys: number | null;
  other: number | null;
  total: number | null;
}

export interface GlotipTable {
  year: number;
  k: number;
  rows: Array<{ exploitationType: string } & GlotipRow>;
  byCitizenship: Array<{ citizenship: string } & GlotipRow>;
}

/** UNODC's victim categories: girls and boys are children, women and men adults; the rest other. */
const CATEGORY = `CASE
  WHEN c.sex = 'female' AND c.age_group = 'adult' THEN 'women'
  WHEN c.sex = 'female' AND c.age_group = 'child' THEN 'girls'
  WHEN c.sex = 'male' AND c.age_group = 'adult' THEN 'men'
  WHEN c.sex = 'male' AND c.age_group = 'child' THEN 'boys'
  ELSE 'other' END`;

/**
 * The GLOTIP victim table of a year (victims identified in it): by form of exploitation (a
 * victim counts once in each of theirs) and by citizenship, women, girls, men, boys and other.
 */
export async function glotipTable(db: Queryable, year: number, k: number): Promise<GlotipTable> {
  const span = [`${year}-01-01`, `${year}-12-31`];
  const [byType, byCitizenship] = await Promise.all([
    db.query<{ key: string; category: Column; n: number }>(
      `SELECT c.exploitation_type COLLATE "C" AS key, ${CATEGORY} AS category, count(*)::int AS n
         FROM stat_case_exploitation c
        WHERE c.identified_on BETWEEN $1 AND $2
        GROUP BY 1, 2 ORDER BY 1, 2`,
      span,
    ),
    db.query<{ key: string; category: Column; n: number }>(
      `SELECT c.citizenship COLLATE "C" AS key, ${CATEGORY} AS category, count(*)::int AS n
         FROM stat_cases c
        WHERE c.identified_on BETWEEN $1 AND $2
        GROUP BY 1, 2 ORDER BY 1, 2`,
      span,
    ),
  ]);
  return {
    year,
    k,
    rows: table(byType.rows, k).map(({ key, ...row }) => ({ exploitationType: key, ...row })),
    byCitizenship: table(byCitizenship.rows, k).map(({ key, ...row }) => ({
      citizenship: key,
      ...row,
    })),
  };
}

/** One GLOTIP table, its cells and row totals (margins) protected together. */
function table(
  cells: Array<{ key: string; category: Column; n: number }>,
  k: number,
): Array<{ key: string } & GlotipRow> {
  const published = suppressTable(
    cells.map((cell) => ({ key: [cell.key, cell.category], count: cell.n })),
    k,
  );
  const rows = new Map<string, { key: string } & GlotipRow>();
  for (const cell of cells) {
    if (!rows.has(cell.key)) {
      rows.set(cell.key, {
        key: cell.key,
        women: 0,
        girls: 0,
        men: 0,
        boys: 0,
        other: 0,
        total: 0,
      });
    }
  }
  // A row's total is the margin over the categories, as the suppression published it.
  for (const margin of published.margins) {
    if (margin.key[0] !== null && margin.key[1] === null)
      rows.get(margin.key[0])!.total = margin.count;
  }
  for (const cell of published.cells) {
    const row = rows.get(cell.key[0])!;
    row[cell.key[1] as Column] = cell.count;
  }
  return [...rows.values()];
}
