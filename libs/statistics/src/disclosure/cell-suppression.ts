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
 * as known zeros and every withheld count known to be at least 1 (zeros are published).
 *
 * `cells` all have keys of the same length (the table's dimensions; 1 to 3 in practice); a key
 * occurs at most once; counts are non-negative integers; zero counts are published as they are.
 * `k` is an integer ≥ 1; with `k = 1` nothing is suppressed (for roles exempt from suppression).
 * `withheld`: indexes of `cells` to withhold whatever their count (a zero excepted, which stays
 * published), protected as the small ones are: a count that another figure of the same answer
 * would give away.
 */
export function suppressTable(
  cells: readonly CountCell[],
  k: number = DEFAULT_MIN_COUNT,
  withheld: ReadonlySet<number> = new Set(),
): PublishedTable {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be an integer ≥ 1, got ${k}`);
  if (cells.length === 0) return { cells: [], margins: [], total: 0, totalSuppressed: false };

  const table = extendedTable(cells);
  const { entries } = table;
  for (const entry of entries) {
    if (entry.value > 0 && entry.value < k) entry.suppressed = true;
  }
  for (const i of withheld) {
    const entry = table.cellEntries[i];
    if (entry.value > 0) entry.suppressed = true;
  }

  protectLines(table);
  const hidden = new HiddenEntries(table);
  for (;;) {
    // A count the line equations pin down: one at a time, as the line rule run after it often
    // closes off the rest as well.
    const determined = hidden.determined();
    if (determined.length > 0) {
      suppress(repairCandidate(table, determined[0]));
      protectLines(table);
      continue;
    }
    // A withheld 1 that may be pinned at 1 (every withheld count is at least 1): each is given a
    // lifting box, withholding what its cheapest box needs.
    let withheld = false;
    for (const one of table.entries) {
      if (!one.suppressed || one.value !== 1) continue;
      const box = liftingBox(table, one);
      box.forEach(suppress);
      withheld ||= box.length > 0;
    }
    if (!withheld) break;
    protectLines(table);
  }

  const publishedCells = cells.map((cell, i): PublishedCell => {
    const entry = table.cellEntries[i];
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
  /** The entry of each input cell, in input order. */
  readonly cellEntries: readonly Entry[];
  readonly lines: Line[];
  readonly grandTotal: Entry;
  /** Each dimension's values, in key order. */
  readonly values: readonly (readonly string[])[];
  /**
   * Every entry by its place in a grid of the coordinates, for the box search's many lookups: a
   * coordinate is the value's index in `values`, "all" the one after the last, and the place the
   * sum of each coordinate times its dimension's `strides`.
   */
  readonly grid: ReadonlyArray<Entry | undefined>;
  readonly strides: readonly number[];
  /** Each entry's coordinates, as the grid counts them. */
  readonly coordinates: ReadonlyMap<Entry, readonly number[]>;
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
  for (const cell of cells) {
    if (cell.key.length !== dimensions) {
      throw new RangeError(`every key must have ${dimensions} coordinates`);
    }
    if (!Number.isSafeInteger(cell.count) || cell.count < 0) {
      throw new RangeError(`counts must be non-negative integers, got ${cell.count}`);
    }
  }
  const values = Array.from({ length: dimensions }, (_, d) =>
    [...new Set(cells.map((cell) => cell.key[d]))].sort(),
  );
  const indexes = values.map((each) => new Map(each.map((value, i) => [value, i])));
  const strides: number[] = [];
  let size = 1;
  for (const each of values) {
    strides.push(size);
    size *= each.length + 1;
  }
  /** The step from a coordinate to "all" along dimension d. */
  const toAll = (at: readonly number[], d: number) => (values[d].length - at[d]) * strides[d];
  const grid = new Array<Entry | undefined>(size);
  const coordinates = new Map<Entry, number[]>();
  const cellEntries: Entry[] = [];
  for (const cell of cells) {
    const at = cell.key.map((value, d) => indexes[d].get(value)!);
    const place = at.reduce((sum, c, d) => sum + c * strides[d], 0);
    if (grid[place]) throw new RangeError(`duplicate cell ${JSON.stringify(cell.key)}`);
    // Each subset of the dimensions summed away gives one margin the cell contributes to.
    for (let mask = 0; mask < 1 << dimensions; mask++) {
      let p = place;
      for (let d = 0; d < dimensions; d++) if (mask & (1 << d)) p += toAll(at, d);
      let entry = grid[p];
      if (!entry) {
        const key = cell.key.map((value, d) => (mask & (1 << d) ? null : value));
        entry = { key, order: 0, value: 0, isCell: mask === 0, suppressed: false, lines: [] };
        grid[p] = entry;
        coordinates.set(
          entry,
          at.map((c, d) => (mask & (1 << d) ? values[d].length : c)),
        );
      }
      entry.value += cell.count;
      if (mask === 0) cellEntries.push(entry);
    }
  }
  const entries = [...coordinates.keys()].sort((a, b) => compareKeys(a.key, b.key));
  entries.forEach((entry, i) => (entry.order = i));
  const placeOf = (entry: Entry) =>
    coordinates.get(entry)!.reduce((sum, c, d) => sum + c * strides[d], 0);

  const lineByTotal = new Map<number, Line>();
  const lines: Line[] = [];
  for (let d = 0; d < dimensions; d++) {
    for (const entry of entries) {
      if (entry.key[d] === null) continue;
      const totalPlace = placeOf(entry) + toAll(coordinates.get(entry)!, d);
      const lineId = d * size + totalPlace;
      let line = lineByTotal.get(lineId);
      if (!line) {
        const total = grid[totalPlace]!;
        line = { members: [], total };
        total.lines.push(line);
        lineByTotal.set(lineId, line);
        lines.push(line);
      }
      line.members.push(entry);
      entry.lines.push(line);
    }
  }
  const grandTotal = grid[size - 1]!;
  return { entries, cellEntries, lines, grandTotal, values, grid, strides, coordinates };
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
 * (margin minus the rest), and so would a line whose suppressed entries are all 1s against its
 * published margin (each is at least 1, and they add up to as many as there are), so the
 * smallest non-zero published entry of that line is withheld as well, until no line has either.
 */
function protectLines(table: ExtendedTable): void {
  let changed = true;
  while (changed) {
    changed = false;
    for (const line of table.lines) {
      let suppressed = line.total.suppressed ? 1 : 0;
      let ones = 0;
      for (const member of line.members) {
        if (member.suppressed) suppressed++;
        if (member.suppressed && member.value === 1) ones++;
      }
      // One withheld count is the margin minus the rest; withheld 1s alone against a published
      // margin are all 1, as each is at least 1.
      if (suppressed !== 1 && !(ones > 0 && ones === suppressed)) continue;
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
 * What must still be withheld for this withheld 1 to have a lifting box: nothing when it has
 * one. Along each dimension the entry is paired with another value (the two move in opposite
 * directions, which keeps the line's sum) or with "all" (both move the same way, the margin
 * following its member); the box is every combination of the pairs, each corner moving by the
 * product of the directions, which keeps every line's sum. A box lifts the entry when every
 * corner is withheld, none is zero, and every corner that moves down is at least 2: so lifting
 * each withheld 1 along its box, a little, lifts them all at once and lowers none below 2, and
 * some table consistent with what is published has every withheld count above 1 (HiddenEntries
 * then decides exactly). The cheapest box is chosen: the least withheld anew (the sum of the
 * counts), then the fewest entries. There is always one: pair the entry with "all" along each
 * of its own dimensions, and with the values of a non-zero cell beneath it along those it sums
 * over; every corner then adds up that cell, moves up, and is not zero.
 */
function liftingBox(table: ExtendedTable, entry: Entry): Entry[] {
  const dimensions = entry.key.length;
  const own = table.coordinates.get(entry)!;
  const { grid, strides } = table;
  /**
   * Each dimension's partners: the step to the partner's place in the grid (from the entry's),
   * and the direction the partner moves in.
   */
  const partners = own.map((at, d) => {
    const all = table.values[d].length;
    const step = (to: number) => (to - at) * strides[d];
    const values = table.values[d].map((_, i) => i);
    return at === all
      ? values.map((i) => ({ step: step(i), sign: 1 }))
      : [
          ...values.filter((i) => i !== at).map((i) => ({ step: step(i), sign: -1 })),
          { step: step(all), sign: 1 },
        ];
  });
  const place = own.reduce((sum, c, d) => sum + c * strides[d], 0);
  const chosen: { step: number; sign: number }[] = [];
  let best: { added: Entry[]; cost: number } | undefined;
  const consider = (): void => {
    const added: Entry[] = [];
    let cost = 0;
    for (let mask = 1; mask < 1 << dimensions; mask++) {
      let sign = 1;
      let at = place;
      for (let d = 0; d < dimensions; d++) {
        if (!(mask & (1 << d))) continue;
        sign *= chosen[d].sign;
        at += chosen[d].step;
      }
      const corner = grid[at];
      if (!corner || corner.value === 0 || (sign < 0 && corner.value < 2)) return;
      if (!corner.suppressed) {
        added.push(corner);
        cost += corner.value;
        if (best && cost > best.cost) return;
      }
    }
    if (!best || cost < best.cost || (cost === best.cost && added.length < best.added.length)) {
      best = { added, cost };
    }
  };
  const search = (d: number): void => {
    if (best?.added.length === 0) return;
    if (d === dimensions) return consider();
    for (const partner of partners[d]) {
      chosen[d] = partner;
      search(d + 1);
    }
  };
  search(0);
  return best!.added;
}

/**
 * The suppressed entries, and which of them the line equations pin down exactly.
 *
 * Where some table consistent with what is published has every withheld count above 1 (the
 * bound a reader knows: zeros are published), any direction that keeps the line sums unchanged
 * can be followed a little way from it, so the bounds decide nothing, and an entry is determined
 * exactly when it is a linear consequence of the line equations, i.e. when its unit vector lies
 * in the row space of those equations restricted to the hidden entries. (suppressTable makes
 * sure such a table exists: every withheld 1 has a lifting box.) In the reduced row echelon form of that
 * system (exact integer arithmetic), this holds if and only if some row has the entry as its
 * only non-zero coefficient.
 *
 * Entries are only ever added to the hidden ones, so the reduced form is kept as they are:
 * hiding an entry adds a column, which costs one elimination step instead of a new elimination
 * of the whole system each time.
 */
class HiddenEntries {
  private readonly lineIndex = new Map<Line, number>();
  private readonly order: Entry[] = [];
  private readonly added = new Set<Entry>();
  private space: RowSpace<number> | RowSpace<bigint>;

  constructor(private readonly table: ExtendedTable) {
    table.lines.forEach((line, i) => this.lineIndex.set(line, i));
    this.space = new RowSpace(table.lines.length, NUMBERS, 1);
  }

  /** The suppressed entries determined by the published ones, in key order. */
  determined(): Entry[] {
    for (const entry of this.table.entries) {
      if (entry.suppressed && !this.added.has(entry)) this.hide(entry);
    }
    return this.space
      .determined()
      .map((i) => this.order[i])
      .sort((a, b) => a.order - b.order);
  }

  private hide(entry: Entry): void {
    this.added.add(entry);
    this.order.push(entry);
    if (this.space.z === BIGINTS) {
      this.hideIn(this.space as RowSpace<bigint>, entry);
      return;
    }
    try {
      this.hideIn(this.space as RowSpace<number>, entry);
    } catch (error) {
      if (error !== INEXACT) throw error;
      // Plain numbers are exact while every intermediate stays a safe integer, and much faster
      // than bigint; a system that would leave that range is built again in bigint.
      const space = new RowSpace(this.table.lines.length, BIGINTS, 1n);
      for (const each of this.order) this.hideIn(space, each);
      this.space = space;
    }
  }

  /** The entry's column: +1 in the lines it is a member of, −1 in the line it is the total of. */
  private hideIn<T>(space: RowSpace<T>, entry: Entry): void {
    const { one, z } = space;
    const minusOne = z.combine(z.zero, one, one, one);
    space.addColumn(
      entry.lines.map((line) => [this.lineIndex.get(line)!, line.total === entry ? minusOne : one]),
    );
  }
}

interface Row<T> {
  /** Coefficients on the hidden columns. */
  coefficients: Map<number, T>;
  /** The row as a combination of the line equations. */
  combination: Map<number, T>;
  /** The column this row is the pivot of; null for a row that is zero on every hidden column. */
  pivot: number | null;
}

/**
 * The line equations (one row each) over a growing set of columns, kept in reduced row echelon
 * form over the integers. Each row remembers which combination of the equations it is, so that a
 * new column's coefficients in every row follow from the column's coefficients in the equations.
 */
class RowSpace<T> {
  private readonly rows: Row<T>[];
  /**
   * For each equation, the rows whose combination holds it: only those can have a non-zero
   * coefficient on a new column, so a column looks at them alone instead of at every row.
   */
  private readonly rowsWith: Set<number>[];
  private columns = 0;

  constructor(
    lines: number,
    readonly z: Integers<T>,
    readonly one: T,
  ) {
    this.rows = Array.from({ length: lines }, (_, i) => ({
      coefficients: new Map<number, T>(),
      combination: new Map([[i, one]]),
      pivot: null,
    }));
    this.rowsWith = Array.from({ length: lines }, (_, i) => new Set([i]));
  }

  /** Adds the next column, given its coefficient in each equation (line index → coefficient). */
  addColumn(inEquations: ReadonlyArray<[number, T]>): void {
    const { z } = this;
    const column = this.columns++;
    // value + c · coefficient, as value · 1 − c · (−coefficient).
    const negated = inEquations.map(
      ([line, coefficient]) => [line, z.combine(z.zero, this.one, coefficient, this.one)] as const,
    );
    const candidates = new Set<number>();
    for (const [line] of negated) for (const r of this.rowsWith[line]) candidates.add(r);
    // In row order, so that the pivot chosen (and so every result) is the same as a scan of all.
    const touched: number[] = [];
    let p = -1;
    for (const r of [...candidates].sort((a, b) => a - b)) {
      const row = this.rows[r];
      let value = z.zero;
      for (const [line, minus] of negated) {
        const c = row.combination.get(line);
        if (c !== undefined) value = z.combine(value, this.one, c, minus);
      }
      if (value === z.zero) continue;
      row.coefficients.set(column, value);
      touched.push(r);
      // A zero row that now has the column can be its pivot: the sparsest, to limit fill-in.
      if (row.pivot === null && (p < 0 || row.combination.size < this.rows[p].combination.size)) {
        p = r;
      }
    }
    if (p < 0) return;
    const pivot = this.rows[p];
    pivot.pivot = column;
    const a = pivot.coefficients.get(column)!;
    for (const r of touched) {
      const row = this.rows[r];
      const b = row.coefficients.get(column)!;
      if (r === p) continue;
      // row · a − pivot · b: the pivot row's only coefficient is the new column's.
      for (const [j, x] of row.coefficients) row.coefficients.set(j, z.combine(x, a, z.zero, b));
      row.coefficients.delete(column);
      const next = new Map<number, T>();
      for (const [j, x] of row.combination) {
        next.set(j, z.combine(x, a, pivot.combination.get(j) ?? z.zero, b));
      }
      for (const [j, y] of pivot.combination) {
        if (!row.combination.has(j)) next.set(j, z.combine(z.zero, a, y, b));
      }
      for (const [j, v] of next) if (v === z.zero) next.delete(j);
      for (const j of row.combination.keys()) if (!next.has(j)) this.rowsWith[j].delete(r);
      for (const j of next.keys()) this.rowsWith[j].add(r);
      row.combination = next;
      normalise([row.coefficients, row.combination], z, this.one);
    }
  }

  /** The columns (by the order they were added) that are a row of their own. */
  determined(): number[] {
    return this.rows
      .filter((row) => row.pivot !== null && row.coefficients.size === 1)
      .map((row) => row.pivot!);
  }
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

/** Divides a row (its parts together) by the common factor of its coefficients. */
function normalise<T>(parts: Array<Map<number, T>>, z: Integers<T>, one: T): void {
  let g = z.zero;
  for (const part of parts) {
    for (const x of part.values()) {
      let [p, q] = [g, z.abs(x)];
      while (q !== z.zero) [p, q] = [q, z.remainder(p, q)];
      g = p;
    }
  }
  if (g === z.zero || g === one) return;
  for (const part of parts) for (const [j, x] of part) part.set(j, z.quotient(x, g));
}
