/**
 * Event store benchmark: `npm run bench:event-store`.
 *
 * Measures the SQL adapter on the machine's PostgreSQL (a fresh sr_test_* database) and on embedded
 * PGlite (a temp data directory), next to the raw limit of the same run: plain single-row INSERTs
 * of the same precomputed rows through the same client into a copy of the events table, measured in
 * rounds alternating with the store's. Prints a Markdown table. Speed is reported, not asserted:
 * the process fails only on errors (a read that loses events is one).
 */
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { migrate, PgliteSqlClient, PgSqlClient, SqlClient } from '@app/database';
import {
  EVENT_STORE_MIGRATIONS,
  GENESIS_HASH,
  GlobalPosition,
  hashEvent,
  NewEvent,
  SqlEventStore,
  START_POSITION,
} from '@app/event-store';
import { createTempDir } from '../support/temp-dir';
import { createTestDatabase } from '../support/test-database';

const CONCURRENCY = [1, 8, 32];
const POOL_SIZE = 32;
const OPS = 4_000;
const MAX_MS = 5_000;
const WARMUP_OPS = 200;
const ROUNDS = 4;
const BATCH = 10;
const STREAMS_PER_WORKER = 8;
const LONG_STREAM = 10_000;
const READ_ALL_EVENTS = 100_000;
const READ_ALL_PAGE = 1_000;
const APPEND_TARGET = 0.7;
const READ_STREAM_TARGET = 200_000;
const READ_OPS = 20;
const NEW_STREAM_APPENDS = 'append, new streams';

const RAW_INSERT = `INSERT INTO events_raw (stream_id, version, event_id, type, data, metadata, prev_hash, hash)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`;

interface Measurement {
  ops: number;
  events: number;
  seconds: number;
  p50Ms: number;
  p99Ms: number;
}

/** A workload: `prepare` builds its inputs (untimed), the returned op runs one timed operation. */
interface Scenario {
  name: string;
  eventsPerOp: number;
  prepare(ops: number, concurrency: number): Promise<(worker: number, i: number) => Promise<void>>;
}

interface Row {
  adapter: string;
  scenario: string;
  concurrency: number;
  result?: Measurement;
  error?: string;
  vsRaw?: number;
  target?: boolean;
}

/**
 * The one measurement loop: `concurrency` workers take operation numbers until `ops` ran or
 * `maxMs` passed, each operation timed on its own (ms).
 */
async function measure(
  concurrency: number,
  ops: number,
  maxMs: number,
  op: (worker: number, i: number) => Promise<void>,
): Promise<{ latencies: number[]; seconds: number }> {
  const latencies: number[] = [];
  let next = 0;
  const started = process.hrtime.bigint();
  const deadline = started + BigInt(maxMs) * 1_000_000n;
  const worker = async (w: number) => {
    while (next < ops && process.hrtime.bigint() < deadline) {
      const i = next++;
      const t0 = process.hrtime.bigint();
      await op(w, i);
      latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, w) => worker(w)));
  return { latencies, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

/**
 * Warms every scenario up, then measures them in alternating rounds, so that raw and store runs
 * see the same background load (the machine may be shared) and table growth.
 */
async function run(
  scenarios: Scenario[],
  concurrency: number,
  { ops = OPS, rounds = ROUNDS, warmup = WARMUP_OPS } = {},
): Promise<Measurement[]> {
  for (const s of scenarios) {
    await measure(concurrency, warmup, MAX_MS, await s.prepare(warmup, concurrency));
  }
  const samples = scenarios.map(() => ({ latencies: [] as number[], seconds: 0 }));
  for (let round = 0; round < rounds; round++) {
    for (const [k, s] of scenarios.entries()) {
      const op = await s.prepare(Math.ceil(ops / rounds), concurrency);
      const sample = await measure(concurrency, Math.ceil(ops / rounds), MAX_MS / rounds, op);
      samples[k].latencies.push(...sample.latencies);
      samples[k].seconds += sample.seconds;
    }
  }
  return samples.map(({ latencies, seconds }, k) => {
    const sorted = latencies.sort((a, b) => a - b);
    const percentile = (p: number) => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)];
    return {
      ops: sorted.length,
      events: sorted.length * scenarios[k].eventsPerOp,
      seconds,
      p50Ms: percentile(0.5),
      p99Ms: percentile(0.99),
    };
  });
}

const runStarted = Date.now();
const progress = (adapter: string, what: string) =>
  console.error(`[${number((Date.now() - runStarted) / 1000)} s] ${adapter}: ${what} measured`);

const streamId = () => `case-${uuidv7()}`;

function newEvent(): NewEvent {
  return {
    eventId: uuidv7(),
    type: 'referral.requested.v1',
    data: {
      referralId: uuidv7(),
      fromAgencyId: 'fia-islamabad',
      toAgencyId: 'shelter-lahore',
      services: ['shelter', 'medical', 'legal-aid'],
      urgency: 'high',
      note: 'Interpreter (Urdu, Punjabi) needed; female caseworker requested.',
    },
    metadata: {
      actor: { agencyId: 'fia-islamabad', officerId: 'officer-0017', role: 'caseworker' },
      correlationId: uuidv7(),
      causationId: uuidv7(),
    },
  };
}

const events = (n: number) => Array.from({ length: n }, newEvent);

/** The rows the store would write for one-event appends to new streams, hash included. */
function rawInserts(sql: SqlClient): Scenario {
  return {
    name: 'raw INSERT (limit)',
    eventsPerOp: 1,
    async prepare(ops) {
      const recordedAt = new Date().toISOString();
      const params = events(ops).map((event) => {
        const id = streamId();
        const metadata = { ...event.metadata, recordedAt };
        const hash = hashEvent({
          ...event,
          streamId: id,
          version: 1,
          metadata,
          prevHash: GENESIS_HASH,
        });
        return [
          id,
          1,
          event.eventId,
          event.type,
          JSON.stringify(event.data),
          JSON.stringify(metadata),
          GENESIS_HASH,
          hash,
        ];
      });
      return async (_, i) => {
        await sql.query(RAW_INSERT, params[i]);
      };
    },
  };
}

function newStreams(store: SqlEventStore, size: number): Scenario {
  return {
    name: size === 1 ? NEW_STREAM_APPENDS : `append ${size}-event batch, new streams`,
    eventsPerOp: size,
    async prepare(ops) {
      const appends = Array.from({ length: ops }, () => ({ id: streamId(), events: events(size) }));
      return async (_, i) => {
        await store.append(appends[i].id, appends[i].events, { expectedVersion: 'no-stream' });
      };
    },
  };
}

/** Each worker appends round-robin to streams of its own, tracking their versions. */
function existingStreams(store: SqlEventStore): Scenario {
  return {
    name: 'append, existing streams',
    eventsPerOp: 1,
    async prepare(ops, concurrency) {
      const owned = Array.from({ length: concurrency }, () =>
        Array.from({ length: STREAMS_PER_WORKER }, () => ({ id: streamId(), version: 0 })),
      );
      for (const stream of owned.flat()) {
        await store.append(stream.id, [newEvent()], { expectedVersion: 'no-stream' });
        stream.version = 1;
      }
      const batch = events(ops);
      const turns = new Array<number>(concurrency).fill(0);
      return async (w, i) => {
        const stream = owned[w][turns[w]++ % STREAMS_PER_WORKER];
        const result = await store.append(stream.id, [batch[i]], {
          expectedVersion: stream.version,
        });
        stream.version = result.nextExpectedVersion;
      };
    },
  };
}

async function readStream(store: SqlEventStore): Promise<Scenario> {
  const id = streamId();
  for (let version = 0; version < LONG_STREAM; version += 1_000) {
    await store.append(id, events(1_000), { expectedVersion: version || 'no-stream' });
  }
  return {
    name: `readStream, ${LONG_STREAM.toLocaleString('en-US')}-event stream`,
    eventsPerOp: LONG_STREAM,
    async prepare() {
      return async () => {
        let read = 0;
        for await (const _ of store.readStream(id)) read++;
        if (read !== LONG_STREAM) throw new Error(`readStream returned ${read} events`);
      };
    },
  };
}

async function readAll(store: SqlEventStore, sql: SqlClient): Promise<Scenario> {
  const { rows } = await sql.query<{ n: number }>('SELECT count(*)::int AS n FROM events');
  for (let n = rows[0].n; n < READ_ALL_EVENTS; n += 1_000) {
    await store.append(streamId(), events(1_000), { expectedVersion: 'no-stream' });
  }
  return {
    name: `readAll, ${READ_ALL_EVENTS.toLocaleString('en-US')} events (pages of ${READ_ALL_PAGE.toLocaleString('en-US')})`,
    eventsPerOp: READ_ALL_EVENTS,
    async prepare() {
      return async () => {
        let from: GlobalPosition = START_POSITION;
        for (let read = 0; read < READ_ALL_EVENTS;) {
          const page = await store.readAll(from, Math.min(READ_ALL_PAGE, READ_ALL_EVENTS - read));
          if (page.length === 0) throw new Error(`readAll stopped after ${read} events`);
          read += page.length;
          from = page[page.length - 1].position;
        }
      };
    },
  };
}

const rate = (m: Measurement) => m.events / m.seconds;

/** PASS/BELOW for the two target rows (PostgreSQL only), undefined elsewhere. */
function meetsTarget(row: Omit<Row, 'target'>): boolean | undefined {
  if (row.adapter !== 'postgres' || !row.result) return undefined;
  if (row.scenario === NEW_STREAM_APPENDS && row.concurrency === 32) {
    return (row.vsRaw ?? 0) >= APPEND_TARGET;
  }
  if (row.scenario.startsWith('readStream')) return rate(row.result) >= READ_STREAM_TARGET;
  return undefined;
}

/** Every figure for one adapter. Raw and store runs alternate per concurrency level. */
async function benchAdapter(adapter: string, sql: SqlClient): Promise<Row[]> {
  await migrate(sql, EVENT_STORE_MIGRATIONS);
  await sql.query('CREATE TABLE events_raw (LIKE events INCLUDING ALL)');
  const store = new SqlEventStore(sql);
  try {
    const raw = rawInserts(sql);
    const appends = [raw, newStreams(store, 1), existingStreams(store), newStreams(store, BATCH)];
    const results: Measurement[][] = []; // [concurrency level][scenario]
    for (const concurrency of CONCURRENCY) {
      results.push(await run(appends, concurrency));
      progress(adapter, `appends at concurrency ${concurrency}`);
    }
    const rows: Omit<Row, 'target'>[] = appends.flatMap((s, k) =>
      CONCURRENCY.map((concurrency, c) => {
        const result = results[c][k];
        const vsRaw =
          s !== raw && s.eventsPerOp === 1 ? rate(result) / rate(results[c][0]) : undefined;
        return { adapter, scenario: s.name, concurrency, result, vsRaw };
      }),
    );
    const reads = [await readStream(store), await readAll(store, sql)];
    // Fresh statistics, as autovacuum would have gathered them on a long-running database.
    await sql.query('ANALYZE events');
    for (const s of reads) {
      try {
        const [result] = await run([s], 1, { ops: READ_OPS, rounds: 1, warmup: 1 });
        rows.push({ adapter, scenario: s.name, concurrency: 1, result });
      } catch (error) {
        // A wrong read is an error, not slowness: report it in the table and exit non-zero.
        process.exitCode = 1;
        rows.push({ adapter, scenario: s.name, concurrency: 1, error: (error as Error).message });
      }
      progress(adapter, s.name);
    }
    return rows.map((row) => ({ ...row, target: meetsTarget(row) }));
  } finally {
    await store.close();
  }
}

async function serverVersion(sql: SqlClient): Promise<string> {
  const { rows } = await sql.query<{ v: string }>(`SELECT current_setting('server_version') AS v`);
  return rows[0].v;
}

const number = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

const VERDICT: Record<string, string> = { true: 'PASS', false: 'BELOW' };

function table(rows: Row[]): string {
  const lines = [
    '| adapter | scenario | concurrency | ops | ops/s | events/s | p50 ms | p99 ms | store/raw | target |',
    '|---|---|--:|--:|--:|--:|--:|--:|--:|---|',
  ];
  for (const { adapter, scenario, concurrency, result: m, error, vsRaw, target } of rows) {
    const figures = m
      ? [m.ops, m.ops / m.seconds, rate(m)]
          .map((n) => number(n))
          .concat([m.p50Ms, m.p99Ms].map((n) => number(n, 2)))
      : ['', '', '', '', ''];
    const ratio = vsRaw === undefined ? '' : `${number(vsRaw, 2)}×`;
    const verdict = error ? `ERROR: ${error}` : target === undefined ? '' : VERDICT[String(target)];
    lines.push(`| ${[adapter, scenario, concurrency, ...figures, ratio, verdict].join(' | ')} |`);
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const load = loadavg()[0];
  const rows: Row[] = [];
  const versions: string[] = [];

  const database = await createTestDatabase('bench');
  try {
    const sql = new PgSqlClient({ connectionString: database.url, max: POOL_SIZE });
    try {
      versions.push(`PostgreSQL ${await serverVersion(sql)} (pool of ${POOL_SIZE})`);
      rows.push(...(await benchAdapter('postgres', sql)));
    } finally {
      await sql.close();
    }
  } finally {
    await database.drop();
  }

  const dir = await createTempDir('bench');
  try {
    const sql = await PgliteSqlClient.open({ dataDir: join(dir.path, 'data') });
    try {
      versions.push(`PGlite (PostgreSQL ${await serverVersion(sql)})`);
      rows.push(...(await benchAdapter('embedded', sql)));
    } finally {
      await sql.close();
    }
  } finally {
    await dir.remove();
  }

  const cpu = cpus();
  console.log(table(rows));
  console.log(
    `\n${cpu.length} × ${cpu[0]?.model.trim()}, Node ${process.version}, ${versions.join(', ')}; ` +
      `load average ${number(load, 2)} at start, ${number(loadavg()[0], 2)} at end; ` +
      `up to ${number(OPS)} ops or ${MAX_MS / 1000} s per row; run took ${number((Date.now() - runStarted) / 1000)} s`,
  );
  console.log(summary(rows));
}

/** The machine-readable last line: per adapter, appends at 32 against raw, and stream reads. */
function summary(rows: Row[]): string {
  const pairs: string[] = [];
  for (const adapter of ['postgres', 'embedded']) {
    const append = rows.find(
      (r) => r.adapter === adapter && r.scenario === NEW_STREAM_APPENDS && r.concurrency === 32,
    );
    const read = rows.find((r) => r.adapter === adapter && r.scenario.startsWith('readStream'));
    if (append?.result) {
      pairs.push(
        `${adapter}_append_c32_ops_per_s=${Math.round(append.result.ops / append.result.seconds)}`,
      );
      pairs.push(`${adapter}_append_c32_p99_ms=${append.result.p99Ms.toFixed(2)}`);
      if (append.vsRaw !== undefined)
        pairs.push(`${adapter}_append_vs_raw=${append.vsRaw.toFixed(2)}`);
    }
    if (read?.result)
      pairs.push(`${adapter}_read_stream_events_per_s=${Math.round(rate(read.result))}`);
  }
  return `SUMMARY ${pairs.join(' ')}`;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
