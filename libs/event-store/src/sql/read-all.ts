import { SqlClient } from '@app/database';
import { GlobalPosition, RecordedEvent } from '../event-store.port';
import {
  EventRow,
  HEAD_POSITION,
  InsertedRow,
  positionOf,
  READ_ALL,
  toRecordedEvent,
} from './statements';

/** The global log after `from`, in commit order (see READ_ALL). */
export async function readAll(
  sql: SqlClient,
  from: GlobalPosition,
  limit: number,
): Promise<RecordedEvent[]> {
  const { rows } = await sql.query<EventRow>(READ_ALL, [
    String(from.commit < 0n ? 0n : from.commit),
    String(from.prepare < 0n ? 0n : from.prepare),
    limit,
  ]);
  return rows.map(toRecordedEvent);
}

/** Position of the last committed event of the log, or null when it is empty. */
export async function headPosition(sql: SqlClient): Promise<GlobalPosition | null> {
  const { rows } = await sql.query<InsertedRow>(HEAD_POSITION);
  return rows[0] ? positionOf(rows[0]) : null;
}
