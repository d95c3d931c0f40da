/**
 * Audit benchmark: `npm run bench:audit`.
 *
 * The real API in this process (tests/support/test-app.ts: a fresh sr_test_* database on the
 * machine's PostgreSQL, listening on 127.0.0.1), driven by autocannon from a forked process
 * (api-load.ts, as `npm run bench:api` does), so the load generator never shares the API's event
 * loop. Each figure stands beside the raw read of the same rows in the same run, a plain `pg`
 * client on the same database:
 *
 * 1. history of a 1,000-event case (real commands over HTTP): GET …/history?limit=1000, p50/p99;
 * 2. integrity of a 10,000-event case stream: the store's verifyStream in this process, and
 *    GET …/integrity over HTTP as an auditor (who is not made to replay the case);
 * 3. the signed audit bundle of the 1,000-event case, with an anchor over 100,000 streams;
 * 4. POST /v1/admin/audit/anchors over 100,000 streams;
 * 5. GET of a 200-event case at 32 connections with the access log, and with its `record`
 *    replaced by a no-op in this process, alternated.
 *
 * Targets (integrity ≤ 250 ms, anchor ≤ 5 s, access log ≥ 0.8 of the rate without it) are
 * reported PASS/BELOW, never asserted. BENCH_CPU_PROFILE=<dir> writes the API process's CPU
 * profile of each scenario there (cpu.ts). The last line is `SUMMARY integrity_10k_ms=…
 * anchor_100k_s=… get_case_with_log_per_s=… get_case_without_log_per_s=… history_1k_p99_ms=…`.
 */
import { ChildProcess, fork } from 'node:child_process';
import { AddressInfo } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { CaseAccessLog } from '@app/cases';
import { EVENT_STORE, EventStore, NewEvent } from '@app/event-store';
import { CAST, OPEN_CASE_BODY } from '../support/fixtures';
import { registerAgency, startTestApp, TestApp } from '../support/test-app';
import { apiClient, ApiClient, OFFICER_ID, pool, SCREENING, SHARE_CONSENT } from './api-fixtures';
import type { LoadJob, LoadResult, LoadSpec } from './api-load';
import { number } from './api-report';
import { cpuSample, cpuShare, CpuShare, ourPostgresPids, startProfile } from './cpu';

const HISTORY_EVENTS = 1_000;
const INTEGRITY_EVENTS = 10_000;
const GET_CASE_EVENTS = 200;
const ANCHOR_STREAMS = 100_000;
const LATENCY_REQUESTS = 200;
const BUNDLE_REQUESTS = 100;
const INTEGRITY_RUNS = 10;
const LAST_PAGE_REQUESTS = 20;
const ANCHOR_RUNS = 3;
const CONNECTIONS = 32;
const GET_SEC = 5;
const GET_PAIRS = 3;
const WARMUP_SEC = 2;
const SEED_CONCURRENCY = 64;
/** Events per direct append to the 10,000-event case: one statement each. */
const SEED_BATCH = 1_000;
const TARGET_INTEGRITY_MS = 250;
const TARGET_ANCHOR_S = 5;
const TARGET_LOG_RATIO = 0.8;
const PURPOSE = 'Quarterly review of referral times';

const RAW_STREAM = `SELECT version, event_id, type, data, metadata, prev_hash, hash
  FROM events WHERE stream_id = $1 ORDER BY version`;
const RAW_PAGE = `SELECT version, event_id, type, data, metadata, prev_hash, hash
  FROM events WHERE stream_id = $1 AND version >= $2 ORDER BY version LIMIT $3`;
const RAW_HEADS = `SELECT DISTINCT ON (stream_id) stream_id, version, hash FROM events
  ORDER BY stream_id, version DESC`;

/** One forked autocannon process for the whole run (api-load.ts answers one job at a time). */
class LoadGenerator {
  private readonly child: ChildProcess;

  constructor() {
    // execArgv is inherited, so the child loads TypeScript through @swc-node/register too.
    this.child = fork(join(__dirname, 'api-load.ts'), [], { stdio: 'inherit' });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  load(spec: LoadSpec): Promise<LoadResult> {
    const job: LoadJob = { kind: 'load', spec };
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null) =>
        reject(new Error(`load generator exited with ${code}`));
      this.child.once('exit', onExit);
      this.child.once('message', (message: { result?: LoadResult; error?: string }) => {
        this.child.off('exit', onExit);
        if (message.error === undefined) resolve(message.result!);
        else reject(new Error(`load generator: ${message.error}`));
      });
      this.child.send(job);
    });
  }

  close(): void {
    if (this.child.connected) this.child.disconnect();
    if (this.child.exitCode === null) this.child.kill();
  }
}

interface Timing {
  p50: number;
  p99: number;
  min: number;
  max: number;
  n: number;
}

function timing(samples: number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)];
  return {
    p50: at(0.5),
    p99: at(0.99),
    min: sorted[0],
    max: sorted[sorted.length - 1],
    n: sorted.length,
  };
}

/** `runs` sequential runs of `work`, each timed on its own (ms). */
async function timed(runs: number, work: () => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await work();
    samples.push(performance.now() - t0);
  }
  return samples;
}

const verdict = (pass: boolean) => (pass ? 'PASS' : 'BELOW');

/**
 * Opens a case and runs real commands on it until it has `events` events: the first screening
 * (which also starts the reflection period), then consents given and withdrawn alternating with
 * screenings, as `npm run bench:api` builds its case. Commands on one case run one at a time.
 */
async function buildCase(api: ApiClient, events: number): Promise<string> {
  const { caseId } = await api<{ caseId: string }>('POST', '/v1/cases', OPEN_CASE_BODY);
  let version = (
    await api<{ version: number }>('POST', `/v1/cases/${caseId}/screenings`, SCREENING)
  ).version;
  for (let i = 0; version < events; i++) {
    version = (
      i % 2 === 0
        ? await api<{ version: number }>('POST', `/v1/cases/${caseId}/consents`, {
            ...SHARE_CONSENT,
            decision: i % 4 === 0 ? 'given' : 'withdrawn',
          })
        : await api<{ version: number }>('POST', `/v1/cases/${caseId}/screenings`, SCREENING)
    ).version;
  }
  if (version !== events) throw new Error(`a case was built to ${version} events, not ${events}`);
  return caseId;
}

/**
 * A case of `events` events: opened and screened over HTTP, then copies of that screening (new
 * ids, the same data and actor) appended through the store in batches. A screening can follow a
 * screening, so the stream replays as a case; its hashes are the store's own. Ten thousand
 * commands over HTTP would take most of the time budget for the same rows.
 */
async function seedLongCase(api: ApiClient, store: EventStore, events: number): Promise<string> {
  const { caseId } = await api<{ caseId: string }>('POST', '/v1/cases', OPEN_CASE_BODY);
  await api('POST', `/v1/cases/${caseId}/screenings`, SCREENING);
  const streamId = `case-${caseId}`;
  let template: NewEvent | undefined;
  let version = 0;
  for await (const event of store.readStream(streamId)) {
    if (event.type === 'case.screened.v1') {
      const { recordedAt: _recordedAt, ...metadata } = event.metadata;
      template = { eventId: '', type: event.type, data: event.data, metadata };
    }
    version = event.version;
  }
  if (!template) throw new Error('the screening of the long case was not found');
  while (version < events) {
    const batch = Array.from({ length: Math.min(SEED_BATCH, events - version) }, () => ({
      ...template!,
      eventId: uuidv7(),
      metadata: { ...template!.metadata, correlationId: uuidv7(), causationId: uuidv7() },
    }));
    version = (await store.append(streamId, batch, { expectedVersion: version }))
      .nextExpectedVersion;
  }
  return caseId;
}

/** One-event streams appended through the store until the database holds `total` streams. */
async function seedStreams(store: EventStore, pg: Client, total: number): Promise<number> {
  const { rows } = await pg.query<{ n: number }>(
    'SELECT count(DISTINCT stream_id)::int AS n FROM events',
  );
  const missing = Math.max(0, total - rows[0].n);
  await pool(Array.from({ length: missing }), SEED_CONCURRENCY, () =>
    store.append(
      `bench-anchor-${uuidv7()}`,
      [
        {
          eventId: uuidv7(),
          type: 'bench.anchored.v1',
          data: { note: 'one event, so that the stream has a head to anchor' },
          metadata: { actor: { agencyId: 'system', role: 'system' } },
        },
      ],
      { expectedVersion: 'no-stream' },
    ),
  );
  return missing;
}

interface GetRun {
  withLog: boolean;
  result: LoadResult;
  cpu: CpuShare;
  logged: number;
}

async function main(): Promise<void> {
  const started = Date.now();
  const loadAtStart = loadavg()[0];
  const notes: string[] = [];
  let test: TestApp | undefined;
  let generator: LoadGenerator | undefined;
  let pg: Client | undefined;
  const cleanup = async () => {
    generator?.close();
    generator = undefined;
    await pg?.end().catch(() => undefined);
    pg = undefined;
    const app = test;
    test = undefined;
    await app?.close();
  };
  process.once('SIGINT', () => {
    void cleanup().finally(() => process.exit(130));
  });
  try {
    test = await startTestApp('bench_audit', {
      LOG_LEVEL: 'warn',
      SUBSCRIPTION_POLL_INTERVAL_MS: '200',
      // The limiter runs, as in production, with a limit this run never reaches.
      RATE_LIMIT_PER_MINUTE: '1000000',
    });
    const app = test;
    const { port } = app.app.getHttpServer().address() as AddressInfo;
    const origin = `http://127.0.0.1:${port}`;
    const load = (generator = new LoadGenerator());
    const db = (pg = new Client({ connectionString: app.database.url }));
    await db.connect();
    const store = app.app.get<EventStore>(EVENT_STORE);
    const accessLog = app.app.get(CaseAccessLog);
    const progress = (what: string) =>
      console.error(`[${number((Date.now() - started) / 1_000)} s] ${what}`);

    const lead = await registerAgency(app, CAST.fiaIslamabad);
    await registerAgency(app, CAST.darUlAmanLahore);
    const oversight = await registerAgency(app, CAST.oversightCell);
    const asLead = apiClient(origin, lead.officer);
    const officerHeaders = { authorization: `Bearer ${lead.officer}`, 'x-officer-id': OFFICER_ID };
    const auditorHeaders = { authorization: `Bearer ${oversight.auditor}`, 'x-purpose': PURPOSE };
    const adminPost = async (path: string) => {
      const response = await fetch(origin + path, {
        method: 'POST',
        headers: { authorization: `Bearer ${app.adminKey}` },
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`POST ${path}: ${response.status} ${text}`);
      return JSON.parse(text) as { streamCount: number };
    };
    // The scheduler's first look (a minute in) anchors when no anchor exists; one made now keeps
    // it from anchoring 100,000 streams in the middle of a measurement.
    await adminPost('/v1/admin/audit/anchors');

    /** `paths` sent once each, one at a time, from the load generator: per-response latencies. */
    const latencies = async (headers: Record<string, string>, paths: string[]) => {
      const result = await load.load({ origin, method: 'GET', headers, paths, connections: 1 });
      if (result.ok !== paths.length) {
        throw new Error(
          `${result.ok} of ${paths.length} answered 2xx: ${JSON.stringify(result.statuses)}`,
        );
      }
      return result;
    };
    const profiled = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
      const profile = await startProfile();
      try {
        return await work();
      } finally {
        await profile?.stop(`audit-${name}`);
      }
    };

    // Setup, unmeasured except for its own duration.
    progress(
      `building a ${number(HISTORY_EVENTS)}-event and a ${GET_CASE_EVENTS}-event case over HTTP`,
    );
    let t0 = performance.now();
    const historyCase = await buildCase(asLead, HISTORY_EVENTS);
    const getCase = await buildCase(asLead, GET_CASE_EVENTS);
    const buildSec = (performance.now() - t0) / 1_000;
    notes.push(
      `setup: the ${number(HISTORY_EVENTS)}- and ${GET_CASE_EVENTS}-event cases by ${number(HISTORY_EVENTS + GET_CASE_EVENTS - 2)} ` +
        `commands over HTTP, one at a time, in ${number(buildSec, 1)} s`,
    );
    progress(`seeding a ${number(INTEGRITY_EVENTS)}-event case through the store`);
    t0 = performance.now();
    const longCase = await seedLongCase(asLead, store, INTEGRITY_EVENTS);
    const longSec = (performance.now() - t0) / 1_000;
    progress(`seeding streams up to ${number(ANCHOR_STREAMS)} through the store`);
    t0 = performance.now();
    const seeded = await seedStreams(store, db, ANCHOR_STREAMS);
    const seedSec = (performance.now() - t0) / 1_000;
    notes.push(
      `setup: the ${number(INTEGRITY_EVENTS)}-event case opened and screened over HTTP, then ${number(INTEGRITY_EVENTS - 3)} ` +
        `copies of its screening appended through the store in batches of ${number(SEED_BATCH)} (${number(longSec, 1)} s); ` +
        `${number(seeded)} one-event streams appended through the store at concurrency ${SEED_CONCURRENCY} ` +
        `(${number(seedSec, 1)} s, ${number(seeded / seedSec)} appends/s), hashes the store's own`,
    );
    await app.projected();
    // Fresh statistics, as autovacuum would have gathered them on a database this size.
    await db.query('ANALYZE events');
    const bytes = async (path: string, headers: Record<string, string>) =>
      (await (await fetch(origin + path, { headers })).arrayBuffer()).byteLength;

    // 1. History of the 1,000-event case, and the same rows read raw.
    progress('history');
    const historyPath = `/v1/cases/${historyCase}/history?limit=${HISTORY_EVENTS}`;
    const historyBytes = await bytes(historyPath, officerHeaders);
    const history = await profiled('history', () =>
      latencies(
        officerHeaders,
        Array.from({ length: LATENCY_REQUESTS }, () => historyPath),
      ),
    );
    const historyRaw = timing(
      await timed(LATENCY_REQUESTS, () => db.query(RAW_STREAM, [`case-${historyCase}`])),
    );
    // A late page of a long case: the page is small, the read behind it is not.
    const lastPagePath = `/v1/cases/${longCase}/history?fromVersion=${INTEGRITY_EVENTS - 99}&limit=100`;
    const lastPage = await latencies(
      officerHeaders,
      Array.from({ length: LAST_PAGE_REQUESTS }, () => lastPagePath),
    );
    const lastPageRaw = timing(
      await timed(LAST_PAGE_REQUESTS, () =>
        db.query(RAW_PAGE, [`case-${longCase}`, INTEGRITY_EVENTS - 99, 100]),
      ),
    );

    // 2. Integrity of the 10,000-event case stream.
    progress('integrity');
    const longStream = `case-${longCase}`;
    const verified = await store.verifyStream(longStream);
    if (!verified.valid || verified.eventsChecked !== INTEGRITY_EVENTS) {
      throw new Error(`the long case verified as ${JSON.stringify(verified)}`);
    }
    const verify = timing(
      await profiled('verify-stream', () =>
        timed(INTEGRITY_RUNS, () => store.verifyStream(longStream)),
      ),
    );
    const integrityPath = `/v1/cases/${longCase}/integrity`;
    const integrity = await profiled('integrity-http', () =>
      latencies(
        auditorHeaders,
        Array.from({ length: INTEGRITY_RUNS }, () => integrityPath),
      ),
    );
    const integrityRaw = timing(
      await timed(INTEGRITY_RUNS, () => db.query(RAW_STREAM, [longStream])),
    );

    // 4. Anchors over 100,000 streams (before the bundle, which then carries a proof in one).
    progress('anchors');
    const anchorRuns: { ms: number; streams: number; rawMs: number; cpu: CpuShare }[] = [];
    for (let i = 0; i < ANCHOR_RUNS; i++) {
      const ours = await ourPostgresPids(db);
      const before = cpuSample(undefined);
      t0 = performance.now();
      const made = await profiled(`anchor-${i + 1}`, () => adminPost('/v1/admin/audit/anchors'));
      const ms = performance.now() - t0;
      const cpu = cpuShare(before, cpuSample(undefined), ours, 1);
      const [rawMs] = await timed(1, () => db.query(RAW_HEADS));
      anchorRuns.push({ ms, streams: made.streamCount, rawMs, cpu });
    }
    const anchor = timing(anchorRuns.map((r) => r.ms));
    const anchorRaw = timing(anchorRuns.map((r) => r.rawMs));

    // 3. The audit bundle of the 1,000-event case.
    progress('audit bundle');
    const bundlePath = `/v1/cases/${historyCase}/audit-bundle`;
    const bundleBytes = await bytes(bundlePath, auditorHeaders);
    const bundle = await profiled('bundle', () =>
      latencies(
        auditorHeaders,
        Array.from({ length: BUNDLE_REQUESTS }, () => bundlePath),
      ),
    );
    const bundleRaw = timing(
      await timed(BUNDLE_REQUESTS, () =>
        Promise.all([
          db.query(RAW_STREAM, [`case-${historyCase}`]),
          db.query(RAW_STREAM, [`notifications-${historyCase}`]),
        ]),
      ),
    );

    // 5. GET case at 32 connections, with the access log and with its record a no-op.
    progress('GET case, with and without the access log');
    const getSpec: LoadSpec = {
      origin,
      method: 'GET',
      headers: officerHeaders,
      paths: [`/v1/cases/${getCase}`],
      connections: CONNECTIONS,
    };
    await load.load({ ...getSpec, durationSec: WARMUP_SEC });
    const record = accessLog.record;
    const logged = async () =>
      (
        await db.query<{ n: number }>(
          'SELECT count(*)::int AS n FROM case_access_log WHERE case_id = $1',
          [getCase],
        )
      ).rows[0].n;
    const getRuns: GetRun[] = [];
    for (let pair = 0; pair < GET_PAIRS; pair++) {
      for (const withLog of [true, false]) {
        if (!withLog) accessLog.record = async () => undefined;
        try {
          // Reads still in flight when the previous run stopped record their rows meanwhile.
          await new Promise((resolve) => setTimeout(resolve, 250));
          const rowsBefore = await logged();
          const ours = await ourPostgresPids(db);
          const before = cpuSample(load.pid);
          const result = await profiled(
            `get-case-${withLog ? 'with' : 'without'}-log-${pair + 1}`,
            () => load.load({ ...getSpec, durationSec: GET_SEC }),
          );
          const cpu = cpuShare(before, cpuSample(load.pid), ours, result.requests);
          getRuns.push({ withLog, result, cpu, logged: (await logged()) - rowsBefore });
        } finally {
          accessLog.record = record;
        }
      }
    }
    const rate = (r: GetRun) => r.result.ok / r.result.seconds;
    const best = (withLog: boolean) =>
      getRuns.filter((r) => r.withLog === withLog).reduce((a, b) => (rate(b) > rate(a) ? b : a));
    const withLog = best(true);
    const withoutLog = best(false);
    const logRatio = rate(withLog) / rate(withoutLog);

    const ms = (n: number) => `${number(n, 1)} ms`;
    const cpu = cpus();
    console.log(
      `\naudit benchmark — ${cpu.length} × ${cpu[0]?.model.trim() ?? 'cpu'}, Node ${process.version}, ` +
        `PostgreSQL on 127.0.0.1 (pool of ${app.env.DATABASE_POOL_SIZE}), LOG_LEVEL=warn\n`,
    );
    console.log('| scenario | figure | raw read of the same rows, same run | API / raw | target |');
    console.log('|---|--:|--:|--:|---|');
    console.log(
      `| GET …/history?limit=1000, ${number(HISTORY_EVENTS)}-event case, officer, ${LATENCY_REQUESTS} requests one at a time (${number(historyBytes / 1024)} KiB) ` +
        `| p50 ${ms(history.p50Ms)} · p99 ${ms(history.p99Ms)} | p50 ${ms(historyRaw.p50)} · p99 ${ms(historyRaw.p99)} ` +
        `| ${number(history.p50Ms / historyRaw.p50, 1)}× | |`,
    );
    console.log(
      `| GET …/history?fromVersion=${number(INTEGRITY_EVENTS - 99)}&limit=100, last page of the ${number(INTEGRITY_EVENTS)}-event case, ${LAST_PAGE_REQUESTS} requests ` +
        `| p50 ${ms(lastPage.p50Ms)} · p99 ${ms(lastPage.p99Ms)} | p50 ${ms(lastPageRaw.p50)} (those 100 rows) ` +
        `| ${number(lastPage.p50Ms / lastPageRaw.p50, 0)}× | |`,
    );
    console.log(
      `| store.verifyStream, ${number(INTEGRITY_EVENTS)}-event case stream, in process, ${INTEGRITY_RUNS} runs ` +
        `| p50 ${ms(verify.p50)} (${number(verify.min)}–${number(verify.max)}) | p50 ${ms(integrityRaw.p50)} (${number(integrityRaw.min)}–${number(integrityRaw.max)}) ` +
        `| ${number(verify.p50 / integrityRaw.p50, 1)}× | ≤ ${TARGET_INTEGRITY_MS} ms ${verdict(verify.p50 <= TARGET_INTEGRITY_MS)} |`,
    );
    console.log(
      `| GET …/integrity, same stream (+ its notifications stream), auditor, ${INTEGRITY_RUNS} requests ` +
        `| p50 ${ms(integrity.p50Ms)} · max ${ms(integrity.maxMs)} | p50 ${ms(integrityRaw.p50)} ` +
        `| ${number(integrity.p50Ms / integrityRaw.p50, 1)}× | ≤ ${TARGET_INTEGRITY_MS} ms ${verdict(integrity.p50Ms <= TARGET_INTEGRITY_MS)} |`,
    );
    console.log(
      `| GET …/audit-bundle, ${number(HISTORY_EVENTS)}-event case, auditor, ${BUNDLE_REQUESTS} requests one at a time (${number(bundleBytes / 1024)} KiB) ` +
        `| p50 ${ms(bundle.p50Ms)} · p99 ${ms(bundle.p99Ms)} | p50 ${ms(bundleRaw.p50)} · p99 ${ms(bundleRaw.p99)} (both streams) ` +
        `| ${number(bundle.p50Ms / bundleRaw.p50, 1)}× | |`,
    );
    console.log(
      `| POST /v1/admin/audit/anchors, ${number(anchorRuns[0].streams)} streams, ${ANCHOR_RUNS} runs ` +
        `| median ${number(anchor.p50 / 1_000, 2)} s (${anchorRuns.map((r) => number(r.ms / 1_000, 2)).join(' / ')}) ` +
        `| median ${number(anchorRaw.p50 / 1_000, 2)} s (DISTINCT ON heads alone) ` +
        `| ${number(anchor.p50 / anchorRaw.p50, 1)}× | ≤ ${TARGET_ANCHOR_S} s ${verdict(anchor.p50 <= TARGET_ANCHOR_S * 1_000)} |`,
    );
    console.log(
      `| GET /v1/cases/{id}, ${GET_CASE_EVENTS}-event case, ${CONNECTIONS} connections, with the access log (best of ${GET_PAIRS}) ` +
        `| ${number(rate(withLog))} req/s · p99 ${ms(withLog.result.p99Ms)} ` +
        `| without it (best of ${GET_PAIRS}): ${number(rate(withoutLog))} req/s · p99 ${ms(withoutLog.result.p99Ms)} ` +
        `| ${number(logRatio, 2)} | ≥ ${TARGET_LOG_RATIO} × without ${verdict(logRatio >= TARGET_LOG_RATIO)} |`,
    );
    console.log(
      '\nGET case runs in order (the machine is shared: alternated, best of each kept):\n',
    );
    console.log(
      '| run | access log | req/s | p50 ms | p99 ms | non-2xx | rows logged | API CPU ms/req | cores: API · PG · load · other |',
    );
    console.log('|--:|---|--:|--:|--:|--:|--:|--:|--:|');
    getRuns.forEach((r, i) => {
      const failures = r.result.requests - r.result.ok + r.result.errors + r.result.timeouts;
      console.log(
        `| ${i + 1} | ${r.withLog ? 'recorded' : 'record() a no-op'} | ${number(rate(r))} | ${number(r.result.p50Ms, 1)} | ` +
          `${number(r.result.p99Ms, 1)} | ${failures} | ${number(r.logged)} | ${number(r.cpu.apiMsPerRequest, 2)} | ` +
          `${[r.cpu.api, r.cpu.postgres, r.cpu.load, r.cpu.other].map((c) => number(c, 2)).join(' · ')} |`,
      );
    });
    const anchorCpu = anchorRuns.map(
      (r) =>
        `${number(r.cpu.api * (r.ms / 1_000), 2)} s API · ${number(r.cpu.postgres * (r.ms / 1_000), 2)} s PG`,
    );
    notes.push(`anchor CPU per run: ${anchorCpu.join('; ')}`);
    notes.push(
      'raw reads: a plain `pg` client in this process, `SELECT … FROM events WHERE stream_id = $1 ORDER BY version` ' +
        '(the driver parsing data and metadata), one query at a time; for the bundle both streams at once, as the export reads them',
    );
    notes.push(
      "history and bundle latencies are autocannon's per-response times from the forked load generator, one request in flight; " +
        "integrity over HTTP is as an auditor, whom the endpoint lets through on the stream's version alone (an officer would have the case replayed first)",
    );
    for (const note of notes) console.log(`- ${note}`);
    console.log(
      `\nload average ${number(loadAtStart, 2)} at start, ${number(loadavg()[0], 2)} at end; run took ${number((Date.now() - started) / 1_000)} s`,
    );
    console.log(
      `SUMMARY integrity_10k_ms=${integrity.p50Ms.toFixed(1)} anchor_100k_s=${(anchor.p50 / 1_000).toFixed(2)} ` +
        `get_case_with_log_per_s=${Math.round(rate(withLog))} get_case_without_log_per_s=${Math.round(rate(withoutLog))} ` +
        `history_1k_p99_ms=${history.p99Ms.toFixed(1)}`,
    );
  } finally {
    await cleanup();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
