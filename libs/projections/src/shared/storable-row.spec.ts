import { seededRandom } from '../../../../tests/support/seeded-random';
import { storableRow } from './storable-row';

const kept = (value: unknown) => storableRow({ at: value }, { at: 'timestamptz?' }).at;

/** What a JavaScript Date says of the same calendar day (proleptic Gregorian, as PostgreSQL). */
function realDay(y: number, m: number, d: number): boolean {
  const calendar = new Date(Date.UTC(2000, m - 1, d));
  calendar.setUTCFullYear(y);
  return (
    calendar.getUTCFullYear() === y &&
    calendar.getUTCMonth() === m - 1 &&
    calendar.getUTCDate() === d
  );
}

describe('storableRow: timestamptz columns', () => {
  it.each([
    ['2026-12-03T11:32:11.123Z', true],
    ['2000-02-29T00:00:00Z', true],
    ['2024-02-29T23:59:59.999+05:00', true],
    ['1900-02-29T00:00:00Z', false],
    ['2023-02-29T00:00:00Z', false],
    ['2026-04-31T00:00:00Z', false],
    ['2026-13-01T00:00:00Z', false],
    ['2026-00-10T00:00:00Z', false],
    ['2026-01-00T00:00:00Z', false],
    ['0000-01-01T00:00:00Z', false],
    ['0001-01-01T00:00:00Z', true],
    ['9999-12-31T23:59:59Z', true],
    ['2026-01-01T24:00:00Z', false],
    ['2026-01-01T23:60:00Z', false],
    ['2026-01-01T23:59:60Z', false],
    ['2026-01-01T10:00+15:59', true],
    ['2026-01-01T10:00-16:00', false],
    ['2026-01-01 10:00:00Z', false],
    ['yesterday', false],
  ])('%s is kept: %s', (text, ok) => {
    expect(kept(text)).toBe(ok ? text : null);
  });

  it('keeps nothing but a string', () => {
    for (const value of [Date.now(), new Date(), null, undefined, {}, ['2026-01-01T00:00:00Z']]) {
      expect(kept(value)).toBeNull();
    }
  });

  it('keeps exactly the real calendar days, as a Date counts them, over random years and days', () => {
    const rand = seededRandom(20261203);
    const pad = (n: number, width: number) => String(n).padStart(width, '0');
    const wrong: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      // Leap-year edges (centuries, years divisible by 400) drawn often, and days past the end.
      const y = rand() < 0.3 ? Math.floor(rand() * 100) * 100 : Math.floor(rand() * 10_000);
      const m = 1 + Math.floor(rand() * 12);
      const d = 1 + Math.floor(rand() * 31);
      const text = `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}T12:00:00Z`;
      if ((kept(text) === text) !== (y >= 1 && realDay(y, m, d))) wrong.push(text);
    }
    expect(wrong).toEqual([]);
  });
});
