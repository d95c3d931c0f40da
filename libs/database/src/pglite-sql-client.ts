import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { intarray } from '@electric-sql/pglite/contrib/intarray';
import { lockDataDirectory } from './data-directory-lock';
import {
  assertChannel,
  HeldLock,
  Listener,
  NotificationHandlers,
  Queryable,
  QueryOptions,
  SqlClient,
} from './sql-client.port';

export interface PgliteOptions {
  dataDir: string;
  /**
   * How long to wait for the directory lock. A process killed with SIGKILL leaves its lock
   * behind: taken over at once when that process is provably gone (same machine, not running),
   * otherwise once stale (not refreshed for `staleMs`).
   */
  lockWaitMs?: number;
  staleMs?: number;
}

/**
 * SqlClient over embedded PostgreSQL (PGlite) in a data directory. PGlite itself does not stop a
 * second process from opening the same directory (which corrupts it), so this client holds an
 * inter-process lock on the directory for its whole life.
 */
export class PgliteSqlClient implements SqlClient {
  readonly kind = 'embedded' as const;
  private readonly heldLocks = new Set<string>();

  private constructor(
    private readonly db: PGlite,
    private readonly releaseDirectory: () => Promise<void>,
  ) {}

  static async open(options: PgliteOptions): Promise<PgliteSqlClient> {
    const dataDir = resolve(options.dataDir);
    // The owner only: the database holds wrapped keys (and, embedded, the master key beside it).
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    const staleMs = options.staleMs ?? 10_000;
    const lockWaitMs = options.lockWaitMs ?? staleMs + 2_000;
    const releaseDirectory = await lockDataDirectory(dataDir, { staleMs, lockWaitMs });
    try {
      // intarray: the statistics sort their quantiles' values with it (their migrations).
      const db = await PGlite.create(join(dataDir, 'pglite'), { extensions: { intarray } });
      return new PgliteSqlClient(db, releaseDirectory);
    } catch (error) {
      await releaseDirectory();
      throw error;
    }
  }

  /** Statement names are for server pools; PGlite's one in-process connection needs none. */
  async query<Row>(
    sql: string,
    params: unknown[] = [],
    options: QueryOptions = {},
  ): Promise<{ rows: Row[] }> {
    const result = await this.db.query<Row>(
      sql,
      params,
      options.rowMode ? { rowMode: options.rowMode } : undefined,
    );
    return { rows: result.rows };
  }

  /** One in-process engine: nothing can hang on a network, so there are no timeouts to lift. */
  async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.db.transaction(async (tx) =>
      work({
        query: async <Row>(sql: string, params: unknown[] = []) => ({
          rows: (await tx.query<Row>(sql, params)).rows,
        }),
      }),
    );
  }

  /** One process owns the directory, so an in-process lock is exclusive across processes too. */
  async tryLock(name: string): Promise<HeldLock | null> {
    if (this.heldLocks.has(name)) return null;
    this.heldLocks.add(name);
    let released = false;
    return {
      lost: new Promise<void>(() => undefined),
      release: async () => {
        if (released) return;
        released = true;
        this.heldLocks.delete(name);
      },
    };
  }

  /** In-process: the one process that may open the directory sees every notification. */
  async listen(channel: string, handlers: NotificationHandlers): Promise<Listener> {
    assertChannel(channel);
    const unlisten = await this.db.listen(channel, (payload) => handlers.notify(payload));
    handlers.listening();
    return {
      notify: async (payload) => {
        await this.db.query('SELECT pg_notify($1, $2)', [channel, payload]);
      },
      // In-process notifications cannot be lost or late.
      lastHeard: () => (this.db.closed ? 0 : Date.now()),
      // Nothing to restart either.
      restart: () => undefined,
      close: async () => {
        if (!this.db.closed) await unlisten();
      },
    };
  }

  async close(): Promise<void> {
    if (!this.db.closed) await this.db.close();
    await this.releaseDirectory().catch(() => undefined);
  }
}
