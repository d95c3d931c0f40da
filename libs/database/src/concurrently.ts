/**
 * Waits for every one of `work` to settle, then rejects with the first failure if any: nothing
 * is still running when the caller hears of it (a rebuild must not drop what is still written).
 */
export async function settledAll(work: Promise<unknown>[]): Promise<void> {
  const settled = await Promise.allSettled(work);
  const failed = settled.find((each) => each.status === 'rejected');
  if (failed) throw failed.reason;
}

/**
 * `each` of `items` in order, at most `limit` at a time. After a failure no further item is
 * started; the ones running settle, then the first failure is thrown.
 */
export async function eachConcurrently<T>(
  items: readonly T[],
  limit: number,
  each: (item: T) => Promise<unknown>,
): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const item = items[next++];
      try {
        await each(item);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await settledAll(Array.from({ length: Math.min(limit, items.length) }, worker));
}
