import { Anonymised, kAnonymise, MicrodataRow } from './k-anonymity';
import { seededRandom } from '../../../../tests/support/seeded-random';

interface Row extends MicrodataRow {
  id: number;
  outcome: string;
}

/** Picks from `values` with weights falling off geometrically: a few common, a long thin tail. */
function skewed<V>(random: () => number, values: readonly V[], ratio = 0.45): V {
  let i = 0;
  while (i < values.length - 1 && random() < ratio) i++;
  return values[i];
}

const DISTRICTS: Record<string, string[]> = {
  Punjab: ['Lahore', 'Multan', 'Rawalpindi', 'Faisalabad'],
  Sindh: ['Karachi', 'Hyderabad', 'Sukkur'],
  'Khyber Pakhtunkhwa': ['Peshawar', 'Swat'],
  Balochistan: ['Quetta', 'Gwadar'],
  'Gilgit-Baltistan': ['Gilgit'],
};

function dataset(size: number, seed: number): Row[] {
  const random = seededRandom(seed);
  return Array.from({ length: size }, (_, id) => {
    const province = skewed(random, Object.keys(DISTRICTS));
    return {
      id,
      gender: skewed(random, ['female', 'male', 'other'], 0.4),
      ageGroup: skewed(random, ['adult', 'child', 'unknown'], 0.3),
      citizenship: skewed(random, ['PK', 'AF', 'BD', 'IN', 'IR', 'MM'], 0.25),
      province,
      district: random() < 0.1 ? null : skewed(random, DISTRICTS[province]),
      month: `202${skewed(random, [4, 5, 3])}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}`,
      outcome: random() < 0.5 ? 'referred' : 'closed',
    };
  });
}

/** Few, common values but fine dates and districts: the middle of the lattice should suffice. */
function concentrated(size: number, seed: number): Row[] {
  const random = seededRandom(seed);
  return Array.from({ length: size }, (_, id) => {
    const province = random() < 0.6 ? 'Punjab' : 'Sindh';
    return {
      id,
      gender: random() < 0.7 ? 'female' : 'male',
      ageGroup: random() < 0.8 ? 'adult' : 'child',
      citizenship: skewed(random, ['PK', 'AF', 'BD'], 0.3),
      province,
      district: skewed(random, DISTRICTS[province], 0.5),
      month: `202${4 + Math.floor(random() * 2)}-${String(1 + Math.floor(random() * 12)).padStart(2, '0')}`,
      outcome: 'referred',
    };
  });
}

const quasiIdentifiers = (row: MicrodataRow) =>
  JSON.stringify([
    row.gender,
    row.ageGroup,
    row.citizenship,
    row.province,
    row.district,
    row.month,
  ]);

function expectKAnonymous(input: readonly Row[], out: Anonymised<Row>, k: number) {
  expect(out.k).toBe(k);
  expect(out.suppressedRows + out.rows.length).toBe(input.length);

  const sizes = new Map<string, number>();
  for (const row of out.rows) {
    sizes.set(quasiIdentifiers(row), (sizes.get(quasiIdentifiers(row)) ?? 0) + 1);
  }
  for (const size of sizes.values()) expect(size).toBeGreaterThanOrEqual(k);

  // Input order, each row its own generalised original.
  const ids = out.rows.map((r) => r.id);
  expect(ids).toEqual([...ids].sort((a, b) => a - b));
  const { district, month, citizenship } = out.generalised;
  for (const row of out.rows) {
    const original = input[row.id];
    expect(row.gender).toBe(original.gender);
    expect(row.ageGroup).toBe(original.ageGroup);
    expect(row.province).toBe(original.province);
    expect(row.outcome).toBe(original.outcome);
    expect(row.district).toBe(district === 'kept' ? original.district : null);
    const [year, mm] = original.month.split('-');
    expect(row.month).toBe(
      month === 'month'
        ? original.month
        : month === 'quarter'
          ? `${year}-Q${Math.ceil(Number(mm) / 3)}`
          : year,
    );
    expect(row.citizenship).toBe(
      citizenship === 'code' || original.citizenship === 'PK' ? original.citizenship : 'foreign',
    );
  }
}

describe('kAnonymise', () => {
  it.each([0, 1, 5, 10, 11, 12, 50, 500, 5000])('makes %i skewed rows 11-anonymous', (size) => {
    const input = dataset(size, 1000 + size);
    const out = kAnonymise(input);
    expectKAnonymous(input, out, 11);
    // Dropping more than the bound is the last resort, after generalising all the way.
    if (out.suppressedRows > Math.floor(0.05 * size)) {
      expect(out.generalised).toEqual({
        district: 'removed',
        month: 'year',
        citizenship: 'foreign',
      });
    }
  });

  it.each([2, 5, 20, 50])('holds for k = %i as well', (k) => {
    const input = dataset(800, k);
    expectKAnonymous(input, kAnonymise(input, k), k);
  });

  it('needs generalisation on the skewed data (or the tests above would prove little)', () => {
    const out = kAnonymise(dataset(500, 1500));
    expect(out.generalised).not.toEqual({ district: 'kept', month: 'month', citizenship: 'code' });
  });

  it.each([2000, 5000])(
    'stops in the middle of the lattice when that is enough (%i rows)',
    (size) => {
      const input = concentrated(size, size);
      const out = kAnonymise(input);
      expectKAnonymous(input, out, 11);
      expect(out.suppressedRows).toBeLessThanOrEqual(Math.floor(0.05 * size));
      expect(out.generalised).not.toEqual({
        district: 'kept',
        month: 'month',
        citizenship: 'code',
      });
      expect(out.generalised).not.toEqual({
        district: 'removed',
        month: 'year',
        citizenship: 'foreign',
      });
    },
  );

  it('generalises nothing when the data is already k-anonymous', () => {
    const input: Row[] = [];
    for (const gender of ['female', 'male'])
      for (const month of ['2025-01', '2025-02'])
        for (let i = 0; i < 11; i++) {
          input.push({
            id: input.length,
            gender,
            ageGroup: 'adult',
            citizenship: 'AF',
            province: 'Sindh',
            district: 'Karachi',
            month,
            outcome: 'referred',
          });
        }
    const out = kAnonymise(input, 11);
    expect(out.generalised).toEqual({ district: 'kept', month: 'month', citizenship: 'code' });
    expect(out.suppressedRows).toBe(0);
    expect(out.rows).toEqual(input);
    expect(out.rows[0]).not.toBe(input[0]);
  });

  it('takes the least generalised node that works, district first', () => {
    // Two districts of 6 rows: only dropping district merges them into one class of 12.
    const input: Row[] = Array.from({ length: 12 }, (_, id) => ({
      id,
      gender: 'female',
      ageGroup: 'child',
      citizenship: 'PK',
      province: 'Punjab',
      district: id < 6 ? 'Lahore' : 'Multan',
      month: '2025-03',
      outcome: 'referred',
    }));
    const out = kAnonymise(input, 11);
    expect(out.generalised).toEqual({ district: 'removed', month: 'month', citizenship: 'code' });
    expectKAnonymous(input, out, 11);
    expect(out.suppressedRows).toBe(0);
  });

  it('goes up to quarters and "foreign" when that is what it takes', () => {
    const input: Row[] = Array.from({ length: 24 }, (_, id) => ({
      id,
      gender: 'male',
      ageGroup: 'adult',
      citizenship: ['AF', 'BD', 'IR'][id % 3],
      province: 'Balochistan',
      district: 'Quetta',
      month: ['2024-04', '2024-05', '2024-06'][Math.floor(id / 8)],
      outcome: 'closed',
    }));
    const out = kAnonymise(input, 11, { maxSuppression: 0 });
    expect(out.generalised).toEqual({ district: 'kept', month: 'quarter', citizenship: 'foreign' });
    expect(new Set(out.rows.map((r) => `${r.month} ${r.citizenship}`))).toEqual(
      new Set(['2024-Q2 foreign']),
    );
    expectKAnonymous(input, out, 11);
  });

  it('drops rows that no generalisation can hide, and reports them', () => {
    const input = dataset(40, 7);
    input.push({ ...input[0], id: 40, gender: 'unrecorded', ageGroup: 'elderly' });
    const out = kAnonymise(input, 11);
    expect(out.rows.some((r) => r.id === 40)).toBe(false);
    expect(out.suppressedRows).toBeGreaterThan(0);
    expectKAnonymous(input, out, 11);
  });

  it('falls back to the most general node when even it needs more than the bound', () => {
    const input = dataset(12, 3);
    const out = kAnonymise(input, 11, { maxSuppression: 0 });
    expect(out.generalised).toEqual({ district: 'removed', month: 'year', citizenship: 'foreign' });
    expectKAnonymous(input, out, 11);
  });

  it('returns a valid empty result', () => {
    expect(kAnonymise([], 11)).toEqual({
      rows: [],
      k: 11,
      generalised: { district: 'kept', month: 'month', citizenship: 'code' },
      suppressedRows: 0,
    });
    const one = dataset(1, 1);
    expect(kAnonymise(one, 11)).toMatchObject({ rows: [], suppressedRows: 1 });
  });

  it('is deterministic', () => {
    const input = dataset(500, 99);
    expect(kAnonymise(input)).toEqual(kAnonymise(input));
  });

  it('refuses a bad k, bound or month', () => {
    expect(() => kAnonymise([], 0)).toThrow(RangeError);
    expect(() => kAnonymise([], 1.5)).toThrow(RangeError);
    expect(() => kAnonymise([], 11, { maxSuppression: 2 })).toThrow(RangeError);
    expect(() => kAnonymise([{ ...dataset(1, 1)[0], month: '2025-13' }], 11)).toThrow(RangeError);
  });
});
