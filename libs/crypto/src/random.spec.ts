import { randomBytesPooled } from './random';

describe('randomBytesPooled', () => {
  it('hands out buffers of the size asked for, never the same bytes twice, across refills', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 3_000; i++) {
      const bytes = randomBytesPooled(12 + (i % 21)); // 12 to 32 bytes: ~66 KiB, many refills
      expect(bytes).toHaveLength(12 + (i % 21));
      seen.add(bytes.toString('hex'));
    }
    expect(seen.size).toBe(3_000);
  });

  it('gives each caller a buffer of its own, which later draws do not change', () => {
    const first = randomBytesPooled(32);
    const copy = Buffer.from(first);
    for (let i = 0; i < 500; i++) randomBytesPooled(32);
    expect(first.equals(copy)).toBe(true);
    expect(first.buffer.byteLength).toBe(32);
  });

  it('looks uniform: every byte value turns up in 64 KiB of draws', () => {
    const counts = new Array<number>(256).fill(0);
    for (let i = 0; i < 2_048; i++) for (const b of randomBytesPooled(32)) counts[b]++;
    // 65,536 bytes, 256 expected per value; a stuck or zeroed pool would be far outside this.
    expect(Math.min(...counts)).toBeGreaterThan(150);
    expect(Math.max(...counts)).toBeLessThan(370);
  });

  it('serves large requests straight from the CSPRNG and refuses nonsense sizes', () => {
    expect(randomBytesPooled(10_000)).toHaveLength(10_000);
    expect(randomBytesPooled(0)).toHaveLength(0);
    expect(() => randomBytesPooled(-1)).toThrow(RangeError);
    expect(() => randomBytesPooled(1.5)).toThrow(RangeError);
  });
});
