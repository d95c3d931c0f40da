import { LRUCache } from 'lru-cache';
import { SqlClient, sqlErrorCode, UNIQUE_VIOLATION, WriteBatcher } from '@app/database';
import { InvalidAppendError, WrongExpectedVersionError } from '../errors';
import { AppendResult, ExpectedVersion, NewEvent } from '../event-store.port';
import { GENESIS_HASH, hashEvent } from '../hash-chain';
import { validateAppend } from '../validate-append';
import { SingleEventInserts } from './group-commit';
import {
  COLUMNS,
  EventInsert,
  EventRow,
  INSERT_EVENTS,
  InsertedRow,
  positionOf,
  recordset,
} from './statements';

export interface StreamHead {
  version: number;
  hash: string;
}

const HEAD_CACHE_LIMIT = 10_000;
const APPEND_ANY_ATTEMPTS = 20;
/** A payload PostgreSQL cannot take as text (it never happens to JSON the store itself writes). */
const UNTRANSLATABLE_CHARACTER = ['22P05', '22021', '22P02'];

/**
 * Appends: chain the events to the stream's head (its version and hash), insert, and read a
 * taken (stream, version) or event id as a conflict or as a retry of an append stored before.
 * Optimistic concurrency comes from the unique (stream_id, version) constraint, so an append is
 * one INSERT and takes no lock wider than its own rows.
 */
export class SqlAppends {
  /** Hashes never change once written, so a known (version, hash) saves a read before append. */
  private readonly heads = new LRUCache<string, StreamHead>({ max: HEAD_CACHE_LIMIT });
  private readonly singleInserts: SingleEventInserts;
  /** Heads that appends starting together need (`expectedVersion: 'any'`), read in one statement. */
  private readonly headReads: WriteBatcher<string, StreamHead | { error: unknown }>;

  constructor(private readonly sql: SqlClient) {
    this.singleInserts = new SingleEventInserts(sql);
    this.headReads = new WriteBatcher((streamIds) => this.readHeads(streamIds), 500, 2);
  }

  async append(
    streamId: string,
    events: NewEvent[],
    expectedVersion: ExpectedVersion,
  ): Promise<AppendResult> {
    validateAppend(streamId, events, expectedVersion);
    const recordedAt = new Date().toISOString();
    for (let attempt = 1; ; attempt++) {
      const head = await this.headFor(streamId, expectedVersion);
      const rows = chain(streamId, head, events, recordedAt);
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
        return { nextExpectedVersion: last.version, position: positionOf(last) };
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

  async streamVersion(streamId: string): Promise<number> {
    const { rows } = await this.sql.query<{ version: number | null }>(
      'SELECT max(version) AS version FROM events WHERE stream_id = $1',
      [streamId],
    );
    return rows[0]?.version ?? 0;
  }

  /** Only a shortcut: a stream that fell out costs one read at its next append. */
  remember(streamId: string, head: StreamHead): void {
    this.heads.set(streamId, head);
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

  private async headFor(streamId: string, expected: ExpectedVersion): Promise<StreamHead> {
    if (expected === 'no-stream' || expected === 0) return { version: 0, hash: GENESIS_HASH };
    if (expected === 'any') {
      // A head this process wrote is tried first: if another has appended since, the insert
      // meets a taken version, the head is forgotten and read again.
      const known = this.heads.get(streamId);
      if (known) return known;
      const read = await this.headReads.submit(streamId);
      if ('error' in read) throw read.error;
      return read;
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

  /**
   * The heads of streams (genesis for a stream not written yet), each its newest event's. If the
   * statement fails (a stream id PostgreSQL cannot take fails it whole), each is read alone, so
   * that every caller gets its own answer.
   */
  private async readHeads(streamIds: string[]): Promise<Array<StreamHead | { error: unknown }>> {
    try {
      const distinct = [...new Set(streamIds)];
      const { rows } = await this.sql.query<StreamHead & { stream_id: string }>(
        `SELECT h.stream_id, h.version, h.hash
           FROM unnest($1::text[]) AS s(stream_id)
           CROSS JOIN LATERAL (
             SELECT stream_id, version, hash FROM events
              WHERE stream_id = s.stream_id ORDER BY version DESC LIMIT 1) AS h`,
        [distinct],
        { name: 'event-store.stream-heads' },
      );
      const heads = new Map(rows.map((r) => [r.stream_id, { version: r.version, hash: r.hash }]));
      return streamIds.map((id) => heads.get(id) ?? { version: 0, hash: GENESIS_HASH });
    } catch (error) {
      if (streamIds.length === 1) return [{ error }];
      return Promise.all(streamIds.map(async (id) => (await this.readHeads([id]))[0]));
    }
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
    return { nextExpectedVersion: last.version, position: positionOf(last), alreadyStored: true };
  }
}

/** The rows to insert: each event hashed and linked to the one before it. */
function chain(
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
