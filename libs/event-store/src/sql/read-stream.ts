import { SqlClient } from '@app/database';
import { ReadStreamOptions, RecordedEvent } from '../event-store.port';
import { READ_STREAM_PAGE, READ_STREAM_PAGE_BACKWARDS } from './statements';
import { StreamReader, StreamRow } from './stream-reader';

/**
 * Pages of a stream read: one query for most cases, and pages of a long stream stay small enough
 * to be read in index order and sorted in memory (with fresh statistics PostgreSQL reads larger
 * pages by a bitmap scan and an on-disk sort).
 */
const READ_PAGE = 1_000;

/** A stream's events, page by page; `reachedHead` hears of its last event when a read gets there. */
export function readStream(
  sql: SqlClient,
  streamId: string,
  options: ReadStreamOptions,
  reachedHead: (head: RecordedEvent) => void,
): AsyncIterable<RecordedEvent> {
  const backwards = options.direction === 'backwards';
  return new StreamReader({
    streamId,
    backwards,
    from: backwards
      ? (options.fromVersion ?? Number.MAX_SAFE_INTEGER)
      : Math.max(1, options.fromVersion ?? 1),
    limit: options.limit ?? Number.POSITIVE_INFINITY,
    pageSize: READ_PAGE,
    readPage: (from, size) => readPage(sql, streamId, backwards, from, size),
    reachedHead,
  });
}

async function readPage(
  sql: SqlClient,
  streamId: string,
  backwards: boolean,
  from: number,
  size: number,
): Promise<StreamRow[]> {
  const { rows } = await sql.query<StreamRow>(
    backwards ? READ_STREAM_PAGE_BACKWARDS : READ_STREAM_PAGE,
    [streamId, Math.max(0, Math.min(from, 2_147_483_647)), size],
    {
      name: backwards ? 'event-store.read-stream-backwards' : 'event-store.read-stream',
      rowMode: 'array',
    },
  );
  return rows;
}
