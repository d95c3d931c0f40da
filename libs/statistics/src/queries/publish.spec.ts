import { suppressTable } from '../disclosure/cell-suppression';
import { publishBreakdown, publishMeasure, publishRows } from './publish';
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
});
