import { suppressTable } from '../disclosure/cell-suppression';
import { publishMeasure } from './publish';
import { seededRandom } from '../../../../tests/support/seeded-random';
import { loadLinearSolver } from '../disclosure/linear-program';

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
  beforeAll(loadLinearSolver);

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
