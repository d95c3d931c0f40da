import { eachConcurrently, settledAll } from './concurrently';

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('eachConcurrently', () => {
  it('does every item, never more than the limit at once', async () => {
    let running = 0;
    let most = 0;
    const done: number[] = [];
    await eachConcurrently([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      running++;
      most = Math.max(most, running);
      await tick();
      done.push(n);
      running--;
    });
    expect(done.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(most).toBe(3);
  });

  it('starts nothing after a failure, and throws it once the running ones settle', async () => {
    const started: number[] = [];
    let settledSecond = false;
    await expect(
      eachConcurrently([1, 2, 3, 4, 5], 2, async (n) => {
        started.push(n);
        if (n === 1) throw new Error('first fails');
        await tick();
        await tick();
        if (n === 2) settledSecond = true;
      }),
    ).rejects.toThrow('first fails');
    expect(started).toEqual([1, 2]);
    expect(settledSecond).toBe(true);
  });

  it('does nothing for no items', async () => {
    await expect(eachConcurrently([], 4, async () => undefined)).resolves.toBeUndefined();
  });
});

describe('settledAll', () => {
  it('rejects with the first failure only after all have settled', async () => {
    let slowDone = false;
    const slow = (async () => {
      await tick();
      await tick();
      slowDone = true;
    })();
    await expect(settledAll([Promise.reject(new Error('no')), slow])).rejects.toThrow('no');
    expect(slowDone).toBe(true);
  });
});
