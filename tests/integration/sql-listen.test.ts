import { createServer, Server, Socket } from 'node:net';
import { NotificationHandlers, PgSqlClient } from '@app/database';
import { createTestDatabase, TestDatabase } from '../support/test-database';

/** What a listener was told, in order, with a way to wait for the next thing. */
class Recorder implements NotificationHandlers {
  readonly seen: string[] = [];
  private waiters: Array<() => void> = [];

  notify(payload: string): void {
    this.record(`notify:${payload}`);
  }
  listening(): void {
    this.record('listening');
  }
  lost(): void {
    this.record('lost');
  }

  /** Waits until `entry` was seen `times` times. */
  async until(entry: string, times = 1, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.seen.filter((seen) => seen === entry).length < times) {
      if (Date.now() > deadline) throw new Error(`no ${entry} in ${this.seen.join(', ')}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }

  private record(entry: string): void {
    this.seen.push(entry);
    for (const wake of this.waiters.splice(0)) wake();
  }
}

describe('SqlClient.listen on PostgreSQL', () => {
  let database: TestDatabase;
  let sql: PgSqlClient;

  beforeAll(async () => {
    database = await createTestDatabase('sql_listen');
    sql = new PgSqlClient({ connectionString: database.url, max: 2 });
  });

  afterAll(async () => {
    await sql?.close();
    await database?.drop();
  });

  it('names its session whatever the connection string says, and notifies from it', async () => {
    const url = new URL(database.url);
    url.searchParams.set('application_name', 'from-the-url');
    const named = new PgSqlClient({ connectionString: url.toString(), max: 1 });
    const recorder = new Recorder();
    const listener = await named.listen('sr_named_channel', recorder, {
      applicationName: 'safe-referral/test-listener',
    });
    try {
      await recorder.until('listening');
      const { rows } = await sql.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE datname = current_database() AND application_name = 'safe-referral/test-listener'`,
      );
      expect(rows[0].n).toBe(1);
      await listener.notify('from the listener itself');
      await recorder.until('notify:from the listener itself');
      // The heartbeat keeps the session's last sign of life within about a second.
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      expect(Date.now() - listener.lastHeard()).toBeLessThan(2_000);
    } finally {
      await listener.close();
      await named.close();
    }
    await expect(listener.notify('after close')).rejects.toThrow('not listening');
    expect(listener.lastHeard()).toBe(0);
  });

  it('delivers notifications sent at commit, reports a lost connection, and listens again', async () => {
    const recorder = new Recorder();
    const listener = await sql.listen('sr_test_channel', recorder);
    try {
      await recorder.until('listening');
      await sql.query(`SELECT pg_notify('sr_test_channel', 'first')`);
      await sql.query(`SELECT pg_notify('another_channel', 'not for us')`);
      await recorder.until('notify:first');

      // The server drops the listening session, as a restart or a network cut would.
      await sql.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE datname = current_database() AND pid <> pg_backend_pid()
            AND (query LIKE 'LISTEN %' OR query LIKE 'NOTIFY sr_heartbeat_%')`,
      );
      await recorder.until('lost');
      await recorder.until('listening', 2);
      expect(recorder.seen.slice(0, 4)).toEqual(['listening', 'notify:first', 'lost', 'listening']);

      await sql.query(`SELECT pg_notify('sr_test_channel', 'second')`);
      await recorder.until('notify:second');
      expect(recorder.seen.filter((entry) => entry.startsWith('notify:'))).toEqual([
        'notify:first',
        'notify:second',
      ]);
    } finally {
      await listener.close();
    }
  });

  it('refuses a channel name that is not an identifier', async () => {
    await expect(sql.listen('x; DROP TABLE events', new Recorder())).rejects.toThrow(
      /bad channel name/,
    );
  });

  it('finds a session that fell silent (no error, no close) and listens again', async () => {
    // A TCP relay to PostgreSQL that can stop relaying without closing anything, as a failover
    // or a cut network can leave a connection.
    const target = new URL(database.url);
    const relayed = new Set<Socket>();
    let silent = false;
    const relay: Server = createServer((inbound) => {
      const outbound = new Socket();
      outbound.connect(Number(target.port || 5432), target.hostname);
      relayed.add(inbound);
      relayed.add(outbound);
      inbound.on('data', (chunk) => silent || outbound.write(chunk));
      outbound.on('data', (chunk) => silent || inbound.write(chunk));
      const close = () => {
        inbound.destroy();
        outbound.destroy();
      };
      inbound.on('close', close);
      outbound.on('close', close);
      inbound.on('error', close);
      outbound.on('error', close);
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    const { port } = relay.address() as { port: number };
    const url = new URL(database.url);
    url.hostname = '127.0.0.1';
    url.port = String(port);
    const viaRelay = new PgSqlClient({ connectionString: url.toString(), max: 1 });
    const recorder = new Recorder();
    const listener = await viaRelay.listen('sr_silent_channel', recorder);
    try {
      await recorder.until('listening');
      silent = true;
      await recorder.until('lost', 1, 20_000);
      silent = false; // new sessions get through again; the silent one stays stuck
      await recorder.until('listening', 2, 20_000);
      await sql.query(`SELECT pg_notify('sr_silent_channel', 'after')`);
      await recorder.until('notify:after');
    } finally {
      await listener.close();
      await viaRelay.close();
      for (const socket of relayed) socket.destroy();
      await new Promise((resolve) => relay.close(resolve));
    }
  }, 60_000);
});
