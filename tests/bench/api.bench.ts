/**
 * API benchmark: `npm run bench:api`.
 *
 * Boots the real API (tests/support/test-app.ts: a fresh sr_test_* database on the machine's
 * PostgreSQL, listening on 127.0.0.1) and drives it with autocannon from a forked process
 * (tests/bench/api-load.ts), so the load generator never shares the API's event loop:
 *
 * 1. open cases: POST /v1/cases at concurrency 32 for a fixed time, after a warm-up;
 * 2. referral acknowledge: cases with screening + consent + referral to a shelter, prepared by
 *    concurrent requests (not measured), then each referral acknowledged once at concurrency 32;
 * 3. GET of one case of 200 events at concurrency 32 and 1;
 * 4. the raw event-store append rate of the same run: the app's own EventStore, one-event appends
 *    to new streams at concurrency 32, no HTTP.
 *
 * Where the CPU went is measured by cpu.ts; the table is api-report.ts. Prints a Markdown table. Targets (≥ 1,000 commands/s, p99 ≤ 100 ms for commands) are reported
 * PASS/BELOW, never asserted: the process fails only on errors of the harness itself.
 */
import { ChildProcess, fork } from 'node:child_process';
import { AddressInfo } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { EVENT_STORE, EventStore, NewEvent } from '@app/event-store';
import { ReadModelRunner } from '@app/projections';
import { registerAgency, startTestApp, TestApp } from '../support/test-app';
import { OPEN_CASE_BODY } from '../support/fixtures';
import {
  apiClient,
  commandHeaders,
  LEAD,
  OFFICER_ID,
  PrepareReferrals,
  SCREENING,
  SHARE_CONSENT,
  SHELTER,
} from './api-fixtures';
import type { LoadJob, LoadResult, LoadSpec } from './api-load';
import { DRAIN_TIMEOUT_MS, number, Row, table, TARGET_P99_MS, TARGET_RATE } from './api-report';
import { cpuSample, cpuShare, ourPostgresPids, startProfile } from './cpu';

const CONNECTIONS = 32;
const WARMUP_SEC = 3;
const OPEN_SEC = 10;
const GET_SEC = 5;
const GET_SINGLE_SEC = 3;
const APPEND_SEC = 4;
const CASE_EVENTS = 200;
/** Referrals to acknowledge: about this many seconds at the rate cases were opened, bounded. */
const ACK_SECONDS_AT_OPEN_RATE = 4;
const ACK_MIN = 1_000;
const ACK_MAX = 6_000;
const SETUP_CONCURRENCY = 32;

/** One forked load generator for the whole run. */
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
    return this.send({ kind: 'load', spec });
  }

  prepare(spec: PrepareReferrals): Promise<string[]> {
    return this.send({ kind: 'prepare', spec });
  }

  close(): void {
    if (this.child.connected) this.child.disconnect();
    if (this.child.exitCode === null) this.child.kill();
  }

  private send<T>(job: LoadJob): Promise<T> {
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null) =>
        reject(new Error(`load generator exited with ${code}`));
      this.child.once('exit', onExit);
      this.child.once('message', (message: { result?: T; error?: string }) => {
        this.child.off('exit', onExit);
        if (message.error === undefined) resolve(message.result as T);
        else reject(new Error(`load generator: ${message.error}`));
      });
      this.child.send(job);
    });
  }
}

function streamEvent(): NewEvent {
  return {
    eventId: uuidv7(),
    type: 'bench.appended.v1',
    data: {
      referralId: uuidv7(),
      fromAgencyId: LEAD.agencyId,
      toAgencyId: SHELTER.agencyId,
      services: ['shelter', 'medical'],
      urgency: 'emergency',
    },
    metadata: {
      actor: { agencyId: LEAD.agencyId, officerId: OFFICER_ID, role: 'officer' },
      correlationId: uuidv7(),
      causationId: uuidv7(),
    },
  };
}

/**
 * One-event appends to new streams through the app's own EventStore for `seconds`, at
 * `concurrency`. The streams are not case streams, so the read models skip them.
 */
async function rawAppends(store: EventStore, concurrency: number, seconds: number) {
  const latencies: number[] = [];
  const started = performance.now();
  const deadline = started + seconds * 1_000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        const event = streamEvent();
        const t0 = performance.now();
        await store.append(`bench-${uuidv7()}`, [event], { expectedVersion: 'no-stream' });
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1_000;
  const sorted = latencies.sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)];
  return { appends: sorted.length, seconds: elapsed, p50Ms: at(0.5), p99Ms: at(0.99) };
}

/** How long the read models take to catch up with everything written so far (ms), or null. */
async function drain(test: TestApp): Promise<number | null> {
  const t0 = performance.now();
  try {
    await test.app.get(ReadModelRunner).caughtUp(DRAIN_TIMEOUT_MS);
    return performance.now() - t0;
  } catch {
    return null;
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  const loadAtStart = loadavg()[0];
  const rows: Row[] = [];
  const notes: string[] = [];
  let test: TestApp | undefined;
  let generator: LoadGenerator | undefined;
  let monitor: Client | undefined;
  const cleanup = async () => {
    generator?.close();
    generator = undefined;
    await monitor?.end().catch(() => undefined);
    monitor = undefined;
    const app = test;
    test = undefined;
    await app?.close();
  };
  process.once('SIGINT', () => {
    void cleanup().finally(() => process.exit(130));
  });
  try {
    test = await startTestApp('bench_api', {
      LOG_LEVEL: 'warn',
      // Production's default; the test harness polls faster.
      SUBSCRIPTION_POLL_INTERVAL_MS: '200',
      // One key drives the whole load: the limiter runs (one Redis round trip per request, as
      // in production) with a limit this run never reaches.
      RATE_LIMIT_PER_MINUTE: '1000000',
    });
    const app = test;
    const { port } = app.app.getHttpServer().address() as AddressInfo;
    const origin = `http://127.0.0.1:${port}`;
    const load = (generator = new LoadGenerator());
    const pg = (monitor = new Client({ connectionString: app.database.url }));
    await pg.connect();

    const lead = await registerAgency(app, LEAD);
    const shelter = await registerAgency(app, SHELTER);
    const asLead = apiClient(origin, lead.officer);

    /** One measured autocannon run, with the CPU each party used meanwhile. */
    const measure = async (
      scenario: string,
      spec: LoadSpec,
      command: boolean,
    ): Promise<LoadResult> => {
      console.error(`${scenario}, ${spec.connections} connections ...`);
      const profile = await startProfile();
      const before = cpuSample(load.pid);
      const result = await load.load(spec);
      const after = cpuSample(load.pid);
      await profile?.stop(`${rows.length + 1}-${scenario}`);
      const cpu = cpuShare(before, after, await ourPostgresPids(pg), result.requests);
      // Commands feed the read models; the next scenario starts once they have caught up.
      const drainMs = command ? await drain(app) : undefined;
      rows.push({ scenario, connections: spec.connections, result, cpu, command, drainMs });
      return result;
    };

    // 1. Open cases.
    const openSpec: LoadSpec = {
      origin,
      method: 'POST',
      headers: commandHeaders(lead.officer),
      body: JSON.stringify(OPEN_CASE_BODY),
      paths: ['/v1/cases'],
      connections: CONNECTIONS,
    };
    console.error(`warm-up (${WARMUP_SEC} s of opening cases) ...`);
    await load.load({ ...openSpec, durationSec: WARMUP_SEC });
    await drain(app);
    const opened = await measure(
      'POST /v1/cases (open case)',
      { ...openSpec, durationSec: OPEN_SEC },
      true,
    );

    // 2. Referral acknowledge: fresh cases, each screened, consented and referred (unmeasured,
    //    sent by the load generator's process), then every referral acknowledged once.
    const ackCount = Math.round(
      Math.min(ACK_MAX, Math.max(ACK_MIN, (opened.ok / opened.seconds) * ACK_SECONDS_AT_OPEN_RATE)),
    );
    console.error(`preparing ${number(ackCount)} referrals ...`);
    const setupStarted = performance.now();
    const referrals = await load.prepare({
      origin,
      leadKey: lead.officer,
      openCaseBody: OPEN_CASE_BODY,
      count: ackCount,
      concurrency: SETUP_CONCURRENCY,
    });
    const setupSec = (performance.now() - setupStarted) / 1_000;
    notes.push(
      `acknowledge setup (unmeasured): ${number(ackCount)} cases × 4 commands (open, screening, consent, referral), ` +
        `fetch at concurrency ${SETUP_CONCURRENCY}: ${number(setupSec, 1)} s = ${number((ackCount * 4) / setupSec)} commands/s`,
    );
    await drain(app);
    await measure(
      'POST /v1/cases/{id}/referrals/{id}/acknowledge',
      {
        origin,
        method: 'POST',
        headers: commandHeaders(shelter.officer),
        body: '{}',
        paths: referrals,
        connections: CONNECTIONS,
      },
      true,
    );

    // 3. GET one case of 200 events: opened (1), first screening (+ reflection period: 2), then
    //    alternating consents and screenings of one event each.
    const { caseId } = await asLead<{ caseId: string }>('POST', '/v1/cases', OPEN_CASE_BODY);
    let version = (
      await asLead<{ version: number }>('POST', `/v1/cases/${caseId}/screenings`, SCREENING)
    ).version;
    for (let i = 0; version < CASE_EVENTS; i++) {
      version = (
        i % 2 === 0
          ? await asLead<{ version: number }>('POST', `/v1/cases/${caseId}/consents`, {
              ...SHARE_CONSENT,
              decision: i % 4 === 0 ? 'given' : 'withdrawn',
            })
          : await asLead<{ version: number }>('POST', `/v1/cases/${caseId}/screenings`, SCREENING)
      ).version;
    }
    if (version !== CASE_EVENTS) throw new Error(`the case was built to ${version} events`);
    const view = await asLead<unknown>('GET', `/v1/cases/${caseId}`);
    notes.push(
      `GET case: one case of ${CASE_EVENTS} events read by the lead agency's officer (stream replayed, ` +
        `personal data opened, access logged), ${number(JSON.stringify(view).length)}-byte response`,
    );
    await drain(app);
    const getSpec: LoadSpec = {
      origin,
      method: 'GET',
      headers: { authorization: `Bearer ${lead.officer}`, 'x-officer-id': OFFICER_ID },
      paths: [`/v1/cases/${caseId}`],
      connections: CONNECTIONS,
    };
    const getCase = `GET /v1/cases/{id} (${CASE_EVENTS} events)`;
    await measure(getCase, { ...getSpec, durationSec: GET_SEC }, false);
    await measure(getCase, { ...getSpec, connections: 1, durationSec: GET_SINGLE_SEC }, false);

    // 4. Raw event-store appends: same process, same pool, same database, no HTTP.
    console.error('raw event-store appends ...');
    const raw = await rawAppends(app.app.get<EventStore>(EVENT_STORE), CONNECTIONS, APPEND_SEC);

    const cpu = cpus();
    console.log(table(rows));
    console.log(
      `\n**Raw event-store append rate, same run: ${number(raw.appends / raw.seconds)} appends/s** ` +
        `(the app's EventStore and pool, one-event appends to new streams, concurrency ${CONNECTIONS}, ` +
        `no HTTP; p50 ${number(raw.p50Ms, 1)} ms, p99 ${number(raw.p99Ms, 1)} ms, ${number(raw.appends)} appends in ${number(raw.seconds, 1)} s)`,
    );
    console.log(
      `\n- targets for commands: ≥ ${number(TARGET_RATE)} commands/s with p99 ≤ ${TARGET_P99_MS} ms; reported, not asserted`,
    );
    console.log(
      '- cores: CPU time over wall time during the run, of the API process (projections included), ' +
        "the bench database's postgres backends with the server's background processes, the load generator, " +
        "and everything else on the machine (other databases' backends and other users' work included)",
    );
    console.log(
      '- read-model catch-up: after a command scenario, until the case list and inboxes reflect every event',
    );
    for (const note of notes) console.log(`- ${note}`);
    console.log(
      `\n${cpu.length} × ${cpu[0]?.model.trim()}, Node ${process.version}, PostgreSQL on 127.0.0.1 ` +
        `(pool of ${app.env.DATABASE_POOL_SIZE}), LOG_LEVEL=warn, autocannon in a process of its own; ` +
        `load average ${number(loadAtStart, 2)} at start, ${number(loadavg()[0], 2)} at end; ` +
        `run took ${number((Date.now() - started) / 1_000)} s`,
    );
    // The machine-readable last line: each scenario's rate and p99, and the raw append limit.
    const key = (row: Row) =>
      `${row.scenario.startsWith('GET') ? 'get_case' : row.scenario.includes('acknowledge') ? 'acknowledge' : 'open_case'}_c${row.connections}`;
    const figures = rows.flatMap((row) => [
      `${key(row)}_per_s=${Math.round(row.result.ok / row.result.seconds)}`,
      `${key(row)}_p99_ms=${row.result.p99Ms.toFixed(1)}`,
    ]);
    console.log(
      `SUMMARY ${figures.join(' ')} raw_appends_per_s=${Math.round(raw.appends / raw.seconds)}`,
    );
  } finally {
    await cleanup();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
