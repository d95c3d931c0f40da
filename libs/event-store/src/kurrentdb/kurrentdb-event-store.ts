import {
  BACKWARDS,
  END,
  excludeSystemEvents,
  FORWARDS,
  jsonEvent,
  JSONType,
  KurrentDBClient,
  ReadRevision,
  StreamNotFoundError,
  WrongExpectedVersionError as KurrentWrongExpectedVersionError,
} from '@kurrent/kurrentdb-client';
import { SqlClient } from '@app/database';
import { WrongExpectedVersionError } from '../errors';
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
import { GENESIS_HASH, hashEvent, verifyChain } from '../hash-chain';
import { hashesFromStreams, headsFromLog } from '../stream-heads';
import { comparePositions } from '../position';
import { sqlSubscriptionStorage } from '../subscription/checkpoint-store';
import { SubscriptionHub } from '../subscription/subscription-hub';
import { validateAppend } from '../validate-append';
import {
  isSystemEvent,
  matchAppended,
  revisionOf,
  StoredMetadata,
  streamStateFor,
  toGlobalPosition,
  toReadPosition,
  toRecordedEvent,
  translateError,
  versionOf,
} from './kurrentdb-mapping';

/** The part of the client the adapter uses. */
export type KurrentClient = Pick<
  KurrentDBClient,
  'appendToStream' | 'readStream' | 'readAll' | 'dispose'
>;

interface StreamHead {
  version: number;
  hash: string;
}

interface ChainedEvent {
  event: NewEvent;
  eventId: string;
  stored: StoredMetadata;
}

const HEAD_CACHE_LIMIT = 10_000;
const APPEND_ANY_ATTEMPTS = 20;

/**
 * The event store on KurrentDB. Streams map 1:1 to KurrentDB streams, optimistic concurrency is
 * the server's expected revision, and the hash chain travels in each event's metadata. Only
 * subscription checkpoints and locks live in PostgreSQL.
 */
export class KurrentDbEventStore implements EventStore {
  /**
   * Known (version, hash) pairs, filled from reads only. A successful append cannot vouch for
   * the hashes it computed: when the server recognises a retry by its event ids it keeps the
   * events stored first, whose recordedAt, and so hash, may differ.
   */
  private readonly heads = new Map<string, StreamHead>();
  private readonly subscriptions: SubscriptionHub;
  private closing: Promise<void> | null = null;

  constructor(
    private readonly client: KurrentClient,
    sql: SqlClient,
    defaults: SubscribeOptions = {},
  ) {
    this.subscriptions = new SubscriptionHub(this, sqlSubscriptionStorage(sql), defaults);
  }

  /** Connects lazily: the first command opens the connection, so boot does not wait for it. */
  static async connect(
    connectionString: string,
    sql: SqlClient,
    defaults: SubscribeOptions,
  ): Promise<EventStore> {
    return new KurrentDbEventStore(
      KurrentDBClient.connectionString(connectionString),
      sql,
      defaults,
    );
  }

  async append(
    streamId: string,
    events: NewEvent[],
    { expectedVersion }: { expectedVersion: ExpectedVersion },
  ): Promise<AppendResult> {
    validateAppend(streamId, events, expectedVersion);
    const recordedAt = new Date().toISOString();
    for (let attempt = 1; ; attempt++) {
      let head: StreamHead;
      if (expectedVersion === 'any') {
        const found = await this.headForAny(streamId, events);
        if ('retried' in found) return found.retried;
        head = found.head;
      } else {
        head = await this.headFor(streamId, expectedVersion);
      }
      const chained = chain(streamId, head, events, recordedAt);
      try {
        const result = await this.client.appendToStream(
          streamId,
          chained.map(({ event, eventId, stored }) =>
            jsonEvent({
              id: eventId,
              type: event.type,
              // JSON.stringify on the wire takes any JSON value, wider than the client's type.
              data: event.data as JSONType,
              metadata: stored,
            }),
          ),
          { streamState: streamStateFor(head.version) },
        );
        this.subscriptions.notifyAppended();
        const nextRevision = result.nextExpectedRevision;
        return {
          nextExpectedVersion: versionOf(nextRevision),
          position: result.position
            ? toGlobalPosition(result.position)
            : await this.positionOf(streamId, nextRevision),
        };
      } catch (error) {
        if (!(error instanceof KurrentWrongExpectedVersionError)) throw translateError(error);
        this.heads.delete(streamId);
        const retried = await this.alreadyAppended(streamId, head.version, events);
        if (retried) return retried;
        if (expectedVersion === 'any' && attempt < APPEND_ANY_ATTEMPTS) continue;
        throw translateError(error, { streamId, expectedVersion });
      }
    }
  }

  async *readStream(
    streamId: string,
    options: ReadStreamOptions = {},
  ): AsyncIterable<RecordedEvent> {
    const backwards = options.direction === 'backwards';
    const limit = options.limit ?? Number.MAX_SAFE_INTEGER;
    let fromRevision: ReadRevision;
    if (backwards) {
      if (options.fromVersion !== undefined && options.fromVersion < 1) return;
      fromRevision = options.fromVersion === undefined ? END : revisionOf(options.fromVersion);
    } else {
      fromRevision = revisionOf(Math.max(options.fromVersion ?? 1, 1));
    }
    if (limit <= 0 || streamId.startsWith('$')) return;
    let last: RecordedEvent | undefined;
    let count = 0;
    for await (const event of this.read(streamId, {
      fromRevision,
      maxCount: limit,
      direction: backwards ? BACKWARDS : FORWARDS,
    })) {
      last = event;
      count++;
      yield event;
    }
    // A forwards read that stopped short of its limit reached the head.
    if (!backwards && last && count < limit) this.remember(streamId, last);
  }

  async readAll(from: GlobalPosition, limit: number): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    let after = from;
    while (events.length < limit) {
      // One more than needed: a read from a position includes the event at that position.
      const maxCount = limit - events.length + 1;
      let received = 0;
      let lastPosition: GlobalPosition | null = null;
      try {
        for await (const resolved of this.client.readAll({
          fromPosition: toReadPosition(after),
          maxCount,
          filter: excludeSystemEvents(),
        })) {
          received++;
          if (!resolved.event) continue;
          const event = toRecordedEvent(resolved.event);
          lastPosition = event.position;
          if (comparePositions(event.position, after) <= 0 || isSystemEvent(event)) continue;
          if (events.length < limit) events.push(event);
        }
      } catch (error) {
        throw translateError(error);
      }
      // A short page is the end of the log; a full one may have been thinned by the skips above.
      if (received < maxCount || !lastPosition) break;
      after = lastPosition;
    }
    return events;
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

  streamHeads(): Promise<StreamHeadEntry[]> {
    return headsFromLog(this);
  }

  eventHashes(points: readonly StreamPoint[]): Promise<(string | null)[]> {
    return hashesFromStreams(this, points);
  }

  async streamVersion(streamId: string): Promise<number> {
    if (streamId.startsWith('$')) return 0;
    const [head] = await this.collect(streamId, {
      fromRevision: END,
      maxCount: 1,
      direction: BACKWARDS,
    });
    return head?.version ?? 0;
  }

  async headPosition(): Promise<GlobalPosition | null> {
    try {
      for await (const resolved of this.client.readAll({
        fromPosition: END,
        maxCount: 1,
        direction: BACKWARDS,
        filter: excludeSystemEvents(),
      })) {
        if (resolved.event) return toRecordedEvent(resolved.event).position;
      }
      return null;
    } catch (error) {
      throw translateError(error);
    }
  }

  async ping(): Promise<void> {
    try {
      for await (const _ of this.client.readAll({
        fromPosition: END,
        maxCount: 1,
        direction: BACKWARDS,
      })) {
        // Reading the last record proves the server answers; its content does not matter.
      }
    } catch (error) {
      throw translateError(error);
    }
  }

  /** Stops this store's subscriptions and the client; the SqlClient belongs to whoever made it. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.subscriptions.stopAll();
      await this.client.dispose();
    })();
    return this.closing;
  }

  private async headFor(streamId: string, expected: number | 'no-stream'): Promise<StreamHead> {
    if (expected === 'no-stream' || expected === 0) return { version: 0, hash: GENESIS_HASH };
    const cached = this.heads.get(streamId);
    if (cached?.version === expected) return cached;
    const [event] = await this.collect(streamId, {
      fromRevision: revisionOf(expected),
      maxCount: 1,
      direction: FORWARDS,
    });
    if (!event) {
      throw new WrongExpectedVersionError(streamId, expected, await this.streamVersion(streamId));
    }
    this.remember(streamId, event);
    return event;
  }

  /**
   * `any` still appends at a definite revision, or a concurrent writer could slip in between the
   * head that was hashed and the events that link to it. That makes the server's id-based
   * deduplication unavailable, so a retry is recognised here, from the stream's tail: reliable
   * while nothing else has been appended after the first attempt, best effort beyond that.
   */
  private async headForAny(
    streamId: string,
    events: NewEvent[],
  ): Promise<{ head: StreamHead } | { retried: AppendResult }> {
    const tail = await this.collect(streamId, {
      fromRevision: END,
      maxCount: events.length,
      direction: BACKWARDS,
    });
    const ids = events.map((e) => e.eventId.toLowerCase());
    const ours = tail.filter((e) => ids.includes(e.eventId));
    if (ours.length > 0) {
      const earliest = ours[ours.length - 1];
      const firstVersion = earliest.version - ids.indexOf(earliest.eventId);
      const retried = await this.alreadyAppended(streamId, firstVersion - 1, events);
      if (retried) return { retried };
    }
    const head = tail[0];
    if (!head) return { head: { version: 0, hash: GENESIS_HASH } };
    this.remember(streamId, head);
    return { head };
  }

  /**
   * A retry after a lost response: the same event ids already follow `after` in this stream,
   * so the earlier append succeeded and nothing is written again.
   */
  private async alreadyAppended(
    streamId: string,
    after: number,
    events: NewEvent[],
  ): Promise<AppendResult | null> {
    const stored = await this.collect(streamId, {
      fromRevision: revisionOf(Math.max(after + 1, 1)),
      maxCount: events.length,
      direction: FORWARDS,
    });
    const retried = matchAppended(stored, events);
    if (retried) this.remember(streamId, stored[stored.length - 1]);
    return retried;
  }

  private async positionOf(streamId: string, revision: bigint): Promise<GlobalPosition> {
    const [event] = await this.collect(streamId, {
      fromRevision: revision,
      maxCount: 1,
      direction: FORWARDS,
    });
    if (!event) throw new Error(`appended event ${streamId}@${versionOf(revision)} not readable`);
    return event.position;
  }

  /** A stream's events; a stream that does not exist has none. */
  private async *read(
    streamId: string,
    options: {
      fromRevision: ReadRevision;
      maxCount: number;
      direction: typeof FORWARDS | typeof BACKWARDS;
    },
  ): AsyncIterable<RecordedEvent> {
    try {
      for await (const resolved of this.client.readStream(streamId, options)) {
        if (resolved.event) yield toRecordedEvent(resolved.event);
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return;
      throw translateError(error);
    }
  }

  private async collect(
    streamId: string,
    options: {
      fromRevision: ReadRevision;
      maxCount: number;
      direction: typeof FORWARDS | typeof BACKWARDS;
    },
  ): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    for await (const event of this.read(streamId, options)) events.push(event);
    return events;
  }

  private remember(streamId: string, event: StreamHead): void {
    if (this.heads.size >= HEAD_CACHE_LIMIT && !this.heads.has(streamId)) {
      const oldest = this.heads.keys().next().value;
      if (oldest !== undefined) this.heads.delete(oldest);
    }
    this.heads.delete(streamId);
    this.heads.set(streamId, { version: event.version, hash: event.hash });
  }
}

/** Links each event to its predecessor exactly as the SQL adapter does. */
function chain(
  streamId: string,
  head: StreamHead,
  events: NewEvent[],
  recordedAt: string,
): ChainedEvent[] {
  let prevHash = head.hash;
  return events.map((event, index) => {
    // KurrentDB returns ids in lower case; hashing them that way keeps the chain verifiable.
    const eventId = event.eventId.toLowerCase();
    const metadata = { ...event.metadata, recordedAt: event.metadata?.recordedAt ?? recordedAt };
    const hash = hashEvent({
      streamId,
      version: head.version + index + 1,
      eventId,
      type: event.type,
      data: event.data,
      metadata,
      prevHash,
    });
    const stored = { metadata, prevHash, hash };
    prevHash = hash;
    return { event, eventId, stored };
  });
}
