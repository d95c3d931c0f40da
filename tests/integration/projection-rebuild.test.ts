import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConsoleLogger, Logger } from '@nestjs/common';
import { Client } from 'pg';
import { HeldLock, migrate, PgliteSqlClient, PgSqlClient, SqlClient } from '@app/database';
import {
  CHECKPOINT_MIGRATIONS,
  EventStore,
  Fold,
  FoldedProjection,
  formatPosition,
  GlobalPosition,
  RecordedEvent,
  SubscriptionRunner,
} from '@app/event-store';
import { ProjectionRebuilds } from '@app/projections';
import { MAINTENANCE_HOLDS, ShadowTables } from '../../libs/projections/src/rebuild/shadow-tables';
import { eventually } from '../support/async';
import { createTestDatabase, TestDatabase } from '../support/test-database';

/**
 * Rebuilds into copies of a projection's tables, put in place in one transaction with the
 * checkpoint: readers keep the old rows meanwhile, a failed rebuild changes nothing, and the
 * tables that replace the old ones have everything the old ones had (indexes, constraints,
 * options, grants). On a PostgreSQL server and on embedded PostgreSQL (PGlite) alike. The
 * projection here is a small fold of its own: a running total per item, and a table derived
 * from all of them after a replay, as the statistics derive their per-value rows.
 */
const SUBSCRIPTION = 'items.v1';
const TABLES = ['rebuild_items', 'rebuild_item_totals'];
const ITEMS = 300;
const EVENTS_PER_ITEM = 4;

const position = (n: number): GlobalPosition => ({ commit: BigInt(n), prepare: BigInt(n) });

/** Item i's events, interleaved across items as a real log is: amounts 1, 2, 3, 4. */
const LOG: RecordedEvent[] = Array.from({ length: ITEMS * EVENTS_PER_ITEM }, (_, n) => {
  const item = n % ITEMS;
  const version = Math.floor(n / ITEMS) + 1;
  return {
    streamId: `item-${item}`,
    version,
    eventId: `e-${n}`,
    type: 'item.added.v1',
    data: { amount: version },
    metadata: { recordedAt: '2026-12-01T00:00:00.000Z' },
    prevHash: '',
    hash: '',
    position: position(n + 1),
  };
});
const EXPECTED_TOTAL = 1 + 2 + 3 + 4;

interface Item {
  id: string;
  total: number;
  version: number;
}

const FOLD: Fold<Item> = {
  keyOf: (event) => event.streamId,
  async load(tx, keys) {
    const { rows } = await tx.query<{ item_id: string; total: number; version: number }>(
      'SELECT item_id, total, version FROM rebuild_items WHERE item_id = ANY($1)',
      [keys],
    );
    return new Map(
      rows.map((r) => [r.item_id, { id: r.item_id, total: r.total, version: r.version }]),
    );
  },
  apply(model, event) {
    if (model && event.version <= model.version) return null;
    const amount = (event.data as { amount: number }).amount;
    return { id: event.streamId, total: (model?.total ?? 0) + amount, version: event.version };
  },
  async save(tx, models) {
    await tx.query(
      `INSERT INTO rebuild_items (item_id, total, version)
       SELECT * FROM unnest($1::text[], $2::int[], $3::int[])
       ON CONFLICT (item_id) DO UPDATE SET total = EXCLUDED.total, version = EXCLUDED.version`,
      [models.map((m) => m.id), models.map((m) => m.total), models.map((m) => m.version)],
    );
  },
  async replayed(sql) {
    await sql.transaction(async (tx) => {
      await tx.query('DELETE FROM rebuild_item_totals');
      await tx.query(
        `INSERT INTO rebuild_item_totals (label, items, total)
         SELECT 'all', count(*), sum(total) FROM rebuild_items`,
      );
    });
  },
};

/** The log, whose reads can be held after the first page, or made to fail there. */
function gatedStore() {
  let gate: Promise<void> | null = null;
  let open: () => void = () => undefined;
  let failing = false;
  let reachedGate: () => void = () => undefined;
  const atGate = new Promise<void>((resolve) => (reachedGate = resolve));
  const store = {
    async readAll(from: GlobalPosition, limit: number): Promise<RecordedEvent[]> {
      if (from.commit > 0n) {
        if (failing) throw new Error('the log could not be read');
        if (gate) {
          reachedGate();
          await gate;
        }
      }
      // Pages of 50: the replay (100 items held at most) writes out and reads back.
      return LOG.filter((event) => event.position.commit > from.commit).slice(
        0,
        Math.min(limit, 50),
      );
    },
  };
  return {
    store: store as unknown as EventStore,
    hold() {
      gate = new Promise((resolve) => (open = resolve));
    },
    atGate,
    release: () => open(),
    fail() {
      failing = true;
    },
  };
}

describe.each(['postgres', 'embedded'] as const)(
  'rebuilding into copies of the tables (%s)',
  (kind) => {
    let database: TestDatabase | undefined;
    let dataDir: string | undefined;
    let sql: SqlClient;

    beforeAll(async () => {
      // The rebuilds here fail on purpose; their log lines are not the test's output.
      Logger.overrideLogger(false);
      if (kind === 'postgres') {
        database = await createTestDatabase('projection_rebuild');
        sql = new PgSqlClient({ connectionString: database.url, max: 6 });
      } else {
        dataDir = await mkdtemp(join(tmpdir(), 'sr-rebuild-'));
        sql = await PgliteSqlClient.open({ dataDir, lockWaitMs: 0 });
      }
      await migrate(sql, CHECKPOINT_MIGRATIONS);
    });

    afterAll(async () => {
      Logger.overrideLogger(new ConsoleLogger());
      await sql?.close();
      await database?.drop();
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    });

    /** The tables as a migration makes them, with rows of an older fold and a checkpoint. */
    beforeEach(async () => {
      await sql.query('DROP TABLE IF EXISTS rebuild_items, rebuild_item_totals');
      const { rows: schemas } = await sql.query<{ name: string }>(
        `SELECT nspname AS name FROM pg_namespace WHERE nspname LIKE 'sr_rebuild_%'`,
      );
      for (const { name } of schemas) await sql.query(`DROP SCHEMA ${name} CASCADE`);
      await sql.query(
        `CREATE TABLE rebuild_items (
         item_id text PRIMARY KEY,
         total integer NOT NULL CHECK (total >= 0),
         version integer NOT NULL DEFAULT 0,
         note text COLLATE "C"
       ) WITH (fillfactor = 90)`,
      );
      await sql.query('CREATE INDEX rebuild_items_total ON rebuild_items (total) WHERE total > 0');
      await sql.query('CREATE UNIQUE INDEX rebuild_items_upper ON rebuild_items (upper(item_id))');
      await sql.query('GRANT SELECT ON rebuild_items TO PUBLIC');
      await sql.query(
        `CREATE TABLE rebuild_item_totals (label text NOT NULL UNIQUE, items integer, total integer)`,
      );
      await sql.query(
        `INSERT INTO rebuild_items (item_id, total, version) VALUES ('item-0', 99, 9), ('gone', 1, 1)`,
      );
      await sql.query(`INSERT INTO rebuild_item_totals VALUES ('all', 2, 100)`);
      await sql.query(
        `INSERT INTO subscription_checkpoints (name, position) VALUES ($1, $2)
       ON CONFLICT (name) DO UPDATE SET position = EXCLUDED.position`,
        [SUBSCRIPTION, formatPosition(position(7))],
      );
    });

    /** Roles are the cluster's, not the database's: each dropped whatever became of the others. */
    async function dropRoles(...roles: string[]): Promise<void> {
      for (const role of roles) {
        await sql.query(`DROP OWNED BY ${role}`).catch(() => undefined);
        await sql.query(`DROP ROLE IF EXISTS ${role}`).catch(() => undefined);
      }
    }

    /**
     * The rebuilds of the items, by default held in memory up to 100 items (so a replay of 300
     * writes out and reads back), 40 a write.
     */
    function rebuilds(
      store: EventStore,
      fold: Fold<Item> = FOLD,
      on: SqlClient = sql,
      limits = { maxModels: 100, chunk: 40 },
      /** The lock the subscriber here hands over as it pauses (none: it did not deliver). */
      handed: () => Promise<HeldLock | null> = async () => null,
    ) {
      const runner = {
        subscriptionName: SUBSCRIPTION,
        handler: new FoldedProjection(on, fold, limits),
        pauseHoldingLock: jest.fn(handed),
        resume: jest.fn(async () => undefined),
      };
      const service = new ProjectionRebuilds(on, store);
      service.register({
        name: 'items',
        runner: runner as unknown as SubscriptionRunner,
        tables: TABLES,
      });
      return { service, runner };
    }

    /** A rebuild of the items started and held after the log's first page. */
    async function heldRebuild() {
      const log = gatedStore();
      log.hold();
      const { service, runner } = rebuilds(log.store);
      const { done } = service.start('items');
      await log.atGate;
      return { release: log.release, done, service, runner };
    }

    const rows = async () =>
      (
        await sql.query<{ item_id: string; total: number; version: number }>(
          'SELECT item_id, total, version FROM rebuild_items ORDER BY item_id',
        )
      ).rows;
    const totals = async () =>
      (await sql.query('SELECT label, items, total FROM rebuild_item_totals')).rows;
    const checkpoint = async () =>
      (
        await sql.query<{ position: string }>(
          'SELECT position FROM subscription_checkpoints WHERE name = $1',
          [SUBSCRIPTION],
        )
      ).rows[0]?.position;
    const leftovers = async () =>
      (
        await sql.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_namespace WHERE nspname LIKE 'sr_rebuild_%'`,
        )
      ).rows[0].n;
    /** What a table is besides its rows, by name: columns, indexes, constraints, options, grants. */
    const shape = async (table: string) =>
      (
        await sql.query(
          `SELECT n.nspname AS schema, c.reloptions AS options, c.relacl::text AS grants,
                (SELECT array_agg(format('%s %s %s %s', a.attname, format_type(a.atttypid, a.atttypmod),
                                         a.attnotnull, pg_get_expr(d.adbin, d.adrelid)) ORDER BY a.attnum)
                   FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
                  WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped) AS columns,
                (SELECT array_agg(pg_get_indexdef(i.indexrelid) ORDER BY pg_get_indexdef(i.indexrelid))
                   FROM pg_index i WHERE i.indrelid = c.oid) AS indexes,
                (SELECT array_agg(format('%s %s', conname, pg_get_constraintdef(k.oid)) ORDER BY conname)
                   FROM pg_constraint k WHERE k.conrelid = c.oid) AS constraints
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE c.oid = to_regclass($1)`,
          [table],
        )
      ).rows[0];

    const expectedItems = () =>
      Array.from({ length: ITEMS }, (_, i) => ({
        item_id: `item-${i}`,
        total: EXPECTED_TOTAL,
        version: EVENTS_PER_ITEM,
      })).sort((a, b) => (a.item_id < b.item_id ? -1 : 1));

    it('keeps the old rows for readers until the rebuilt tables replace them, with the checkpoint', async () => {
      const shapes = await Promise.all(TABLES.map(shape));
      const before = await rows();
      const log = gatedStore();
      log.hold();
      // What the copy has of indexes when the replay, having written out what it held, reads
      // some of it back: all of them, built before the first write.
      const indexesAtReload: number[] = [];
      const counting: Fold<Item> = {
        ...FOLD,
        async load(tx, keys, forUpdate) {
          const { rows: found } = await tx.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM pg_indexes
              WHERE schemaname LIKE 'sr_rebuild_items_%' AND tablename = 'rebuild_items'`,
          );
          indexesAtReload.push(found[0].n);
          return FOLD.load(tx, keys, forUpdate);
        },
      };
      const { service, runner } = rebuilds(log.store, counting);
      const { progress, done } = service.start('items');
      expect(progress.state).toBe('rebuilding');
      await log.atGate;
      // Mid-rebuild: the live tables and the checkpoint as they were; the copies in a schema
      // of the rebuild's own, with what has been written of them so far.
      expect(await rows()).toEqual(before);
      expect(await totals()).toEqual([{ label: 'all', items: 2, total: 100 }]);
      expect(await checkpoint()).toBe(formatPosition(position(7)));
      expect(await leftovers()).toBe(1);
      expect(runner.pauseHoldingLock).toHaveBeenCalled();
      expect(service.status('items')).toMatchObject({
        state: 'rebuilding',
        step: 'reading the log',
      });
      log.release();
      const finished = await done;
      expect(finished).toMatchObject({
        state: 'done',
        eventsHandled: LOG.length,
        step: null,
        error: null,
      });
      expect(await rows()).toEqual(expectedItems());
      expect(await totals()).toEqual([
        { label: 'all', items: ITEMS, total: ITEMS * EXPECTED_TOTAL },
      ]);
      // The primary key and both other indexes, at every reload.
      expect(indexesAtReload.length).toBeGreaterThan(0);
      expect(new Set(indexesAtReload)).toEqual(new Set([3]));
      expect(await checkpoint()).toBe(formatPosition(LOG[LOG.length - 1].position));
      expect(await leftovers()).toBe(0);
      expect(runner.resume).toHaveBeenCalled();
      // The same tables in every respect but their rows: same schema, indexes by the same names.
      expect(await Promise.all(TABLES.map(shape))).toEqual(shapes);
      // And the constraints hold on them: the unique index on upper(item_id) is there.
      await expect(
        sql.query(`INSERT INTO rebuild_items (item_id, total) VALUES ('ITEM-1', 1)`),
      ).rejects.toThrow();
      await expect(
        sql.query(`INSERT INTO rebuild_items (item_id, total) VALUES ('new', -1)`),
      ).rejects.toThrow();
    });

    it('changes nothing when the rebuild fails, and drops its copies', async () => {
      const before = await rows();
      const log = gatedStore();
      log.fail();
      const { service, runner } = rebuilds(log.store);
      const finished = await service.start('items').done;
      expect(finished.state).toBe('failed');
      expect(await rows()).toEqual(before);
      expect(await totals()).toEqual([{ label: 'all', items: 2, total: 100 }]);
      expect(await checkpoint()).toBe(formatPosition(position(7)));
      expect(await leftovers()).toBe(0);
      expect(runner.resume).toHaveBeenCalled();
    });

    it('refuses to put its copies in place of tables a migration changed meanwhile', async () => {
      const { release, done } = await heldRebuild();
      // A newer replica starting meanwhile migrates the live table.
      await sql.query('ALTER TABLE rebuild_items ADD COLUMN added_later integer');
      release();
      expect(await done).toMatchObject({
        state: 'failed',
        error: 'Table rebuild_items was changed (migrated) during the rebuild: rebuild again.',
      });
      const { rows: columns } = await sql.query(
        `SELECT 1 FROM information_schema.columns
        WHERE table_name = 'rebuild_items' AND column_name = 'added_later'`,
      );
      expect(columns).toHaveLength(1);
      expect(await checkpoint()).toBe(formatPosition(position(7)));
      expect(await leftovers()).toBe(0);
      // Rebuilt again, the copy has the column.
      expect((await rebuilds(gatedStore().store).service.start('items').done).state).toBe('done');
      expect(await rows()).toEqual(expectedItems());
    });

    it('drops what rebuilds that died left behind, and rebuilds', async () => {
      // Named as rebuilds name their copies now, and as they did before.
      for (const schema of ['sr_rebuild_items_0badcafe', 'sr_rebuild_items']) {
        await sql.query(`CREATE SCHEMA ${schema}`);
        await sql.query(`CREATE TABLE ${schema}.rebuild_items (item_id text)`);
        await sql.query(`INSERT INTO ${schema}.rebuild_items VALUES ('half-written')`);
      }
      // Another projection's, whose name starts the same, is not this one's to drop.
      await sql.query('CREATE SCHEMA sr_rebuild_items_more_0badcafe');
      const { service } = rebuilds(gatedStore().store);
      expect((await service.start('items').done).state).toBe('done');
      expect(await rows()).toEqual(expectedItems());
      expect(await leftovers()).toBe(1);
      await sql.query('DROP SCHEMA sr_rebuild_items_more_0badcafe');
    });

    it('gives each rebuild copies of its own: one that goes on after another began writes only to its own, and fails', async () => {
      const before = await rows();
      // The first has lost its lock and not yet noticed; the second, having taken the lock,
      // starts over.
      const first = await ShadowTables.prepare(sql, 'items', TABLES);
      const second = await ShadowTables.prepare(sql, 'items', TABLES);
      expect(second.schema).not.toBe(first.schema);
      await expect(
        first.client().query(`INSERT INTO rebuild_items (item_id, total) VALUES ('stale', 1)`),
      ).rejects.toThrow();
      await second.client().query(`INSERT INTO rebuild_items (item_id, total) VALUES ('fresh', 1)`);
      const { rows: copied } = await sql.query(
        `SELECT item_id FROM ${second.schema}.rebuild_items`,
      );
      expect(copied).toEqual([{ item_id: 'fresh' }]);
      // Stopped, a rebuild writes nothing more, even to its own copies.
      second.stop(new Error('the rebuild lost the lock of items.v1'));
      await expect(
        second.client().query(`INSERT INTO rebuild_items (item_id, total) VALUES ('late', 1)`),
      ).rejects.toThrow('lost the lock');
      await second.discard();
      expect(await rows()).toEqual(before);
      expect(await leftovers()).toBe(0);
    });

    it('refuses a table a copy would not keep whole (a trigger), changing nothing', async () => {
      await sql.query(
        `CREATE FUNCTION rebuild_items_touch() RETURNS trigger LANGUAGE plpgsql AS
         $$ BEGIN NEW.note := 'touched'; RETURN NEW; END $$`,
      );
      await sql.query(
        `CREATE TRIGGER rebuild_items_touch BEFORE INSERT ON rebuild_items
         FOR EACH ROW EXECUTE FUNCTION rebuild_items_touch()`,
      );
      try {
        const before = await rows();
        const { service } = rebuilds(gatedStore().store);
        expect((await service.start('items').done).state).toBe('failed');
        expect(await rows()).toEqual(before);
        expect(await checkpoint()).toBe(formatPosition(position(7)));
        expect(await leftovers()).toBe(0);
      } finally {
        await sql.query('DROP TABLE rebuild_items');
        await sql.query('DROP FUNCTION rebuild_items_touch()');
      }
    });

    if (kind === 'postgres') {
      it('tells the swap when maintenance (a VACUUM, autovacuum) holds a table, as any role sees it', async () => {
        const held = async () =>
          (
            await sql.query<{ held: boolean }>(MAINTENANCE_HOLDS, [
              ['public.rebuild_items', 'public.rebuild_item_totals'],
            ])
          ).rows[0].held;
        expect(await held()).toBe(false);
        const other = new Client({ connectionString: database!.url });
        await other.connect();
        try {
          await other.query('BEGIN');
          // A reader's lock is not maintenance.
          await other.query('LOCK TABLE rebuild_items IN ACCESS SHARE MODE');
          expect(await held()).toBe(false);
          await other.query('LOCK TABLE rebuild_item_totals IN SHARE UPDATE EXCLUSIVE MODE');
          expect(await held()).toBe(true);
          await other.query('ROLLBACK');
          expect(await held()).toBe(false);
        } finally {
          await other.end();
        }
      });

      it('puts the tables in place once a long reader is done, past the service statement timeout, the tables readable between tries', async () => {
        // A reader in a long transaction holds the table (as a report might), for longer than
        // the service's statement timeout (1 s here), which the swap is not bound by.
        const reader = new Client({ connectionString: database!.url });
        await reader.connect();
        const timed = new PgSqlClient(
          { connectionString: database!.url, max: 6 },
          { statementMs: 1_000 },
        );
        try {
          await reader.query('BEGIN');
          await reader.query('SELECT count(*) FROM rebuild_items');
          const { service } = rebuilds(gatedStore().store, FOLD, timed);
          const { done } = service.start('items');
          let settled = false;
          void done.then(() => (settled = true));
          await new Promise((resolve) => setTimeout(resolve, 2_500));
          // Still waiting for the reader, and the table still answers other readers between tries.
          expect(settled).toBe(false);
          expect((await rows()).length).toBe(2);
          await reader.query('COMMIT');
          expect((await done).state).toBe('done');
          expect(await rows()).toEqual(expectedItems());
        } finally {
          await reader.end();
          await timed.close();
        }
      });
    }

    if (kind === 'postgres') {
      it('lets a reader that holds one table and then reads another through, not cancelled as a deadlock', async () => {
        const reader = new Client({ connectionString: database!.url });
        await reader.connect();
        try {
          // A statistics answer: one transaction, reading one table, then another.
          await reader.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
          await reader.query('SELECT count(*) FROM rebuild_item_totals');
          const { service } = rebuilds(gatedStore().store);
          const { done } = service.start('items');
          for (
            let i = 0;
            i < 500 && service.status('items').step !== 'putting the tables in place';
            i++
          ) {
            await new Promise((resolve) => setTimeout(resolve, 10));
          }
          expect(service.status('items').step).toBe('putting the tables in place');
          // The swap holds rebuild_items and waits for rebuild_item_totals, which this reader
          // holds while it asks for rebuild_items: the swap gives way before a deadlock is seen.
          await eventually(
            async () =>
              (
                await sql.query<{ n: number }>(
                  `SELECT count(*)::int AS n FROM pg_locks
                    WHERE NOT granted AND relation = 'rebuild_item_totals'::regclass`,
                )
              ).rows[0].n > 0,
            { what: 'the swap waiting for the reader', timeoutMs: 5_000 },
          );
          const { rows: counted } = await reader.query<{ n: string }>(
            'SELECT count(*) AS n FROM rebuild_items',
          );
          expect(Number(counted[0].n)).toBe(2);
          await reader.query('COMMIT');
          expect((await done).state).toBe('done');
          expect(await rows()).toEqual(expectedItems());
        } finally {
          await reader.end();
        }
      });

      it('stops when the session holding its lock ends, changing nothing', async () => {
        const before = await rows();
        const { release, done } = await heldRebuild();
        // The server ends the lock's session (an operator, a failover): another process may
        // take the subscription now.
        await sql.query(
          `SELECT pg_terminate_backend(pid) FROM pg_locks
            WHERE locktype = 'advisory' AND granted AND database =
                  (SELECT oid FROM pg_database WHERE datname = current_database())`,
        );
        release();
        expect(await done).toMatchObject({
          state: 'failed',
          error: expect.stringContaining('lost the lock of items.v1'),
        });
        expect(await rows()).toEqual(before);
        expect(await checkpoint()).toBe(formatPosition(position(7)));
        expect(await leftovers()).toBe(0);
      });

      it('rebuilds as a role that is not a superuser, the tables owned by another role it is a member of', async () => {
        const suffix = randomBytes(4).toString('hex');
        const owner = `sr_test_owner_${suffix}`;
        const rebuilder = `sr_test_rebuilder_${suffix}`;
        const name = database!.name;
        let asRebuilder: PgSqlClient | undefined;
        try {
          await sql.query(`CREATE ROLE ${owner} NOLOGIN`);
          await sql.query(`CREATE ROLE ${rebuilder} LOGIN IN ROLE ${owner}`);
          await sql.query(`GRANT CREATE ON DATABASE ${name} TO ${rebuilder}`);
          await sql.query(`GRANT USAGE, CREATE ON SCHEMA public TO ${owner}`);
          await sql.query(
            `GRANT SELECT, INSERT, UPDATE, DELETE ON subscription_checkpoints TO ${rebuilder}`,
          );
          for (const table of TABLES) await sql.query(`ALTER TABLE ${table} OWNER TO ${owner}`);
          await sql.query(`GRANT SELECT ON rebuild_item_totals TO ${rebuilder}`);
          const shapes = await Promise.all(TABLES.map(shape));
          const url = new URL(database!.url);
          url.username = rebuilder;
          asRebuilder = new PgSqlClient({ connectionString: url.toString(), max: 4 });
          const { service } = rebuilds(gatedStore().store, FOLD, asRebuilder);
          expect(await service.start('items').done).toMatchObject({ state: 'done', error: null });
          expect(await rows()).toEqual(expectedItems());
          // Owned as before, granted as before.
          expect(await Promise.all(TABLES.map(shape))).toEqual(shapes);
          const { rows: owners } = await sql.query<{ owner: string }>(
            `SELECT DISTINCT pg_get_userbyid(relowner) AS owner FROM pg_class WHERE oid = ANY($1::text[]::regclass[])`,
            [TABLES],
          );
          expect(owners).toEqual([{ owner }]);
        } finally {
          await asRebuilder?.close();
          for (const table of TABLES) await sql.query(`DROP TABLE IF EXISTS ${table}`);
          await dropRoles(rebuilder, owner);
        }
      });

      it('refuses, changing nothing, a rebuild by a role that may not drop the tables', async () => {
        const role = `sr_test_stranger_${randomBytes(4).toString('hex')}`;
        let stranger: PgSqlClient | undefined;
        try {
          await sql.query(`CREATE ROLE ${role} LOGIN`);
          await sql.query(`GRANT CREATE ON DATABASE ${database!.name} TO ${role}`);
          await sql.query(`GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA public TO ${role}`);
          const before = await rows();
          const url = new URL(database!.url);
          url.username = role;
          stranger = new PgSqlClient({ connectionString: url.toString(), max: 4 });
          const { service } = rebuilds(gatedStore().store, FOLD, stranger);
          expect(await service.start('items').done).toMatchObject({
            state: 'failed',
            error:
              'Table rebuild_items cannot be rebuilt into a copy: the rebuilding role does not own it (nor is a member of its owner).',
          });
          expect(await rows()).toEqual(before);
          expect(await leftovers()).toBe(0);
        } finally {
          await stranger?.close();
          await dropRoles(role);
        }
      });
    }

    it('writes nothing more once a write of the rebuild has failed, not even to the live tables', async () => {
      const before = await rows();
      // The replay holds every item to its end (300 < 1,000) and writes 40 a statement, two
      // statements in flight: the second fails, the first writer stops after its own.
      const failing: Fold<Item> = {
        ...FOLD,
        async save(tx, models, replaying) {
          if (models.some((model) => model.id === 'item-45')) throw new Error('disk full');
          await FOLD.save(tx, models, replaying);
        },
      };
      const { service } = rebuilds(gatedStore().store, failing, sql, {
        maxModels: 1_000,
        chunk: 40,
      });
      expect((await service.start('items').done).state).toBe('failed');
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(await rows()).toEqual(before);
      expect(await totals()).toEqual([{ label: 'all', items: 2, total: 100 }]);
      expect(await leftovers()).toBe(0);
    });

    it('rebuilds with the lock its subscriber hands over, and lets it go at the end', async () => {
      const lockName = `subscription:${SUBSCRIPTION}`;
      const handed = await sql.tryLock(lockName);
      expect(handed).not.toBeNull();
      const { service } = rebuilds(gatedStore().store, FOLD, sql, undefined, async () => handed);
      expect((await service.start('items').done).state).toBe('done');
      expect(await rows()).toEqual(expectedItems());
      const after = await sql.tryLock(lockName);
      expect(after).not.toBeNull();
      await after!.release();
    });

    it('stops, changing nothing and resuming nothing, when the service shuts down during it', async () => {
      const before = await rows();
      const { release, done, service, runner } = await heldRebuild();
      const shutdown = service.beforeApplicationShutdown();
      release();
      expect(await done).toMatchObject({
        state: 'failed',
        error: expect.stringContaining('shutting down'),
      });
      await shutdown;
      expect(runner.resume).not.toHaveBeenCalled();
      // Nor does another start meanwhile (a request the server still answers).
      expect(() => service.start('items')).toThrow('shutting down');
      expect(() => service.startAll()).toThrow('shutting down');
      expect(await rows()).toEqual(before);
      expect(await checkpoint()).toBe(formatPosition(position(7)));
      expect(await leftovers()).toBe(0);
    });

    it('gives way when another process delivered the subscription meanwhile', async () => {
      const before = await rows();
      const { release, done } = await heldRebuild();
      // Its lock lost, the subscription taken over by another replica, which moves on.
      await sql.query('UPDATE subscription_checkpoints SET position = $2 WHERE name = $1', [
        SUBSCRIPTION,
        formatPosition(position(8)),
      ]);
      release();
      expect(await done).toMatchObject({
        state: 'failed',
        error:
          'Another process moved the checkpoint of items.v1 during the rebuild: rebuild again.',
      });
      expect(await rows()).toEqual(before);
      expect(await checkpoint()).toBe(formatPosition(position(8)));
      expect(await leftovers()).toBe(0);
    });

    it('sets the checkpoint of a subscription that had none', async () => {
      await sql.query('DELETE FROM subscription_checkpoints WHERE name = $1', [SUBSCRIPTION]);
      const { service } = rebuilds(gatedStore().store);
      expect((await service.start('items').done).state).toBe('done');
      expect(await checkpoint()).toBe(formatPosition(LOG[LOG.length - 1].position));
    });

    it('will not register a projection that cannot replay', () => {
      const service = new ProjectionRebuilds(sql, gatedStore().store);
      expect(() =>
        service.register({
          name: 'plain',
          runner: { handler: async () => undefined } as unknown as SubscriptionRunner,
          tables: ['t'],
        }),
      ).toThrow(/cannot be rebuilt/);
    });
  },
);
