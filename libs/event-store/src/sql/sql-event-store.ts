import { LRUCache } from 'lru-cache';
import { SqlClient, sqlErrorCode, UNIQUE_VIOLATION, WriteBatcher } from '@app/database';
import { InvalidAppendError, WrongExpectedVersionError } from '../errors';
import {
  AppendResult,
  BatchEventHandler,
  EventHandler,
  EventStore,
  ExpectedVersion,
  GlobalPosition,
  NewEvent,
  ReadStreamOptions,
  RecordedEvent,
  StreamVerification,
  SubscribeOptions,
  Subscription,
} from '../event-store.port';
import { GENESIS_HASH, hashEvent, verifyChain } from '../hash-chain';
import { sqlSubscriptionStorage } from '../subscription/checkpoint-store';
import { SubscriptionHub } from '../subscription/subscription-hub';
import { validateAppend } from '../validate-append';
import { StreamReader, StreamRow } from './stream-reader';

// Positions come back as text (bigint and xid8 overflow JS numbers) under names of their own:
// an alias equal to a column name would make ORDER BY sort the text, '10' before '9'.
interface EventRow {
  commit_position: string;
  prepare_position: string;
  stream_id: string;
  version: number;
  event_id: string;
  type: string;
  data: unknown;
  metadata: RecordedEvent['metadata'];
  prev_hash: string;
  hash: string;
}

interface StreamHead {
  version: number;
  hash: string;
}

const COLUMNS = `transaction_id::text AS commit_position, global_position::text AS prepare_position,
  stream_id, version, event_id::text AS event_id, type, data, metadata, prev_hash, hash`;

// Data and metadata come as one JSON array text: one string and one parse per event, not two.
const STREAM_COLUMNS = `transaction_id::text, global_position::text, version, event_id::text,
  type, '[' || data::text || ',' || metadata::text || ']', prev_hash, hash`;

const RETURNING = `RETURNING version, transaction_id::text AS commit_position,
  global_position::text AS prepare_position`;

// A one-event append written alone: a plain VALUES insert, cheapest to plan and to run.
const INSERT_EVENT = `
  INSERT INTO events (stream_id, version, event_id, type, data, metadata, prev_hash, hash)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
  ${RETURNING}`;

// Rows given as one JSON array ($1), in one statement. Data and metadata travel as JSON text
// inside it (see recordset): json_to_recordset takes the escapes out of every string it reads,
// and a payload holding "\u0000" or a lone surrogate would fail as de-escaped text, while a
// one-event VALUES insert stores it. Carried as text, every payload is stored the same way.
const INSERT_FROM_RECORDSET = `
  INSERT INTO events (stream_id, version, event_id, type, data, metadata, prev_hash, hash)
  SELECT stream_id, version, event_id, type, data::json, metadata::json, prev_hash, hash
    FROM json_to_recordset($1::json) AS e(stream_id text, version integer, event_id uuid,
         type text, data text, metadata text, prev_hash text, hash text)`;

// One-event appends of several callers at once (group commit, see WriteBatcher). A taken
// (stream, version) or event id is not an error here but a row missing from RETURNING: that
// append is then refused or recognised as a retry, as a unique violation would have it, without
// failing the others. Rows go in (stream, version) order, so two such statements wait for each
// other's keys in one order.
const INSERT_SINGLE_EVENTS = `
  ${INSERT_FROM_RECORDSET}
   ORDER BY stream_id, version
  ON CONFLICT DO NOTHING
  ${RETURNING}, hash`;

// A multi-event append: one statement whatever its size, so it is atomic without an explicit
// transaction; a taken key fails it whole.
const INSERT_EVENTS = `
  ${INSERT_FROM_RECORDSET}
   ORDER BY version
  ${RETURNING}`;

// Pages of a stream read: one query for most cases, and pages of a long stream stay small
// enough to be read in index order and sorted in memory (see readPage).
const READ_PAGE = 1_000;
const HEAD_CACHE_LIMIT = 10_000;
// Group commit of one-event appends: rows per statement, and statements running at once (a
// statement that waits on another session's lock holds up its own rows, not every append).
const SINGLE_INSERT_BATCH = 500;
const SINGLE_INSERTS_IN_FLIGHT = 4;
// SQLSTATE classes of a statement the server never ran: connection exception, insufficient
// resources (too many connections), operator intervention (shutting down, cannot connect now).
const NOT_RUN_CLASSES = ['08', '53', '57'];
// Errors of a connection that was never made, so nothing was sent.
const NOT_SENT = ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH'];
const APPEND_ANY_ATTEMPTS = 20;
const UNTRANSLATABLE_CHARACTER = ['22P05', '22021', '22P02'];

/**
 * The event store on PostgreSQL, over a `pg` pool or embedded PGlite: the same SQL either way.
 * Optimistic concurrency comes from the unique (stream_id, version) constraint, so an append is
 * one INSERT and takes no lock wider than its own rows.
 */
export class SqlEventStore implements EventStore {
  /** Hashes never change once written, so a known (version, hash) saves a read before append. */
  private readonly heads = new LRUCache<string, StreamHead>({ max: HEAD_CACHE_LIMIT });
  private readonly subscriptions: SubscriptionHub;
  private readonly singleInserts = new WriteBatcher<EventInsert, SingleInsertOutcome>(
    (rows) => this.insertSingles(rows),
    SINGLE_INSERT_BATCH,
    SINGLE_INSERTS_IN_FLIGHT,
  );

  constructor(
    private readonly sql: SqlClient,
    defaults: SubscribeOptions = {},
  ) {
    this.subscriptions = new SubscriptionHub(this, sqlSubscriptionStorage(sql), defaults);
  }

  async append(
    streamId: string,
    events: NewEvent[],
    { expectedVersion }: { expectedVersion: ExpectedVersion },
  ): Promise<AppendResult> {
    validateAppend(streamId, events, expectedVersion);
    const recordedAt = new Date().toISOString();
    for (let attempt = 1; ; attempt++) {
      const head = await this.headFor(streamId, expectedVersion);
      const rows = this.chain(streamId, head, events, recordedAt);
      let inserted: InsertedRow[] | null;
      try {
        inserted = await this.insert(rows);
      } catch (error) {
        const code = sqlErrorCode(error);
        if (code && UNTRANSLATABLE_CHARACTER.includes(code)) {
          throw new InvalidAppendError('event payload holds text the database cannot store');
        }
        if (code !== UNIQUE_VIOLATION) throw error;
        inserted = null;
      }
      if (inserted) {
        const last = inserted.reduce((a, b) => (a.version > b.version ? a : b));
        this.remember(streamId, { version: last.version, hash: rows[rows.length - 1].hash });
        this.subscriptions.notifyAppended();
        return {
          nextExpectedVersion: last.version,
          position: positionOf(last),
        };
      }
      // A key was taken: this append was done before (a retry), or another got there first.
      this.heads.delete(streamId);
      const retried = await this.alreadyAppended(streamId, events);
      if (retried) return retried;
      if (expectedVersion === 'any' && attempt < APPEND_ANY_ATTEMPTS) continue;
      throw new WrongExpectedVersionError(
        streamId,
        expectedVersion,
        await this.streamVersion(streamId),
      );
    }
  }

  /**
   * The rows as inserted, or null when a unique key was taken. One event goes through the
   * group commit of one-event appends; a batch is one statement over a recordset.
   */
  private async insert(rows: EventInsert[]): Promise<InsertedRow[] | null> {
    if (rows.length === 1) {
      const outcome = await this.singleInserts.submit(rows[0]);
      if ('error' in outcome) throw outcome.error;
      return outcome.inserted && [outcome.inserted];
    }
    const { rows: inserted } = await this.sql.query<InsertedRow>(INSERT_EVENTS, [recordset(rows)], {
      name: 'event-store.insert-events',
    });
    return inserted;
  }

  /**
   * One-event appends of concurrent callers in one statement. Each row is matched to its caller
   * by its hash, which covers stream, version, event id, payload and predecessor: two callers
   * sending one event id get the stored row only if it is exactly theirs. If the statement fails
   * because of what it carries (a payload PostgreSQL cannot store fails it whole), or its answer
   * was lost, each row is tried alone, so every caller gets its own answer and an insert that did
   * commit is recognised as such; if it never reached the database, every caller gets that error.
   */
  private async insertSingles(rows: EventInsert[]): Promise<SingleInsertOutcome[]> {
    if (rows.length > 1) {
      try {
        const { rows: inserted } = await this.sql.query<InsertedRow & { hash: string }>(
          INSERT_SINGLE_EVENTS,
          [recordset(rows)],
          { name: 'event-store.insert-single-events' },
        );
        const byHash = new Map(inserted.map((row) => [row.hash, row]));
        return rows.map((row) => ({ inserted: byHash.get(row.hash) ?? null }));
      } catch (error) {
        if (!worthRetryingRowByRow(error)) return rows.map(() => ({ error }));
      }
    }
    return Promise.all(
      rows.map(async (row): Promise<SingleInsertOutcome> => {
        try {
          return { inserted: await this.insertOne(row) };
        } catch (error) {
          return { error };
        }
      }),
    );
  }

  /** One event alone; null when a key was taken. */
  private async insertOne(e: EventInsert): Promise<InsertedRow | null> {
    try {
      const { rows } = await this.sql.query<InsertedRow>(
        INSERT_EVENT,
        [
          e.stream_id,
          e.version,
          e.event_id,
          e.type,
          JSON.stringify(e.data),
          JSON.stringify(e.metadata),
          e.prev_hash,
          e.hash,
        ],
        { name: 'event-store.insert-event' },
      );
      return rows[0];
    } catch (error) {
      if (sqlErrorCode(error) === UNIQUE_VIOLATION) return null;
      throw error;
    }
  }

  readStream(streamId: string, options: ReadStreamOptions = {}): AsyncIterable<RecordedEvent> {
    const backwards = options.direction === 'backwards';
    return new StreamReader({
      streamId,
      backwards,
      from: backwards
        ? (options.fromVersion ?? Number.MAX_SAFE_INTEGER)
        : Math.max(1, options.fromVersion ?? 1),
      limit: options.limit ?? Number.POSITIVE_INFINITY,
      pageSize: READ_PAGE,
      readPage: (from, size) => this.readPage(streamId, backwards, from, size),
      reachedHead: (head) => this.remember(streamId, { version: head.version, hash: head.hash }),
    });
  }

  /**
   * One page of a stream. Versions are contiguous, so a forwards page is a version range the
   * (stream_id, version) index bounds; pages are small enough for the planner to walk that
   * index in order rather than sort a bitmap scan's rows (which spills to disk for large pages).
   */
  private async readPage(
    streamId: string,
    backwards: boolean,
    from: number,
    size: number,
  ): Promise<StreamRow[]> {
    const { rows } = await this.sql.query<StreamRow>(
      backwards
        ? `SELECT ${STREAM_COLUMNS} FROM events WHERE stream_id = $1 AND version <= $2
            ORDER BY version DESC LIMIT $3`
        : `SELECT ${STREAM_COLUMNS} FROM events
            WHERE stream_id = $1 AND version >= $2 AND version < $2::bigint + $3
            ORDER BY version ASC LIMIT $3`,
      [streamId, Math.max(0, Math.min(from, 2_147_483_647)), size],
      {
        name: backwards ? 'event-store.read-stream-backwards' : 'event-store.read-stream',
        rowMode: 'array',
      },
    );
    return rows;
  }

  async readAll(from: GlobalPosition, limit: number): Promise<RecordedEvent[]> {
    const { rows } = await this.sql.query<EventRow>(
      `SELECT ${COLUMNS} FROM events
        WHERE (transaction_id, global_position) > ($1::text::xid8, $2::bigint)
          AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
        ORDER BY events.transaction_id, events.global_position
        LIMIT $3`,
      [
        String(from.commit < 0n ? 0n : from.commit),
        String(from.prepare < 0n ? 0n : from.prepare),
        limit,
      ],
    );
    return rows.map(toRecordedEvent);
  }

  async headPosition(): Promise<GlobalPosition | null> {
    const { rows } = await this.sql.query<InsertedRow>(
      `SELECT transaction_id::text AS commit_position, global_position::text AS prepare_position
         FROM events ORDER BY events.transaction_id DESC, events.global_position DESC LIMIT 1`,
    );
    return rows[0] ? positionOf(rows[0]) : null;
  }

  async subscribe(
    name: string,
    handler: EventHandler | BatchEventHandler,
    options: SubscribeOptions = {},
  ): Promise<Subscription> {
    return this.subscriptions.subscribe(name, handler, options);
  }

  verifyStream(streamId: string): Promise<StreamVerification> {
    return verifyChain(streamId, this.readStream(streamId));
  }

  async streamVersion(streamId: string): Promise<number> {
    const { rows } = await this.sql.query<{ version: number | null }>(
      'SELECT max(version) AS version FROM events WHERE stream_id = $1',
      [streamId],
    );
    return rows[0]?.version ?? 0;
  }

  async ping(): Promise<void> {
    await this.sql.query('SELECT 1');
  }

  /** Stops this store's subscriptions; the SqlClient belongs to whoever created it. */
  async close(): Promise<void> {
    await this.subscriptions.stopAll();
  }

  private async headFor(streamId: string, expected: ExpectedVersion): Promise<StreamHead> {
    if (expected === 'no-stream' || expected === 0) return { version: 0, hash: GENESIS_HASH };
    if (expected === 'any') {
      const { rows } = await this.sql.query<StreamHead>(
        'SELECT version, hash FROM events WHERE stream_id = $1 ORDER BY version DESC LIMIT 1',
        [streamId],
      );
      return rows[0] ?? { version: 0, hash: GENESIS_HASH };
    }
    const cached = this.heads.get(streamId);
    if (cached?.version === expected) return cached;
    const { rows } = await this.sql.query<StreamHead>(
      'SELECT version, hash FROM events WHERE stream_id = $1 AND version = $2',
      [streamId, expected],
      { name: 'event-store.head-at' },
    );
    if (rows.length === 0) {
      throw new WrongExpectedVersionError(streamId, expected, await this.streamVersion(streamId));
    }
    return rows[0];
  }

  private chain(
    streamId: string,
    head: StreamHead,
    events: NewEvent[],
    recordedAt: string,
  ): EventInsert[] {
    let prevHash = head.hash;
    return events.map((event, index) => {
      const version = head.version + index + 1;
      // Hashed as PostgreSQL will return it, or an uppercase id would fail verification.
      const eventId = event.eventId.toLowerCase();
      const metadata = { ...event.metadata, recordedAt: event.metadata?.recordedAt ?? recordedAt };
      const hash = hashEvent({
        streamId,
        version,
        eventId,
        type: event.type,
        data: event.data,
        metadata,
        prevHash,
      });
      const row = {
        stream_id: streamId,
        version,
        event_id: eventId,
        type: event.type,
        data: event.data,
        metadata,
        prev_hash: prevHash,
        hash,
      };
      prevHash = hash;
      return row;
    });
  }

  /**
   * A retry after a lost response: the append's first event id already sits in this stream, and
   * the ids found follow it contiguously, so the earlier append succeeded and nothing is written
   * again. The retry may have decided fewer or more events than the append it repeats (it ran on
   * a newer state); what was stored is the answer.
   */
  private async alreadyAppended(
    streamId: string,
    events: NewEvent[],
  ): Promise<AppendResult | null> {
    const ids = events.map((e) => e.eventId.toLowerCase());
    const { rows } = await this.sql.query<EventRow>(
      `SELECT ${COLUMNS} FROM events WHERE event_id = ANY($1::uuid[]) ORDER BY events.global_position`,
      [ids],
    );
    if (rows.length === 0) return null;
    const inOrder =
      rows[0].event_id === ids[0] &&
      rows.every(
        (row, i) =>
          row.stream_id === streamId &&
          row.event_id === ids[i] &&
          row.version === rows[0].version + i,
      );
    if (!inOrder) {
      throw new InvalidAppendError(
        'event ids already stored, but not as this append in this stream',
      );
    }
    const last = rows[rows.length - 1];
    return {
      nextExpectedVersion: last.version,
      position: positionOf(last),
      alreadyStored: true,
    };
  }

  private remember(streamId: string, head: StreamHead): void {
    // Only a shortcut: a stream that fell out costs one read at its next append.
    this.heads.set(streamId, head);
  }
}

/**
 * Whether a failed group statement should be tried row by row: yes when the server refused what
 * it carried (one row may be at fault) or the answer was lost (some rows may have committed);
 * no when it never ran, where each row would only fail the same way, one after another.
 */
function worthRetryingRowByRow(error: unknown): boolean {
  const code = sqlErrorCode(error);
  if (code === undefined) return true;
  if (NOT_SENT.includes(code)) return false;
  return !(code.length === 5 && NOT_RUN_CLASSES.includes(code.slice(0, 2)));
}

/** Rows as the JSON array INSERT_FROM_RECORDSET reads, data and metadata as JSON text. */
function recordset(rows: EventInsert[]): string {
  return JSON.stringify(
    rows.map((row) => ({
      ...row,
      data: JSON.stringify(row.data),
      metadata: JSON.stringify(row.metadata),
    })),
  );
}

function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    streamId: row.stream_id,
    version: row.version,
    eventId: row.event_id,
    type: row.type,
    data: row.data,
    metadata: row.metadata,
    prevHash: row.prev_hash,
    hash: row.hash,
    position: positionOf(row),
  };
}

/** An event row as written: hashed and chained; its positions are the database's to give. */
type EventInsert = Omit<EventRow, 'commit_position' | 'prepare_position'>;

/** A one-event append's row as inserted, null when a key was taken, or its own error. */
type SingleInsertOutcome = { inserted: InsertedRow | null } | { error: unknown };

interface InsertedRow {
  version: number;
  commit_position: string;
  prepare_position: string;
}

function positionOf(
  row: Pick<InsertedRow, 'commit_position' | 'prepare_position'>,
): GlobalPosition {
  return { commit: BigInt(row.commit_position), prepare: BigInt(row.prepare_position) };
}
