import { SqlClient, sqlErrorCode, UNIQUE_VIOLATION, WriteBatcher } from '@app/database';
import {
  EventInsert,
  INSERT_EVENT,
  INSERT_SINGLE_EVENTS,
  InsertedRow,
  recordset,
} from './statements';

// Rows per statement, and statements running at once (a statement that waits on another
// session's lock holds up its own rows, not every append).
const SINGLE_INSERT_BATCH = 500;
const SINGLE_INSERTS_IN_FLIGHT = 4;
// SQLSTATE classes of a statement the server never ran: connection exception, insufficient
// resources (too many connections), operator intervention (shutting down, cannot connect now).
const NOT_RUN_CLASSES = ['08', '53', '57'];
// Errors of a connection that was never made, so nothing was sent.
const NOT_SENT = ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH'];

/** A one-event append's row as inserted, null when a key was taken, or its own error. */
export type SingleInsertOutcome = { inserted: InsertedRow | null } | { error: unknown };

/**
 * Group commit of one-event appends: the first is written at once, and those that arrive while
 * it is in flight go together in the next statement (WriteBatcher), each caller answered as if it
 * had been alone.
 */
export class SingleEventInserts {
  private readonly batcher = new WriteBatcher<EventInsert, SingleInsertOutcome>(
    (rows) => this.insertSingles(rows),
    SINGLE_INSERT_BATCH,
    SINGLE_INSERTS_IN_FLIGHT,
  );

  constructor(private readonly sql: SqlClient) {}

  submit(row: EventInsert): Promise<SingleInsertOutcome> {
    return this.batcher.submit(row);
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
