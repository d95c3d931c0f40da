/**
 * Group commit for small writes that many requests make at once: each caller submits one item
 * and waits for its own result, while the items are written together in one statement.
 *
 * There is no timer. An item submitted while fewer than `maxInFlight` writes run is written at
 * once; items submitted while they all run wait and go together in the next one. A lone request
 * waits for nothing, and under load the statements (and their round trips) fall from one per
 * request to one per batch.
 *
 * `write` gets the items in submission order and returns one result per item, in the same order;
 * if it throws, every item of that batch is rejected with the error and later batches go on.
 */
export class WriteBatcher<Item, Result> {
  private queue: Array<Waiter<Item, Result>> = [];
  private writing = 0;

  /**
   * @param maxBatch items per write at most
   * @param maxInFlight writes running at once at most: a write that waits (on a lock, a slow
   *   connection) holds up its own batch, not every caller
   */
  constructor(
    private readonly write: (items: Item[]) => Promise<Result[]>,
    private readonly maxBatch = 500,
    private readonly maxInFlight = 1,
  ) {
    for (const [name, value] of [
      ['maxBatch', maxBatch],
      ['maxInFlight', maxInFlight],
    ] as const) {
      if (!Number.isInteger(value) || value < 1) {
        throw new RangeError(`${name} must be a positive integer, got ${value}`);
      }
    }
  }

  submit(item: Item): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (this.writing < this.maxInFlight) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing++;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.maxBatch);
        try {
          const results = await this.write(batch.map((w) => w.item));
          if (results.length !== batch.length) {
            throw new Error(
              `batched write returned ${results.length} results for ${batch.length} items`,
            );
          }
          batch.forEach((w, i) => w.resolve(results[i]));
        } catch (error) {
          for (const w of batch) w.reject(error);
        }
      }
    } finally {
      this.writing--;
    }
  }
}

interface Waiter<Item, Result> {
  item: Item;
  resolve(result: Result): void;
  reject(error: unknown): void;
}
