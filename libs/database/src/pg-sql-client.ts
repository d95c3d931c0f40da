import { randomBytes } from 'node:crypto';
import { finished } from 'node:stream/promises';
import { Logger } from '@nestjs/common';
import { Client, ClientConfig, Pool, PoolClient, PoolConfig } from 'pg';
import { from as copyFromStdin } from 'pg-copy-streams';
import {
  assertChannel,
  HeldLock,
  Listener,
  NotificationHandlers,
  Queryable,
  QueryOptions,
  SqlClient,
} from './sql-client.port';

const RELISTEN_DELAY_MS = 1_000;
/** The listening session notifies itself this often ... */
const HEARTBEAT_MS = 1_000;
/** ... and is taken for dead when it has heard nothing back for this long. */
const SILENCE_MS = 5_000;

/** How long statements may take and connections may wait; 0 or absent: no limit. */
export interface PgTimeouts {
  connectMs?: number;
  statementMs?: number;
  idleInTransactionMs?: number;
}

/**
 * A server that is frozen (not down) answers nothing, so its statement_timeout never fires: the
 * client gives up this much after the server should have.
 */
const CLIENT_SIDE_GRACE_MS = 1_000;
/** What `pg` says when its client-side query_timeout fires. */
const CLIENT_TIMEOUT_MESSAGE = 'Query read timeout';
/** A lost connection is logged at most this often: an outage is one line, not one a client. */
const LOST_LOG_INTERVAL_MS = 10_000;

/**
 * SqlClient over a PostgreSQL server through a `pg` connection pool.
 *
 * Every connection it opens (pooled, transaction, lock and LISTEN sessions) has an `error`
 * listener for its whole life: `pg` emits `error` on a client whose server goes away (a stop, a
 * restart, an administrator's terminate), and one without a listener would end the process.
 * Statements are bounded by `statement_timeout` on the server and by a client-side timeout a
 * little longer, connections by a connect timeout, and transactions left idle by
 * `idle_in_transaction_session_timeout`: with the database frozen, a request fails in bounded
 * time instead of waiting as long as it hangs. The server-side limits are set with `SET` once a
 * session is open, not as startup parameters, which connection poolers such as PgBouncer refuse.
 */
export class PgSqlClient implements SqlClient {
  readonly kind = 'postgres' as const;
  private readonly logger = new Logger('Database');
  private readonly pool: Pool;
  private readonly config: ClientConfig;
  private readonly untimedConfig: ClientConfig;
  /** What each new session runs first: the server-side timeouts. */
  private readonly sessionSetup: string | null;
  private readonly setUp = new WeakSet<PoolClient>();
  private lostLoggedAt = 0;

  constructor(config: PoolConfig, timeouts: PgTimeouts = {}) {
    this.untimedConfig = {
      ...config,
      keepAlive: true,
      ...(timeouts.connectMs ? { connectionTimeoutMillis: timeouts.connectMs } : {}),
    };
    this.config = {
      ...this.untimedConfig,
      ...(timeouts.statementMs
        ? { query_timeout: timeouts.statementMs + CLIENT_SIDE_GRACE_MS }
        : {}),
    };
    const settings = [
      timeouts.statementMs && `SET statement_timeout = ${Math.floor(timeouts.statementMs)}`,
      timeouts.idleInTransactionMs &&
        `SET idle_in_transaction_session_timeout = ${Math.floor(timeouts.idleInTransactionMs)}`,
    ].filter(Boolean);
    this.sessionSetup = settings.length > 0 ? settings.join('; ') : null;
    this.pool = new Pool(this.config as PoolConfig);
    this.pool.on('error', (error) => this.connectionLost(error));
    // The pool listens to idle clients only; a checked-out one (a transaction between two
    // statements) would otherwise have no listener at all.
    this.pool.on('connect', (client) => client.on('error', (error) => this.connectionLost(error)));
  }

  /** A pooled session, its server-side timeouts set the first time it is handed out. */
  private async checkout(): Promise<PoolClient> {
    const client = await this.pool.connect();
    if (this.sessionSetup && !this.setUp.has(client)) {
      try {
        await client.query(this.sessionSetup);
      } catch (error) {
        client.release(error as Error);
        throw error;
      }
      this.setUp.add(client);
    }
    return client;
  }

  /** Opens a session of its own and applies the server-side timeouts to it. */
  private async connected(client: Client): Promise<void> {
    await client.connect();
    if (this.sessionSetup) await client.query(this.sessionSetup);
  }

  private connectionLost(error: Error): void {
    if (Date.now() - this.lostLoggedAt < LOST_LOG_INTERVAL_MS) return;
    this.lostLoggedAt = Date.now();
    const code = (error as { code?: unknown }).code;
    this.logger.warn(
      `connection lost: ${error.name}${typeof code === 'string' ? ` (${code})` : ''}`,
    );
  }

  /** A client outside the pool: `error` is handled from the start. */
  private client(config: ClientConfig, onError: (error: Error) => void): Client {
    const client = new Client({ ...config, max: undefined } as never);
    client.on('error', (error) => {
      this.connectionLost(error);
      onError(error);
    });
    return client;
  }

  async query<Row>(
    sql: string,
    params: unknown[] = [],
    options: QueryOptions = {},
  ): Promise<{ rows: Row[] }> {
    if (options.timeouts === false) {
      return this.untimed(async (client) => ({
        rows: (
          await client.query({
            text: sql,
            values: params,
            ...(options.rowMode && { rowMode: options.rowMode }),
          })
        ).rows as Row[],
      }));
    }
    const client = await this.checkout();
    let failed: Error | undefined;
    try {
      const result = await client.query({
        text: sql,
        values: params,
        ...(options.name && { name: options.name }),
        ...(options.rowMode && { rowMode: options.rowMode }),
      });
      return { rows: result.rows as Row[] };
    } catch (error) {
      // A statement the client gave up on still runs on that connection: it is not reused.
      // Other errors (a refusal, a constraint) leave it as good as it was.
      if ((error as Error)?.message === CLIENT_TIMEOUT_MESSAGE) failed = error as Error;
      throw error;
    } finally {
      client.release(failed);
    }
  }

  async transaction<T>(
    work: (tx: Queryable) => Promise<T>,
    options: { timeouts?: boolean } = {},
  ): Promise<T> {
    if (options.timeouts === false) return this.untimedTransaction(work);
    const client = await this.checkout();
    let broken: Error | undefined;
    try {
      // A connection whose ROLLBACK failed is not handed to the next caller.
      return await inTransaction(client, work, (error) => (broken = error));
    } finally {
      client.release(broken);
    }
  }

  /** On a connection of its own, without the statement timeouts (migrations). */
  private untimedTransaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.untimed((client) => inTransaction(client, work));
  }

  /** `work` on a connection of its own without the statement timeouts, ended after it. */
  private async untimed<T>(work: (client: Client) => Promise<T>): Promise<T> {
    const client = this.client(this.untimedConfig, () => undefined);
    try {
      await client.connect();
      await client.query('SET statement_timeout = 0; SET idle_in_transaction_session_timeout = 0');
      return await work(client);
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  /**
   * Advisory locks belong to a session, so each lock gets a connection of its own outside the
   * pool: it lives exactly as long as the lock, and a dropped connection releases it in the
   * server, which `lost` reports.
   */
  async tryLock(name: string): Promise<HeldLock | null> {
    let onLost: () => void = () => undefined;
    const lost = new Promise<void>((resolve) => (onLost = resolve));
    const client = this.client(this.config, () => onLost());
    client.on('end', () => onLost());
    try {
      await this.connected(client);
      const { rows } = await client.query<{ locked: boolean }>(
        'SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS locked',
        [name],
      );
      if (!rows[0].locked) {
        await client.end();
        return null;
      }
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    let released = false;
    return {
      lost,
      // The session alive is the lock held: only unlocking or the session's end lets it go.
      stillHeld: async () =>
        !released &&
        (await client.query('SELECT 1').then(
          () => true,
          () => false,
        )),
      release: async () => {
        if (released) return;
        released = true;
        await client
          .query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [name])
          .catch(() => undefined);
        await client.end().catch(() => undefined);
      },
    };
  }

  /**
   * A connection of its own outside the pool, as LISTEN belongs to a session. When it cannot
   * connect, drops, or falls silent, `lost` is reported at once and it connects again until
   * `close`. Silence is found by a heartbeat: every second the session notifies a channel of its
   * own, and a session that has heard nothing back for 5 s is dropped (a failover or a cut
   * network can leave a connection that never reports an error). `lastHeard` tells how recent
   * the session's last sign of life is.
   */
  async listen(
    channel: string,
    handlers: NotificationHandlers,
    options: { applicationName?: string } = {},
  ): Promise<Listener> {
    assertChannel(channel);
    const heartbeatChannel = `sr_heartbeat_${randomBytes(8).toString('hex')}`;
    let closed = false;
    /** The session, and its statements one after another (pg wants one at a time). */
    let current:
      | { client: Client; down(): void; run(sql: string, params?: unknown[]): Promise<unknown> }
      | undefined;
    let retry: NodeJS.Timeout | undefined;
    /** When the current session last heard from the server (its heartbeat's echo included). */
    let heardAt = 0;
    const connect = async (): Promise<void> => {
      let down = false;
      const beat: { timer?: NodeJS.Timeout } = {};
      const onDown = () => {
        if (down) return;
        down = true;
        clearInterval(beat.timer);
        if (current?.client === next) current = undefined;
        handlers.lost();
        next.end().catch(() => undefined);
        if (!closed) retry = setTimeout(() => void connect(), RELISTEN_DELAY_MS);
      };
      const next = this.client(this.config, onDown);
      next.on('end', onDown);
      next.on('notification', (message) => {
        if (current?.client === next) heardAt = Date.now();
        if (message.channel === channel) handlers.notify(message.payload ?? '');
      });
      try {
        await this.connected(next);
        if (options.applicationName) {
          await next.query("SELECT set_config('application_name', $1, false)", [
            options.applicationName,
          ]);
        }
        await next.query(`LISTEN ${channel}`);
        await next.query(`LISTEN ${heartbeatChannel}`);
      } catch {
        onDown();
        return;
      }
      if (closed) {
        await next.end().catch(() => undefined);
        return;
      }
      let queue: Promise<unknown> = Promise.resolve();
      const run = (sql: string, params?: unknown[]) => {
        const done = queue.then(() => next.query(sql, params));
        queue = done.catch(() => undefined);
        return done;
      };
      current = { client: next, down: onDown, run };
      heardAt = Date.now();
      let beating = false;
      beat.timer = setInterval(() => {
        if (Date.now() - heardAt > SILENCE_MS) return onDown();
        if (beating) return;
        beating = true;
        run(`NOTIFY ${heartbeatChannel}`)
          .catch(onDown)
          .finally(() => (beating = false));
      }, HEARTBEAT_MS).unref();
      handlers.listening();
    };
    // Not listening yet is a state the handlers know (`lost`), not a failure of the caller.
    await connect();
    return {
      notify: async (payload) => {
        if (!current) throw new Error(`not listening on ${channel}`);
        await current.run('SELECT pg_notify($1, $2)', [channel, payload]);
      },
      lastHeard: () => (current ? heardAt : 0),
      restart: () => current?.down(),
      close: async () => {
        closed = true;
        clearTimeout(retry);
        const last = current;
        current = undefined;
        last?.down();
        await last?.client.end().catch(() => undefined);
      },
    };
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

async function inTransaction<T>(
  client: PoolClientLike,
  work: (tx: Queryable) => Promise<T>,
  onBroken: (error: Error) => void = () => undefined,
): Promise<T> {
  await client.query('BEGIN');
  try {
    const result = await work({
      query: async <Row>(sql: string, params: unknown[] = []) => ({
        rows: (await client.query(sql, params)).rows as Row[],
      }),
      copyFrom: async (statement, data) => {
        const copy = client.query(copyFromStdin(statement));
        copy.end(data);
        // Settles when the server has taken every row (or refused one).
        await finished(copy);
      },
    });
    await client.query('COMMIT');
    return result;
  } catch (error) {
    // A statement the client gave up on is still running on that connection: nothing can be
    // sent after it, so the connection is dropped (which ends the transaction) instead.
    if ((error as Error)?.message === CLIENT_TIMEOUT_MESSAGE) onBroken(error as Error);
    else await client.query('ROLLBACK').catch(onBroken);
    throw error;
  }
}

type PoolClientLike = Pick<Client, 'query'>;
