import { eachConcurrently, Queryable, SqlClient } from '@app/database';
import {
  ProjectionReplay,
  RecordedEvent,
  ReplayableHandler,
  ReplayOptions,
} from '../event-store.port';

/**
 * A projection kept as one folded model per key (a case): what a page of the log touches is
 * loaded, the page's events are folded into it, and what changed is written back.
 */
export interface Fold<M> {
  /** The model an event belongs to, or null for an event the projection ignores. */
  keyOf(event: RecordedEvent): string | null;
  /** The stored models of these keys (those there are), locked until `tx` ends if `forUpdate`. */
  load(tx: Queryable, keys: string[], forUpdate: boolean): Promise<Map<string, M>>;
  /** The model with the event applied (`model` may be changed in place); null if it holds it. */
  apply(model: M | undefined, event: RecordedEvent): M | null;
  /**
   * Stores these models, inserting or replacing each. `replaying` when a replay writes them:
   * what `replayed` derives afterwards from all of them may be left out.
   */
  save(tx: Queryable, models: M[], replaying: boolean): Promise<void>;
  /**
   * After a replay has written every model: what is derived from all of them at once (cheaper
   * than model by model, for a rebuild that writes every model).
   */
  replayed?(sql: SqlClient): Promise<void>;
}

export interface ReplayLimits {
  /** Models held in memory before they are written out and let go (bounds a replay's memory). */
  maxModels: number;
  /** Models written per statement. */
  chunk: number;
}

const DEFAULT_LIMITS: ReplayLimits = { maxModels: 250_000, chunk: 4_000 };

/**
 * The page-by-page handler of a `Fold` (one transaction a page), and its replay for rebuilds:
 * there the whole log is folded in memory and each model is written once at the end, instead of
 * being read and written again for every page that touches it. A replay holding more than
 * `maxModels` writes them out and forgets them; a later event of one of those loads it back.
 */
export class FoldedProjection<M> implements ReplayableHandler {
  constructor(
    private readonly sql: SqlClient,
    private readonly fold: Fold<M>,
    private readonly limits: ReplayLimits = DEFAULT_LIMITS,
  ) {}

  async handleBatch(events: RecordedEvent[]): Promise<void> {
    const byKey = new Map<string, RecordedEvent[]>();
    for (const event of events) {
      const key = this.fold.keyOf(event);
      if (key !== null) byKey.set(key, [...(byKey.get(key) ?? []), event]);
    }
    if (byKey.size === 0) return;
    await this.sql.transaction(async (tx) => {
      // Rebuilt from the log and idempotent: a commit lost in a crash costs nothing.
      await tx.query('SET LOCAL synchronous_commit = off');
      const models = await this.fold.load(tx, [...byKey.keys()], true);
      const changed = new Map<string, M>();
      for (const [key, keyEvents] of byKey) {
        for (const event of keyEvents) {
          const next = this.fold.apply(models.get(key), event);
          if (next === null) continue;
          models.set(key, next);
          changed.set(key, next);
        }
      }
      if (changed.size > 0) await this.fold.save(tx, [...changed.values()], false);
    });
  }

  /** A replay writing through `target` (the rebuild's copies of the tables) or the client's own. */
  startReplay(target: SqlClient = this.sql, options: ReplayOptions = {}): ProjectionReplay {
    return new InMemoryReplay(target, this.fold, this.limits, options);
  }
}

class InMemoryReplay<M> implements ProjectionReplay {
  private readonly models = new Map<string, M>();
  /** Keys of the models written out and let go. */
  private readonly written = new Set<string>();
  private flushedBefore = false;

  constructor(
    private readonly sql: SqlClient,
    private readonly fold: Fold<M>,
    private readonly limits: ReplayLimits,
    private readonly options: ReplayOptions,
  ) {}

  async add(events: RecordedEvent[]): Promise<void> {
    const keyed: [string, RecordedEvent][] = [];
    const missing = new Set<string>();
    for (const event of events) {
      const key = this.fold.keyOf(event);
      if (key === null) continue;
      keyed.push([key, event]);
      if (this.written.has(key) && !this.models.has(key)) missing.add(key);
    }
    if (missing.size > 0) {
      for (const [key, model] of await this.fold.load(this.sql, [...missing], false)) {
        this.models.set(key, model);
      }
    }
    for (const [key, event] of keyed) {
      const next = this.fold.apply(this.models.get(key), event);
      if (next !== null) this.models.set(key, next);
    }
    if (this.models.size >= this.limits.maxModels) await this.flush(false);
  }

  async finish(): Promise<void> {
    await this.flush(true);
    await this.fold.replayed?.(this.sql);
  }

  /**
   * Every model held, a chunk per transaction, two chunks in flight. The `last` flush keeps no
   * account of what it wrote: no event follows that could need a model back.
   */
  private async flush(last: boolean): Promise<void> {
    const models = [...this.models];
    const chunks: [string, M][][] = [];
    for (let i = 0; i < models.length; i += this.limits.chunk) {
      chunks.push(models.slice(i, i + this.limits.chunk));
    }
    if (!last && !this.flushedBefore) {
      this.flushedBefore = true;
      await this.options.beforeFirstFlush?.();
    }
    // One write failing stops the other: nothing is written after the replay has failed.
    await eachConcurrently(chunks, 2, async (chunk) => {
      const rows = chunk.map(([, model]) => model);
      await this.sql.transaction(async (tx) => {
        await tx.query('SET LOCAL synchronous_commit = off');
        await this.fold.save(tx, rows, true);
      });
      if (last) return;
      for (const [key] of chunk) {
        this.written.add(key);
        this.models.delete(key);
      }
    });
    if (last) this.models.clear();
  }
}
