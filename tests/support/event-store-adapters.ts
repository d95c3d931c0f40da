import { join } from 'node:path';
import { BACKWARDS, END, KurrentDBClient } from '@kurrent/kurrentdb-client';
import { migrate, PgliteSqlClient, PgSqlClient, Queryable, SqlClient } from '@app/database';
import {
  CHECKPOINT_MIGRATIONS,
  EVENT_STORE_MIGRATIONS,
  EventStore,
  GlobalPosition,
  InMemoryEventStore,
  KurrentDbEventStore,
  MemoryLog,
  SqlEventStore,
  START_POSITION,
} from '@app/event-store';
import { createTempDir } from './temp-dir';
import { createTestDatabase } from './test-database';

/** What the contract suite needs from one adapter under test. */
export interface AdapterFixture {
  store: EventStore;
  /** A second store instance over the same storage, as another process would have. */
  openPeer(): Promise<EventStore>;
  /** Direct access to the storage, for tampering, where the adapter stores events in SQL. */
  tamper?: {
    update(streamId: string, version: number, data: unknown): Promise<void>;
    delete(streamId: string, version: number): Promise<void>;
    swap(streamId: string, a: number, b: number): Promise<void>;
  };
  /** A raw connection that can hold a transaction open while others commit. */
  openRawConnection?(): Promise<RawConnection>;
  cleanup(): Promise<void>;
}

export interface RawConnection extends Queryable {
  close(): Promise<void>;
}

export interface AdapterDefinition {
  name: string;
  /** Set when the adapter cannot run here; its tests are reported as skipped with this reason. */
  skipReason?: string;
  /** Its events sit in SQL tables that a test can tamper with directly. */
  sqlStorage: boolean;
  /** Several connections whose transactions interleave (not PGlite's single connection). */
  concurrentTransactions: boolean;
  /** Event ids are unique across the whole store, not only within a stream. */
  globallyUniqueEventIds: boolean;
  create(): Promise<AdapterFixture>;
}

/**
 * Tampering as someone who owns the database would: the append-only trigger is dropped for the
 * change and put back (each tamper runs alone).
 */
function sqlTamper(sql: Queryable): AdapterFixture['tamper'] {
  const unguarded = async (change: () => Promise<void>) => {
    await sql.query('ALTER TABLE events DISABLE TRIGGER events_no_change');
    try {
      await change();
    } finally {
      await sql.query('ALTER TABLE events ENABLE TRIGGER events_no_change');
    }
  };
  return {
    update: (streamId, version, data) =>
      unguarded(async () => {
        await sql.query('UPDATE events SET data = $3::json WHERE stream_id = $1 AND version = $2', [
          streamId,
          version,
          JSON.stringify(data),
        ]);
      }),
    delete: (streamId, version) =>
      unguarded(async () => {
        await sql.query('DELETE FROM events WHERE stream_id = $1 AND version = $2', [
          streamId,
          version,
        ]);
      }),
    swap: (streamId, a, b) =>
      unguarded(async () => {
        // Through a free version number: (stream_id, version) is unique at every statement.
        const move = 'UPDATE events SET version = $3 WHERE stream_id = $1 AND version = $2';
        await sql.query(move, [streamId, a, 2_000_000_000]);
        await sql.query(move, [streamId, b, a]);
        await sql.query(move, [streamId, 2_000_000_000, b]);
      }),
  };
}

/** The stores opened over one storage, the first and its peers, to be closed together. */
function peersOf(open: () => Promise<EventStore>) {
  const stores: EventStore[] = [];
  return {
    open: async () => {
      const store = await open();
      stores.push(store);
      return store;
    },
    closeAll: async () => {
      for (const store of stores) await store.close();
    },
  };
}

const postgres: AdapterDefinition = {
  name: 'postgres',
  sqlStorage: true,
  concurrentTransactions: true,
  globallyUniqueEventIds: true,
  async create() {
    const database = await createTestDatabase('event_store');
    const clients: SqlClient[] = [];
    const peers = peersOf(async () => {
      const sql = new PgSqlClient({ connectionString: database.url, max: 40 });
      clients.push(sql);
      await migrate(sql, EVENT_STORE_MIGRATIONS);
      const store = new SqlEventStore(sql, { pollIntervalMs: 50 });
      return store;
    });
    const store = await peers.open();
    return {
      store,
      openPeer: peers.open,
      tamper: sqlTamper(clients[0]),
      openRawConnection: async () => {
        const { Client } = await import('pg');
        const client = new Client({ connectionString: database.url });
        await client.connect();
        return {
          query: async <Row>(text: string, params: unknown[] = []) => ({
            rows: (await client.query(text, params)).rows as Row[],
          }),
          close: () => client.end(),
        };
      },
      cleanup: async () => {
        await peers.closeAll();
        for (const c of clients) await c.close();
        await database.drop();
      },
    };
  },
};

const embedded: AdapterDefinition = {
  name: 'embedded',
  sqlStorage: true,
  concurrentTransactions: false,
  globallyUniqueEventIds: true,
  async create() {
    const dir = await createTempDir('event-store');
    const sql = await PgliteSqlClient.open({ dataDir: join(dir.path, 'data') });
    await migrate(sql, EVENT_STORE_MIGRATIONS);
    const peers = peersOf(async () => {
      const store = new SqlEventStore(sql, { pollIntervalMs: 50 });
      return store;
    });
    const store = await peers.open();
    return {
      store,
      // One process owns an embedded data directory, so a peer shares its SqlClient.
      openPeer: peers.open,
      tamper: sqlTamper(sql),
      cleanup: async () => {
        await peers.closeAll();
        await sql.close();
        await dir.remove();
      },
    };
  },
};

const KURRENTDB_CONNECTION_STRING = process.env.KURRENTDB_CONNECTION_STRING;

/** Position of the last record in $all, so a run can start after what earlier runs wrote. */
async function endOfAll(connectionString: string): Promise<GlobalPosition> {
  const client = KurrentDBClient.connectionString(connectionString);
  try {
    for await (const { event } of client.readAll({
      direction: BACKWARDS,
      fromPosition: END,
      maxCount: 1,
    })) {
      if (event) return { commit: event.position.commit, prepare: event.position.prepare };
    }
    return START_POSITION;
  } finally {
    await client.dispose();
  }
}

const kurrentdb: AdapterDefinition = {
  name: 'kurrentdb',
  skipReason: KURRENTDB_CONNECTION_STRING ? undefined : 'KURRENTDB_CONNECTION_STRING not set',
  sqlStorage: false,
  concurrentTransactions: false,
  // KurrentDB recognises a repeated event id within one stream only.
  globallyUniqueEventIds: false,
  async create() {
    const connectionString = KURRENTDB_CONNECTION_STRING ?? '';
    const database = await createTestDatabase('kurrentdb_checkpoints');
    // The server may be shared and keep every earlier run's events. Streams and subscription
    // names are unique per test, and subscriptions without a checkpoint start after what was
    // there before this run instead of replaying all of it.
    const from = await endOfAll(connectionString);
    const clients: SqlClient[] = [];
    const peers = peersOf(async () => {
      const sql = new PgSqlClient({ connectionString: database.url });
      clients.push(sql);
      await migrate(sql, CHECKPOINT_MIGRATIONS);
      const store = await KurrentDbEventStore.connect(connectionString, sql, {
        pollIntervalMs: 50,
        from,
      });
      return store;
    });
    const store = await peers.open();
    return {
      store,
      openPeer: peers.open,
      cleanup: async () => {
        await peers.closeAll();
        for (const c of clients) await c.close();
        await database.drop();
      },
    };
  },
};

const memory: AdapterDefinition = {
  name: 'memory',
  sqlStorage: false,
  concurrentTransactions: false,
  globallyUniqueEventIds: true,
  async create() {
    const log = new MemoryLog();
    const peers = peersOf(async () => {
      const store = new InMemoryEventStore(log, { pollIntervalMs: 50 });
      return store;
    });
    const store = await peers.open();
    return {
      store,
      // A peer is another process over the same storage: here, the same log.
      openPeer: peers.open,
      cleanup: async () => {
        await peers.closeAll();
      },
    };
  },
};

export const ADAPTERS: AdapterDefinition[] = [postgres, embedded, memory, kurrentdb];
