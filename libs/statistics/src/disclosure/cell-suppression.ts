/**
 * Cell suppression for published tables of counts (README.md beside this file explains the
 * method and its assumptions).
 *
 * The table is handled together with every one of its margins, as one "extended" table in which
 * each dimension has an extra value, `null`, meaning "all values of this dimension". A margin is
 * a count like any other: it can be queried on its own, so a small margin is as sensitive as a
 * small cell, and a margin that would give a suppressed cell away has to be withheld too.
 */

/** Threshold below which a non-zero count is never published. */
export const DEFAULT_MIN_COUNT = 5;

export interface CountCell {
  key: readonly string[];
  count: number;
}

export interface PublishedCell {
  key: readonly string[];
  /** `null` exactly when `suppressed`. */
  count: number | null;
  suppressed: boolean;
}

/** A margin of the table: `null` in `key` stands for "summed over this dimension". */
export interface PublishedMargin {
  key: readonly (string | null)[];
  count: number | null;
  suppressed: boolean;
}

export interface PublishedTable {
  /** The input cells, in input order. */
  cells: PublishedCell[];
  /**
   * Every margin short of the grand total (empty for a one-dimensional table), for the value
   * combinations that occur in the input, in key order. A margin published anywhere must be taken
   * from here: publishing one marked `suppressed` could give a suppressed cell away.
   */
  margins: PublishedMargin[];
  total: number | null;
  totalSuppressed: boolean;
}

/**
 * Publishes a table of counts so that no count in `[1, k)` is shown and none can be recomputed
 * from what is shown: the unsuppressed cells, margins and total, with absent combinations taken
 * as known zeros and every count known to be non-negative.
 *
 * `cells` all have keys of the same length (the table's dimensions; 1 to 3 in practice); a key
 * occurs at most once; counts are non-negative integers; zero counts are published as they are.
 * `k` is an integer ≥ 1; with `k = 1` nothing is suppressed (for roles exempt from suppression).
 */
export function suppressTable(
  cells: readonly CountCell[],
  k: number = DEFAULT_MIN_COUNT,
): PublishedTable {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be an integer ≥ 1, got ${k}`);
  if (cells.length === 0) return { cells: [], margins: [], total: 0, totalSuppressed: false };

  const table = extendedTable(cells);
  const { entries } = table;
  for (const entry of entries) {
    if (entry.value > 0 && entry.value < k) entry.suppressed = true;
  }

  protectLines(table);
  for (;;) {
    const determined = determinedEntries(table);
    if (determined.length === 0) break;
    // One at a time: the line rule run after it often closes off the rest as well.
    suppress(repairCandidate(table, determined[0]));
    protectLines(table);
  }

  const byId = new Map(entries.map((e) => [e.id, e]));
  const publishedCells = cells.map((cell): PublishedCell => {
    const entry = byId.get(encodeKey(cell.key))!;
    return {
      key: cell.key,
      count: entry.suppressed ? null : entry.value,
      suppressed: entry.suppressed,
    };
  });
  const margins = entries
    .filter((e) => !e.isCell && e !== table.grandTotal)
    .map((e): PublishedMargin => ({
      key: e.key,
      count: e.suppressed ? null : e.value,
      suppressed: e.suppressed,
    }));
  const total = table.grandTotal;
  return {
    cells: publishedCells,
    margins,
    total: total.suppressed ? null : total.value,
    totalSuppressed: total.suppressed,
  };
}

interface Entry {
  readonly key: readonly (string | null)[];
  readonly id: string;
  /** Position in key order: the deterministic tie-break. */
  order: number;
  value: number;
  readonly isCell: boolean;
  suppressed: boolean;
  /** The lines this entry belongs to, as a member or as the line's total. */
  readonly lines: Line[];
}

/** Cells that share all coordinates but one, and the margin they add up to. */
interface Line {
  readonly members: Entry[];
  readonly total: Entry;
}

interface ExtendedTable {
  readonly entries: Entry[];
  readonly lines: Line[];
  readonly grandTotal: Entry;
}

function encodeKey(key: readonly (string | null)[]): string {
  return JSON.stringify(key);
}

/** Orders keys coordinate by coordinate, "all" first; by code unit, so no locale is involved. */
function compareKeys(a: readonly (string | null)[], b: readonly (string | null)[]): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (x === null) return -1;
    if (y === null) return 1;
    return x < y ? -1 : 1;
  }
  return 0;
}

function extendedTable(cells: readonly CountCell[]): ExtendedTable {
  const dimensions = cells[0].key.length;
  if (dimensions < 1) throw new RangeError('a table needs at least one dimension');
  const byId = new Map<string, Entry>();
  const seen = new Set<string>();
  for (const cell of cells) {
    if (cell.key.length !== dimensions) {
      throw new RangeError(`every key must have ${dimensions} coordinates`);
    }
    if (!Number.isSafeInteger(cell.count) || cell.count < 0) {
      throw new RangeError(`counts must be non-negative integers, got ${cell.count}`);
    }
    const cellId = encodeKey(cell.key);
    if (seen.has(cellId)) throw new RangeError(`duplicate cell ${cellId}`);
    seen.add(cellId);
    // Each subset of the dimensions summed away gives one margin the cell contributes to.
    for (let mask = 0; mask < 1 << dimensions; mask++) {
      const key = cell.key.map((value, d) => (mask & (1 << d) ? null : value));
      const id = encodeKey(key);
      let entry = byId.get(id);
      if (!entry) {
        entry = { key, id, order: 0, value: 0, isCell: mask === 0, suppressed: false, lines: [] };
        byId.set(id, entry);
      }
      entry.value += cell.count;
    }
  }
  const entries = [...byId.values()].sort((a, b) => compareKeys(a.key, b.key));
  entries.forEach((entry, i) => (entry.order = i));

  const lineByTotal = new Map<string, Line>();
  const lines: Line[] = [];
  for (let d = 0; d < dimensions; d++) {
    for (const entry of entries) {
      if (entry.key[d] === null) continue;
      const totalId = encodeKey(entry.key.map((value, i) => (i === d ? null : value)));
      const lineId = `${d}:${totalId}`;
      let line = lineByTotal.get(lineId);
      if (!line) {
        const total = byId.get(totalId)!;
        line = { members: [], total };
        total.lines.push(line);
        lineByTotal.set(lineId, line);
        lines.push(line);
      }
      line.members.push(entry);
      entry.lines.push(line);
    }
  }
  const grandTotal = byId.get(encodeKey(new Array<null>(dimensions).fill(null)))!;
  return { entries, lines, grandTotal };
}

function suppress(entry: Entry): void {
  entry.suppressed = true;
}

/**
 * Smallest first, so that as little as possible is withheld; a cell before a margin of the same
 * size (a margin equals a cell only when the rest of its line is zero); then key order.
 */
function preferred(a: Entry, b: Entry): number {
  return (
    a.value - b.value ||
    Number(a.isCell === false) - Number(b.isCell === false) ||
    a.order - b.order
  );
}

function smallestPublishable(candidates: Iterable<Entry>): Entry | undefined {
  let best: Entry | undefined;
  for (const entry of candidates) {
    if (entry.suppressed || entry.value === 0) continue;
    if (!best || preferred(entry, best) < 0) best = entry;
  }
  return best;
}

/**
 * The "smallest other cell" rule: a line with a single suppressed entry would give it away
 * (margin minus the rest), so the smallest non-zero published entry of that line is withheld
 * as well, until no line has exactly one.
 */
function protectLines(table: ExtendedTable): void {
  let changed = true;
  while (changed) {
    changed = false;
    for (const line of table.lines) {
      let suppressed = line.total.suppressed ? 1 : 0;
      for (const member of line.members) if (member.suppressed) suppressed++;
      if (suppressed !== 1) continue;
      // There is always one: a suppressed entry is non-zero, so its line has another non-zero
      // entry (its margin, or the member the suppressed margin is made of).
      suppress(smallestPublishable([...line.members, line.total])!);
      changed = true;
    }
  }
}

/** Where a determined entry can be hidden: in one of its own lines if possible. */
function repairCandidate(table: ExtendedTable, entry: Entry): Entry {
  const local = smallestPublishable(entry.lines.flatMap((line) => [...line.members, line.total]));
  // Withholding everything non-zero always works (scaling every hidden count by the same factor
  // is consistent with what is left), so there is always something left to withhold.
  return local ?? smallestPublishable(table.entries)!;
}

/**
 * The suppressed entries that the published ones pin down exactly.
 *
 * Every suppressed count is positive, so the true table lies strictly inside the non-negativity
 * bounds of the hidden counts: any direction that keeps the line sums unchanged can be followed a
 * little way. Non-negativity therefore decides nothing here, and an entry is determined exactly
 * when it is a linear consequence of the line equations, i.e. when its unit vector lies in the row
 * space of those equations restricted to the hidden entries. Gauss–Jordan elimination in exact
 * integer arithmetic answers that: in the reduced rows, the unit vector of entry i is in the row
 * space if and only if some reduced row has i as its only non-zero coefficient.
 */
function determinedEntries(table: ExtendedTable): Entry[] {
  const hidden = table.entries.filter((e) => e.suppressed);
  if (hidden.length === 0) return [];
  const column = new Map(hidden.map((e, i) => [e, i]));
  const rows: Array<Map<number, number>> = [];
  for (const line of table.lines) {
    const row = new Map<number, number>();
    for (const member of line.members) {
      const c = column.get(member);
      if (c !== undefined) row.set(c, 1);
    }
    const t = column.get(line.total);
    if (t !== undefined) row.set(t, -1);
    if (row.size > 0) rows.push(row);
  }
  // Plain numbers are exact while every intermediate stays a safe integer, and much faster than
  // bigint; an elimination that would leave that range is redone in bigint.
  let reduced: Array<Map<number, unknown>>;
  try {
    reduced = gaussJordan(rows, hidden.length, NUMBERS);
  } catch (error) {
    if (error !== INEXACT) throw error;
    reduced = gaussJordan(
      rows.map((row) => new Map([...row].map(([c, v]) => [c, BigInt(v)]))),
      hidden.length,
      BIGINTS,
    );
  }

  const determined: Entry[] = [];
  for (const row of reduced) {
    if (row.size === 1) determined.push(hidden[[...row.keys()][0]]);
  }
  return determined.sort((a, b) => a.order - b.order);
}

interface Integers<T> {
  readonly zero: T;
  /** `x · a − y · b`. */
  combine(x: T, a: T, y: T, b: T): T;
  abs(x: T): T;
  remainder(x: T, y: T): T;
  quotient(x: T, y: T): T;
}

const INEXACT = new Error('beyond the safe integers');

function safe(x: number): number {
  if (Math.abs(x) > Number.MAX_SAFE_INTEGER) throw INEXACT;
  return x;
}

const NUMBERS: Integers<number> = {
  zero: 0,
  // A result beyond the safe range cannot round back into it, so checking results suffices.
  combine: (x, a, y, b) => safe(safe(x * a) - safe(y * b)),
  abs: Math.abs,
  remainder: (x, y) => x % y,
  quotient: (x, y) => x / y,
};

const BIGINTS: Integers<bigint> = {
  zero: 0n,
  combine: (x, a, y, b) => x * a - y * b,
  abs: (x) => (x < 0n ? -x : x),
  remainder: (x, y) => x % y,
  quotient: (x, y) => x / y,
};

/**
 * Gauss–Jordan elimination over the integers on sparse rows (column → non-zero coefficient).
 * Each step replaces a row by row · a − pivot · b, which keeps the row space, and divides out
 * the row's common factor to keep the integers small. Returns the non-zero reduced rows.
 */
function gaussJordan<T>(
  input: ReadonlyArray<Map<number, T>>,
  width: number,
  z: Integers<T>,
): Array<Map<number, T>> {
  const rows = [...input];
  let rank = 0;
  for (let c = 0; c < width && rank < rows.length; c++) {
    // The sparsest candidate as pivot, so that as little fill-in as possible spreads.
    let p = -1;
    for (let i = rank; i < rows.length; i++) {
      if (rows[i].has(c) && (p < 0 || rows[i].size < rows[p].size)) p = i;
    }
    if (p < 0) continue;
    [rows[rank], rows[p]] = [rows[p], rows[rank]];
    const pivot = rows[rank];
    const a = pivot.get(c)!;
    for (let i = 0; i < rows.length; i++) {
      const b = rows[i].get(c);
      if (i === rank || b === undefined) continue;
      const row = rows[i];
      const next = new Map<number, T>();
      for (const [j, x] of row) next.set(j, z.combine(x, a, pivot.get(j) ?? z.zero, b));
      for (const [j, y] of pivot) if (!row.has(j)) next.set(j, z.combine(z.zero, a, y, b));
      for (const [j, v] of next) if (v === z.zero) next.delete(j);
      rows[i] = normalise(next, z);
    }
    rank++;
  }
  return rows.slice(0, rank);
}

function normalise<T>(row: Map<number, T>, z: Integers<T>): Map<number, T> {
  let g = z.zero;
  for (const x of row.values()) {
    let [p, q] = [g, z.abs(x)];
    while (q !== z.zero) [p, q] = [q, z.remainder(p, q)];
    g = p;
  }
  if (g !== z.zero) for (const [j, x] of row) row.set(j, z.quotient(x, g));
  return row;
}
