import { randomBytes } from 'node:crypto';
import { Client, Pool, PoolConfig } from 'pg';
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

/** SqlClient over a PostgreSQL server through a `pg` connection pool. */
export class PgSqlClient implements SqlClient {
  readonly kind = 'postgres' as const;
  private readonly pool: Pool;

  constructor(private readonly config: PoolConfig) {
    this.pool = new Pool(config);
    // An idle client losing its connection must not crash the process; the pool replaces it.
    this.pool.on('error', () => undefined);
  }

  async query<Row>(
    sql: string,
    params: unknown[] = [],
    options: QueryOptions = {},
  ): Promise<{ rows: Row[] }> {
    const result = await this.pool.query({
      text: sql,
      values: params,
      ...(options.name && { name: options.name }),
      ...(options.rowMode && { rowMode: options.rowMode }),
    });
    return { rows: result.rows as Row[] };
  }

  async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work({
        query: async <Row>(sql: string, params: unknown[] = []) => ({
          rows: (await client.query(sql, params)).rows as Row[],
        }),
      });
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /**
   * Advisory locks belong to a session, so each lock gets a connection of its own outside the
   * pool: it lives exactly as long as the lock, and a dropped connection releases it in the
   * server, which `lost` reports.
   */
  async tryLock(name: string): Promise<HeldLock | null> {
    const client = new Client({ ...this.config, max: undefined } as never);
    let onLost: () => void = () => undefined;
    const lost = new Promise<void>((resolve) => (onLost = resolve));
    client.on('error', () => onLost());
    client.on('end', () => onLost());
    await client.connect();
    try {
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
    let current: { client: Client; down(): void } | undefined;
    let retry: NodeJS.Timeout | undefined;
    /** When the current session last heard from the server (its heartbeat's echo included). */
    let heardAt = 0;
    const connect = async (): Promise<void> => {
      const next = new Client({ ...this.config, max: undefined, keepAlive: true } as never);
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
      next.on('error', onDown);
      next.on('end', onDown);
      next.on('notification', (message) => {
        if (current?.client === next) heardAt = Date.now();
        if (message.channel === channel) handlers.notify(message.payload ?? '');
      });
      try {
        await next.connect();
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
      current = { client: next, down: onDown };
      heardAt = Date.now();
      beat.timer = setInterval(() => {
        if (Date.now() - heardAt > SILENCE_MS) return onDown();
        next.query(`NOTIFY ${heartbeatChannel}`).catch(onDown);
      }, HEARTBEAT_MS).unref();
      handlers.listening();
    };
    // Not listening yet is a state the handlers know (`lost`), not a failure of the caller.
    await connect();
    return {
      notify: async (payload) => {
        if (!current) throw new Error(`not listening on ${channel}`);
        await current.client.query('SELECT pg_notify($1, $2)', [channel, payload]);
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
