import { randomUUID } from 'node:crypto';
import {
  AppendStreamState,
  END,
  ErrorType,
  EventData,
  MaxAppendSizeExceededError,
  NO_STREAM,
  Position,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent as KurrentRecordedEvent,
  START,
  StreamNotFoundError,
  UnavailableError,
  WrongExpectedVersionError as KurrentWrongExpectedVersionError,
} from '@kurrent/kurrentdb-client';
import { SqlClient } from '@app/database';
import {
  EventStoreUnavailableError,
  InvalidAppendError,
  WrongExpectedVersionError,
} from '../errors';
import { ExpectedVersion, NewEvent, RecordedEvent, START_POSITION } from '../event-store.port';
import { GENESIS_HASH } from '../hash-chain';
import { KurrentClient, KurrentDbEventStore } from './kurrentdb-event-store';
import {
  actualVersionOf,
  decodeMetadata,
  isSystemEvent,
  matchAppended,
  revisionOf,
  streamStateFor,
  toReadPosition,
  translateError,
  versionOf,
} from './kurrentdb-mapping';

describe('KurrentDB mapping', () => {
  it('maps revisions (from 0) to versions (from 1) and back', () => {
    expect(versionOf(0n)).toBe(1);
    expect(revisionOf(1)).toBe(0n);
    expect(versionOf(revisionOf(42))).toBe(42);
    expect(streamStateFor(0)).toBe(NO_STREAM);
    expect(streamStateFor(3)).toBe(2n);
    expect(actualVersionOf(NO_STREAM)).toBe(0);
    expect(actualVersionOf(4n)).toBe(5);
  });

  it('reads from the start of $all for the start sentinel, else from the exact position', () => {
    expect(toReadPosition(START_POSITION)).toBe(START);
    expect(toReadPosition({ commit: 10n, prepare: 8n })).toEqual({ commit: 10n, prepare: 8n });
  });

  it('splits stored metadata into the caller metadata and the chain link', () => {
    const stored = {
      metadata: { recordedAt: '2025-01-01T00:00:00.000Z', hash: 'caller value' },
      prevHash: GENESIS_HASH,
      hash: 'a'.repeat(64),
    };
    expect(decodeMetadata(JSON.parse(JSON.stringify(stored)))).toEqual(stored);
    expect(decodeMetadata({ prevHash: 'x', hash: 'y' })).toBeNull();
    expect(decodeMetadata(new Uint8Array([1]))).toBeNull();
    expect(decodeMetadata(undefined)).toBeNull();
  });

  it('treats $-prefixed streams and types as system events', () => {
    expect(isSystemEvent({ streamId: '$$case-1', type: '$metadata' })).toBe(true);
    expect(isSystemEvent({ streamId: '$stats-1', type: 'stats.v1' })).toBe(true);
    expect(isSystemEvent({ streamId: 'case-1', type: '$>' })).toBe(true);
    expect(isSystemEvent({ streamId: 'case-1', type: 'case.opened.v1' })).toBe(false);
  });

  it('maps client errors to the port errors', () => {
    const conflict = new KurrentWrongExpectedVersionError(undefined, {
      streamName: 's',
      expected: 1n,
      current: 4n,
    });
    const mapped = translateError(conflict, { streamId: 's', expectedVersion: 2 });
    expect(mapped).toBeInstanceOf(WrongExpectedVersionError);
    expect(mapped).toMatchObject({ streamId: 's', expectedVersion: 2, actualVersion: 5 });
    const missing = new KurrentWrongExpectedVersionError(undefined, {
      streamName: 's',
      expected: 1n,
      current: NO_STREAM,
    });
    expect(translateError(missing, { streamId: 's', expectedVersion: 2 })).toMatchObject({
      actualVersion: 0,
    });

    expect(translateError(new UnavailableError())).toBeInstanceOf(EventStoreUnavailableError);
    const transport = Object.assign(new Error('14 UNAVAILABLE: No connection established'), {
      code: 14,
    });
    expect(translateError(transport)).toBeInstanceOf(EventStoreUnavailableError);
    expect(translateError(MaxAppendSizeExceededError.fromMaxAppendSize(1024))).toBeInstanceOf(
      InvalidAppendError,
    );
    const other = new Error('boom');
    expect(translateError(other)).toBe(other);
    expect(new UnavailableError().type).toBe(ErrorType.UNAVAILABLE);
  });

  it('recognises a retried append only when the ids sit there contiguously and in order', () => {
    const batch = [newEvent(), newEvent()];
    const at = (version: number, eventId: string) =>
      ({
        version,
        eventId: eventId.toLowerCase(),
        position: { commit: BigInt(version), prepare: 0n },
      }) as RecordedEvent;
    expect(matchAppended([at(3, randomUUID())], batch)).toBeNull();
    expect(matchAppended([at(3, batch[0].eventId), at(4, batch[1].eventId)], batch)).toEqual({
      nextExpectedVersion: 4,
      position: { commit: 4n, prepare: 0n },
      alreadyStored: true,
    });
    expect(() => matchAppended([at(3, batch[1].eventId), at(4, batch[0].eventId)], batch)).toThrow(
      InvalidAppendError,
    );
    expect(() => matchAppended([at(3, batch[0].eventId)], batch)).toThrow(InvalidAppendError);
  });
});

/**
 * The adapter's own logic (chain, retries, paging, filtering) against an in-memory stand-in that
 * follows KurrentDB's documented behaviour. The contract suite proves it against a real server.
 */
describe('KurrentDbEventStore against an in-memory KurrentDB', () => {
  let server: FakeKurrentDb;
  let store: KurrentDbEventStore;

  beforeEach(() => {
    server = new FakeKurrentDb();
    store = new KurrentDbEventStore(server.client(), {} as SqlClient);
  });

  it('appends with optimistic concurrency and a chain that verifies', async () => {
    const first = await store.append('case-1', [newEvent(), newEvent()], {
      expectedVersion: 'no-stream',
    });
    expect(first.nextExpectedVersion).toBe(2);
    await store.append('case-1', [newEvent()], { expectedVersion: 2 });
    await expect(
      store.append('case-1', [newEvent()], { expectedVersion: 2 }),
    ).rejects.toMatchObject({ name: 'WrongExpectedVersionError', actualVersion: 3 });
    await expect(
      store.append('case-1', [newEvent()], { expectedVersion: 7 }),
    ).rejects.toMatchObject({ name: 'WrongExpectedVersionError', actualVersion: 3 });
    expect(await store.verifyStream('case-1')).toMatchObject({ valid: true, eventsChecked: 3 });
    expect(await store.streamVersion('case-1')).toBe(3);
    expect(await store.streamVersion('case-none')).toBe(0);
  });

  it('keeps the caller metadata and recordedAt, and the chain out of it', async () => {
    const event = newEvent({ metadata: { correlationId: 'c-1', hash: 'mine' } });
    await store.append('case-1', [event], { expectedVersion: 'no-stream' });
    const [read] = await all(store.readStream('case-1'));
    expect(read.metadata).toEqual({
      correlationId: 'c-1',
      hash: 'mine',
      recordedAt: expect.any(String),
    });
    expect(read.prevHash).toBe(GENESIS_HASH);
    expect(read.data).toEqual(event.data);
  });

  it.each<ExpectedVersion>(['no-stream', 0, 2])(
    'returns the first result when an append (%s) is retried with the same ids',
    async (first) => {
      if (first === 2) {
        await store.append('case-1', [newEvent(), newEvent()], { expectedVersion: 'no-stream' });
      }
      const batch = [newEvent(), newEvent()];
      const original = await store.append('case-1', batch, { expectedVersion: first });
      await store.append('case-1', [newEvent()], { expectedVersion: 'any' });
      const retried = await store.append('case-1', batch, { expectedVersion: first });
      expect(retried).toEqual(original);
      expect(await store.verifyStream('case-1')).toMatchObject({ valid: true });
    },
  );

  it('recognises a retried `any` append from the stream tail', async () => {
    const batch = [newEvent(), newEvent()];
    const original = await store.append('case-1', batch, { expectedVersion: 'any' });
    expect(await store.append('case-1', batch, { expectedVersion: 'any' })).toEqual({
      ...original,
      alreadyStored: true,
    });
    expect(await store.streamVersion('case-1')).toBe(2);
  });

  it('refuses ids reused for a different append', async () => {
    const batch = [newEvent(), newEvent()];
    await store.append('case-1', batch, { expectedVersion: 'no-stream' });
    await expect(
      store.append('case-1', [batch[1], newEvent()], { expectedVersion: 1 }),
    ).rejects.toBeInstanceOf(InvalidAppendError);
  });

  it('does not chain from hashes of a retry the server deduplicated', async () => {
    const batch = [newEvent()];
    await store.append('case-1', batch, { expectedVersion: 'no-stream' });
    // Another replica, whose cache knew version 1, retries the same append later.
    const other = new KurrentDbEventStore(server.client(), {} as SqlClient);
    await all(other.readStream('case-1'));
    const later = [newEvent()];
    await store.append('case-1', later, { expectedVersion: 1 });
    await new Promise((resolve) => setTimeout(resolve, 2));
    await other.append('case-1', later, { expectedVersion: 1 });
    await other.append('case-1', [newEvent()], { expectedVersion: 2 });
    expect(await store.verifyStream('case-1')).toMatchObject({ valid: true, eventsChecked: 3 });
  });

  it('retries `any` appends that race another writer', async () => {
    await store.append('case-1', [newEvent()], { expectedVersion: 'no-stream' });
    const other = new KurrentDbEventStore(server.client(), {} as SqlClient);
    server.beforeNextAppend = () => other.append('case-1', [newEvent()], { expectedVersion: 1 });
    const result = await store.append('case-1', [newEvent()], { expectedVersion: 'any' });
    expect(result.nextExpectedVersion).toBe(3);
    expect(await store.verifyStream('case-1')).toMatchObject({ valid: true, eventsChecked: 3 });
  });

  it('reads a stream forwards and backwards from a version, with a limit', async () => {
    await store.append(
      'case-1',
      [1, 2, 3, 4, 5].map(() => newEvent()),
      {
        expectedVersion: 'no-stream',
      },
    );
    const versions = async (options: Parameters<typeof store.readStream>[1]) =>
      (await all(store.readStream('case-1', options))).map((e) => e.version);
    expect(await versions({})).toEqual([1, 2, 3, 4, 5]);
    expect(await versions({ fromVersion: 3, limit: 2 })).toEqual([3, 4]);
    expect(await versions({ direction: 'backwards', limit: 2 })).toEqual([5, 4]);
    expect(await versions({ direction: 'backwards', fromVersion: 2 })).toEqual([2, 1]);
    expect(await versions({ direction: 'backwards', fromVersion: 0 })).toEqual([]);
    expect(await versions({ fromVersion: 9 })).toEqual([]);
    expect(await all(store.readStream('case-none'))).toEqual([]);
    expect(await all(store.readStream('$$case-1'))).toEqual([]);
  });

  it('reads $all after a position, exclusive, without system events', async () => {
    await store.append('case-1', [newEvent()], { expectedVersion: 'no-stream' });
    server.write('$$case-1', [server.eventData(newEvent(), '$metadata')]);
    server.write('$stats-1', [server.eventData(newEvent())]);
    await store.append('case-2', [newEvent(), newEvent()], { expectedVersion: 'no-stream' });

    const everything = await store.readAll(START_POSITION, 100);
    expect(everything.map((e) => `${e.streamId}@${e.version}`)).toEqual([
      'case-1@1',
      'case-2@1',
      'case-2@2',
    ]);
    const afterFirst = await store.readAll(everything[0].position, 1);
    expect(afterFirst.map((e) => e.eventId)).toEqual([everything[1].eventId]);
    expect(await store.readAll(everything[2].position, 10)).toEqual([]);
  });

  it('reports an unreachable server as unavailable', async () => {
    server.down = true;
    await expect(store.ping()).rejects.toBeInstanceOf(EventStoreUnavailableError);
    await expect(
      store.append('case-1', [newEvent()], { expectedVersion: 'no-stream' }),
    ).rejects.toBeInstanceOf(EventStoreUnavailableError);
    server.down = false;
    await expect(store.ping()).resolves.toBeUndefined();
  });

  it('disposes the client once however often it is closed', async () => {
    await Promise.all([store.close(), store.close()]);
    expect(server.disposed).toBe(1);
  });
});

function newEvent(overrides: Partial<NewEvent> = {}): NewEvent {
  return {
    eventId: randomUUID().toUpperCase(),
    type: 'case.noted.v1',
    data: { note: 'x', n: Math.random() },
    ...overrides,
  };
}

async function all<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

type StoredEvent = KurrentRecordedEvent & { position: Position };

/**
 * KurrentDB's append and read semantics as the adapter relies on them: revisions from 0,
 * expected-revision checks, deduplication of a retry that carries the same ids at the same
 * expected revision, reads from a position that include it, type filters on $all.
 */
class FakeKurrentDb {
  private readonly log: StoredEvent[] = [];
  down = false;
  disposed = 0;
  beforeNextAppend: (() => Promise<unknown>) | null = null;

  client(): KurrentClient {
    const fake = {
      appendToStream: async (
        streamName: string,
        events: EventData[],
        options: { streamState?: AppendStreamState },
      ) => {
        this.failIfDown();
        const hook = this.beforeNextAppend;
        this.beforeNextAppend = null;
        await hook?.();
        return this.append(streamName, events, options.streamState ?? 'any');
      },
      readStream: (streamName: string, options: ReadStreamOptions = {}) =>
        this.readStream(streamName, options),
      readAll: (options: ReadAllOptions = {}) => this.readAll(options),
      dispose: async () => {
        this.disposed++;
      },
    };
    return fake as unknown as KurrentClient;
  }

  eventData(event: NewEvent, type = event.type): EventData {
    return {
      id: event.eventId,
      contentType: 'application/json',
      type,
      data: event.data as never,
      metadata: undefined,
    };
  }

  write(streamName: string, events: EventData[]): void {
    const start = this.stream(streamName).length;
    events.forEach((event, index) => {
      const position = BigInt(this.log.length * 100 + 100);
      this.log.push({
        streamId: streamName,
        id: event.id.toLowerCase(),
        revision: BigInt(start + index),
        type: event.type,
        isJson: true,
        created: new Date(),
        data: JSON.parse(JSON.stringify(event.data)),
        metadata:
          event.metadata === undefined ? undefined : JSON.parse(JSON.stringify(event.metadata)),
        position: { commit: position, prepare: position },
      } as StoredEvent);
    });
  }

  private append(streamName: string, events: EventData[], state: AppendStreamState) {
    const stream = this.stream(streamName);
    const current = stream.length === 0 ? NO_STREAM : BigInt(stream.length - 1);
    const expectedLength =
      state === NO_STREAM ? 0 : typeof state === 'bigint' ? Number(state) + 1 : stream.length;
    if (state !== 'any' && expectedLength !== stream.length) {
      const next = stream.slice(expectedLength, expectedLength + events.length);
      const idempotent =
        next.length === events.length && next.every((e, i) => e.id === events[i].id.toLowerCase());
      if (idempotent) {
        const last = next[next.length - 1];
        return { success: true, nextExpectedRevision: last.revision, position: last.position };
      }
      throw new KurrentWrongExpectedVersionError(undefined, {
        streamName,
        expected: state,
        current,
      });
    }
    this.write(streamName, events);
    const last = this.log[this.log.length - 1];
    return { success: true, nextExpectedRevision: last.revision, position: last.position };
  }

  private async *readStream(streamName: string, options: ReadStreamOptions) {
    this.failIfDown();
    const stream = this.stream(streamName);
    if (stream.length === 0) throw new StreamNotFoundError(undefined, streamName);
    const maxCount = Number(options.maxCount ?? Number.MAX_SAFE_INTEGER);
    const from = options.fromRevision ?? (options.direction === 'backwards' ? END : START);
    if (options.direction === 'backwards') {
      const top =
        from === END || from === START
          ? stream.length - 1
          : Math.min(Number(from), stream.length - 1);
      for (let i = top; i >= 0 && top - i < maxCount; i--) yield { event: stream[i] };
    } else {
      const first = from === START ? 0 : Number(from);
      for (const event of stream.slice(first, first + maxCount)) yield { event };
    }
  }

  private async *readAll(options: ReadAllOptions) {
    this.failIfDown();
    const maxCount = Number(options.maxCount ?? Number.MAX_SAFE_INTEGER);
    const filter =
      options.filter && 'regex' in options.filter ? new RegExp(options.filter.regex) : null;
    const from = options.fromPosition ?? START;
    let events = this.log.filter((e) => !filter || filter.test(e.type));
    if (options.direction === 'backwards') {
      events = [...events].reverse();
    } else if (from !== START && from !== END) {
      events = events.filter((e) => e.position.commit >= from.commit);
    }
    for (const event of events.slice(0, maxCount)) yield { event };
  }

  private stream(streamName: string): StoredEvent[] {
    return this.log.filter((e) => e.streamId === streamName);
  }

  private failIfDown(): void {
    if (this.down) throw new UnavailableError();
  }
}
