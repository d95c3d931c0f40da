import { WriteBatcher } from './write-batcher';

/** A write the test finishes by hand, recording each batch it was given. */
function manualWrite() {
  const batches: number[][] = [];
  const pending: Array<{ resolve(results: string[]): void; reject(error: Error): void }> = [];
  const write = (items: number[]) => {
    batches.push(items);
    return new Promise<string[]>((resolve, reject) => pending.push({ resolve, reject }));
  };
  return { batches, pending, write };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('WriteBatcher', () => {
  it('writes a lone item at once', async () => {
    const write = jest.fn(async (items: number[]) => items.map((n) => n * 2));
    const batcher = new WriteBatcher(write);
    await expect(batcher.submit(21)).resolves.toBe(42);
    expect(write).toHaveBeenCalledWith([21]);
  });

  it('gathers what arrives during a write into the next one, in order, each caller getting its own result', async () => {
    const { batches, pending, write } = manualWrite();
    const batcher = new WriteBatcher(write);
    const first = batcher.submit(1);
    const later = [2, 3, 4].map((n) => batcher.submit(n));
    await tick();
    expect(batches).toEqual([[1]]);

    pending[0].resolve(['one']);
    await expect(first).resolves.toBe('one');
    await tick();
    expect(batches).toEqual([[1], [2, 3, 4]]);
    pending[1].resolve(['two', 'three', 'four']);
    await expect(Promise.all(later)).resolves.toEqual(['two', 'three', 'four']);
  });

  it('splits a long queue into batches of at most maxBatch', async () => {
    const write = jest.fn(async (items: number[]) => items.map(String));
    const batcher = new WriteBatcher(write, 2);
    const results = await Promise.all([1, 2, 3, 4, 5].map((n) => batcher.submit(n)));
    expect(results).toEqual(['1', '2', '3', '4', '5']);
    expect(write.mock.calls.map(([items]) => items)).toEqual([[1], [2, 3], [4, 5]]);
  });

  it('rejects every item of a failed batch, and goes on with the next', async () => {
    const { batches, pending, write } = manualWrite();
    const batcher = new WriteBatcher(write);
    const first = batcher.submit(1);
    const failing = [batcher.submit(2), batcher.submit(3)];
    await tick();
    pending[0].resolve(['one']);
    await first;
    await tick();
    pending[1].reject(new Error('connection lost'));
    for (const f of failing) await expect(f).rejects.toThrow('connection lost');
    const afterwards = batcher.submit(4);
    await tick();
    expect(batches).toEqual([[1], [2, 3], [4]]);
    pending[2].resolve(['four']);
    await expect(afterwards).resolves.toBe('four');
  });

  it('rejects a batch whose write answers for the wrong number of items', async () => {
    const batcher = new WriteBatcher(async (items: number[]) => items.slice(1).map(String));
    const first = batcher.submit(1);
    const pair = [batcher.submit(2), batcher.submit(3)];
    await expect(first).rejects.toThrow('0 results for 1 items');
    for (const p of pair) await expect(p).rejects.toThrow('1 results for 2 items');
  });

  it('runs up to maxInFlight writes at once, so one that waits holds up only its own batch', async () => {
    const { batches, pending, write } = manualWrite();
    const batcher = new WriteBatcher(write, 500, 2);
    const stuck = batcher.submit(1); // its write never ends in this test
    const second = batcher.submit(2); // a second write starts at once
    const queued = [batcher.submit(3), batcher.submit(4)];
    await tick();
    expect(batches).toEqual([[1], [2]]);

    pending[1].resolve(['two']);
    await expect(second).resolves.toBe('two');
    await tick();
    expect(batches).toEqual([[1], [2], [3, 4]]);
    pending[2].resolve(['three', 'four']);
    await expect(Promise.all(queued)).resolves.toEqual(['three', 'four']);
    pending[0].resolve(['one']);
    await expect(stuck).resolves.toBe('one');
  });

  it('refuses a batch size or a number of writes that is not a positive integer', () => {
    expect(() => new WriteBatcher(async () => [], 0)).toThrow(RangeError);
    expect(() => new WriteBatcher(async () => [], 10, 1.5)).toThrow(RangeError);
  });
});
