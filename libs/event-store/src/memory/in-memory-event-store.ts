import { HeldLock } from '@app/database';
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
  StreamHeadEntry,
  StreamPoint,
  StreamVerification,
  SubscribeOptions,
  Subscription,
  SubscriptionStall,
} from '../event-store.port';
import { GENESIS_HASH, hashEvent, verifyChain } from '../hash-chain';
import { hashesFromStreams, headsFromLog } from '../stream-heads';
import { comparePositions, formatPosition } from '../position';
import { Checkpoints, SubscriptionStorage } from '../subscription/checkpoint-store';
import { SubscriptionHub } from '../subscription/subscription-hub';
import { validateAppend } from '../validate-append';

/**
 * What several in-memory stores share, as processes share a database: the log, checkpoints and
 * subscription locks. One per test, passed to each store that plays a replica.
 */
export class MemoryLog {
  readonly events: RecordedEvent[] = [];
  readonly streams = new Map<string, RecordedEvent[]>();
  readonly eventIds = new Map<string, RecordedEvent>();
  readonly checkpoints = new Map<string, { position: string; stall: SubscriptionStall | null }>();
  readonly locks = new Set<string>();
  private readonly stores = new Set<InMemoryEventStore>();

  join(store: InMemoryEventStore): void {
    this.stores.add(store);
  }

  leave(store: InMemoryEventStore): void {
    this.stores.delete(store);
  }

  /** Every store over this log hears of an append, as a LISTEN would tell other processes. */
  appended(): void {
    for (const store of this.stores) store.heardOfAppend();
  }
}

/**
 * The EventStore port in memory, proved by the same contract suite as the adapters: optimistic
 * concurrency by expected version, retries recognised by event id (unique across the log, as on
 * PostgreSQL), the same hash chain, checkpointed subscriptions with one active subscriber per
 * name across the stores sharing a MemoryLog. For fast tests of what runs on the port.
 */
export class InMemoryEventStore implements EventStore {
  private readonly subscriptions: SubscriptionHub;

  constructor(
    readonly log: MemoryLog = new MemoryLog(),
    defaults: SubscribeOptions = {},
  ) {
    this.subscriptions = new SubscriptionHub(this, memoryStorage(log), defaults);
    log.join(this);
  }

  async append(
    streamId: string,
    events: NewEvent[],
    { expectedVersion }: { expectedVersion: ExpectedVersion },
  ): Promise<AppendResult> {
    validateAppend(streamId, events, expectedVersion);
    const stream = this.log.streams.get(streamId) ?? [];
    const repeated = this.alreadyAppended(streamId, events);
    if (repeated) return repeated;
    const version = stream.length;
    const expected = expectedVersion === 'no-stream' ? 0 : expectedVersion;
    if (expected !== 'any' && expected !== version) {
      throw new WrongExpectedVersionError(streamId, expectedVersion, version);
    }
    const recordedAt = new Date().toISOString();
    let prevHash = stream.at(-1)?.hash ?? GENESIS_HASH;
    const recorded = events.map((event, index): RecordedEvent => {
      const metadata = { ...event.metadata, recordedAt: event.metadata?.recordedAt ?? recordedAt };
      // Stored as JSON, read back as JSON: what a reader gets is what a database would give.
      const data = JSON.parse(JSON.stringify(event.data)) as unknown;
      const fields = {
        streamId,
        version: version + index + 1,
        eventId: event.eventId.toLowerCase(),
        type: event.type,
        data,
        metadata: JSON.parse(JSON.stringify(metadata)) as RecordedEvent['metadata'],
        prevHash,
      };
      const hash = hashEvent(fields);
      prevHash = hash;
      const position = BigInt(this.log.events.length + index + 1);
      return { ...fields, hash, position: { commit: position, prepare: position } };
    });
    this.log.streams.set(streamId, [...stream, ...recorded]);
    this.log.events.push(...recorded);
    for (const event of recorded) this.log.eventIds.set(event.eventId, event);
    this.log.appended();
    const last = recorded[recorded.length - 1];
    return { nextExpectedVersion: last.version, position: last.position };
  }

  async *readStream(
    streamId: string,
    options: ReadStreamOptions = {},
  ): AsyncIterable<RecordedEvent> {
    const stream = this.log.streams.get(streamId) ?? [];
    const backwards = options.direction === 'backwards';
    const from = options.fromVersion ?? (backwards ? Number.MAX_SAFE_INTEGER : 1);
    const selected = backwards
      ? stream.filter((e) => e.version <= from).reverse()
      : stream.filter((e) => e.version >= from);
    yield* selected.slice(0, options.limit ?? Number.POSITIVE_INFINITY);
  }

  async readAll(from: GlobalPosition, limit: number): Promise<RecordedEvent[]> {
    return this.log.events.filter((e) => comparePositions(e.position, from) > 0).slice(0, limit);
  }

  async headPosition(): Promise<GlobalPosition | null> {
    return this.log.events.at(-1)?.position ?? null;
  }

  subscribe(
    name: string,
    handler: EventHandler | BatchEventHandler,
    options: SubscribeOptions = {},
  ): Promise<Subscription> {
    return Promise.resolve(this.subscriptions.subscribe(name, handler, options));
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
    return this.log.streams.get(streamId)?.length ?? 0;
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {
    this.log.leave(this);
    await this.subscriptions.stopAll();
  }

  heardOfAppend(): void {
    this.subscriptions.notifyAppended();
  }

  /** The same rule as the SQL adapter: the first id stored in this stream, the rest after it. */
  private alreadyAppended(streamId: string, events: NewEvent[]): AppendResult | null {
    const ids = events.map((e) => e.eventId.toLowerCase());
    const found = ids.map((id) => this.log.eventIds.get(id)).filter((e) => e !== undefined);
    if (found.length === 0) return null;
    const inOrder =
      found[0].eventId === ids[0] &&
      found.every(
        (e, i) =>
          e.streamId === streamId && e.eventId === ids[i] && e.version === found[0].version + i,
      );
    if (!inOrder) {
      throw new InvalidAppendError(
        'event ids already stored, but not as this append in this stream',
      );
    }
    const last = found[found.length - 1];
    return { nextExpectedVersion: last.version, position: last.position, alreadyStored: true };
  }
}

function memoryStorage(log: MemoryLog): SubscriptionStorage {
  const checkpoints: Checkpoints = {
    load: async (name, initial) => {
      if (!log.checkpoints.has(name)) {
        log.checkpoints.set(name, { position: formatPosition(initial), stall: null });
      }
      const [commit, prepare] = log.checkpoints.get(name)!.position.split('/').map(BigInt);
      return { commit, prepare };
    },
    save: async (name, expected, next) => {
      const stored = log.checkpoints.get(name);
      if (stored?.position !== formatPosition(expected)) return false;
      log.checkpoints.set(name, { position: formatPosition(next), stall: null });
      return true;
    },
    markStalled: async (name, checkpoint, stall) => {
      const stored = log.checkpoints.get(name);
      if (stored?.position === formatPosition(checkpoint)) stored.stall = { ...stall };
    },
    stallAt: async (name, position) => {
      const stall = log.checkpoints.get(name)?.stall;
      return stall && comparePositions(stall.position, position) === 0
        ? { since: stall.since, attempts: stall.attempts }
        : null;
    },
  };
  return {
    checkpoints,
    tryLock: async (name): Promise<HeldLock | null> => {
      if (log.locks.has(name)) return null;
      log.locks.add(name);
      let released = false;
      return {
        lost: new Promise<void>(() => undefined),
        release: async () => {
          if (released) return;
          released = true;
          log.locks.delete(name);
        },
      };
    },
  };
}
