import { SqlClient } from '@app/database';
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
  StreamHeadEntry,
  StreamPoint,
  StreamVerification,
  SubscribeOptions,
  Subscription,
} from '../event-store.port';
import { verifyChain } from '../hash-chain';
import { sortedByStream } from '../stream-heads';
import { sqlSubscriptionStorage } from '../subscription/checkpoint-store';
import { SubscriptionHub } from '../subscription/subscription-hub';
import { SqlAppends } from './append';
import { headPosition, readAll } from './read-all';
import { readStream } from './read-stream';

/**
 * The event store on PostgreSQL, over a `pg` pool or embedded PGlite: the same SQL either way.
 * Each operation lives in a file of its own: appends and their group commit (append.ts,
 * group-commit.ts), stream reads (read-stream.ts), the global log (read-all.ts), the statements
 * and rows (statements.ts); subscriptions are the adapters' shared CheckpointedSubscription.
 */
export class SqlEventStore implements EventStore {
  private readonly appends: SqlAppends;
  private readonly subscriptions: SubscriptionHub;

  constructor(
    private readonly sql: SqlClient,
    defaults: SubscribeOptions = {},
  ) {
    this.appends = new SqlAppends(sql);
    this.subscriptions = new SubscriptionHub(this, sqlSubscriptionStorage(sql), defaults);
  }

  async append(
    streamId: string,
    events: NewEvent[],
    { expectedVersion }: { expectedVersion: ExpectedVersion },
  ): Promise<AppendResult> {
    const result = await this.appends.append(streamId, events, expectedVersion);
    if (!result.alreadyStored) this.subscriptions.notifyAppended();
    return result;
  }

  readStream(streamId: string, options: ReadStreamOptions = {}): AsyncIterable<RecordedEvent> {
    return readStream(this.sql, streamId, options, (head) =>
      this.appends.remember(streamId, { version: head.version, hash: head.hash }),
    );
  }

  readAll(from: GlobalPosition, limit: number): Promise<RecordedEvent[]> {
    return readAll(this.sql, from, limit);
  }

  headPosition(): Promise<GlobalPosition | null> {
    return headPosition(this.sql);
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

  streamVersion(streamId: string): Promise<number> {
    return this.appends.streamVersion(streamId);
  }

  async streamHeads(): Promise<StreamHeadEntry[]> {
    const { rows } = await this.sql.query<{ stream_id: string; version: number; hash: string }>(
      `SELECT DISTINCT ON (stream_id) stream_id, version, hash FROM events
        ORDER BY stream_id, version DESC`,
    );
    return sortedByStream(
      rows.map((row) => ({ streamId: row.stream_id, version: row.version, hash: row.hash })),
    );
  }

  async eventHashes(points: readonly StreamPoint[]): Promise<(string | null)[]> {
    if (points.length === 0) return [];
    const { rows } = await this.sql.query<{ i: string; hash: string }>(
      `SELECT p.i::text AS i, e.hash
         FROM unnest($1::text[], $2::int[]) WITH ORDINALITY AS p(stream_id, version, i)
         JOIN events e ON e.stream_id = p.stream_id AND e.version = p.version`,
      [points.map((p) => p.streamId), points.map((p) => p.version)],
    );
    const hashes: (string | null)[] = points.map(() => null);
    for (const row of rows) hashes[Number(row.i) - 1] = row.hash;
    return hashes;
  }

  async ping(): Promise<void> {
    await this.sql.query('SELECT 1');
  }

  /** Stops this store's subscriptions; the SqlClient belongs to whoever created it. */
  async close(): Promise<void> {
    await this.subscriptions.stopAll();
  }
}
