import { RecordedEvent } from '../event-store.port';
import { GlobalPosition } from '../event-store.port';

/**
 * The SQL of the event store and the rows it reads and writes, in one place: what each statement
 * does is said here, where it is written.
 */

// Positions come back as text (bigint and xid8 overflow JS numbers) under names of their own:
// an alias equal to a column name would make ORDER BY sort the text, '10' before '9'.
export interface EventRow {
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

export const COLUMNS = `transaction_id::text AS commit_position, global_position::text AS prepare_position,
  stream_id, version, event_id::text AS event_id, type, data, metadata, prev_hash, hash`;

// Data and metadata come as one JSON array text: one string and one parse per event, not two.
export const STREAM_COLUMNS = `transaction_id::text, global_position::text, version, event_id::text,
  type, '[' || data::text || ',' || metadata::text || ']', prev_hash, hash`;

const RETURNING = `RETURNING version, transaction_id::text AS commit_position,
  global_position::text AS prepare_position`;

// A one-event append written alone: a plain VALUES insert, cheapest to plan and to run.
export const INSERT_EVENT = `
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
export const INSERT_SINGLE_EVENTS = `
  ${INSERT_FROM_RECORDSET}
   ORDER BY stream_id, version
  ON CONFLICT DO NOTHING
  ${RETURNING}, hash`;

// A multi-event append: one statement whatever its size, so it is atomic without an explicit
// transaction; a taken key fails it whole.
export const INSERT_EVENTS = `
  ${INSERT_FROM_RECORDSET}
   ORDER BY version
  ${RETURNING}`;

/** A page of a stream, forwards: a version range the (stream_id, version) index bounds. */
export const READ_STREAM_PAGE = `SELECT ${STREAM_COLUMNS} FROM events
  WHERE stream_id = $1 AND version >= $2 AND version < $2::bigint + $3
  ORDER BY version ASC LIMIT $3`;

export const READ_STREAM_PAGE_BACKWARDS = `SELECT ${STREAM_COLUMNS} FROM events
  WHERE stream_id = $1 AND version <= $2
  ORDER BY version DESC LIMIT $3`;

/**
 * The global log after a position, in commit order, and only below the oldest transaction still
 * running (pg_snapshot_xmin): an event whose transaction took its position early but committed
 * late is never skipped.
 */
export const READ_ALL = `SELECT ${COLUMNS} FROM events
  WHERE (transaction_id, global_position) > ($1::text::xid8, $2::bigint)
    AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
  ORDER BY events.transaction_id, events.global_position
  LIMIT $3`;

export const HEAD_POSITION = `SELECT transaction_id::text AS commit_position,
  global_position::text AS prepare_position
  FROM events ORDER BY events.transaction_id DESC, events.global_position DESC LIMIT 1`;

/** Rows as the JSON array INSERT_FROM_RECORDSET reads, data and metadata as JSON text. */
export function recordset(rows: EventInsert[]): string {
  return JSON.stringify(
    rows.map((row) => ({
      ...row,
      data: JSON.stringify(row.data),
      metadata: JSON.stringify(row.metadata),
    })),
  );
}

export function toRecordedEvent(row: EventRow): RecordedEvent {
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
export type EventInsert = Omit<EventRow, 'commit_position' | 'prepare_position'>;

export interface InsertedRow {
  version: number;
  commit_position: string;
  prepare_position: string;
}

export function positionOf(
  row: Pick<InsertedRow, 'commit_position' | 'prepare_position'>,
): GlobalPosition {
  return { commit: BigInt(row.commit_position), prepare: BigInt(row.prepare_position) };
}
