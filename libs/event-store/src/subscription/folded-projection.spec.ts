import { Queryable, SqlClient } from '@app/database';
import { RecordedEvent } from '../event-store.port';
import { Fold, FoldedProjection } from './folded-projection';

interface Tally {
  key: string;
  version: number;
  seen: string[];
}

/**
 * A table of tallies (one per stream: the event ids folded into it, in order) behind a SqlClient
 * that counts what is asked of it, with a fold that keeps it.
 */
function tallies() {
  const table = new Map<string, Tally>();
  const loads: string[][] = [];
  const saves: number[] = [];
  const sql = {
    query: async () => ({ rows: [] }),
    transaction: async <T>(work: (tx: Queryable) => Promise<T>) => work(sql),
  } as unknown as SqlClient;
  const fold: Fold<Tally> = {
    keyOf: (event) => (event.streamId.startsWith('case-') ? event.streamId : null),
    load: async (_tx, keys) => {
      loads.push([...keys].sort());
      const found = new Map<string, Tally>();
      for (const key of keys) {
        const row = table.get(key);
        if (row) found.set(key, { ...row, seen: [...row.seen] });
      }
      return found;
    },
    apply: (model, event) => {
      if (event.version <= (model?.version ?? 0)) return null;
      const next = model ?? { key: event.streamId, version: 0, seen: [] };
      next.version = event.version;
      next.seen.push(event.eventId);
      return next;
    },
    save: async (_tx, models) => {
      saves.push(models.length);
      for (const model of models) table.set(model.key, { ...model, seen: [...model.seen] });
    },
  };
  return { table, loads, saves, sql, fold };
}

/** `cases` streams of `perCase` events each, interleaved as a log is: round by round. */
function log(cases: number, perCase: number): RecordedEvent[] {
  const events: RecordedEvent[] = [];
  for (let version = 1; version <= perCase; version++) {
    for (let c = 0; c < cases; c++) {
      events.push({
        eventId: `${c}/${version}`,
        streamId: `case-${c}`,
        version,
        type: 'test.happened.v1',
        data: {},
        metadata: {},
        position: { commit: BigInt(events.length + 1), prepare: BigInt(events.length + 1) },
        recordedAt: new Date(0),
      } as unknown as RecordedEvent);
      if (c % 3 === 0) {
        events.push({
          ...events[events.length - 1],
          eventId: `other-${events.length}`,
          streamId: 'audit-anchors',
        });
      }
    }
  }
  return events;
}

const pages = (events: RecordedEvent[], size: number) =>
  Array.from({ length: Math.ceil(events.length / size) }, (_, i) =>
    events.slice(i * size, (i + 1) * size),
  );

async function pageByPage(events: RecordedEvent[]) {
  const t = tallies();
  const projection = new FoldedProjection(t.sql, t.fold);
  for (const page of pages(events, 7)) await projection.handleBatch(page);
  return t.table;
}

describe('FoldedProjection', () => {
  const events = log(10, 6);

  it('writes each model once when a replay holds them all', async () => {
    const t = tallies();
    const replay = new FoldedProjection(t.sql, t.fold).startReplay();
    for (const page of pages(events, 7)) await replay.add(page);
    expect(t.saves).toEqual([]);
    await replay.finish();
    expect(t.saves.reduce((a, b) => a + b, 0)).toBe(10);
    expect(t.loads).toEqual([]);
    expect(t.table).toEqual(await pageByPage(events));
  });

  it('writes out and lets go past maxModels, loading back only what it let go', async () => {
    const t = tallies();
    const replay = new FoldedProjection(t.sql, t.fold, { maxModels: 4, chunk: 3 }).startReplay();
    for (const page of pages(events, 5)) await replay.add(page);
    await replay.finish();
    expect(t.table).toEqual(await pageByPage(events));
    expect(Math.max(...t.saves)).toBeLessThanOrEqual(3);
    // Every load asks for cases written before, never for one it has never seen.
    expect(t.loads.length).toBeGreaterThan(0);
    expect(t.loads.flat().every((key) => /^case-\d$/.test(key))).toBe(true);
  });

  it('applies an event once, also when a page repeats it', async () => {
    const t = tallies();
    const projection = new FoldedProjection(t.sql, t.fold);
    await projection.handleBatch(events.slice(0, 20));
    await projection.handleBatch(events.slice(10, 40));
    await projection.handleBatch(events.slice(0, events.length));
    expect(t.table).toEqual(await pageByPage(events));
    const replay = projection.startReplay();
    for (const page of pages([...events, ...events.slice(5, 25)], 9)) await replay.add(page);
    await replay.finish();
    expect(t.table).toEqual(await pageByPage(events));
  });

  it('fails the replay when writing fails, keeping what it has not written', async () => {
    const t = tallies();
    const failing = { ...t.fold, save: () => Promise.reject(new Error('disk full')) };
    const replay = new FoldedProjection(t.sql, failing).startReplay();
    for (const page of pages(events, 7)) await replay.add(page);
    await expect(replay.finish()).rejects.toThrow('disk full');
  });
});
