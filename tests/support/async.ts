/** Every item of an async iterable (a stream read), in order. */
export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

/**
 * Waits until `check` gives something truthy (or stops throwing), and returns it; fails after
 * `timeoutMs` with `what` (and the last error, if any). For what happens after a commit, a
 * restart or an outage, never as a speed assertion.
 */
export async function eventually<T>(
  check: () => T | Promise<T>,
  {
    timeoutMs = 10_000,
    what = 'condition',
  }: { timeoutMs?: number; what?: string | (() => string) } = {},
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const result = await check();
      if (result) return result as NonNullable<T>;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const description = typeof what === 'function' ? what() : what;
      throw new Error(
        `${description} not met within ${timeoutMs} ms` +
          (lastError ? `: ${(lastError as Error).message}` : ''),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
