import { randomUUID } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { HeldLock } from '@app/database';
import {
  EventStore,
  GENESIS_HASH,
  hashEvent,
  InvalidAppendError,
  NewEvent,
  RecordedEvent,
  START_POSITION,
  WrongExpectedVersionError,
} from '@app/event-store';
import { comparePositions } from '@app/event-store';
import { collect, eventually } from '../support/async';
import { ADAPTERS, AdapterFixture } from '../support/event-store-adapters';

const event = (type = 'test.happened.v1', data: unknown = { n: 1 }): NewEvent => ({
  eventId: uuidv7(),
  type,
  data,
  metadata: { correlationId: randomUUID(), actor: { agencyId: 'fia-islamabad', role: 'officer' } },
});

describe.each(ADAPTERS)('EventStore contract: $name', (adapter) => {
  if (adapter.skipReason) {
    it.skip(`skipped: ${adapter.skipReason}`, () => undefined);
    return;
  }

  const withSqlStorage = adapter.sqlStorage ? it : it.skip;
  // Embedded PostgreSQL has one connection, so no transaction can commit while another is open.
  const withConcurrentTransactions = adapter.concurrentTransactions ? it : it.skip;
  const withGlobalEventIds = adapter.globallyUniqueEventIds ? it : it.skip;
  let fixture: AdapterFixture;
  let store: EventStore;
  const stream = () => `case-${uuidv7()}`;

  beforeAll(async () => {
    fixture = await adapter.create();
    store = fixture.store;
  });

  afterAll(async () => {
    await fixture?.cleanup();
  });

  describe('append and read', () => {
    it('stores events in order with contiguous versions starting at 1', async () => {
      const id = stream();
      const first = await store.append(id, [event(), event()], { expectedVersion: 'no-stream' });
      expect(first.nextExpectedVersion).toBe(2);
      const second = await store.append(id, [event('test.other.v1')], { expectedVersion: 2 });
      expect(second.nextExpectedVersion).toBe(3);
      const read = await collect(store.readStream(id));
      expect(read.map((e) => e.version)).toEqual([1, 2, 3]);
      expect(read.map((e) => e.type)).toEqual([
        'test.happened.v1',
        'test.happened.v1',
        'test.other.v1',
      ]);
      expect(read[0].metadata.recordedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
      expect(read[0].metadata.actor).toEqual({ agencyId: 'fia-islamabad', role: 'officer' });
      expect(await store.streamVersion(id)).toBe(3);
      expect(await store.streamVersion(stream())).toBe(0);
    });

    it('reads from a version, with a limit, and backwards', async () => {
      const id = stream();
      await store.append(
        id,
        Array.from({ length: 10 }, (_, i) => event('test.happened.v1', { i })),
        { expectedVersion: 'no-stream' },
      );
      const page = await collect(store.readStream(id, { fromVersion: 4, limit: 3 }));
      expect(page.map((e) => e.version)).toEqual([4, 5, 6]);
      const back = await collect(store.readStream(id, { direction: 'backwards', limit: 2 }));
      expect(back.map((e) => e.version)).toEqual([10, 9]);
      const backFrom = await collect(
        store.readStream(id, { direction: 'backwards', fromVersion: 3 }),
      );
      expect(backFrom.map((e) => e.version)).toEqual([3, 2, 1]);
      expect(await collect(store.readStream(stream()))).toEqual([]);
    });

    it('reads a stream longer than a page in any direction, from anywhere, and stops early', async () => {
      const id = stream();
      const total = 2_345;
      for (let version = 0; version < total; version += 500) {
        const size = Math.min(500, total - version);
        await store.append(
          id,
          Array.from({ length: size }, (_, i) => event('test.happened.v1', { i: version + i })),
          { expectedVersion: version || 'no-stream' },
        );
      }
      const versions = async (options: Parameters<EventStore['readStream']>[1]) =>
        (await collect(store.readStream(id, options))).map((e) => e.version);
      const range = (from: number, to: number, step = 1) =>
        Array.from({ length: Math.abs(to - from) / Math.abs(step) + 1 }, (_, i) => from + i * step);

      expect(await versions({})).toEqual(range(1, total));
      expect(await versions({ fromVersion: 999, limit: 1_003 })).toEqual(range(999, 2_001));
      expect(await versions({ direction: 'backwards' })).toEqual(range(total, 1, -1));
      expect(await versions({ direction: 'backwards', fromVersion: 2_001, limit: 1_500 })).toEqual(
        range(2_001, 502, -1),
      );
      expect(await versions({ fromVersion: 2_000 })).toEqual(range(2_000, total));
      expect(await versions({ limit: 0 })).toEqual([]);
      expect(await versions({ fromVersion: 0, limit: 3 })).toEqual([1, 2, 3]);
      expect(await versions({ fromVersion: 2_147_483_000 })).toEqual([]);

      // A reader that stops in the middle of a page leaves nothing behind that fails later.
      let read = 0;
      for await (const recorded of store.readStream(id)) {
        expect(recorded.version).toBe(++read);
        if (read === 1_500) break;
      }
      expect(read).toBe(1_500);
      expect(await store.streamVersion(id)).toBe(total);
    });

    it('refuses a wrong expected version and reports the actual one', async () => {
      const id = stream();
      await store.append(id, [event(), event()], { expectedVersion: 'no-stream' });
      await expect(store.append(id, [event()], { expectedVersion: 1 })).rejects.toMatchObject({
        name: 'WrongExpectedVersionError',
        actualVersion: 2,
      });
      await expect(store.append(id, [event()], { expectedVersion: 5 })).rejects.toBeInstanceOf(
        WrongExpectedVersionError,
      );
      await expect(
        store.append(id, [event()], { expectedVersion: 'no-stream' }),
      ).rejects.toMatchObject({
        actualVersion: 2,
      });
      await expect(store.append(stream(), [event()], { expectedVersion: 3 })).rejects.toMatchObject(
        {
          actualVersion: 0,
        },
      );
    });

    it('appends at any version with "any"', async () => {
      const id = stream();
      await store.append(id, [event()], { expectedVersion: 'any' });
      await store.append(id, [event()], { expectedVersion: 'any' });
      expect(await store.streamVersion(id)).toBe(2);
    });

    it('lets exactly one of N concurrent appenders with the same expected version win', async () => {
      const id = stream();
      await store.append(id, [event()], { expectedVersion: 'no-stream' });
      const results = await Promise.allSettled(
        Array.from({ length: 16 }, () => store.append(id, [event()], { expectedVersion: 1 })),
      );
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(15);
      for (const r of lost) expect(r.reason).toBeInstanceOf(WrongExpectedVersionError);
      expect(await store.streamVersion(id)).toBe(2);
    });

    it('lets concurrent "no-stream" creators race with exactly one winner', async () => {
      const id = stream();
      const results = await Promise.allSettled(
        Array.from({ length: 8 }, () =>
          store.append(id, [event()], { expectedVersion: 'no-stream' }),
        ),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    });

    it('treats a retried append of the same event ids as already done', async () => {
      const id = stream();
      const batch = [event(), event()];
      const first = await store.append(id, batch, { expectedVersion: 'no-stream' });
      const retry = await store.append(id, batch, { expectedVersion: 'no-stream' });
      expect(retry.nextExpectedVersion).toBe(first.nextExpectedVersion);
      const more = [event()];
      await store.append(id, more, { expectedVersion: 2 });
      await store.append(id, more, { expectedVersion: 2 });
      await store.append(id, more, { expectedVersion: 'any' });
      expect(await store.streamVersion(id)).toBe(3);
      expect((await collect(store.readStream(id))).map((e) => e.eventId)).toEqual([
        ...batch.map((e) => e.eventId),
        more[0].eventId,
      ]);
    });

    withGlobalEventIds('refuses reusing an event id for a different append', async () => {
      const reused = event();
      await store.append(stream(), [reused], { expectedVersion: 'no-stream' });
      await expect(
        store.append(stream(), [reused], { expectedVersion: 'no-stream' }),
      ).rejects.toBeInstanceOf(InvalidAppendError);
    });

    it('refuses malformed appends', async () => {
      await expect(store.append(stream(), [], { expectedVersion: 'any' })).rejects.toBeInstanceOf(
        InvalidAppendError,
      );
      await expect(
        store.append(stream(), [{ ...event(), eventId: 'not-a-uuid' }], { expectedVersion: 'any' }),
      ).rejects.toBeInstanceOf(InvalidAppendError);
      await expect(
        store.append(stream(), [{ ...event(), type: 'NoVersion' }], { expectedVersion: 'any' }),
      ).rejects.toBeInstanceOf(InvalidAppendError);
    });

    it('appends a 1,000-event batch atomically', async () => {
      const id = stream();
      const batch = Array.from({ length: 1000 }, (_, i) => event('test.happened.v1', { i }));
      const result = await store.append(id, batch, { expectedVersion: 'no-stream' });
      expect(result.nextExpectedVersion).toBe(1000);
      const read = await collect(store.readStream(id));
      expect(read).toHaveLength(1000);
      expect(read.map((e) => (e.data as { i: number }).i)).toEqual(batch.map((_, i) => i));
      expect((await store.verifyStream(id)).valid).toBe(true);
      // A batch that conflicts writes nothing at all.
      await expect(
        store.append(id, [event(), event()], { expectedVersion: 999 }),
      ).rejects.toBeInstanceOf(WrongExpectedVersionError);
      expect(await store.streamVersion(id)).toBe(1000);
    });

    it('keeps unicode and 60 KiB payloads intact', async () => {
      const id = stream();
      const unicode = {
        name: 'ثناء بی بی — Sanaa 👩🏽‍⚖️',
        district: 'ڈیرہ غازی خان',
        note: 'e\u0301 \u2028 "quoted" \\',
      };
      const large = {
        blob: 'x'.repeat(60 * 1024),
        nested: { list: Array.from({ length: 50 }, (_, i) => i) },
      };
      await store.append(id, [event('test.unicode.v1', unicode), event('test.large.v1', large)], {
        expectedVersion: 'no-stream',
      });
      const [first, second] = await collect(store.readStream(id));
      expect(first.data).toEqual(unicode);
      expect(second.data).toEqual(large);
      expect((await store.verifyStream(id)).valid).toBe(true);
    });

    it('stores any JSON alike, alone or in a batch: NUL, lone surrogates, control characters', async () => {
      const hostile = {
        nul: 'a\u0000b',
        high: 'a\ud800b',
        low: '\udc00',
        controls: '\u0001\u001b[2J\u007f\u0085',
        key: { 'k\u0000\ud800': ['\u0000'] },
        deep: JSON.parse(`${'['.repeat(100)}"\\u0000"${']'.repeat(100)}`),
      };
      const alone = stream();
      const batch = stream();
      await store.append(alone, [{ ...event('test.hostile.v1', hostile), metadata: hostile }], {
        expectedVersion: 'no-stream',
      });
      await store.append(
        batch,
        [event('test.hostile.v1', hostile), event('test.hostile.v1', [hostile, hostile])],
        { expectedVersion: 'no-stream' },
      );
      const [one] = await collect(store.readStream(alone));
      expect(one.data).toEqual(hostile);
      expect(one.metadata).toMatchObject(hostile);
      const [first, second] = await collect(store.readStream(batch));
      expect(first.data).toEqual(hostile);
      expect(second.data).toEqual([hostile, hostile]);
      expect((await store.verifyStream(alone)).valid).toBe(true);
      expect((await store.verifyStream(batch)).valid).toBe(true);
    });
  });

  describe('global order', () => {
    it('pages through a batch that crosses position 9 to 10 without losing an event', async () => {
      const head = await store.readAll(START_POSITION, 1_000_000);
      let from = head.length > 0 ? head[head.length - 1].position : START_POSITION;
      const id = stream();
      const batch = Array.from({ length: 12 }, (_, i) => event('test.happened.v1', { i }));
      await store.append(id, batch, { expectedVersion: 'no-stream' });
      const seen: number[] = [];
      for (
        let page = await store.readAll(from, 3);
        page.length > 0;
        page = await store.readAll(from, 3)
      ) {
        seen.push(...page.filter((e) => e.streamId === id).map((e) => e.version));
        from = page[page.length - 1].position;
      }
      expect(seen).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
      const retry = await store.append(id, batch, { expectedVersion: 'no-stream' });
      expect(retry.nextExpectedVersion).toBe(12);
    });

    it('reads all events in commit order, after a position, in pages', async () => {
      const head = await store.readAll(START_POSITION, 1_000_000);
      const from = head.length > 0 ? head[head.length - 1].position : START_POSITION;
      const a = stream();
      const b = stream();
      await store.append(a, [event('test.a.v1')], { expectedVersion: 'no-stream' });
      await store.append(b, [event('test.b.v1')], { expectedVersion: 'no-stream' });
      await store.append(a, [event('test.a.v1')], { expectedVersion: 1 });
      const after = (await store.readAll(from, 100)).filter(
        (e) => e.streamId === a || e.streamId === b,
      );
      expect(after.map((e) => `${e.streamId === a ? 'a' : 'b'}${e.version}`)).toEqual([
        'a1',
        'b1',
        'a2',
      ]);
      const all = await store.readAll(from, 100);
      for (let i = 1; i < all.length; i++) {
        expect(comparePositions(all[i - 1].position, all[i].position)).toBeLessThan(0);
      }
      const firstPage = await store.readAll(from, 1);
      expect(firstPage).toHaveLength(1);
      const rest = await store.readAll(firstPage[0].position, 100);
      expect(rest[0].eventId).toBe(all[1].eventId);
    });
  });

  describe('hash chain', () => {
    it('chains every event to its predecessor and verifies', async () => {
      const id = stream();
      await store.append(id, [event(), event(), event()], { expectedVersion: 'no-stream' });
      const events = await collect(store.readStream(id));
      expect(events[0].prevHash).toBe(GENESIS_HASH);
      expect(events[1].prevHash).toBe(events[0].hash);
      for (const e of events) {
        expect(e.hash).toBe(
          hashEvent({
            streamId: e.streamId,
            version: e.version,
            eventId: e.eventId,
            type: e.type,
            data: e.data,
            metadata: e.metadata,
            prevHash: e.prevHash,
          }),
        );
      }
      expect(await store.verifyStream(id)).toEqual({
        valid: true,
        eventsChecked: 3,
        headHash: events[2].hash,
      });
    });

    it('verifies events appended with upper-case ids', async () => {
      const id = stream();
      await store.append(id, [{ ...event(), eventId: uuidv7().toUpperCase() }], {
        expectedVersion: 'no-stream',
      });
      expect((await store.verifyStream(id)).valid).toBe(true);
    });

    withSqlStorage('detects an event changed in place', async () => {
      const id = stream();
      await store.append(id, [event(), event(), event()], { expectedVersion: 'no-stream' });
      await fixture.tamper!.update(id, 2, { n: 2, forged: true });
      expect(await store.verifyStream(id)).toMatchObject({ valid: false, firstInvalidVersion: 2 });
    });

    withSqlStorage('detects a deleted event', async () => {
      const id = stream();
      await store.append(id, [event(), event(), event()], { expectedVersion: 'no-stream' });
      await fixture.tamper!.delete(id, 2);
      expect(await store.verifyStream(id)).toMatchObject({ valid: false, firstInvalidVersion: 2 });
    });

    withSqlStorage('detects reordered events', async () => {
      const id = stream();
      await store.append(id, [event(), event(), event()], { expectedVersion: 'no-stream' });
      await fixture.tamper!.swap(id, 1, 2);
      expect(await store.verifyStream(id)).toMatchObject({ valid: false, firstInvalidVersion: 1 });
    });
  });

  describe('stream heads (audit anchors)', () => {
    it("lists every stream's newest event, sorted by stream id, and the hashes of events named", async () => {
      const ids = [stream(), stream(), stream()];
      await store.append(ids[0], [event(), event()], { expectedVersion: 'no-stream' });
      await store.append(ids[1], [event()], { expectedVersion: 'no-stream' });
      await store.append(ids[2], [event(), event(), event()], { expectedVersion: 'no-stream' });
      const heads = await store.streamHeads();
      const streamIds = heads.map((h) => h.streamId);
      expect(streamIds).toEqual([...streamIds].sort());
      expect(new Set(streamIds).size).toBe(streamIds.length);
      for (const id of ids) {
        const events = await collect(store.readStream(id));
        const last = events[events.length - 1];
        expect(heads.find((h) => h.streamId === id)).toEqual({
          streamId: id,
          version: last.version,
          hash: last.hash,
        });
      }
      const first = (await collect(store.readStream(ids[2])))[0];
      expect(
        await store.eventHashes([
          { streamId: ids[2], version: 1 },
          { streamId: ids[2], version: 9 },
          { streamId: stream(), version: 1 },
        ]),
      ).toEqual([first.hash, null, null]);
      expect(await store.eventHashes([])).toEqual([]);
    });
  });

  describe('subscriptions', () => {
    it('catches up from the beginning, then delivers live events', async () => {
      const id = stream();
      await store.append(id, [event(), event()], { expectedVersion: 'no-stream' });
      const seen: RecordedEvent[] = [];
      const sub = await store.subscribe(`catch-up-${uuidv7()}`, async (e) => {
        if (e.streamId === id) seen.push(e);
      });
      try {
        await sub.caughtUp();
        expect(seen.map((e) => e.version)).toEqual([1, 2]);
        await store.append(id, [event()], { expectedVersion: 2 });
        await eventually(() => seen.length === 3);
        expect(seen.map((e) => e.version)).toEqual([1, 2, 3]);
        expect(sub.active).toBe(true);
      } finally {
        await sub.stop();
      }
    });

    it('resumes after the last handled event on restart', async () => {
      const name = `restart-${uuidv7()}`;
      const id = stream();
      await store.append(id, [event(), event()], { expectedVersion: 'no-stream' });
      const firstRun: number[] = [];
      const first = await store.subscribe(name, async (e) => {
        if (e.streamId === id) firstRun.push(e.version);
      });
      await first.caughtUp();
      await first.stop();
      await store.append(id, [event(), event()], { expectedVersion: 2 });
      const secondRun: number[] = [];
      const second = await store.subscribe(name, async (e) => {
        if (e.streamId === id) secondRun.push(e.version);
      });
      try {
        await second.caughtUp();
        expect(firstRun).toEqual([1, 2]);
        expect(secondRun).toEqual([3, 4]);
      } finally {
        await second.stop();
      }
    });

    it('redelivers an event whose handler failed, without skipping it', async () => {
      const id = stream();
      await store.append(id, [event(), event()], { expectedVersion: 'no-stream' });
      const seen: number[] = [];
      let failures = 0;
      const sub = await store.subscribe(
        `retry-${uuidv7()}`,
        async (e) => {
          if (e.streamId !== id) return;
          if (e.version === 2 && failures++ < 2) throw new Error('receiver down');
          seen.push(e.version);
        },
        { pollIntervalMs: 10 },
      );
      try {
        await eventually(() => seen.length === 2);
        expect(seen).toEqual([1, 2]);
        expect(failures).toBe(3);
      } finally {
        await sub.stop();
      }
    });

    it('hands whole pages to a batch handler, and a page that failed one event at a time', async () => {
      const id = stream();
      await store.append(id, [event(), event(), event()], { expectedVersion: 'no-stream' });
      const pages: number[][] = [];
      let failures = 0;
      const sub = await store.subscribe(
        `batch-${uuidv7()}`,
        {
          handleBatch: async (events) => {
            const mine = events.filter((e) => e.streamId === id).map((e) => e.version);
            if (mine.length > 0 && failures++ === 0) throw new Error('receiver down');
            if (mine.length > 0) pages.push(mine);
          },
        },
        { pollIntervalMs: 10 },
      );
      try {
        await sub.caughtUp();
        // The failed page, then each of its events alone: the one at fault would be found.
        expect(failures).toBe(4);
        expect(pages).toEqual([[1], [2], [3]]);
      } finally {
        await sub.stop();
      }
    });

    it('gathers the events that arrive while it lingers into one batch', async () => {
      const id = stream();
      const batches: number[][] = [];
      const sub = await store.subscribe(
        `linger-${uuidv7()}`,
        {
          handleBatch: async (events) => {
            const mine = events.filter((e) => e.streamId === id).map((e) => e.version);
            if (mine.length > 0) batches.push(mine);
          },
        },
        { pollIntervalMs: 10, lingerMs: 1_000 },
      );
      try {
        await sub.caughtUp();
        // The first event after an idle spell is delivered at once ...
        await store.append(id, [event()], { expectedVersion: 'no-stream' });
        await eventually(() => batches.length === 1);
        // ... and the ones appended one by one while it lingers (five appends take far less
        // than its second) come together.
        for (let version = 1; version <= 5; version++) {
          await store.append(id, [event()], { expectedVersion: version });
        }
        await sub.caughtUp();
        expect(batches).toEqual([[1], [2, 3, 4, 5, 6]]);
      } finally {
        await sub.stop();
      }
    });

    it('runs one active subscriber per name; the standby takes over when it stops', async () => {
      const name = `single-${uuidv7()}`;
      const peer = await fixture.openPeer();
      const id = stream();
      const seenA: number[] = [];
      const seenB: number[] = [];
      const a = await store.subscribe(name, async (e) => {
        if (e.streamId === id) seenA.push(e.version);
      });
      await a.caughtUp();
      const b = await peer.subscribe(name, async (e) => {
        if (e.streamId === id) seenB.push(e.version);
      });
      try {
        await new Promise((r) => setTimeout(r, 300));
        expect(a.active).toBe(true);
        expect(b.active).toBe(false);
        await store.append(id, [event()], { expectedVersion: 'no-stream' });
        await eventually(() => seenA.length === 1);
        await a.stop();
        await peer.append(id, [event()], { expectedVersion: 1 });
        await eventually(() => seenB.includes(2));
        expect(b.active).toBe(true);
        expect(seenB).not.toContain(1);
      } finally {
        await a.stop();
        await b.stop();
      }
    });

    it('hands its lock over when asked (a rebuild): no standby takes over until it is released', async () => {
      const name = `hand-over-${uuidv7()}`;
      const peer = await fixture.openPeer();
      const id = stream();
      const seenB: number[] = [];
      const a = await store.subscribe(name, async () => undefined);
      await a.caughtUp();
      const b = await peer.subscribe(name, async (e) => {
        if (e.streamId === id) seenB.push(e.version);
      });
      const standby = await peer.subscribe(name, async () => undefined);
      let lock: HeldLock | null = null;
      try {
        await new Promise((r) => setTimeout(r, 300));
        expect(b.active).toBe(false);
        // A standby has no lock to hand over.
        expect(await standby.handOver()).toBeNull();
        lock = await a.handOver();
        expect(lock).not.toBeNull();
        expect(a.active).toBe(false);
        await peer.append(id, [event()], { expectedVersion: 'no-stream' });
        // Several of the standby's tries (every 50 ms) later, it still stands by.
        await new Promise((r) => setTimeout(r, 500));
        expect(b.active).toBe(false);
        expect(seenB).toEqual([]);
        await lock!.release();
        lock = null;
        await eventually(() => seenB.includes(1));
        expect(b.active).toBe(true);
      } finally {
        await lock?.release();
        await a.stop();
        await b.stop();
        await standby.stop();
      }
    });

    withConcurrentTransactions(
      'never skips an event whose transaction took its position earlier but committed later',
      async () => {
        const raw = await fixture.openRawConnection!();
        const late = stream();
        const early = stream();
        const seen: string[] = [];
        const sub = await store.subscribe(`no-skip-${uuidv7()}`, async (e) => {
          if (e.streamId === late || e.streamId === early)
            seen.push(e.streamId === late ? 'late' : 'early');
        });
        try {
          await sub.caughtUp();
          await raw.query('BEGIN');
          const lateEvent = event('test.late.v1');
          const metadata = { ...lateEvent.metadata, recordedAt: new Date().toISOString() };
          const hash = hashEvent({
            streamId: late,
            version: 1,
            eventId: lateEvent.eventId,
            type: lateEvent.type,
            data: lateEvent.data,
            metadata,
            prevHash: GENESIS_HASH,
          });
          await raw.query(
            `INSERT INTO events (stream_id, version, event_id, type, data, metadata, prev_hash, hash)
           VALUES ($1, 1, $2, $3, $4, $5, $6, $7)`,
            [late, lateEvent.eventId, lateEvent.type, lateEvent.data, metadata, GENESIS_HASH, hash],
          );
          // Committed while the earlier transaction is still open.
          await store.append(early, [event('test.early.v1')], { expectedVersion: 'no-stream' });
          // Held back, and known to be: caughtUp does not mistake the empty read for the end.
          await expect(sub.caughtUp(400)).rejects.toThrow(/did not catch up/);
          expect(seen).toEqual([]);
          await raw.query('COMMIT');
          await sub.caughtUp();
          expect(seen).toEqual(['late', 'early']);
          expect((await store.verifyStream(late)).valid).toBe(true);
        } finally {
          await raw.query('ROLLBACK').catch(() => undefined);
          await raw.close();
          await sub.stop();
        }
      },
    );
  });
});
