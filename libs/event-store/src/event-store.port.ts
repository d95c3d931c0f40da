/**
 * The event store port. Three adapters implement it (PostgreSQL, embedded PGlite, KurrentDB) and
 * one contract suite (tests/integration/event-store.contract.test.ts) proves each of them.
 */
import type { HeldLock, SqlClient } from '@app/database';

/** Injection token of the active EventStore adapter. */
export const EVENT_STORE = Symbol('EVENT_STORE');

export type ExpectedVersion = number | 'no-stream' | 'any';

/** Metadata every event carries. `recordedAt` is filled in by the store when absent. */
export interface EventMetadata {
  recordedAt?: string;
  actor?: { agencyId: string; officerId?: string; role: string };
  correlationId?: string;
  causationId?: string;
  idempotencyKey?: string;
  [key: string]: unknown;
}

export interface NewEvent<TData = unknown> {
  /** UUID; retried appends of the same ids are recognised and not written twice. */
  eventId: string;
  /** Explicit, versioned type string (`referral.requested.v1`). */
  type: string;
  data: TData;
  metadata?: EventMetadata;
}

/**
 * A position in the global log, comparable across the whole store. On PostgreSQL `commit` is the
 * writing transaction's id and `prepare` the row's sequence number; on KurrentDB they are the
 * `$all` commit and prepare positions.
 */
export interface GlobalPosition {
  commit: bigint;
  prepare: bigint;
}

export const START_POSITION: GlobalPosition = Object.freeze({ commit: -1n, prepare: -1n });

export interface RecordedEvent<TData = unknown> {
  streamId: string;
  /** 1-based, contiguous within the stream. */
  version: number;
  eventId: string;
  type: string;
  data: TData;
  metadata: EventMetadata & { recordedAt: string };
  prevHash: string;
  hash: string;
  position: GlobalPosition;
}

export interface AppendResult {
  /** The stream's version after the append (its last event's version). */
  nextExpectedVersion: number;
  position: GlobalPosition;
  /**
   * The append repeats one already stored (its event ids were there): nothing was written, and
   * the version is that of the stored events, which may differ from the ones given.
   */
  alreadyStored?: true;
}

export interface ReadStreamOptions {
  /** Forwards: first version to return (default 1). Backwards: last version (default head). */
  fromVersion?: number;
  limit?: number;
  direction?: 'forwards' | 'backwards';
}

export interface StreamVerification {
  valid: boolean;
  eventsChecked: number;
  headHash: string | null;
  firstInvalidVersion?: number;
}

export type EventHandler = (event: RecordedEvent) => Promise<void>;

/**
 * Takes each page of events at once (in order), so a handler can apply it in one transaction.
 * A page either succeeds as a whole or is delivered again.
 */
export interface BatchEventHandler {
  handleBatch(events: RecordedEvent[]): Promise<void>;
}

/**
 * A handler that can also fill empty tables from the whole log (a rebuild) faster than page by
 * page: `startReplay` folds what it is given in memory and writes each row once, through
 * `target` when given (a client whose unqualified table names are the rebuild's own copies).
 */
export interface ReplayableHandler extends BatchEventHandler {
  startReplay(target?: SqlClient, options?: ReplayOptions): ProjectionReplay;
}

export interface ReplayOptions {
  /**
   * Awaited before a replay first writes out what it holds to bound its memory (it then reads
   * some of it back): the rebuild builds the copies' indexes then, which it otherwise leaves for
   * after the load.
   */
  beforeFirstFlush?: () => Promise<void>;
}

export interface ProjectionReplay {
  /** The next page of the log, in order. */
  add(events: RecordedEvent[]): Promise<void>;
  /** Writes whatever is still held only in memory. */
  finish(): Promise<void>;
}

export function isReplayable(
  handler: EventHandler | BatchEventHandler,
): handler is ReplayableHandler {
  return typeof (handler as Partial<ReplayableHandler>).startReplay === 'function';
}

export interface SubscribeOptions {
  /** Events handled per checkpoint save. */
  batchSize?: number;
  /** How often an idle or standby subscriber looks for work, in ms. */
  pollIntervalMs?: number;
  /**
   * After a batch shorter than `batchSize` (live, not catching up), how long to wait before the
   * next read, so that events arriving meanwhile are handled together. The first event after an
   * idle spell is read at once. 0 reads again immediately.
   */
  lingerMs?: number;
  /** Where a subscription with no checkpoint starts. */
  from?: GlobalPosition;
}

/** A subscription whose handler keeps failing on one event (no event data, ever). */
export interface SubscriptionStall {
  position: GlobalPosition;
  eventType: string;
  since: string;
  attempts: number;
  /** The error's class and code, never its message (database messages quote values). */
  error: string;
}

export interface Subscription {
  readonly name: string;
  /** True while this process holds the subscription's lock and delivers events. */
  readonly active: boolean;
  /** Last position whose event was handled and checkpointed. */
  readonly checkpoint: GlobalPosition | null;
  /** The event this process's handler keeps failing on (retried with back-off), if any. */
  readonly stalled: SubscriptionStall | null;
  /** Resolves once every event appended so far has been handled (tests, rebuilds). */
  caughtUp(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
  /**
   * Stops as `stop` does, but hands the subscription's lock to the caller instead of releasing
   * it (a rebuild, which then holds it without a gap another replica could take it in); null
   * when this process did not hold it.
   */
  handOver(): Promise<HeldLock | null>;
}

/** A stream's newest event: what an audit anchor's leaf is made of. */
export interface StreamHeadEntry {
  streamId: string;
  version: number;
  hash: string;
}

export interface StreamPoint {
  streamId: string;
  version: number;
}

export interface EventStore {
  append(
    streamId: string,
    events: NewEvent[],
    options: { expectedVersion: ExpectedVersion },
  ): Promise<AppendResult>;
  readStream(streamId: string, options?: ReadStreamOptions): AsyncIterable<RecordedEvent>;
  /** Events after `from` (exclusive) in commit order; never returns an event whose predecessors
   * in that order may still be uncommitted. */
  readAll(from: GlobalPosition, limit: number): Promise<RecordedEvent[]>;
  /** Catch up from the stored checkpoint, then live. One active subscriber per name across
   * processes; at-least-once delivery, so handlers must be idempotent. */
  subscribe(
    name: string,
    handler: EventHandler | BatchEventHandler,
    options?: SubscribeOptions,
  ): Promise<Subscription>;
  verifyStream(streamId: string): Promise<StreamVerification>;
  /** Version of the stream's last event, or 0 when it does not exist. */
  streamVersion(streamId: string): Promise<number>;
  /** Every stream's newest event, sorted by stream id (UTF-16 code unit order). */
  streamHeads(): Promise<StreamHeadEntry[]>;
  /** The stored hash of each event named (null where there is no such event), in order. */
  eventHashes(points: readonly StreamPoint[]): Promise<(string | null)[]>;
  /** Position of the last event of the log (null when empty): where "from now on" starts. */
  headPosition(): Promise<GlobalPosition | null>;
  ping(): Promise<void>;
  close(): Promise<void>;
}
