import { randomBytes } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { eachConcurrently, Queryable, sqlErrorCode, SqlClient } from '@app/database';
import { ApplicationError } from '@app/http';

/** A projection table the rebuild cannot copy whole: it says which and why, and nothing changes. */
export class TableNotCopyableError extends ApplicationError {
  constructor(detail: string) {
    super('conflict', detail);
  }
}

/**
 * What makes the swap try again: a lock not granted within `lock_timeout` (lock_not_available),
 * a deadlock with a reader (deadlock_detected), or, while it takes the tables, the try's own
 * statement timeout (query_canceled).
 */
const SWAP_RETRYABLE = new Set(['55P03', '40P01']);
const QUERY_CANCELED = '57014';
/**
 * How long the swap's first try waits for the readers of the tables it replaces, all of them
 * together, and the most any try waits: half of PostgreSQL's `deadlock_timeout` (1 s by default),
 * so that a reader that holds one of the tables and waits for another (a statistics answer reads
 * several in one transaction) is let through when the try gives up, before its own deadlock
 * check would cancel it. Tries are 50 ms apart, so that the readers queued behind one go first.
 */
const SWAP_FIRST_WAIT_MS = 200;
const SWAP_PAUSE_MS = 50;
/**
 * How long dropping a rebuild's copies waits for what holds them (a write in flight, a session
 * that read them) before it leaves them for the next rebuild of the projection to drop.
 */
const DROP_LOCK_TIMEOUT_MS = 10_000;
/** A table's own `autovacuum_enabled`, among its options (`reloptions`). */
const AUTOVACUUM_OPTION = /^autovacuum_enabled=/i;
/** How long the swap keeps trying before the rebuild fails. */
const SWAP_BUDGET_MS = 10 * 60_000;
/** The rest of the swap, once it holds the tables: catalog changes only. */
const SWAP_STATEMENT_TIMEOUT_MS = 60_000;
/**
 * How long the server lets the swap's session sit idle in its transaction, the tables held,
 * before it ends the session (and the tables go back to their readers): a process that froze
 * mid-swap.
 */
const SWAP_IDLE_TIMEOUT_MS = 10_000;
/**
 * Whether another session holds one of these tables, or its TOAST table, for maintenance
 * (SHARE UPDATE EXCLUSIVE: a VACUUM or ANALYZE, autovacuum's among them). PostgreSQL cancels an
 * autovacuum that blocks a lock only from the waiter's deadlock check, after
 * `deadlock_timeout`: a try that gives up sooner would wait for it to finish, however long that
 * takes. Read from `pg_locks` alone, which every role sees whole (`pg_stat_activity` does not
 * say which sessions are autovacuum's to a role without `pg_read_all_stats`); waiting as long
 * for a manual VACUUM does no harm.
 */
export const MAINTENANCE_HOLDS = `SELECT EXISTS (
    SELECT 1 FROM pg_locks l
     WHERE l.locktype = 'relation' AND l.granted AND l.mode = 'ShareUpdateExclusiveLock'
       AND l.pid <> pg_backend_pid()
       AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
       AND l.relation IN (SELECT c.oid FROM pg_class c WHERE c.oid = ANY ($1::regclass[])
                          UNION ALL
                          SELECT c.reltoastrelid FROM pg_class c
                           WHERE c.oid = ANY ($1::regclass[]) AND c.reltoastrelid <> 0)) AS held`;

/** A table of the live schema and the copy of it a rebuild fills. */
interface ShadowTable {
  /** As the projection's SQL names it (unqualified). */
  name: string;
  /** Its schema, quoted where it needs to be. */
  liveSchema: string;
  /** `schema.table`, quoted where it needs to be. */
  live: string;
  shadow: string;
  /** Index definitions to create on the shadow once it is filled. */
  indexes: string[];
  /** What the live table was when it was copied (`SHAPE`). */
  shape: string;
  /** The live table's options: the copy's are put back to these as it takes its place. */
  options: string[];
}

/**
 * A table's definition, what a copy keeps of it and what would make it refuse: its columns,
 * indexes, constraints, options, grants, persistence, tablespace, triggers and policies, as one
 * digest. Parameter: the table.
 */
const SHAPE = `SELECT md5(concat_ws(' | ',
    coalesce((SELECT string_agg(format('%s %s %s %s %s', a.attname,
                                       format_type(a.atttypid, a.atttypmod), a.attnotnull,
                                       a.attcollation, pg_get_expr(d.adbin, d.adrelid)),
                                ', ' ORDER BY a.attnum)
                FROM pg_attribute a
                LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
               WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped), '-'),
    coalesce((SELECT string_agg(pg_get_indexdef(i.indexrelid), ', '
                                ORDER BY pg_get_indexdef(i.indexrelid))
                FROM pg_index i WHERE i.indrelid = c.oid), '-'),
    coalesce((SELECT string_agg(format('%s %s', k.conname, pg_get_constraintdef(k.oid)), ', '
                                ORDER BY k.conname)
                FROM pg_constraint k WHERE k.conrelid = c.oid), '-'),
    coalesce((SELECT string_agg(t.tgname, ', ' ORDER BY t.tgname)
                FROM pg_trigger t WHERE t.tgrelid = c.oid), '-'),
    coalesce((SELECT string_agg(p.polname, ', ' ORDER BY p.polname)
                FROM pg_policy p WHERE p.polrelid = c.oid), '-'),
    coalesce(c.reloptions::text, '-'), coalesce(c.relacl::text, '-'),
    c.relpersistence, c.reltablespace, c.relrowsecurity)) AS shape
  FROM pg_class c WHERE c.oid = $1::regclass`;

/**
 * The tables a rebuild fills instead of the live ones, so that readers keep the figures they had
 * (not empty tables filling up) until the rebuilt tables replace them in one transaction, with
 * the projections' checkpoints. A schema of the rebuild's own (`sr_rebuild_<projection>_<random>`,
 * a new one each time, so that a rebuild that lost its lock and goes on writing can only ever
 * write to its own copies, never to a later rebuild's) holds a
 * copy of each table: its columns, defaults, checks, storage, options, grants and the constraints
 * that carry an index (primary key, unique), but not its other indexes, which are built once the
 * rows are in, faster than kept up row by row. The projection's own SQL names its tables without
 * a schema, so it writes to the copies through a client whose search path puts the rebuild's
 * schema first (`client`); anything else it reads (`agencies`) it finds where it always does.
 * A rebuild that fails, or a process that dies in one, leaves the live tables and checkpoints as
 * they were: the copies are dropped then, or by the next rebuild of the projection.
 */
export class ShadowTables {
  private static readonly logger = new Logger(ShadowTables.name);

  /**
   * Why nothing more is written through `client`: the copies are dropped or in place, or the
   * rebuild stopped (its lock lost).
   */
  private closed: Error | null = null;
  private indexed = false;

  private constructor(
    private readonly sql: SqlClient,
    readonly schema: string,
    private readonly liveSchemas: string[],
    private readonly tables: ShadowTable[],
  ) {}

  /**
   * The rebuild schemas of a projection are `<prefix>_<8 hex digits>` (and, from before,
   * `<prefix>` alone): a lowercase identifier from its name.
   */
  static schemaPrefixOf(projection: string): string {
    return `sr_rebuild_${projection.toLowerCase().replace(/[^a-z0-9]+/g, '_')}`.slice(0, 54);
  }

  /**
   * Empty copies of `tables` (as the search path finds them) in a new rebuild schema of the
   * projection, whatever earlier rebuilds of it left dropped first (the caller holds the
   * projection's lock, so none of them is still running, or it has lost its lock and fails).
   * Refuses (TableNotCopyableError, saying why) a table a copy would not keep whole or that the
   * rebuilding role could not replace: the checks are in `copyTable`.
   */
  static async prepare(sql: SqlClient, projection: string, names: string[]): Promise<ShadowTables> {
    const prefix = ShadowTables.schemaPrefixOf(projection);
    const schema = `${prefix}_${randomBytes(4).toString('hex')}`;
    await ShadowTables.dropLeftovers(sql, prefix);
    return sql.transaction(async (tx) => {
      const { rows: paths } = await tx.query<{ schemas: string[]; create: boolean }>(
        `SELECT current_schemas(false)::text[] AS schemas,
                has_database_privilege(current_database(), 'CREATE') AS create`,
      );
      if (!paths[0].create) {
        throw new TableNotCopyableError(
          'The rebuilding role may not create a schema for the copies (CREATE on the database).',
        );
      }
      await tx.query(`CREATE SCHEMA ${schema}`);
      const tables: ShadowTable[] = [];
      for (const name of names) tables.push(await copyTable(tx, schema, name));
      return new ShadowTables(sql, schema, paths[0].schemas, tables);
    });
  }

  /** What earlier rebuilds of the projection left: each schema dropped in a transaction of its own. */
  private static async dropLeftovers(sql: SqlClient, prefix: string): Promise<void> {
    const { rows } = await sql.query<{ schema: string }>(
      `SELECT format('%I', nspname) AS schema FROM pg_namespace
        WHERE nspname = $1 OR nspname ~ ('^' || $1 || '_[0-9a-f]{8}$')`,
      [prefix],
    );
    // Each name is its own, so one that cannot be dropped yet is in nobody's way.
    for (const { schema } of rows) {
      await dropSchema(sql, schema).catch((error: Error) => {
        ShadowTables.logger.warn(
          `dropping ${schema}, left by an earlier rebuild, failed: ${error.name}`,
        );
      });
    }
  }

  /** Nothing more is written through `client`, which fails with `why`: the rebuild has stopped. */
  stop(why: Error): void {
    this.closed ??= why;
  }

  /**
   * A client whose unqualified table names are the copies (and everything else as before). Each
   * of its transactions first takes the copies themselves (by their full names), so it can
   * never write to the live tables instead: it fails once the copies are gone, and dropping them
   * waits for the transactions in flight.
   */
  client(): SqlClient {
    const setup = [
      `SET LOCAL search_path TO ${[this.schema, ...this.liveSchemas.map(quoted)].join(', ')}`,
      `LOCK TABLE ${this.tables.map((table) => table.shadow).join(', ')} IN ROW EXCLUSIVE MODE`,
    ];
    const sql = this.sql;
    const transaction = <T>(
      work: (tx: Queryable) => Promise<T>,
      options?: { timeouts?: boolean },
    ): Promise<T> => {
      if (this.closed) return Promise.reject(this.closed);
      return sql.transaction(async (tx) => {
        for (const statement of setup) await tx.query(statement);
        return work(tx);
      }, options);
    };
    return {
      kind: sql.kind,
      transaction,
      query: (text, params, options) =>
        transaction((tx) => tx.query(text, params, options), { timeouts: options?.timeouts }),
      tryLock: (name) => sql.tryLock(name),
      listen: (channel, handlers, options) => sql.listen(channel, handlers, options),
      // The client is the rebuild's view of the process's own: closing it closes nothing.
      close: async () => undefined,
    };
  }

  /**
   * The copies' indexes, built now rather than after the load: for a replay that writes out
   * what it holds before its end and then looks rows up again (ReplayOptions.beforeFirstFlush).
   */
  async buildIndexes(): Promise<void> {
    await ShadowTables.buildIndexes(this.sql, [this]);
  }

  /** Two at a time, each without the statement timeout: one over millions of rows may rightly take minutes. */
  private static async buildIndexes(sql: SqlClient, rebuilds: ShadowTables[]): Promise<void> {
    const waiting = rebuilds.filter((rebuild) => !rebuild.indexed);
    for (const rebuild of waiting) rebuild.indexed = true;
    await eachConcurrently(
      waiting.flatMap((rebuild) =>
        rebuild.tables.flatMap((table) =>
          table.indexes.map((definition) => ({ rebuild, definition })),
        ),
      ),
      2,
      async ({ rebuild, definition }) => {
        // A rebuild stopped (its lock lost) builds nothing more.
        if (rebuild.closed) throw rebuild.closed;
        await sql.transaction((tx) => tx.query(definition), { timeouts: false });
      },
    );
  }

  /**
   * The copies of every rebuild given made ready to replace the live tables: their indexes built
   * (those not built yet), then analyzed, so that the first queries are planned for what is there, and
   * vacuumed, so that a count over an index can read the index alone; none of it under the
   * statement timeout, as over millions of rows it may rightly take minutes. A failed ANALYZE or
   * VACUUM is only logged: autovacuum does it later. `indexed` is called between the two.
   */
  static async complete(
    sql: SqlClient,
    rebuilds: ShadowTables[],
    indexed: () => void = () => undefined,
  ): Promise<void> {
    await ShadowTables.buildIndexes(sql, rebuilds);
    indexed();
    const tables = rebuilds.flatMap((rebuild) =>
      rebuild.tables.map((table) => ({ rebuild, table })),
    );
    await eachConcurrently(tables, 2, async ({ rebuild, table }) => {
      for (const statement of ['ANALYZE', 'VACUUM']) {
        // A rebuild stopped (its lock lost, the service shutting down) does no more of it.
        if (rebuild.closed) throw rebuild.closed;
        try {
          await sql.query(`${statement} ${table.shadow}`, [], { timeouts: false });
        } catch (error) {
          ShadowTables.logger.warn(
            `${statement} ${table.name} after the rebuild failed: ${(error as Error).name}`,
          );
        }
      }
    });
  }

  /**
   * In one transaction, the live tables of every rebuild given dropped and the copies moved into
   * their place, and `then` (the checkpoints) done: readers see the old tables or the new ones,
   * never a mix. Refused if a live table was changed since it was copied (a migration of a newer
   * replica, which the copy would undo). It takes every old table at once before anything else;
   * while it waits for their readers (SWAP_FIRST_WAIT_MS, longer each try up to half the
   * deadlock timeout) readers that come after it wait behind it, and when a try gives up they go
   * first. After SWAP_BUDGET_MS of tries the rebuild fails.
   */
  static async swap(
    sql: SqlClient,
    rebuilds: ShadowTables[],
    then: (tx: Queryable) => Promise<void>,
    /** Before each try takes the tables: throws to give up. */
    ready: () => Promise<void> = async () => undefined,
    budgetMs = SWAP_BUDGET_MS,
  ): Promise<void> {
    const tables = rebuilds.flatMap((rebuild) => rebuild.tables);
    const { rows: settings } = await sql.query<{ ms: number }>(
      `SELECT setting::int AS ms FROM pg_settings WHERE name = 'deadlock_timeout'`,
    );
    const deadlockTimeout = settings[0]?.ms ?? 1000;
    const longest = Math.max(10, Math.floor(deadlockTimeout / 2));
    let wait = Math.min(SWAP_FIRST_WAIT_MS, longest);
    const deadline = performance.now() + budgetMs;
    const liveTables = tables.map((table) => table.live);
    for (;;) {
      let taking = false;
      // Past the deadlock check, which cancels an autovacuum, when maintenance holds a table.
      const maintenance = await sql
        .query<{ held: boolean }>(MAINTENANCE_HOLDS, [liveTables])
        .then(({ rows }) => rows[0]?.held === true)
        .catch(() => false);
      const tryWait = maintenance ? deadlockTimeout + longest : wait;
      await ready();
      try {
        // Untimed: the service's statement timeout is not this transaction's to obey; each
        // try bounds its own wait for the tables, and the rest.
        await sql.transaction(
          async (tx) => {
            await tx.query(`SET LOCAL lock_timeout = ${tryWait}`);
            await tx.query(`SET LOCAL statement_timeout = ${tryWait}`);
            await tx.query(
              `SET LOCAL idle_in_transaction_session_timeout = ${SWAP_IDLE_TIMEOUT_MS}`,
            );
            taking = true;
            await tx.query(`LOCK TABLE ${liveTables.join(', ')} IN ACCESS EXCLUSIVE MODE`);
            taking = false;
            await tx.query(`SET LOCAL statement_timeout = ${SWAP_STATEMENT_TIMEOUT_MS}`);
            for (const table of tables) {
              const { rows } = await tx.query<{ shape: string }>(SHAPE, [table.live]);
              if (rows[0].shape !== table.shape) {
                throw new TableNotCopyableError(
                  `Table ${table.name} was changed (migrated) during the rebuild: rebuild again.`,
                );
              }
            }
            for (const table of tables) {
              await tx.query(`DROP TABLE ${table.live}`);
              // Autovacuum was kept off the copy while it was loaded (copyTable).
              await tx.query(
                table.options.some((option) => AUTOVACUUM_OPTION.test(option))
                  ? `ALTER TABLE ${table.shadow} SET (${table.options.join(', ')})`
                  : `ALTER TABLE ${table.shadow} RESET (autovacuum_enabled)`,
              );
              await tx.query(`ALTER TABLE ${table.shadow} SET SCHEMA ${table.liveSchema}`);
            }
            for (const rebuild of rebuilds) await tx.query(`DROP SCHEMA ${rebuild.schema}`);
            await then(tx);
          },
          { timeouts: false },
        );
        for (const rebuild of rebuilds) rebuild.closed = new Error(`${rebuild.schema} is in place`);
        return;
      } catch (error) {
        const code = sqlErrorCode(error) ?? '';
        const retryable = SWAP_RETRYABLE.has(code) || (taking && code === QUERY_CANCELED);
        if (!retryable) throw error;
        if (performance.now() > deadline) {
          throw new TableNotCopyableError(
            `The rebuilt tables could not be put in place: their readers held them for ${Math.round(budgetMs / 60_000)} minutes. Rebuild again when they read less.`,
          );
        }
        wait = Math.min(longest, Math.round(wait * 1.5));
        await new Promise((resolve) => setTimeout(resolve, SWAP_PAUSE_MS));
      }
    }
  }

  /**
   * The copies dropped (a failed rebuild), once the writes in flight through `client` are done;
   * none starts after. The live tables are untouched. Fails after DROP_LOCK_TIMEOUT_MS if
   * something else holds them (the next rebuild drops them then).
   */
  async discard(): Promise<void> {
    this.closed ??= new Error(`${this.schema} is dropped`);
    await dropSchema(this.sql, this.schema);
  }
}

/**
 * A rebuild schema dropped with its copies. It waits for what holds them (a write in flight, an
 * index being built) up to DROP_LOCK_TIMEOUT_MS, but not for the statement timeout: dropping many
 * large tables may take longer.
 */
async function dropSchema(sql: SqlClient, schema: string): Promise<void> {
  await sql.transaction(
    async (tx) => {
      await tx.query(`SET LOCAL lock_timeout = ${DROP_LOCK_TIMEOUT_MS}`);
      await tx.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    },
    { timeouts: false },
  );
}

interface TableFacts {
  schema: string;
  live: string;
  table: string;
  owner: string;
  options: string[] | null;
  refused: string | null;
}

/** An empty copy of the table `name` (as the search path finds it) in `schema`. */
async function copyTable(tx: Queryable, schema: string, name: string): Promise<ShadowTable> {
  const { rows } = await tx.query<TableFacts>(
    `SELECT format('%I', n.nspname) AS schema, format('%I.%I', n.nspname, c.relname) AS live, format('%I', c.relname) AS table,
            pg_get_userbyid(c.relowner) AS owner, c.reloptions AS options,
            CASE
              WHEN c.relkind <> 'r' THEN 'it is not a plain table'
              WHEN c.relpersistence <> 'p' THEN 'it is unlogged or temporary'
              WHEN c.relispartition OR EXISTS (SELECT 1 FROM pg_inherits h
                                                WHERE h.inhrelid = c.oid OR h.inhparent = c.oid)
                THEN 'it is part of an inheritance or partition tree'
              WHEN c.reltablespace <> 0 OR EXISTS (
                     SELECT 1 FROM pg_index i JOIN pg_class x ON x.oid = i.indexrelid
                      WHERE i.indrelid = c.oid AND x.reltablespace <> 0)
                THEN 'it or an index of it is in a tablespace of its own'
              WHEN NOT pg_has_role(c.relowner, 'USAGE')
                THEN 'the rebuilding role does not own it (nor is a member of its owner)'
              -- From PostgreSQL 16 giving the copy its owner takes the SET option of membership.
              WHEN CASE WHEN current_setting('server_version_num')::int >= 160000
                          AND c.relowner <> (SELECT r.oid FROM pg_roles r WHERE r.rolname = current_user)
                        THEN NOT pg_has_role(c.relowner, 'SET') ELSE false END
                THEN 'the rebuilding role may not SET ROLE to its owner'
              WHEN NOT has_schema_privilege(n.oid, 'CREATE')
                THEN 'the rebuilding role may not create tables in its schema'
              WHEN EXISTS (SELECT 1 FROM pg_constraint k
                            WHERE k.contype = 'f' AND (k.conrelid = c.oid OR k.confrelid = c.oid))
                THEN 'a foreign key refers to it or from it'
              WHEN EXISTS (SELECT 1 FROM pg_trigger t WHERE t.tgrelid = c.oid AND NOT t.tgisinternal)
                THEN 'it has triggers'
              WHEN EXISTS (SELECT 1 FROM pg_depend d JOIN pg_rewrite r ON r.oid = d.objid
                            WHERE d.refobjid = c.oid AND d.classid = 'pg_rewrite'::regclass
                              AND r.ev_class <> c.oid)
                THEN 'a view depends on it'
              WHEN EXISTS (SELECT 1 FROM pg_rewrite r WHERE r.ev_class = c.oid) THEN 'it has rules'
              WHEN c.relrowsecurity OR EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid)
                THEN 'it has row security'
              WHEN EXISTS (SELECT 1 FROM pg_statistic_ext s WHERE s.stxrelid = c.oid)
                THEN 'it has extended statistics'
              WHEN EXISTS (SELECT 1 FROM pg_depend d JOIN pg_class q ON q.oid = d.objid
                            WHERE d.refobjid = c.oid AND d.classid = 'pg_class'::regclass
                              AND d.deptype = 'a' AND q.relkind = 'S')
                THEN 'it owns a sequence (serial)'
            END AS refused
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.oid = to_regclass($1)`,
    [name],
  );
  const facts = rows[0];
  if (!facts) throw new TableNotCopyableError(`There is no table ${name} to rebuild.`);
  if (facts.refused) {
    throw new TableNotCopyableError(
      `Table ${name} cannot be rebuilt into a copy: ${facts.refused}.`,
    );
  }
  const shadow = `${schema}.${facts.table}`;
  await tx.query(
    `CREATE TABLE ${shadow} (LIKE ${facts.live} INCLUDING ALL EXCLUDING INDEXES EXCLUDING STATISTICS)`,
  );
  // Its options, and no autovacuum while it is loaded: one running when the swap comes would
  // hold the swap up (the swap puts the table's own setting back).
  await tx.query(
    `ALTER TABLE ${shadow} SET (${[
      ...(facts.options ?? []).filter((option) => !AUTOVACUUM_OPTION.test(option)),
      'autovacuum_enabled = false',
    ].join(', ')})`,
  );
  const { rows: constraints } = await tx.query<{ name: string; definition: string }>(
    `SELECT format('%I', conname) AS name, pg_get_constraintdef(oid) AS definition
       FROM pg_constraint WHERE conrelid = $1::regclass AND contype IN ('p', 'u', 'x')`,
    [facts.live],
  );
  // Before the rows: the projection's upserts name their conflict target.
  for (const constraint of constraints) {
    await tx.query(
      `ALTER TABLE ${shadow} ADD CONSTRAINT ${constraint.name} ${constraint.definition}`,
    );
  }
  const { rows: current } = await tx.query<{ user: string }>('SELECT current_user AS user');
  if (current[0].user !== facts.owner) {
    // Its owner must be able to create in the schema the copy is in to own the copy.
    await tx.query(`GRANT USAGE, CREATE ON SCHEMA ${schema} TO ${quoted(facts.owner)}`);
    await tx.query(`ALTER TABLE ${shadow} OWNER TO ${quoted(facts.owner)}`);
  }
  // Granted once it has its owner: a change of owner takes the old owner's grants with it.
  const { rows: grants } = await tx.query<{ statement: string }>(
    `SELECT format('GRANT %s ON %s TO %s%s', a.privilege_type, $2::text,
                   CASE a.grantee WHEN 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(a.grantee)) END,
                   CASE WHEN a.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END) AS statement
       FROM pg_class c CROSS JOIN LATERAL aclexplode(c.relacl) AS a
      WHERE c.oid = $1::regclass AND a.grantee <> c.relowner`,
    [facts.live, shadow],
  );
  for (const grant of grants) await tx.query(grant.statement);
  const { rows: indexes } = await tx.query<{ definition: string }>(
    `SELECT pg_get_indexdef(i.indexrelid) AS definition
       FROM pg_index i
      WHERE i.indrelid = $1::regclass
        AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)
      ORDER BY i.indexrelid`,
    [facts.live],
  );
  const { rows: shapes } = await tx.query<{ shape: string }>(SHAPE, [facts.live]);
  const on = ` ON ${facts.live} `;
  return {
    name,
    liveSchema: facts.schema,
    live: facts.live,
    shadow,
    shape: shapes[0].shape,
    options: facts.options ?? [],
    indexes: indexes.map(({ definition }) => {
      // `CREATE [UNIQUE] INDEX name ON schema.table USING …`: the same index on the copy.
      if (!definition.includes(on)) {
        throw new TableNotCopyableError(`An index of ${name} cannot be copied: ${definition}`);
      }
      return definition.replace(on, ` ON ${shadow} `);
    }),
  };
}

function quoted(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}
