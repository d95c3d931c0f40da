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
 * Prints a Markdown table. Targets (≥ 1,000 commands/s, p99 ≤ 100 ms for commands) are reported
 * PASS/BELOW, never asserted: the process fails only on errors of the harness itself.
 */
import { ChildProcess, fork } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { AddressInfo } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { EVENT_STORE, EventStore, NewEvent } from '@app/event-store';
import { ReadModelRunner } from '@app/projections';
import { OPEN_CASE_BODY, registerAgency, startTestApp, TestApp } from '../support/test-app';
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
const DRAIN_TIMEOUT_MS = 20_000;
const TARGET_RATE = 1_000;
const TARGET_P99_MS = 100;

/** CPU time (ms) used so far: the API process, the load generator, postgres processes, the machine. */
interface CpuSample {
  wallMs: number;
  api: number;
  load: number;
  postgres: Map<string, number>;
  machineBusy: number;
}

interface CpuShare {
  /** CPU of the API process per request, ms. */
  apiMsPerRequest: number;
  /** Cores kept busy on average by each party. */
  api: number;
  postgres: number;
  load: number;
  other: number;
}

interface Row {
  scenario: string;
  connections: number;
  result: LoadResult;
  cpu: CpuShare;
  /** Commands are held to the targets; reads are not. */
  command: boolean;
  drainMs?: number | null;
}

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** utime + stime of a process from /proc, in ms; 0 when it is gone. */
function processCpuMs(pid: number | string): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  } catch {
    return 0;
  }
}

/** CPU ms of every postgres process of the machine (other databases' backends included), by pid. */
function postgresCpuMs(): Map<string, number> {
  const byPid = new Map<string, number>();
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres') {
        byPid.set(pid, processCpuMs(pid));
      }
    } catch {
      // gone meanwhile
    }
  }
  return byPid;
}

/**
 * CPU used between two samples by the postgres processes in `ours` (alive at the second sample;
 * exited ones are left out).
 */
function postgresDelta(
  before: Map<string, number>,
  after: Map<string, number>,
  ours: Set<string>,
): number {
  let total = 0;
  for (const [pid, ms] of after) {
    if (ours.has(pid)) total += Math.max(0, ms - (before.get(pid) ?? 0));
  }
  return total;
}

/**
 * The backends of the bench's database and the server's background processes (WAL writer,
 * checkpointer ...), which serve it too; not the other databases' backends.
 */
async function ourPostgresPids(monitor: Client): Promise<Set<string>> {
  const { rows } = await monitor.query<{ pid: string }>(
    'SELECT pid::text AS pid FROM pg_stat_activity WHERE datname = current_database() OR datname IS NULL',
  );
  return new Set(rows.map((row) => row.pid));
}

function machineBusyMs(): number {
  const [, ...values] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
  const [user, nice, system, , , irq, softirq, steal] = values.map(Number);
  return (user + nice + system + irq + softirq + steal) * TICK_MS;
}

function cpuSample(loadPid: number | undefined): CpuSample {
  return {
    wallMs: performance.now(),
    api: processCpuMs(process.pid),
    load: loadPid ? processCpuMs(loadPid) : 0,
    postgres: postgresCpuMs(),
    machineBusy: machineBusyMs(),
  };
}

function cpuShare(
  before: CpuSample,
  after: CpuSample,
  ours: Set<string>,
  requests: number,
): CpuShare {
  const wall = after.wallMs - before.wallMs;
  const api = after.api - before.api;
  const postgres = postgresDelta(before.postgres, after.postgres, ours);
  const load = after.load - before.load;
  const busy = after.machineBusy - before.machineBusy;
  return {
    apiMsPerRequest: api / Math.max(1, requests),
    api: api / wall,
    postgres: postgres / wall,
    load: load / wall,
    other: Math.max(0, busy - api - postgres - load) / wall,
  };
}

/**
 * With BENCH_CPU_PROFILE=<dir>, the API process's CPU profile of each measured scenario is
 * written there (`.cpuprofile`, for Chrome DevTools or speedscope); the profiler slows the API.
 */
async function startProfile(): Promise<{ stop(name: string): Promise<void> } | undefined> {
  const dir = process.env.BENCH_CPU_PROFILE;
  if (!dir) return undefined;
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return {
    async stop(name) {
      const { profile } = await session.post('Profiler.stop');
      session.disconnect();
      await mkdir(dir, { recursive: true });
      const file = join(dir, `${name.replace(/[^\w.-]+/g, '_')}.cpuprofile`);
      await writeFile(file, JSON.stringify(profile));
      console.error(`CPU profile written to ${file}`);
    },
  };
}

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
      fromAgencyId: LEAD,
      toAgencyId: SHELTER,
      services: ['shelter', 'medical'],
      urgency: 'emergency',
    },
    metadata: {
      actor: { agencyId: LEAD, officerId: OFFICER_ID, role: 'officer' },
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

const number = (n: number, digits = 0) =>
  Number.isFinite(n)
    ? n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })
    : '–';

function verdict(rate: number, p99Ms: number): string {
  const misses = [
    rate < TARGET_RATE ? `< ${number(TARGET_RATE)}/s` : '',
    p99Ms > TARGET_P99_MS ? `p99 > ${TARGET_P99_MS} ms` : '',
  ].filter(Boolean);
  return misses.length === 0 ? 'PASS' : `BELOW (${misses.join(', ')})`;
}

function table(rows: Row[]): string {
  const lines = [
    '| scenario | conn | requests | req/s | p50 ms | p99 ms | max ms | errors (non-2xx) | target | API CPU ms/req | cores: API · PG · load · other | read-model catch-up |',
    '|---|--:|--:|--:|--:|--:|--:|--:|---|--:|--:|--:|',
  ];
  for (const { scenario, connections, result: r, cpu, command, drainMs } of rows) {
    const rate = r.ok / r.seconds;
    const failures = r.requests - r.ok + r.errors + r.timeouts;
    const other = Object.entries(r.statuses)
      .filter(([status]) => !status.startsWith('2'))
      .map(([status, count]) => `${count}×${status}`);
    if (r.errors) other.push(`${r.errors} socket errors`);
    if (r.timeouts) other.push(`${r.timeouts} timeouts`);
    const cells = [
      scenario,
      String(connections),
      number(r.requests),
      number(rate),
      number(r.p50Ms, 1),
      number(r.p99Ms, 1),
      number(r.maxMs, 1),
      failures === 0 ? '0' : `${failures} (${other.join(', ')})`,
      command ? verdict(rate, r.p99Ms) : '',
      number(cpu.apiMsPerRequest, 2),
      [cpu.api, cpu.postgres, cpu.load, cpu.other].map((c) => number(c, 2)).join(' · '),
      drainMs === undefined
        ? ''
        : drainMs === null
          ? `> ${DRAIN_TIMEOUT_MS / 1_000} s`
          : `${number(drainMs / 1_000, 1)} s`,
    ];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
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

    const lead = await registerAgency(app, LEAD, {
      type: 'fia',
      province: 'islamabad-capital-territory',
    });
    const shelter = await registerAgency(app, SHELTER, { type: 'shelter', province: 'punjab' });
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
  } finally {
    await cleanup();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
