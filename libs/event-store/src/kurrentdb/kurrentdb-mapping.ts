import {
  AppendRecordSizeExceededError,
  AppendStreamState,
  CurrentStreamState,
  ErrorType,
  isCommandError,
  MaxAppendSizeExceededError,
  NO_STREAM,
  Position,
  ReadPosition,
  RecordedEvent as KurrentRecordedEvent,
  START,
  WrongExpectedVersionError as KurrentWrongExpectedVersionError,
} from '@kurrent/kurrentdb-client';
import {
  EventStoreUnavailableError,
  InvalidAppendError,
  WrongExpectedVersionError,
} from '../errors';
import {
  AppendResult,
  EventMetadata,
  ExpectedVersion,
  GlobalPosition,
  NewEvent,
  RecordedEvent,
} from '../event-store.port';

/**
 * Pure translations between the port's model and KurrentDB's, kept apart from the adapter so they
 * are unit-tested without a server.
 */

/** KurrentDB numbers a stream's events from revision 0; the port numbers versions from 1. */
export function versionOf(revision: bigint): number {
  return Number(revision) + 1;
}

export function revisionOf(version: number): bigint {
  return BigInt(version - 1);
}

/** What an append must find on the server when the stream's head is at `version`. */
export function streamStateFor(version: number): AppendStreamState {
  return version === 0 ? NO_STREAM : revisionOf(version);
}

export function actualVersionOf(state: CurrentStreamState): number {
  return state === NO_STREAM ? 0 : versionOf(state);
}

export function toGlobalPosition(position: Position): GlobalPosition {
  return { commit: position.commit, prepare: position.prepare };
}

/** The port's start sentinel is (-1, -1); KurrentDB rejects negative positions. */
export function toReadPosition(position: GlobalPosition): ReadPosition {
  return position.commit < 0n || position.prepare < 0n
    ? START
    : { commit: position.commit, prepare: position.prepare };
}

/**
 * The event metadata as KurrentDB holds it. The caller's metadata sits under its own key rather
 * than beside the chain fields, so a caller key named `hash` or `prevHash` can neither collide
 * with the chain nor be lost on the way back.
 */
export interface StoredMetadata {
  metadata: EventMetadata & { recordedAt: string };
  prevHash: string;
  hash: string;
}

export function decodeMetadata(raw: unknown): StoredMetadata | null {
  if (typeof raw !== 'object' || raw === null || raw instanceof Uint8Array) return null;
  const { metadata, prevHash, hash } = raw as Partial<Record<keyof StoredMetadata, unknown>>;
  const intact =
    typeof prevHash === 'string' &&
    typeof hash === 'string' &&
    typeof metadata === 'object' &&
    metadata !== null &&
    typeof (metadata as EventMetadata).recordedAt === 'string';
  return intact ? { metadata: metadata as StoredMetadata['metadata'], prevHash, hash } : null;
}

/** `$`-prefixed streams and types belong to KurrentDB itself (metadata, links, statistics). */
export function isSystemEvent(event: { streamId: string; type: string }): boolean {
  return event.streamId.startsWith('$') || event.type.startsWith('$');
}

export function toRecordedEvent(event: KurrentRecordedEvent): RecordedEvent {
  if (!event.position) {
    throw new Error('KurrentDB did not report the event position (server older than 22.6?)');
  }
  // An event some other writer put in a user stream has no chain: empty hashes make
  // verifyStream report it instead of vouching for it.
  const stored = decodeMetadata(event.metadata) ?? {
    metadata: { recordedAt: event.created.toISOString() },
    prevHash: '',
    hash: '',
  };
  return {
    streamId: event.streamId,
    version: versionOf(event.revision),
    eventId: event.id,
    type: event.type,
    data: event.data,
    metadata: stored.metadata,
    prevHash: stored.prevHash,
    hash: stored.hash,
    position: toGlobalPosition(event.position),
  };
}

/**
 * Recognises a retried append from what the stream holds where the retry would have gone:
 * the same ids, contiguous and in order, mean the earlier append succeeded. Some but not all of
 * them there means the ids were reused for something else, which no retry can fix.
 */
export function matchAppended(stored: RecordedEvent[], events: NewEvent[]): AppendResult | null {
  const ids = events.map((e) => e.eventId.toLowerCase());
  if (!stored.some((e) => ids.includes(e.eventId))) return null;
  const intact = stored.length === ids.length && stored.every((e, i) => e.eventId === ids[i]);
  if (!intact) {
    throw new InvalidAppendError('event ids already stored, but not as this append in this stream');
  }
  const last = stored[stored.length - 1];
  return { nextExpectedVersion: last.version, position: last.position, alreadyStored: true };
}

// gRPC status codes, for transport failures the client passes on unconverted.
const GRPC_DEADLINE_EXCEEDED = 4;
const GRPC_UNAVAILABLE = 14;
const TRANSIENT: ReadonlySet<ErrorType> = new Set([
  ErrorType.UNAVAILABLE,
  ErrorType.DEADLINE_EXCEEDED,
  ErrorType.TIMEOUT,
  // The client rediscovers the leader on the next call, so a retry can succeed.
  ErrorType.NOT_LEADER,
]);

function isTransient(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (isCommandError(error)) return TRANSIENT.has(error.type);
  const code = (error as { code?: unknown }).code;
  return code === GRPC_UNAVAILABLE || code === GRPC_DEADLINE_EXCEEDED;
}

/** The port's error for a client failure, or the failure itself when the port has none. */
export function translateError(
  error: unknown,
  append?: { streamId: string; expectedVersion: ExpectedVersion },
): unknown {
  if (append && error instanceof KurrentWrongExpectedVersionError) {
    return new WrongExpectedVersionError(
      append.streamId,
      append.expectedVersion,
      actualVersionOf(error.actualState),
    );
  }
  if (
    error instanceof MaxAppendSizeExceededError ||
    error instanceof AppendRecordSizeExceededError
  ) {
    return new InvalidAppendError(`event payload cannot be stored: ${error.message}`);
  }
  if (isTransient(error)) {
    return new EventStoreUnavailableError(`KurrentDB unavailable: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return error;
}
