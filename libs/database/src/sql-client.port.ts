/**
 * The one SQL surface the service uses, so the same SQL and code run on a PostgreSQL server
 * (`pg` pool) and on embedded PostgreSQL (PGlite) alike.
 */
export interface QueryOptions {
  /** Names a hot, fixed statement so a server connection parses and plans it once. */
  name?: string;
  /**
   * Rows as arrays of column values in SELECT order instead of objects: one allocation less per
   * row, for reads of many rows.
   */
  rowMode?: 'array';
  /**
   * `false`: on a connection of its own without the statement timeouts, for a statement that
   * may rightly take minutes and cannot run in a transaction (VACUUM). Only the client itself
   * takes it, not a transaction's `tx`.
   */
  timeouts?: boolean;
}

export interface Queryable {
  query<Row = Record<string, unknown>>(
    sql: string,
    params?: unknown[],
    options?: QueryOptions,
  ): Promise<{ rows: Row[] }>;
  /**
   * `COPY … FROM STDIN` with `data` in PostgreSQL's text format (`copyText`), where the session
   * can stream it: inside a transaction on a server. Absent elsewhere (PGlite, the pool itself).
   */
  copyFrom?(statement: string, data: string): Promise<void>;
}

/** A session-level lock held until released; `lost` resolves if the session dies first. */
export interface HeldLock {
  readonly lost: Promise<void>;
  release(): Promise<void>;
  /**
   * Whether the lock is still held, asked of the server: a session can be gone (a network cut)
   * before the client sees it end. Absent where a lock lives in the process (held until released).
   */
  stillHeld?(): Promise<boolean>;
}

/** What a LISTEN subscription reports: notifications, and whether it is listening at all. */
export interface NotificationHandlers {
  notify(payload: string): void;
  /** Listening (again): notifications sent from now on arrive. */
  listening(): void;
  /** Not listening (connection lost): notifications may be missed until `listening` again. */
  lost(): void;
}

export interface Listener {
  /**
   * Notifies the channel from the listening session itself (not through the pool), so that a
   * notification it sends after one it received is ordered after it for every listener.
   * Rejects when the session is down.
   */
  notify(payload: string): Promise<void>;
  /**
   * When the session last heard from the server (ms since the epoch; 0 while not listening):
   * with a heartbeat every second, older than a couple of seconds means it may have gone silent.
   */
  lastHeard(): number;
  /** Drops the session and listens again (reporting `lost`, then `listening`). */
  restart(): void;
  close(): Promise<void>;
}

export interface SqlClient extends Queryable {
  readonly kind: 'postgres' | 'embedded';
  /**
   * `work` in one transaction. `timeouts: false` lifts the statement timeouts for work that may
   * rightly take long (migrations); everything else is bounded.
   */
  transaction<T>(work: (tx: Queryable) => Promise<T>, options?: { timeouts?: boolean }): Promise<T>;
  /** Non-blocking, process-independent exclusive lock (an advisory lock on PostgreSQL). */
  tryLock(name: string): Promise<HeldLock | null>;
  /**
   * LISTEN on `channel` (a lowercase identifier), reconnecting after a lost connection. On a
   * server, the session sets `applicationName` (whatever the connection string says), so that
   * the processes listening can be found in pg_stat_activity.
   */
  listen(
    channel: string,
    handlers: NotificationHandlers,
    options?: { applicationName?: string },
  ): Promise<Listener>;
  close(): Promise<void>;
}

/** Injection token of the process's SqlClient. */
export const SQL_CLIENT = Symbol('SQL_CLIENT');

/** PostgreSQL error code, when the error came from the database. */
export function sqlErrorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

export const UNIQUE_VIOLATION = '23505';

/** Channels are spliced into LISTEN, which takes no parameters: identifiers only. */
export function assertChannel(channel: string): void {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(channel)) throw new Error(`bad channel name ${channel}`);
}
