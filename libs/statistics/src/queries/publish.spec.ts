import { extremeOf } from '../disclosure/linear-program';
import { PublishedTable, suppressTable } from '../disclosure/cell-suppression';
import { publishBreakdown, publishMeasure, publishRows } from './publish';
import { REFERRAL_BOUNDS, REFERRAL_COUNTS } from './referral-statistics';
import { seededRandom } from '../../../../tests/support/seeded-random';

/** A table of 1 to 3 dimensions with some combinations absent, counts drawn by `count`. */
function randomTable(random: () => number, count: () => number) {
  const dims = 1 + Math.floor(random() * 3);
  const sizes = Array.from({ length: dims }, () => 2 + Math.floor(random() * 4));
  let keys: string[][] = [[]];
  for (const size of sizes) {
    keys = keys.flatMap((key) => Array.from({ length: size }, (_, v) => [...key, `v${v}`]));
  }
  keys = keys.filter(() => random() < 0.8);
  if (keys.length === 0) keys = [sizes.map(() => 'v0')];
  return { keys, counts: keys.map(count) };
}

describe('publishMeasure', () => {
  it('publishes exactly what suppressTable publishes, small counts or none', () => {
    for (let seed = 1; seed <= 400; seed++) {
      const random = seededRandom(seed);
      const k = 1 + Math.floor(random() * 11);
      // Half the tables with no count below k (the shortcut), half with some.
      const small = seed % 2 === 0;
      const { keys, counts } = randomTable(random, () => {
        const r = random();
        if (r < 0.15) return 0;
        return small && r < 0.4 ? 1 + Math.floor(random() * k) : k + Math.floor(random() * 40);
      });
      const expected = suppressTable(
        keys.map((key, i) => ({ key, count: counts[i] })),
        k,
      ).cells.map((cell) => cell.count);
      expect({ seed, published: publishMeasure(keys, counts, k) }).toEqual({
        seed,
        published: expected,
      });
    }
  });

  it('withholds nothing where no count is below k, and a lone small one with its neighbours', () => {
    const keys = [['a'], ['b'], ['c']];
    expect(publishMeasure(keys, [5, 0, 12], 5)).toEqual([5, 0, 12]);
    expect(publishMeasure(keys, [5, 2, 12], 5)).toEqual([null, null, 12]);
    expect(publishMeasure(keys, [1, 2, 3], 1)).toEqual([1, 2, 3]);
  });
});

describe('publishBreakdown', () => {
  const keys = [['a'], ['b'], ['c']];
  const codes = ['no-capacity', 'not-eligible', 'other'];

  it('publishes a row whole, every code, where its count is shown and no part is small', () => {
    const parts = [{ key: ['a'], part: 'no-capacity', count: 7 }];
    expect(publishBreakdown(keys.slice(0, 1), parts, [7], codes, 5)).toEqual([
      { 'no-capacity': 7, 'not-eligible': 0, other: 0 },
    ]);
  });

  it('withholds every code of a row with a small part, zeros too, and of a withheld count', () => {
    const parts = [
      // Five withheld 1s of a published 5 would each be 1 if only they were withheld.
      ...['no-capacity', 'not-eligible', 'other', 'x', 'y'].map((part) => ({
        key: ['a'],
        part,
        count: 1,
      })),
      // Published parts of a count withheld as another's complement would give it away.
      { key: ['b'], part: 'no-capacity', count: 10 },
      { key: ['b'], part: 'other', count: 10 },
      { key: ['c'], part: 'other', count: 30 },
    ];
    const [a, b, c] = publishBreakdown(keys, parts, [5, null, 30], codes, 5);
    expect(a).toEqual({ 'no-capacity': null, 'not-eligible': null, other: null, x: null, y: null });
    expect(b).toEqual({ 'no-capacity': null, 'not-eligible': null, other: null });
    expect(c).toEqual({ 'no-capacity': 0, 'not-eligible': 0, other: 30 });
  });
});

describe('publishRows', () => {
  it('withholds linked measures together: closed is opened less open at the end', () => {
    const rows = [
      { d0: 'punjab', opened: 50, closed: 3, openAtEnd: 47 },
      { d0: 'sindh', opened: 40, closed: 20, openAtEnd: 20 },
      { d0: 'kp', opened: 30, closed: 12, openAtEnd: 18 },
    ];
    const measures = ['opened', 'closed', 'openAtEnd'] as const;
    const breakdown = { of: 'closed' as const, codes: ['other'] };
    const { counts } = publishRows(rows, 1, measures, [], breakdown, 5, measures);
    // punjab's closed (3) is small; kp's closed (12) is its complement in the closed table.
    expect(counts).toEqual({
      opened: [null, 40, null],
      closed: [null, 20, null],
      openAtEnd: [null, 20, null],
    });
    // Unlinked, each measure stands alone and punjab's closed is 50 − 47.
    expect(publishRows(rows, 1, measures, [], breakdown, 5).counts.opened).toEqual([50, 40, 30]);
  });

  it('protects a count the linked ones give away, though it is never published', () => {
    // Without from, opened = closed + openAtEnd − both (the cases closed, then reopened before
    // the end): punjab's 2 would follow from its three published counts.
    const rows = [
      { d0: 'punjab', opened: 20, closed: 10, openAtEnd: 12, both: 2 },
      { d0: 'sindh', opened: 30, closed: 15, openAtEnd: 15, both: 0 },
      { d0: 'kp', opened: 25, closed: 10, openAtEnd: 20, both: 5 },
    ];
    const linked = ['opened', 'closed', 'openAtEnd', 'both'] as const;
    const breakdown = { of: 'closed' as const, codes: ['other'] };
    const { counts } = publishRows(rows, 1, linked, [], breakdown, 5, linked);
    // punjab's 2 is small, kp's 5 its complement: both rows withheld whole, sindh shown.
    expect(counts.opened).toEqual([null, 30, null]);
    expect(counts.closed).toEqual([null, 15, null]);
    expect(counts.openAtEnd).toEqual([null, 15, null]);
  });

  it('withholds what a bound of the row gives away: issued 6 and accepted 5 leave declined at 1', () => {
    const rows = [{ issued: 6, accepted: 5, declined: 1 }];
    const funnel = ['issued', 'accepted', 'declined'] as const;
    const breakdown = { of: 'declined' as const, codes: ['other'] };
    const bounds = [{ parts: ['accepted', 'declined'] as const, top: 'issued' as const }];
    expect(publishRows(rows, 0, funnel, [], breakdown, 5, [], bounds).counts).toEqual({
      issued: [6],
      // accepted (5) is the smaller of the two that pinned declined: now each is 1 to 5.
      accepted: [null],
      declined: [null],
    });
  });

  it('withholds what a row shows of its bounds where its counts break them, and does not fail', () => {
    // Completed without being accepted: not a log the referral's rules write.
    const rows = [{ ...FUNNEL_ZEROS, issued: 40, acknowledged: 40, completedSuccessful: 2 }];
    const breakdown = { of: 'declined' as const, codes: ['other'] };
    const { counts } = publishRows(rows, 0, FUNNEL, [], breakdown, 5, [], REFERRAL_BOUNDS);
    expect(counts.completedSuccessful).toEqual([null]);
    expect(counts.issued).toEqual([null]);
    expect(counts.acknowledged).toEqual([null]);
    expect(counts.accepted).toEqual([0]);
  });

  it('withholds nothing more where a bound leaves room: 3 not successful of 3,000 accepted', () => {
    const rows = [
      {
        ...FUNNEL_ZEROS,
        issued: 5000,
        accepted: 3000,
        completedSuccessful: 2997,
        completedNotSuccessful: 3,
      },
    ];
    const breakdown = { of: 'declined' as const, codes: ['other'] };
    const { counts } = publishRows(rows, 0, FUNNEL, [], breakdown, 5, [], REFERRAL_BOUNDS);
    expect(counts.issued).toEqual([5000]);
    expect(counts.accepted).toEqual([3000]);
    expect(counts.completedSuccessful).toEqual([2997]);
    expect(counts.completedNotSuccessful).toEqual([null]);
  });

  it('leaves no withheld funnel count determined by the published ones and the relations between them', () => {
    const pinnedAcross: number[] = [];
    for (let seed = 1; seed <= 60; seed++) {
      const random = seededRandom(seed);
      const k = 2 + Math.floor(random() * 9);
      const dims = 1 + Math.floor(random() * 2);
      const sizes = Array.from({ length: dims }, () => 2 + Math.floor(random() * 4));
      let keys: string[][] = [[]];
      for (const size of sizes) {
        keys = keys.flatMap((key) => Array.from({ length: size }, (_, v) => [...key, `v${v}`]));
      }
      keys = keys.filter(() => random() < 0.85);
      if (keys.length === 0) keys = [sizes.map(() => 'v0')];
      const rows = keys.map((key) => ({
        ...Object.fromEntries(key.map((code, d) => [`d${d}`, code])),
        ...randomFunnel(
          random,
          random() < 0.4 ? 1 + Math.floor(random() * 8) : k + Math.floor(random() * 30),
        ),
      }));
      const breakdown = { of: 'declined' as const, codes: ['other'] };
      const { counts, withheld } = publishRows(
        rows,
        dims,
        FUNNEL,
        [],
        breakdown,
        k,
        [],
        REFERRAL_BOUNDS,
      );
      // What suppressTable takes as known of each measure's table: its published margins (each
      // the answer to a question of fewer dimensions), with the rows publishRows withheld for
      // the bounds.
      const tables = Object.fromEntries(
        FUNNEL.map((name) => {
          const table = suppressTable(
            keys.map((key, i) => ({ key, count: rows[i][name] })),
            k,
            withheld.get(name),
          );
          expect(table.cells.map((cell) => cell.count)).toEqual(counts[name]);
          return [name, table];
        }),
      ) as Record<keyof Funnel, PublishedTable>;
      for (const [name, published] of Object.entries(counts) as Array<
        [keyof Funnel, (number | null)[]]
      >) {
        published.forEach((count, i) => {
          if (count !== null) expect(count).toBe(rows[i][name]);
          const value = rows[i][name];
          if (value > 0 && value < k) expect(count).toBeNull();
        });
      }
      // Within the answer (which publishes no margins): nothing, by the bounds of its rows.
      for (const b of funnelBounds(keys, rows, counts, null)) {
        if (b.pinned) throw new Error(`seed ${seed}: withheld ${b.id} (=${b.truth}) is pinned`);
      }
      // Against the margins as well (the answers to groupings of fewer dimensions), each
      // measure's table is protected (cell-suppression.spec.ts), but not every combination of
      // the rows' bounds with them.
      if (funnelBounds(keys, rows, counts, tables).some((b) => b.pinned)) pinnedAcross.push(seed);
    }
    // The known limit (README.md of the disclosure), measured: 7 tables of these 60.
    expect(pinnedAcross).toEqual([8, 10, 20, 35, 39, 45, 49]);
  });
});

const FUNNEL = REFERRAL_COUNTS;
type Funnel = Record<(typeof FUNNEL)[number], number>;
const FUNNEL_ZEROS = Object.fromEntries(FUNNEL.map((name) => [name, 0])) as Funnel;

/** `n` referrals, each taken through the steps the domain allows (decide.ts of the referral). */
function randomFunnel(random: () => number, n: number): Funnel {
  const f: Funnel = Object.fromEntries(FUNNEL.map((name) => [name, 0])) as Funnel;
  for (let i = 0; i < n; i++) {
    f.issued++;
    if (random() < 0.8) f.acknowledged++;
    if (random() < 0.2) f.overdue++;
    const decision = random();
    if (decision < 0.55) {
      f.accepted++;
      const end = random();
      if (end < 0.4) f.completedSuccessful++;
      else if (end < 0.55) f.completedNotSuccessful++;
      else if (end < 0.65) f.withdrawn++;
    } else if (decision < 0.8) {
      f.declined++;
    } else if (random() < 0.3) {
      f.withdrawn++;
    }
  }
  return f;
}

/**
 * Bounds of every withheld funnel count by linear programming, as a reader who knows how a
 * referral moves would set them: the published counts fixed, each margin of each measure's
 * table (as suppressTable publishes it) the sum of its rows, a withheld margin a count of its
 * own, every withheld count at least 1 (zeros are published), and in
 * each row acknowledged ≤ issued, overdue ≤ issued, accepted + declined ≤ issued, completed ≤
 * accepted, and declined + withdrawn + completed ≤ issued (the ends are exclusive).
 */
function funnelBounds(
  keys: string[][],
  rows: Funnel[],
  counts: Record<keyof Funnel, (number | null)[]>,
  /** The margins a reader is given too; null: the answer alone. */
  tables: Record<keyof Funnel, PublishedTable> | null,
): Array<{ id: string; truth: number; pinned: boolean }> {
  const id = (name: keyof Funnel, i: number) => `${name}:${i}`;
  const variables: Record<string, Record<string, number>> = {};
  const constraints: Record<string, { equal?: number; min?: number; max?: number }> = {};
  for (const name of FUNNEL) {
    counts[name].forEach((count, i) => {
      if (count !== null) return;
      variables[id(name, i)] = { [`atLeastOne:${id(name, i)}`]: 1 };
      constraints[`atLeastOne:${id(name, i)}`] = { min: 1 };
    });
  }
  /** Σ coefficient × count ≤ bound (or = bound), the published counts moved to the bound. */
  const relation = (
    label: string,
    terms: Array<[keyof Funnel, number, number]>,
    kind: 'max' | 'equal',
    bound = 0,
    /** The relation holds a withheld margin as well. */
    withMargin = false,
  ) => {
    let rhs = bound;
    let any = false;
    for (const [name, i, coefficient] of terms) {
      const count = counts[name][i];
      if (count === null) {
        variables[id(name, i)][label] = coefficient;
        any = true;
      } else rhs -= coefficient * count;
    }
    if (any || withMargin) constraints[label] = { [kind]: rhs };
  };
  // Each margin and the total is the sum of its cells: a variable of its own where withheld.
  for (const name of tables ? FUNNEL : []) {
    const { margins, total, totalSuppressed } = tables![name];
    const all = [
      ...margins,
      { key: keys[0].map(() => null), count: total, suppressed: totalSuppressed },
    ];
    all.forEach((margin, m) => {
      const members = keys.flatMap((key, i) =>
        margin.key.every((code, d) => code === null || code === key[d]) ? [i] : [],
      );
      const terms = members.map((i): [keyof Funnel, number, number] => [name, i, 1]);
      const label = `margin:${name}:${m}`;
      if (!margin.suppressed) return relation(label, terms, 'equal', margin.count!);
      const variable = `${name}:margin${m}`;
      variables[variable] = { [`atLeastOne:${variable}`]: 1, [label]: -1 };
      constraints[`atLeastOne:${variable}`] = { min: 1 };
      relation(label, terms, 'equal', 0, true);
    });
  }
  rows.forEach((_, i) => {
    relation(
      `ack:${i}`,
      [
        ['acknowledged', i, 1],
        ['issued', i, -1],
      ],
      'max',
    );
    relation(
      `overdue:${i}`,
      [
        ['overdue', i, 1],
        ['issued', i, -1],
      ],
      'max',
    );
    relation(
      `decided:${i}`,
      [
        ['accepted', i, 1],
        ['declined', i, 1],
        ['issued', i, -1],
      ],
      'max',
    );
    relation(
      `completed:${i}`,
      [
        ['completedSuccessful', i, 1],
        ['completedNotSuccessful', i, 1],
        ['accepted', i, -1],
      ],
      'max',
    );
    relation(
      `ends:${i}`,
      [
        ['declined', i, 1],
        ['withdrawn', i, 1],
        ['completedSuccessful', i, 1],
        ['completedNotSuccessful', i, 1],
        ['issued', i, -1],
      ],
      'max',
    );
  });
  const cells = Object.keys(variables).filter((v) => !v.includes(':margin'));
  return cells.map((v) => {
    const [name, i] = v.split(':') as [keyof Funnel, string];
    const solve = (direction: 'min' | 'max') => {
      const extreme = extremeOf({ variables, constraints }, v, direction);
      expect(extreme).not.toBeNull();
      return extreme!;
    };
    const truth = rows[Number(i)][name];
    // Counts are integers: a range that holds a single one gives it away.
    const most = solve('max');
    const pinned = most !== Infinity && Math.floor(most + 1e-9) <= Math.ceil(solve('min') - 1e-9);
    return { id: v, truth, pinned };
  });
}
