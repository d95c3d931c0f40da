import { v7 as uuidv7 } from 'uuid';
import { migrate } from '@app/database';
import {
  AppendResult,
  EVENT_STORE_MIGRATIONS,
  InvalidAppendError,
  NewEvent,
  SqlEventStore,
  WrongExpectedVersionError,
} from '@app/event-store';
import { observedSql, SQL_BACKENDS, SqlBackend } from '../support/sql-backends';
import { collect } from '../support/async';

const event = (n = 0): NewEvent => ({
  eventId: uuidv7(),
  type: 'test.happened.v1',
  data: { n },
  metadata: { actor: { agencyId: 'fia-islamabad', role: 'officer' } },
});

/**
 * One-event appends of concurrent callers share one INSERT (SqlEventStore's group commit); these
 * are the answers each caller must still get as if it had been alone. The contract suite
 * (event-store.contract.test.ts) covers the rest of the store's behaviour.
 */
describe.each(SQL_BACKENDS)('SqlEventStore group commit on %s', (_name, start) => {
  let backend: SqlBackend;
  let store: SqlEventStore;
  const inserts: string[] = [];
  const headReads: string[] = [];

  beforeAll(async () => {
    backend = await start('group_commit');
    await migrate(backend.sql, EVENT_STORE_MIGRATIONS);
    store = new SqlEventStore(
      observedSql(backend.sql, (text, name) => {
        if (/INSERT INTO events/.test(text)) inserts.push(name ?? text);
        if (name === 'event-store.stream-heads') headReads.push(name);
      }),
    );
  });

  afterAll(async () => {
    await store?.close();
    await backend?.close();
  });

  beforeEach(() => {
    inserts.length = 0;
    headReads.length = 0;
  });

  /**
   * Runs `appends` (started after the first few, which take every write slot) so that they wait
   * and are written together in one statement, and checks that such a statement ran.
   */
  async function together<T>(appends: () => Array<Promise<T>>): Promise<PromiseSettledResult<T>[]> {
    const busy = Array.from({ length: 8 }, () =>
      store.append(`group-${uuidv7()}`, [event()], { expectedVersion: 'no-stream' }),
    );
    const results = await Promise.allSettled(appends());
    await Promise.all(busy);
    expect(inserts).toContain('event-store.insert-single-events');
    return results;
  }

  it('writes one-event appends made at once in fewer statements, each with its own answer', async () => {
    const streams = Array.from({ length: 40 }, () => `group-${uuidv7()}`);
    const results = await Promise.all(
      streams.map((id, n) => store.append(id, [event(n)], { expectedVersion: 'no-stream' })),
    );

    expect(inserts.length).toBeGreaterThanOrEqual(1);
    expect(inserts.length).toBeLessThan(40);
    expect(results.every((r) => r.nextExpectedVersion === 1)).toBe(true);
    expect(new Set(results.map((r) => `${r.position.commit}/${r.position.prepare}`)).size).toBe(40);
    for (const [n, id] of streams.entries()) {
      const [stored] = await collect(store.readStream(id));
      expect(stored.data).toEqual({ n });
      expect(stored.position).toEqual(results[n].position);
      expect((await store.verifyStream(id)).valid).toBe(true);
    }
  });

  it('answers a conflict, a retry and a success written in one statement each for itself', async () => {
    const a = `group-${uuidv7()}`;
    const first = event(1);
    const stored = await store.append(a, [first], { expectedVersion: 'no-stream' });
    const b = `group-${uuidv7()}`;
    inserts.length = 0;

    const [retry, conflict, next, other] = await together(() => [
      store.append(a, [first], { expectedVersion: 'no-stream' }),
      store.append(a, [event(2)], { expectedVersion: 'no-stream' }),
      store.append(a, [event(3)], { expectedVersion: 1 }),
      store.append(b, [event(4)], { expectedVersion: 'no-stream' }),
    ]);

    expect(retry).toEqual({ status: 'fulfilled', value: { ...stored, alreadyStored: true } });
    expect(conflict.status).toBe('rejected');
    expect((conflict as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedVersionError);
    expect((conflict as PromiseRejectedResult).reason.actualVersion).toBe(2);
    expect(next).toMatchObject({ status: 'fulfilled', value: { nextExpectedVersion: 2 } });
    expect(other).toMatchObject({ status: 'fulfilled', value: { nextExpectedVersion: 1 } });
    expect((await collect(store.readStream(a))).map((e) => e.data)).toEqual([{ n: 1 }, { n: 3 }]);
  });

  it('answers two callers sending one event id to two streams as if each were alone', async () => {
    const eventId = uuidv7();
    const [one, two] = [`group-${uuidv7()}`, `group-${uuidv7()}`];
    const [first, second] = await together(() => [
      store.append(one, [{ ...event(1), eventId }], { expectedVersion: 'no-stream' }),
      store.append(two, [{ ...event(2), eventId }], { expectedVersion: 'no-stream' }),
    ]);

    // One of them stored it; the other is told its event id is taken, and its stream is empty.
    const outcomes = [first, second].map((r) => r.status).sort();
    expect(outcomes).toEqual(['fulfilled', 'rejected']);
    const loser = first.status === 'rejected' ? first : (second as PromiseRejectedResult);
    const loserStream = first.status === 'rejected' ? one : two;
    expect(loser.reason).toBeInstanceOf(InvalidAppendError);
    expect(await store.streamVersion(loserStream)).toBe(0);
    // Nothing false was remembered of the losing stream: it starts at version 1 and verifies.
    await expect(
      store.append(loserStream, [event(3)], { expectedVersion: 1 }),
    ).rejects.toBeInstanceOf(WrongExpectedVersionError);
    await store.append(loserStream, [event(3)], { expectedVersion: 'no-stream' });
    expect(await store.verifyStream(loserStream)).toMatchObject({ valid: true, eventsChecked: 1 });
  });

  it('keeps the chain whole when a retry races its original with a different recording time', async () => {
    const id = `group-${uuidv7()}`;
    const eventId = uuidv7();
    const at = (ms: number) => ({
      ...event(1),
      eventId,
      metadata: { recordedAt: `2026-11-23T10:00:00.00${ms}Z` },
    });
    const [original, retry] = await together(() => [
      store.append(id, [at(0)], { expectedVersion: 'no-stream' }),
      store.append(id, [at(1)], { expectedVersion: 'no-stream' }),
    ]);

    // Both are told the event is stored, at the one position it has.
    expect(original.status).toBe('fulfilled');
    expect(retry.status).toBe('fulfilled');
    // One of them wrote it; the other is told it repeats a stored append.
    const [a, b] = [original, retry].map((r) => (r as PromiseFulfilledResult<AppendResult>).value);
    expect([a.alreadyStored, b.alreadyStored].filter(Boolean)).toEqual([true]);
    const { alreadyStored: _a, ...first } = a;
    const { alreadyStored: _b, ...second } = b;
    expect(first).toEqual(second);
    await store.append(id, [event(2)], { expectedVersion: 1 });
    expect(await store.verifyStream(id)).toMatchObject({ valid: true, eventsChecked: 2 });
  });

  it('fails only the append PostgreSQL cannot store, not the others written with it', async () => {
    const good = [`group-${uuidv7()}`, `group-${uuidv7()}`];
    const [first, bad, second] = await together(() => [
      store.append(good[0], [event(1)], { expectedVersion: 'no-stream' }),
      store.append(`group-\u0000-${uuidv7()}`, [event(2)], { expectedVersion: 'no-stream' }),
      store.append(good[1], [event(3)], { expectedVersion: 'no-stream' }),
    ]);

    expect(bad.status).toBe('rejected');
    expect((bad as PromiseRejectedResult).reason).toBeInstanceOf(InvalidAppendError);
    expect(first).toMatchObject({ status: 'fulfilled', value: { nextExpectedVersion: 1 } });
    expect(second).toMatchObject({ status: 'fulfilled', value: { nextExpectedVersion: 1 } });
    for (const id of good) expect(await store.streamVersion(id)).toBe(1);
  });

  it('reads the heads of appends at any version made at once together, each chained to its own', async () => {
    const written = Array.from({ length: 10 }, () => `group-${uuidv7()}`);
    for (const id of written) {
      await store.append(id, [event(1), event(2)], { expectedVersion: 'no-stream' });
    }
    const fresh = Array.from({ length: 10 }, () => `group-${uuidv7()}`);
    // A store of its own knows no head, as a process started after the streams were written.
    const other = new SqlEventStore(
      observedSql(backend.sql, (_text, name) => {
        if (name === 'event-store.stream-heads') headReads.push(name);
      }),
    );
    try {
      const results = await Promise.all(
        [...written, ...fresh].map((id) =>
          other.append(id, [event(3)], { expectedVersion: 'any' }),
        ),
      );

      expect(headReads.length).toBeGreaterThanOrEqual(1);
      expect(headReads.length).toBeLessThan(20);
      expect(results.map((r) => r.nextExpectedVersion)).toEqual([
        ...written.map(() => 3),
        ...fresh.map(() => 1),
      ]);
      for (const id of [...written, ...fresh]) {
        expect((await store.verifyStream(id)).valid).toBe(true);
      }
    } finally {
      await other.close();
    }
  });

  it('fails only the head read PostgreSQL cannot make, not the others read with it', async () => {
    const other = new SqlEventStore(backend.sql);
    try {
      // The first two take both read slots; the rest wait and are read in one statement.
      const good = Array.from({ length: 5 }, () => `group-${uuidv7()}`);
      const [a, b, c, bad, ...rest] = await Promise.allSettled([
        ...good.slice(0, 3).map((id) => other.append(id, [event(1)], { expectedVersion: 'any' })),
        other.append(`group-\u0000-${uuidv7()}`, [event(2)], { expectedVersion: 'any' }),
        ...good.slice(3).map((id) => other.append(id, [event(3)], { expectedVersion: 'any' })),
      ]);

      expect(bad.status).toBe('rejected');
      expect((bad as PromiseRejectedResult).reason).toBeDefined();
      for (const outcome of [a, b, c, ...rest]) {
        expect(outcome).toMatchObject({ status: 'fulfilled', value: { nextExpectedVersion: 1 } });
      }
    } finally {
      await other.close();
    }
  });
});
