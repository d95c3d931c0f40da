import { extremeOf } from './linear-program';
import { CountCell, PublishedTable, suppressTable } from './cell-suppression';
import { seededRandom } from '../../../../tests/support/seeded-random';

const table = (rows: Array<[string[], number]>): CountCell[] =>
  rows.map(([key, count]) => ({ key, count }));

const hidden = (published: PublishedTable): string[] =>
  [
    ...published.cells.filter((c) => c.suppressed).map((c) => c.key.join(',')),
    ...published.margins
      .filter((m) => m.suppressed)
      .map((m) => m.key.map((v) => v ?? '*').join(',')),
    ...(published.totalSuppressed ? ['total'] : []),
  ].sort();

type Key = (string | null)[];
const ALL = null;

/**
 * The attacker's view, rebuilt without the code under test: every count of the extended table
 * (cells, every margin, the total) over the full product of categories, absent ones as zeros.
 */
function extended(cells: readonly CountCell[]): Map<string, { key: Key; value: number }> {
  const dims = cells[0].key.length;
  const categories = Array.from({ length: dims }, (_, d) => [
    ...new Set(cells.map((c) => c.key[d])),
  ]);
  let keys: Key[] = [[]];
  for (let d = 0; d < dims; d++) {
    keys = keys.flatMap((k) => [...categories[d], ALL].map((v) => [...k, v]));
  }
  const out = new Map(keys.map((key) => [JSON.stringify(key), { key, value: 0 }]));
  for (const key of keys) {
    const entry = out.get(JSON.stringify(key))!;
    for (const cell of cells) {
      if (key.every((v, d) => v === ALL || v === cell.key[d])) entry.value += cell.count;
    }
  }
  return out;
}

/**
 * Bounds of every withheld count by linear programming: the published counts fixed, every line
 * of the extended table summing to its margin, every withheld count at least 1.
 */
function bounds(
  cells: readonly CountCell[],
  published: PublishedTable,
): Array<{ key: string; truth: number; min: number; max: number }> {
  const truth = extended(cells);
  const dims = cells[0].key.length;
  const isHidden = new Set<string>([
    ...published.cells.filter((c) => c.suppressed).map((c) => JSON.stringify(c.key)),
    ...published.margins.filter((m) => m.suppressed).map((m) => JSON.stringify(m.key)),
    ...(published.totalSuppressed ? [JSON.stringify(new Array(dims).fill(ALL))] : []),
  ]);
  // What is published must be the truth, or the check below would test the wrong table.
  for (const c of published.cells) {
    if (!c.suppressed) expect(c.count).toBe(truth.get(JSON.stringify(c.key))!.value);
  }
  for (const m of published.margins) {
    if (!m.suppressed) expect(m.count).toBe(truth.get(JSON.stringify(m.key))!.value);
  }
  if (!published.totalSuppressed) {
    expect(published.total).toBe(truth.get(JSON.stringify(new Array(dims).fill(ALL)))!.value);
  }

  const variables: Record<string, Record<string, number>> = {};
  const constraints: Record<string, { equal?: number; min?: number }> = {};
  // Zeros are published, so whoever reads the table knows that every withheld count is at least 1.
  for (const id of isHidden) {
    variables[id] = { [`atLeastOne:${id}`]: 1 };
    constraints[`atLeastOne:${id}`] = { min: 1 };
  }
  let n = 0;
  for (const { key } of truth.values()) {
    for (let d = 0; d < dims; d++) {
      if (key[d] !== ALL) continue;
      const members = [...truth.values()].filter(
        (e) => e.key[d] !== ALL && e.key.every((v, i) => i === d || v === key[i]),
      );
      const terms: Array<[string, number]> = [
        ...members.map((e): [string, number] => [JSON.stringify(e.key), 1]),
        [JSON.stringify(key), -1],
      ];
      let rhs = 0;
      const line = `line${n++}`;
      let any = false;
      for (const [id, coefficient] of terms) {
        if (isHidden.has(id)) {
          variables[id][line] = coefficient;
          any = true;
        } else rhs -= coefficient * truth.get(id)!.value;
      }
      if (any) constraints[line] = { equal: rhs };
    }
  }

  return [...isHidden].map((id) => {
    const solve = (direction: 'min' | 'max') => {
      const extreme = extremeOf({ variables, constraints }, id, direction);
      expect(extreme).not.toBeNull();
      return extreme!;
    };
    return { key: id, truth: truth.get(id)!.value, min: solve('min'), max: solve('max') };
  });
}

function expectProtected(cells: readonly CountCell[], k: number, published: PublishedTable) {
  for (const b of bounds(cells, published)) {
    // An interval narrower than this would be rounding noise around a determined value.
    if (!(b.max - b.min > 1e-6)) {
      throw new Error(`withheld ${b.key} (=${b.truth}) is pinned to [${b.min}, ${b.max}]`);
    }
  }
  const truth = extended(cells);
  for (const c of published.cells) {
    const value = truth.get(JSON.stringify(c.key))!.value;
    if (value > 0 && value < k) expect(c.suppressed).toBe(true);
    if (value === 0) expect(c.suppressed).toBe(false);
    expect(c.count === null).toBe(c.suppressed);
  }
  for (const m of published.margins) {
    const value = truth.get(JSON.stringify(m.key))!.value;
    if (value > 0 && value < k) expect(m.suppressed).toBe(true);
  }
  // Secondary suppression only ever answers a primary one: a table without a small count (cell,
  // margin or total) is published whole.
  const anySmall = [...truth.values()].some((e) => e.value > 0 && e.value < k);
  if (!anySmall) expect(hidden(published)).toEqual([]);
}

describe('suppressTable', () => {
  describe('one dimension', () => {
    it('withholds the small cell and the next smallest, leaving the total', () => {
      const cells = table([
        [['A'], 3],
        [['B'], 10],
        [['C'], 20],
      ]);
      const published = suppressTable(cells, 5);
      expect(published.cells).toEqual([
        { key: ['A'], count: null, suppressed: true },
        { key: ['B'], count: null, suppressed: true },
        { key: ['C'], count: 20, suppressed: false },
      ]);
      expect(published).toMatchObject({ margins: [], total: 33, totalSuppressed: false });
      expectProtected(cells, 5, published);
    });

    it('does not leave two withheld 1s alone against a published total', () => {
      // 38, 1, 1, 8 with the total 48 published: the two withheld counts add up to 2, and each is
      // at least 1 (zeros are published), so both would be known to be 1.
      const cells = table([
        [['A'], 38],
        [['B'], 1],
        [['C'], 1],
        [['D'], 8],
      ]);
      const published = suppressTable(cells, 5);
      expect(published.cells.map((c) => c.count)).toEqual([38, null, null, null]);
      expect(published.total).toBe(48);
      expectProtected(cells, 5, published);
    });

    it('publishes zeros and never takes one as the complementary cell', () => {
      const cells = table([
        [['A'], 3],
        [['B'], 0],
        [['C'], 20],
      ]);
      const published = suppressTable(cells, 5);
      expect(published.cells.map((c) => c.count)).toEqual([null, 0, null]);
      expect(published.total).toBe(23);
      expectProtected(cells, 5, published);
    });

    it('withholds the total when it is the only other non-zero count', () => {
      const cells = table([
        [['A'], 3],
        [['B'], 0],
      ]);
      const published = suppressTable(cells, 5);
      expect(published.cells.map((c) => c.count)).toEqual([null, 0]);
      expect(published).toMatchObject({ total: null, totalSuppressed: true });
      expectProtected(cells, 5, published);
    });

    it('handles a single cell', () => {
      expect(suppressTable(table([[['A'], 2]]), 5)).toEqual({
        cells: [{ key: ['A'], count: null, suppressed: true }],
        margins: [],
        total: null,
        totalSuppressed: true,
      });
      expect(suppressTable(table([[['A'], 7]]), 5)).toEqual({
        cells: [{ key: ['A'], count: 7, suppressed: false }],
        margins: [],
        total: 7,
        totalSuppressed: false,
      });
    });

    it('withholds everything when all cells and the total are small', () => {
      const published = suppressTable(
        table([
          [['A'], 1],
          [['B'], 2],
        ]),
        5,
      );
      expect(published.cells.every((c) => c.suppressed)).toBe(true);
      expect(published.totalSuppressed).toBe(true);
    });

    it('withholds every small cell but can publish a large total', () => {
      const cells = table([
        [['A'], 1],
        [['B'], 2],
        [['C'], 4],
      ]);
      const published = suppressTable(cells, 5);
      expect(published.cells.every((c) => c.suppressed)).toBe(true);
      expect(published.total).toBe(7);
      expectProtected(cells, 5, published);
    });
  });

  describe('two dimensions', () => {
    it('closes a small cell into a rectangle of withheld cells', () => {
      const cells = table([
        [['a', 'x'], 2],
        [['a', 'y'], 10],
        [['a', 'z'], 12],
        [['b', 'x'], 10],
        [['b', 'y'], 20],
        [['b', 'z'], 30],
        [['c', 'x'], 12],
        [['c', 'y'], 30],
        [['c', 'z'], 40],
      ]);
      const published = suppressTable(cells, 5);
      expect(hidden(published)).toEqual(['a,x', 'a,y', 'b,x', 'b,y']);
      expect(published.margins.every((m) => !m.suppressed)).toBe(true);
      expect(published.total).toBe(166);
      expectProtected(cells, 5, published);
    });

    it('withholds a small margin, and what would give it away', () => {
      const cells = table([
        [['a', 'x'], 3],
        [['a', 'y'], 0],
        [['b', 'x'], 10],
        [['b', 'y'], 20],
      ]);
      const published = suppressTable(cells, 5);
      // Row a is 3 by itself, so its margin is withheld too; row b's margin and (b, x) close the
      // rectangle a/b × x/all, and the 20 in (b, y) can stay.
      expect(hidden(published)).toEqual(['a,*', 'a,x', 'b,*', 'b,x']);
      expect(published.cells.find((c) => c.key.join() === 'a,y')!.count).toBe(0);
      expect(published.total).toBe(33);
      expectProtected(cells, 5, published);
    });

    it('treats absent combinations as known zeros', () => {
      const cells = table([
        [['a', 'x'], 3],
        [['b', 'x'], 10],
        [['b', 'y'], 20],
      ]);
      expect(hidden(suppressTable(cells, 5))).toEqual(
        hidden(suppressTable([...cells, { key: ['a', 'y'], count: 0 }], 5)),
      );
      expectProtected(cells, 5, suppressTable(cells, 5));
    });

    it('does not depend on the order of the input', () => {
      const cells = table([
        [['a', 'x'], 2],
        [['a', 'y'], 9],
        [['b', 'x'], 9],
        [['b', 'y'], 3],
        [['c', 'x'], 9],
        [['c', 'y'], 9],
      ]);
      const forward = suppressTable(cells, 5);
      const backward = suppressTable([...cells].reverse(), 5);
      expect(hidden(backward)).toEqual(hidden(forward));
      expect(backward.cells.map((c) => c.key)).toEqual([...cells].reverse().map((c) => c.key));
    });
  });

  describe('beyond the line rule', () => {
    // Every line of this table ends up with two or more withheld counts under the line rule
    // alone, yet (a2, b2) is the only link between two closed groups of them, so it is pinned:
    // 32 = (row a2) − (a2, b0), both of which the rest determines.
    const cells = table([
      [['a0', 'b0'], 37],
      [['a0', 'b1'], 5],
      [['a0', 'b2'], 1],
      [['a1', 'b0'], 4],
      [['a1', 'b1'], 0],
      [['a1', 'b2'], 0],
      [['a2', 'b0'], 1],
      [['a2', 'b1'], 0],
      [['a2', 'b2'], 32],
    ]);
    const lineRuleOnly: PublishedTable = {
      cells: cells.map((c) => ({
        key: c.key,
        count: c.count === 0 || c.key.join() === 'a0,b0' ? c.count : null,
        suppressed: !(c.count === 0 || c.key.join() === 'a0,b0'),
      })),
      margins: [
        { key: [null, 'b0'], count: 42, suppressed: false },
        { key: [null, 'b1'], count: null, suppressed: true },
        { key: [null, 'b2'], count: null, suppressed: true },
        { key: ['a0', null], count: 43, suppressed: false },
        { key: ['a1', null], count: null, suppressed: true },
        { key: ['a2', null], count: null, suppressed: true },
      ],
      total: 80,
      totalSuppressed: false,
    };

    it('the LP audit catches what the line rule alone leaves derivable', () => {
      expect(() => expectProtected(cells, 5, lineRuleOnly)).toThrow(/a2","b2.*pinned/);
    });

    it('the exact audit closes it by withholding one more count', () => {
      const published = suppressTable(cells, 5);
      expect(hidden(published)).toEqual([...hidden(lineRuleOnly), 'a0,b0'].sort());
      expectProtected(cells, 5, published);
    });
  });

  describe('three dimensions', () => {
    it('closes a small cell of a 2×2×2 table into the whole cube, margins published', () => {
      const cells: CountCell[] = [];
      for (const a of ['a', 'b'])
        for (const x of ['x', 'y'])
          for (const p of ['p', 'q'])
            cells.push({ key: [a, x, p], count: a === 'a' && x === 'x' && p === 'p' ? 2 : 10 });
      const published = suppressTable(cells, 5);
      expect(published.cells.every((c) => c.suppressed)).toBe(true);
      expect(published.margins.every((m) => !m.suppressed)).toBe(true);
      expect(published.total).toBe(72);
      expectProtected(cells, 5, published);
    });

    it('leaves a table with no small count alone', () => {
      const cells: CountCell[] = [];
      for (const a of ['f', 'm'])
        for (const x of ['PB', 'SD', 'KP'])
          for (const p of ['labour', 'sexual'])
            cells.push({ key: [a, x, p], count: 5 + cells.length });
      const published = suppressTable(cells, 5);
      expect(hidden(published)).toEqual([]);
      expect(published.margins).toHaveLength(2 * 3 + 2 * 2 + 3 * 2 + 2 + 3 + 2);
    });
  });

  it('suppresses nothing with k = 1', () => {
    const cells = table([
      [['a', 'x'], 1],
      [['a', 'y'], 0],
      [['b', 'x'], 2],
    ]);
    const published = suppressTable(cells, 1);
    expect(hidden(published)).toEqual([]);
    expect(published.total).toBe(3);
  });

  it('publishes an empty table as a zero total', () => {
    expect(suppressTable([], 5)).toEqual({
      cells: [],
      margins: [],
      total: 0,
      totalSuppressed: false,
    });
  });

  it('refuses malformed input', () => {
    expect(() => suppressTable(table([[['a'], 1]]), 0)).toThrow(RangeError);
    expect(() => suppressTable(table([[['a'], 1]]), 2.5)).toThrow(RangeError);
    expect(() => suppressTable(table([[['a'], -1]]), 5)).toThrow(RangeError);
    expect(() => suppressTable(table([[['a'], 1.5]]), 5)).toThrow(RangeError);
    expect(() => suppressTable(table([[[], 1]]), 5)).toThrow(RangeError);
    expect(() =>
      suppressTable(
        table([
          [['a'], 1],
          [['a', 'b'], 1],
        ]),
        5,
      ),
    ).toThrow(RangeError);
    expect(() =>
      suppressTable(
        table([
          [['a'], 1],
          [['a'], 2],
        ]),
        5,
      ),
    ).toThrow(RangeError);
  });

  it.each([
    ['mixed counts', 20240611, 300, 0.65],
    // Mostly 1s and 2s: withheld 1s that the "at least 1" limit could pin, everywhere.
    ['mostly 1s', 20261203, 120, 0.9],
  ])(
    'leaves no withheld count derivable in random tables, %s (LP audit)',
    (_, seed, tables, small) => {
      const random = seededRandom(seed);
      for (let t = 0; t < tables; t++) {
        const dims = 1 + Math.floor(random() * 3);
        // 2 to 6 categories a dimension, but at most 80 cells: the LP audit grows fast with size.
        let sizes: number[];
        do {
          sizes = Array.from({ length: dims }, () => 2 + Math.floor(random() * 5));
        } while (sizes.reduce((a, b) => a * b, 1) > 80);
        let keys: string[][] = [[]];
        sizes.forEach((size, d) => {
          keys = keys.flatMap((k) => Array.from({ length: size }, (_, i) => [...k, `d${d}v${i}`]));
        });
        const cells: CountCell[] = [];
        for (const key of keys) {
          const u = random();
          if (u < 0.1) continue; // absent
          const count =
            u < 0.2
              ? 0
              : u < small
                ? 1 + Math.floor(random() * (small > 0.8 ? 2 : 6))
                : 5 + Math.floor(random() * 40);
          cells.push({ key, count });
        }
        if (cells.length === 0) continue;
        const k = random() < 0.8 ? 5 : 2 + Math.floor(random() * 9);
        const published = suppressTable(cells, k);
        try {
          expectProtected(cells, k, published);
        } catch (error) {
          throw new Error(`table ${t} (k=${k}): ${JSON.stringify(cells)}\n${String(error)}`, {
            cause: error,
          });
        }
      }
    },
  );
});
