/**
 * Statistics benchmark: `npm run bench:statistics`.
 *
 * The real API in this process (tests/support/test-app.ts: a fresh sr_test_* database on the
 * machine's PostgreSQL, listening on 127.0.0.1), on a log of BENCH_CASES (100,000) cases:
 *
 * 1. seeding: the cases' events appended through the app's own event store (hashes the store's
 *    own), in four passes so that the log interleaves cases as a real one does: opening (with
 *    its screening and reflection period for most), referrals (about half the cases), what the
 *    receiving agencies did with them, closures. The codes are drawn with fixed weights from a
 *    seeded generator (skewed, as real figures are, so that small cells exist and suppression
 *    has work); the read models and the statistics are paused meanwhile, the notification relay
 *    runs as in production and is waited for;
 * 2. rebuild of each projection (`read-models`, `statistics`) alone, then of every projection in
 *    one read of the log (what `projections:rebuild -- --all` does), by the app's
 *    ProjectionRebuilds, each beside the raw rate of `store.readAll(position, 2000)` pages over
 *    the same log in the same run (reading, nothing done with the events);
 * 3. GET /v1/statistics/victims grouped by sex, province and exploitationType and
 *    GET /v1/statistics/referrals grouped by toAgencyType, service and urgency, over the whole
 *    period, one request at a time, as an officer (small-cell suppression on) and as an auditor
 *    (off). Each request is a question of its own (its `from` a day further back, before the
 *    log starts), so its answer is computed; the officer queries are then asked again the same
 *    each time, answered from what StatisticsAnswers keeps for the projection's position.
 *    Beside them the statement each endpoint sends (captured from its query function) run
 *    directly with `pg`, and the suppression of the victims table in this process.
 *
 * Targets (rebuild ≥ 0.5 × the raw readAll rate; p99 ≤ 100 ms) are reported PASS/BELOW,
 * never asserted. BENCH_CPU_PROFILE=<dir> writes this process's CPU profile of each rebuild and
 * query scenario there (cpu.ts). The last line is `SUMMARY rebuild_events_per_s=… (the log's
 * events over the time to rebuild every projection in one read of the log) raw_read_all_per_s=…
 * query_p50_ms=… query_p99_ms=…` (the slower of the two officer queries, computed)
 * kept_query_p50_ms=… kept_query_p99_ms=…` (the same, answered from the answers kept).
 */
import { AddressInfo } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { Client } from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { ErasedCaseKeysRunner } from '@app/cases';
import { Queryable } from '@app/database';
import {
  CLOSURE_REASONS,
  DECLINE_REASONS,
  SERVICES,
  type AgeGroup,
  type ClosureReason,
  type CrimeType,
  type DeclineReason,
  type ExploitationType,
  type IdentificationSource,
  type Province,
  type Service,
  type Sex,
  type TraffickingStatus,
} from '@app/domain';
import {
  EVENT_STORE,
  EventStore,
  GlobalPosition,
  NewEvent,
  START_POSITION,
} from '@app/event-store';
import { NotificationRelayRunner } from '@app/notifications';
import { ProjectionRebuilds, ReadModelRunner, RebuildProgress } from '@app/projections';
import { StatisticsRunner } from '@app/statistics';
import { suppressTable } from '../../libs/statistics/src/disclosure/cell-suppression';
import { referralStatistics } from '../../libs/statistics/src/queries/referral-statistics';
import { victimStatistics } from '../../libs/statistics/src/queries/victim-statistics';
import { CAST, CastAgency } from '../support/fixtures';
import { registerAgency, startTestApp, TestApp } from '../support/test-app';
import { pool } from './api-fixtures';
import { number } from './api-report';
import { cpuSample, cpuShare, CpuShare, ourPostgresPids, startProfile } from './cpu';
import { seededRandom } from '../support/seeded-random';

const CASES = Number(process.env.BENCH_CASES ?? 100_000);
const SEED_CONCURRENCY = 32;
const PAGE = 2_000;
const QUERY_REQUESTS = Number(process.env.BENCH_QUERY_REQUESTS ?? 300);
const AUDITOR_REQUESTS = Math.min(100, QUERY_REQUESTS);
const RAW_QUERIES = 100;
const WARMUP = 10;
/** A scenario stops early past this (a query that takes seconds would take the whole run). */
const SCENARIO_BUDGET_MS = 45_000;
const SLOW_REQUESTS = 20;
const TARGET_REBUILD_RATIO = 0.5;
const TARGET_P99_MS = 100;
const SEED = 20261202;
const OFFICER_ID = 'officer-bench';
const PURPOSE = 'Annual TIP figures for the national report';

const FROM = '2025-01-01';
const TO = '2026-12-31';
const LOG_START = Date.parse('2025-01-01T00:00:00Z');
/** The seeded history ends here: nothing is dated after it. */
const LOG_END = Date.parse('2026-12-01T00:00:00Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The rebuild of every projection at once (ProjectionRebuilds.startAll). */
const ALL = 'every projection';
/**
 * The officer queries, each request over the whole log: `from` moves one day further back each
 * time (the log starts after all of them), so that each is a question of its own and computed,
 * not an answer kept for the projection's position (StatisticsAnswers). `kept` asks the same
 * question every time.
 */
const dayBefore = (i: number) => new Date(LOG_START - (i + 1) * DAY).toISOString().slice(0, 10);
const victimsPath = (i: number) =>
  `/v1/statistics/victims?groupBy=sex,province,exploitationType&from=${dayBefore(i)}&to=${TO}`;
const referralsPath = (i: number) =>
  `/v1/statistics/referrals?groupBy=toAgencyType,service,urgency&from=${dayBefore(i)}&to=${TO}`;
const kept = (path: (i: number) => string) => () => path(0);

/**
 * The first statement a statistics query sends, as the endpoint sends it: captured from the
 * query itself, run against a recorder that answers no rows (what it does with none is not
 * needed, so its failing on them is ignored).
 */
async function firstStatement(
  query: (db: Queryable) => Promise<unknown>,
): Promise<{ sql: string; params: unknown[] }> {
  const sent: Array<{ sql: string; params: unknown[] }> = [];
  const recorder: Queryable = {
    query: async <Row>(sql: string, params: unknown[] = []) => {
      sent.push({ sql, params });
      return { rows: [] as Row[] };
    },
  };
  await query(recorder).catch(() => undefined);
  return sent[0];
}

// ---------------------------------------------------------------------------------------------
// The seeded cases: codes drawn with fixed weights from a generator seeded per case.

type Weighted<T> = ReadonlyArray<readonly [T, number]>;

function pick<T>(rand: () => number, choices: Weighted<T>): T {
  const total = choices.reduce((sum, [, w]) => sum + w, 0);
  let x = rand() * total;
  for (const [value, w] of choices) {
    x -= w;
    if (x < 0) return value;
  }
  return choices[choices.length - 1][0];
}

function pickDistinct<T>(rand: () => number, choices: Weighted<T>, n: number): T[] {
  const picked = new Set<T>();
  while (picked.size < n) picked.add(pick(rand, choices));
  return [...picked];
}

const uniform = <T>(values: readonly T[]): Weighted<T> => values.map((v) => [v, 1] as const);

/** A uuid v7 of the given time whose random bits come from `rand`: the same in every pass. */
function uuidAt(rand: () => number, msecs: number): string {
  const random = new Uint8Array(16);
  for (let i = 0; i < 16; i++) random[i] = Math.floor(rand() * 256);
  return uuidv7({ msecs, random });
}

/** Leads (FIA, police, a few NGOs and social welfare) and receivers (shelters, NGOs, welfare). */
const AGENCIES: CastAgency[] = [
  CAST.fiaAhtcLahore,
  CAST.fiaIslamabad,
  CAST.fiaIslamabadZone,
  CAST.fiaKarachi,
  CAST.fiaLahore,
  CAST.fiaPeshawar,
  CAST.fiaPeshawarCircle,
  CAST.fiaQuetta,
  CAST.policeHyderabad,
  CAST.policeQuetta,
  CAST.darUlAmanLahore,
  CAST.darUlAmanMultan,
  CAST.shelterKarachi,
  CAST.shelterMardan,
  CAST.shelterPeshawar,
  CAST.shelterRawalpindi,
  CAST.ngoLegalHelp,
  CAST.ngoQuetta,
  CAST.swdKp,
  CAST.swdPunjab,
];
const LEAD_WEIGHT: Record<string, number> = { fia: 9, police: 5, ngo: 1, 'social-welfare': 1 };
const LEADS: Weighted<CastAgency> = AGENCIES.filter((a) => LEAD_WEIGHT[a.type]).map(
  (a) => [a, LEAD_WEIGHT[a.type]] as const,
);
const RECEIVER_WEIGHT: Record<string, number> = { shelter: 4, ngo: 3, 'social-welfare': 3 };
const RECEIVERS = AGENCIES.filter((a) => RECEIVER_WEIGHT[a.type]);

const PROVINCES: Weighted<Province> = [
  ['punjab', 45],
  ['sindh', 20],
  ['khyber-pakhtunkhwa', 15],
  ['balochistan', 10],
  ['islamabad-capital-territory', 6],
  ['gilgit-baltistan', 2],
  ['azad-jammu-kashmir', 2],
];
const DISTRICTS: Record<Province, Weighted<string>> = {
  punjab: [
    ['Lahore', 5],
    ['Multan', 2],
    ['Rawalpindi', 2],
    ['Faisalabad', 2],
    ['Gujranwala', 1],
  ],
  sindh: [
    ['Karachi', 5],
    ['Hyderabad', 2],
    ['Sukkur', 1],
  ],
  'khyber-pakhtunkhwa': [
    ['Peshawar', 4],
    ['Mardan', 2],
    ['Swat', 1],
  ],
  balochistan: [
    ['Quetta', 4],
    ['Gwadar', 1],
    ['Turbat', 1],
  ],
  'islamabad-capital-territory': [['Islamabad', 1]],
  'gilgit-baltistan': [['Gilgit', 1]],
  'azad-jammu-kashmir': [
    ['Muzaffarabad', 2],
    ['Mirpur', 1],
  ],
};
const SEXES: Weighted<Sex> = [
  ['female', 55],
  ['male', 40],
  ['transgender', 3],
  ['unknown', 2],
];
const AGE_GROUPS: Weighted<AgeGroup> = [
  ['adult', 62],
  ['child', 33],
  ['unknown', 5],
];
const CITIZENSHIPS: Weighted<string> = [
  ['PK', 78],
  ['AF', 9],
  ['BD', 5],
  ['IN', 2],
  ['MM', 2],
  ['NP', 1.5],
  ['LK', 1],
  ['IR', 1],
  ['CN', 0.5],
];
const CRIME_TYPES: Weighted<CrimeType> = [
  ['tip', 60],
  ['som', 25],
  ['tip-and-som', 10],
  ['undetermined', 5],
];
const SOURCES: Weighted<IdentificationSource> = [
  ['airport-interception', 25],
  ['border-interception', 15],
  ['raid', 15],
  ['hotline', 10],
  ['self-referral', 8],
  ['ngo-outreach', 12],
  ['police-complaint', 12],
  ['other', 3],
];
const EXPLOITATION: Weighted<ExploitationType> = [
  ['sexual-exploitation', 25],
  ['forced-labour', 22],
  ['bonded-labour', 15],
  ['domestic-servitude', 12],
  ['forced-begging', 8],
  ['forced-marriage', 8],
  ['child-labour', 6],
  ['forced-criminality', 2],
  ['other', 1.5],
  ['organ-removal', 0.5],
];
const SCREENINGS: Weighted<TraffickingStatus> = [
  ['possible', 45],
  ['actual', 40],
  ['not-a-victim', 15],
];
const INDICATORS = uniform([
  'documents-withheld',
  'debt-bondage',
  'restricted-movement',
  'deception',
  'physical-abuse',
  'no-wages',
]);
const SERVICE_CHOICES: Weighted<Service> = SERVICES.map(
  (s, i) => [s, Math.max(1, 10 - i)] as const,
);
const DECLINES: Weighted<DeclineReason> = DECLINE_REASONS.map((r, i) => [r, 5 - i] as const);
const CLOSURES: Weighted<ClosureReason> = CLOSURE_REASONS.map((r, i) => [r, 7 - i] as const);

interface SeededCase {
  streamId: string;
  /** The case's events in the four passes: opening, referrals, their answers, closure. */
  passes: NewEvent[][];
}

const iso = (ms: number) => new Date(ms).toISOString();
const actor = (agencyId: string, officer = true) =>
  officer
    ? { agencyId, officerId: `off-${agencyId.length % 7}`, role: 'officer' }
    : { agencyId: 'system', role: 'system' };

/** Case `i`, drawn from its own seed: the same events (ids aside) in every pass. */
function seededCase(i: number): SeededCase {
  const rand = seededRandom(SEED + i * 7919);
  const lead = pick(rand, LEADS);
  const province = rand() < 0.8 ? (lead.province as Province) : pick(rand, PROVINCES);
  const identified = LOG_START + rand() * (LOG_END - LOG_START - 30 * DAY);
  const opened = identified + rand() * 48 * HOUR;
  const caseId = uuidAt(rand, opened);
  const crimeType = pick(rand, CRIME_TYPES);
  const event = (type: string, at: number, data: unknown, by: string, officer = true) =>
    ({
      eventId: '',
      type,
      data,
      metadata: { actor: actor(by, officer), recordedAt: iso(at) },
    }) satisfies NewEvent;
  const opening = [
    event(
      'case.opened.v1',
      opened,
      {
        caseId,
        leadAgencyId: lead.agencyId,
        openedBy: `off-${lead.agencyId.length % 7}`,
        openedAt: iso(opened),
        identifiedAt: iso(identified),
        identificationSource: pick(rand, SOURCES),
        location: { province, district: pick(rand, DISTRICTS[province]) },
        crimeType,
        victim: {
          sex: pick(rand, SEXES),
          ageGroup: pick(rand, AGE_GROUPS),
          citizenship: pick(rand, CITIZENSHIPS),
          personal: null,
        },
        exploitationTypes: pickDistinct(rand, EXPLOITATION, rand() < 0.2 ? 2 : 1),
        indicators: pickDistinct(rand, INDICATORS, 1 + Math.floor(rand() * 3)),
      },
      lead.agencyId,
    ),
  ];
  let last = opened;
  if (rand() < 0.85) {
    const status = pick(rand, SCREENINGS);
    const at = opened + (1 + rand() * 72) * HOUR;
    last = at;
    opening.push(
      event(
        'case.screened.v1',
        at,
        {
          traffickingStatus: status,
          previousStatus: 'unassessed',
          indicators: [],
          notes: null,
          screenedAt: iso(at),
        },
        lead.agencyId,
      ),
    );
    if (status !== 'not-a-victim') {
      opening.push(
        event(
          'reflection-period.started.v1',
          at,
          { startedAt: iso(at), endsAt: iso(at + 30 * DAY) },
          lead.agencyId,
        ),
      );
    }
  }
  const referrals: NewEvent[] = [];
  const answers: NewEvent[] = [];
  const referralCount = rand() < 0.5 ? (rand() < 0.1 ? 2 : 1) : 0;
  for (let r = 0; r < referralCount; r++) {
    const sameProvince = RECEIVERS.filter((a) => a.province === province);
    const to =
      sameProvince.length > 0 && rand() < 0.7
        ? pick(
            rand,
            sameProvince.map((a) => [a, RECEIVER_WEIGHT[a.type]] as const),
          )
        : pick(
            rand,
            RECEIVERS.map((a) => [a, RECEIVER_WEIGHT[a.type]] as const),
          );
    const urgency = rand() < 0.3 ? 'emergency' : 'routine';
    const requested = opened + (2 + rand() * 120) * HOUR;
    const acknowledgeBy = requested + (urgency === 'emergency' ? 4 : 48) * HOUR;
    const referralId = uuidAt(rand, requested);
    referrals.push(
      event(
        'referral.requested.v1',
        requested,
        {
          referralId,
          fromAgencyId: lead.agencyId,
          toAgencyId: to.agencyId,
          services: pickDistinct(rand, SERVICE_CHOICES, 1 + Math.floor(rand() * 3)),
          urgency,
          reason: 'Needs support the lead agency cannot give',
          requestedAt: iso(requested),
          acknowledgeBy: iso(acknowledgeBy),
        },
        lead.agencyId,
      ),
    );
    last = Math.max(last, requested);
    const answer = rand();
    if (answer < 0.75) {
      // Acknowledged after minutes to days (most within the day).
      const acknowledged = requested + Math.exp(rand() * 5 - 1.5) * HOUR;
      answers.push(
        event(
          'referral.acknowledged.v1',
          acknowledged,
          { referralId, acknowledgedAt: iso(acknowledged) },
          to.agencyId,
        ),
      );
      last = Math.max(last, acknowledged);
      const decision = rand();
      const decided = acknowledged + (1 + rand() * 96) * HOUR;
      if (decision < 0.6) {
        answers.push(
          event(
            'referral.accepted.v1',
            decided,
            { referralId, acceptedAt: iso(decided), note: null },
            to.agencyId,
          ),
        );
        last = Math.max(last, decided);
        if (rand() < 0.4) {
          const completed = decided + (3 + rand() * 60) * DAY;
          const successful = rand() < 0.75;
          answers.push(
            event(
              'referral.completed.v1',
              completed,
              {
                referralId,
                completedAt: iso(completed),
                outcome: successful ? 'successful' : 'not-successful',
                reasonNotSuccessful: successful ? null : 'Victim left the shelter',
                servicesDelivered: ['shelter'],
              },
              to.agencyId,
            ),
          );
          last = Math.max(last, completed);
        }
      } else if (decision < 0.85) {
        answers.push(
          event(
            'referral.declined.v1',
            decided,
            { referralId, declinedAt: iso(decided), reason: pick(rand, DECLINES), note: null },
            to.agencyId,
          ),
        );
        last = Math.max(last, decided);
      }
    } else {
      if (rand() < 0.5) {
        answers.push(
          event(
            'referral.overdue.v1',
            acknowledgeBy + 60_000,
            {
              referralId,
              fromAgencyId: lead.agencyId,
              toAgencyId: to.agencyId,
              acknowledgeBy: iso(acknowledgeBy),
              markedAt: iso(acknowledgeBy + 60_000),
            },
            'system',
            false,
          ),
        );
      }
      if (rand() < 0.3) {
        const withdrawn = acknowledgeBy + rand() * 7 * DAY;
        answers.push(
          event(
            'referral.withdrawn.v1',
            withdrawn,
            {
              referralId,
              fromAgencyId: lead.agencyId,
              toAgencyId: to.agencyId,
              withdrawnAt: iso(withdrawn),
              reason: 'No answer from the receiving agency',
            },
            lead.agencyId,
          ),
        );
      }
      last = Math.max(last, acknowledgeBy + 7 * DAY);
    }
  }
  const closure: NewEvent[] = [];
  const closed = last + (5 + rand() * 200) * DAY;
  if (rand() < 0.35 && closed < LOG_END) {
    closure.push(
      event(
        'case.closed.v1',
        closed,
        { reason: pick(rand, CLOSURES), closedAt: iso(closed) },
        lead.agencyId,
      ),
    );
  }
  return { streamId: `case-${caseId}`, passes: [opening, referrals, answers, closure] };
}

/** The same order for every run: a case's later events land among other cases' ones. */
function shuffled(n: number, seed: number): number[] {
  const rand = seededRandom(seed);
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

interface SeedPass {
  appends: number;
  events: number;
  seconds: number;
}

/** Every case's events of pass `p`, each case's in one append, at SEED_CONCURRENCY. */
async function seedPass(store: EventStore, p: number, order: number[]): Promise<SeedPass> {
  let appends = 0;
  let events = 0;
  const t0 = performance.now();
  await pool(order, SEED_CONCURRENCY, async (i) => {
    const seeded = seededCase(i);
    const batch = seeded.passes[p];
    if (batch.length === 0) return;
    const before = seeded.passes.slice(0, p).reduce((n, pass) => n + pass.length, 0);
    await store.append(
      seeded.streamId,
      batch.map((e) => ({ ...e, eventId: uuidv7() })),
      { expectedVersion: before === 0 ? 'no-stream' : before },
    );
    appends++;
    events += batch.length;
  });
  return { appends, events, seconds: (performance.now() - t0) / 1_000 };
}

// ---------------------------------------------------------------------------------------------
// Measuring.

interface Timing {
  p50: number;
  p99: number;
  max: number;
  n: number;
}

function timing(samples: number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)];
  return { p50: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1], n: sorted.length };
}

async function timed(runs: number, work: () => Promise<unknown> | unknown): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await work();
    samples.push(performance.now() - t0);
  }
  return samples;
}

const verdict = (pass: boolean) => (pass ? 'PASS' : 'BELOW');

/** The whole log in pages of PAGE, nothing done with the events: the raw limit of a rebuild. */
async function readWholeLog(store: EventStore): Promise<{ events: number; seconds: number }> {
  let position: GlobalPosition = START_POSITION;
  let events = 0;
  const t0 = performance.now();
  for (;;) {
    const page = await store.readAll(position, PAGE);
    if (page.length === 0) break;
    events += page.length;
    position = page[page.length - 1].position;
  }
  return { events, seconds: (performance.now() - t0) / 1_000 };
}

interface Rebuilt {
  name: string;
  progress: RebuildProgress;
  seconds: number;
  cpu: CpuShare;
  /** The seconds each step of the rebuild took (its status sampled every 20 ms). */
  steps: string;
}

/** Follows a rebuild's `step` until `stop`: the steps seen, in order, with their seconds. */
function followSteps(status: () => RebuildProgress): { stop(): string } {
  const seen: Array<{ step: string; at: number }> = [];
  const sample = () => {
    const step = status().step;
    if (step && seen[seen.length - 1]?.step !== step) seen.push({ step, at: performance.now() });
  };
  sample();
  const timer = setInterval(sample, 20);
  return {
    stop() {
      clearInterval(timer);
      const end = performance.now();
      return seen
        .map(
          ({ step, at }, i) => `${step} ${(((seen[i + 1]?.at ?? end) - at) / 1_000).toFixed(1)} s`,
        )
        .join(', ');
    },
  };
}

async function main(): Promise<void> {
  const started = Date.now();
  const loadAtStart = loadavg()[0];
  const notes: string[] = [];
  let test: TestApp | undefined;
  let pg: Client | undefined;
  const cleanup = async () => {
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
    test = await startTestApp('bench_statistics', {
      LOG_LEVEL: 'warn',
      SUBSCRIPTION_POLL_INTERVAL_MS: '200',
      // The limiter runs, as in production, with a limit this run never reaches.
      RATE_LIMIT_PER_MINUTE: '1000000',
    });
    const app = test;
    const { port } = app.app.getHttpServer().address() as AddressInfo;
    const origin = `http://127.0.0.1:${port}`;
    const db = (pg = new Client({ connectionString: app.database.url }));
    await db.connect();
    const store = app.app.get<EventStore>(EVENT_STORE);
    const rebuilds = app.app.get(ProjectionRebuilds);
    const progress = (what: string) =>
      console.error(`[${number((Date.now() - started) / 1_000)} s] ${what}`);

    // The anchor scheduler's first look anchors when no anchor exists; one made now (over an
    // empty log) keeps it from anchoring 100,000 streams in the middle of a measurement.
    const anchored = await fetch(`${origin}/v1/admin/audit/anchors`, {
      method: 'POST',
      headers: { authorization: `Bearer ${app.adminKey}` },
    });
    if (!anchored.ok) throw new Error(`anchor: ${anchored.status} ${await anchored.text()}`);

    progress(`registering ${AGENCIES.length} agencies`);
    const keys = new Map<string, Awaited<ReturnType<typeof registerAgency>>>();
    for (const agency of AGENCIES) keys.set(agency.agencyId, await registerAgency(app, agency));
    const officer = keys.get(CAST.fiaIslamabad.agencyId)!;
    const officerHeaders = {
      authorization: `Bearer ${officer.officer}`,
      'x-officer-id': OFFICER_ID,
    };
    const auditorHeaders = { authorization: `Bearer ${officer.auditor}`, 'x-purpose': PURPOSE };

    // 1. Seeding, with the two projections to be rebuilt paused (they would otherwise follow
    // the seeding live); the relay and the erasure processor follow it as in production.
    await app.app.get(ReadModelRunner).pause();
    await app.app.get(StatisticsRunner).pause();
    const passes: SeedPass[] = [];
    const passNames = ['opening (+ screening)', 'referrals', 'answers', 'closures'];
    for (let p = 0; p < 4; p++) {
      progress(`seeding ${number(CASES)} cases, pass ${p + 1} of 4: ${passNames[p]}`);
      passes.push(await seedPass(store, p, p === 0 ? shuffled(CASES, 0) : shuffled(CASES, p)));
    }
    const seedSeconds = passes.reduce((s, p) => s + p.seconds, 0);
    const seededEvents = passes.reduce((s, p) => s + p.events, 0);
    const seededAppends = passes.reduce((s, p) => s + p.appends, 0);
    progress('waiting for the notification relay and the erasure processor');
    let t0 = performance.now();
    await app.app.get(NotificationRelayRunner).caughtUp(600_000);
    await app.app.get(ErasedCaseKeysRunner).caughtUp(600_000);
    const relaySeconds = (performance.now() - t0) / 1_000;
    await db.query('VACUUM ANALYZE events');
    const { rows: counts } = await db.query<{ events: number; streams: number; bytes: string }>(
      `SELECT count(*)::int AS events, count(DISTINCT stream_id)::int AS streams,
              pg_size_pretty(pg_total_relation_size('events')) AS bytes FROM events`,
    );
    const logEvents = counts[0].events;
    const ourPids = await ourPostgresPids(db);

    // 2. Rebuilds, each beside a raw read of the whole log just before it.
    const raw: { events: number; seconds: number }[] = [];
    const rebuilt: Rebuilt[] = [];
    for (const name of ['read-models', 'statistics', ALL]) {
      progress(`raw readAll of the whole log, then the rebuild of ${name}`);
      raw.push(await readWholeLog(store));
      const profile = await startProfile();
      const before = cpuSample(undefined);
      t0 = performance.now();
      const running =
        name === ALL ? rebuilds.startAll().done.then((all) => all[0]) : rebuilds.start(name).done;
      const steps = followSteps(() => rebuilds.status(name === ALL ? 'statistics' : name));
      const finished = await running;
      const seconds = (performance.now() - t0) / 1_000;
      const cpu = cpuShare(before, cpuSample(undefined), ourPids, 1);
      await profile?.stop(`statistics-rebuild-${name.replace(/\W+/g, '-')}`);
      if (finished.state !== 'done') throw new Error(`rebuild of ${name}: ${finished.error}`);
      rebuilt.push({ name, progress: finished, seconds, cpu, steps: steps.stop() });
      progress(
        `rebuilt ${name}: ${number(finished.eventsHandled / seconds)} events/s (raw ${number(raw[raw.length - 1].events / raw[raw.length - 1].seconds)})`,
      );
    }
    await app.projected();
    const { rows: projected } = await db.query<{
      cases: number;
      referrals: number;
      summaries: number;
    }>(
      `SELECT (SELECT count(*)::int FROM stat_cases) AS cases,
              (SELECT count(*)::int FROM stat_referrals) AS referrals,
              (SELECT count(*)::int FROM case_summaries) AS summaries`,
    );
    if (projected[0].cases !== CASES || projected[0].summaries !== CASES) {
      throw new Error(`projected ${JSON.stringify(projected[0])}, not ${CASES} cases`);
    }

    // 3. Queries, one at a time.
    const get = async (path: string, headers: Record<string, string>) => {
      const response = await fetch(origin + path, { headers });
      const text = await response.text();
      if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${text}`);
      return text;
    };
    /**
     * `n` requests one at a time (after WARMUP), or as many as fit in SCENARIO_BUDGET_MS; the
     * i-th asks `path(i)` (warm-up requests ask paths of their own).
     */
    const latency = async (
      name: string,
      path: (i: number) => string,
      headers: Record<string, string>,
      n: number,
      warmup = WARMUP,
    ) => {
      progress(`queries: ${name}`);
      let asked = 0;
      await timed(warmup, () => get(path(n + asked++), headers));
      const profile = await startProfile();
      const ours = await ourPostgresPids(db);
      const before = cpuSample(undefined);
      const samples: number[] = [];
      const deadline = performance.now() + SCENARIO_BUDGET_MS;
      while (samples.length < n && performance.now() < deadline) {
        const i = samples.length;
        samples.push(...(await timed(1, () => get(path(i), headers))));
      }
      const cpu = cpuShare(before, cpuSample(undefined), ours, samples.length);
      await profile?.stop(`statistics-${name}`);
      return { ...timing(samples), cpu };
    };
    progress('queries');
    // The shape of each answer, from a question the measured requests do not ask.
    const victimsBody = JSON.parse(await get(victimsPath(5_000), officerHeaders)) as {
      items: Array<{ suppressed: boolean }>;
      total: number | null;
    };
    const referralsBody = JSON.parse(await get(referralsPath(5_000), officerHeaders)) as {
      items: Array<{ suppressed: boolean }>;
    };
    const victims = await latency('victims-officer', victimsPath, officerHeaders, QUERY_REQUESTS);
    const victimsKept = await latency(
      'victims-officer-kept',
      kept(victimsPath),
      officerHeaders,
      QUERY_REQUESTS,
    );
    const victimsAuditor = await latency(
      'victims-auditor',
      victimsPath,
      auditorHeaders,
      AUDITOR_REQUESTS,
    );
    const referrals = await latency(
      'referrals-officer',
      referralsPath,
      officerHeaders,
      QUERY_REQUESTS,
    );
    const referralsKept = await latency(
      'referrals-officer-kept',
      kept(referralsPath),
      officerHeaders,
      QUERY_REQUESTS,
    );
    const referralsAuditor = await latency(
      'referrals-auditor',
      referralsPath,
      auditorHeaders,
      AUDITOR_REQUESTS,
    );
    const casesPath = (i: number) =>
      `/v1/statistics/cases?groupBy=province,leadAgencyType,crimeType&from=${dayBefore(i)}&to=${TO}`;
    const cases = await latency('cases-officer', casesPath, officerHeaders, SLOW_REQUESTS, 1);
    // A year is the whole question: after the first, these are the answer kept.
    const glotip = await latency(
      'glotip-officer',
      () => '/v1/statistics/glotip?year=2026',
      officerHeaders,
      SLOW_REQUESTS,
      1,
    );
    // The session settings the endpoint's snapshot uses (libs/statistics/src/queries/snapshot.ts).
    await db.query("SET jit = off; SET work_mem = '32MB'");
    const period = { from: FROM, to: TO };
    // The victims' cells query; the referrals' one query (the measures and the reasons).
    const RAW_VICTIMS = await firstStatement((q) =>
      victimStatistics(q, period, ['sex', 'province', 'exploitationType'], 5),
    );
    const RAW_REFERRALS = await firstStatement((q) =>
      referralStatistics(q, period, ['toAgencyType', 'service', 'urgency'], 5),
    );
    const sent = (statement: { sql: string; params: unknown[] }) =>
      db.query(statement.sql, statement.params);
    const rawVictims = timing(await timed(RAW_QUERIES, () => sent(RAW_VICTIMS)));
    const rawReferrals = timing(await timed(RAW_QUERIES, () => sent(RAW_REFERRALS)));
    const { rows: victimCells } = await db.query<{ d0: string; d1: string; d2: string; n: number }>(
      RAW_VICTIMS.sql,
      RAW_VICTIMS.params,
    );
    const cells = victimCells.map((row) => ({ key: [row.d0, row.d1, row.d2], count: row.n }));
    const suppression = timing(await timed(RAW_QUERIES, () => suppressTable(cells, 5)));
    const explain = async ({ sql, params }: { sql: string; params: unknown[] }) =>
      (await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params)).rows
        .map((row) => row['QUERY PLAN'])
        .join('\n');
    const plans = [await explain(RAW_VICTIMS), await explain(RAW_REFERRALS)];

    // The report.
    const rawBest = Math.max(...raw.map((r) => r.events / r.seconds));
    const rateOf = (r: Rebuilt) => r.progress.eventsHandled / r.seconds;
    const all = rebuilt.find((r) => r.name === ALL)!;
    const rebuildAll = logEvents / all.seconds;
    const worst = victims.p99 >= referrals.p99 ? victims : referrals;
    const worstP50 = Math.max(victims.p50, referrals.p50);
    const worstKept = victimsKept.p99 >= referralsKept.p99 ? victimsKept : referralsKept;
    const worstKeptP50 = Math.max(victimsKept.p50, referralsKept.p50);
    const ms = (n: number) => `${number(n, 1)} ms`;
    const cores = (c: CpuShare) =>
      `${number(c.api, 2)} · ${number(c.postgres, 2)} · ${number(c.other, 2)}`;
    const suppressedCount = (items: Array<{ suppressed: boolean }>) =>
      items.filter((item) => item.suppressed).length;
    const cpu = cpus();
    console.log(
      `\nstatistics benchmark — ${cpu.length} × ${cpu[0]?.model.trim() ?? 'cpu'}, Node ${process.version}, ` +
        `PostgreSQL on 127.0.0.1 (pool of ${app.env.DATABASE_POOL_SIZE}), LOG_LEVEL=warn\n`,
    );
    console.log(
      '| scenario | figure | raw limit, same run | ratio | cores: API · PG backends · other (incl. PG parallel workers) | target |',
    );
    console.log('|---|--:|--:|--:|--:|---|');
    console.log(
      `| seed: ${number(CASES)} cases, ${number(seededEvents)} events in ${number(seededAppends)} appends through the store (4 passes, concurrency ${SEED_CONCURRENCY}) ` +
        `| ${number(seedSeconds, 1)} s (${number(seededEvents / seedSeconds)} events/s, ${number(seededAppends / seedSeconds)} appends/s) | | | | |`,
    );
    raw.forEach((r, i) =>
      console.log(
        `| raw readAll, whole log (${number(r.events)} events, pages of ${number(PAGE)}), before rebuild ${i + 1} ` +
          `| ${number(r.events / r.seconds)} events/s (${number(r.seconds, 2)} s) | | | | |`,
      ),
    );
    for (const r of rebuilt.filter((each) => each !== all)) {
      console.log(
        `| rebuild \`${r.name}\` (ProjectionRebuilds, ${number(r.progress.eventsHandled)} events) ` +
          `| ${number(rateOf(r))} events/s (${number(r.seconds, 1)} s) | ${number(rawBest)} events/s ` +
          `| ${number(rateOf(r) / rawBest, 2)} | ${cores(r.cpu)} | ≥ ${TARGET_REBUILD_RATIO} × raw ${verdict(rateOf(r) >= TARGET_REBUILD_RATIO * rawBest)} |`,
      );
    }
    console.log(
      `| rebuild of every projection in one read of the log (startAll; log events ÷ time) ` +
        `| ${number(rebuildAll)} events/s (${number(all.seconds, 1)} s) | ${number(rawBest)} events/s ` +
        `| ${number(rebuildAll / rawBest, 2)} | ${cores(all.cpu)} | ≥ ${TARGET_REBUILD_RATIO} × raw ${verdict(rebuildAll >= TARGET_REBUILD_RATIO * rawBest)} |`,
    );
    const query = (
      what: string,
      t: Timing & { cpu: CpuShare },
      rawFigure: string,
      rawP50: number | null,
      target: boolean,
    ) =>
      console.log(
        `| ${what}, ${t.n} requests one at a time | p50 ${ms(t.p50)} · p99 ${ms(t.p99)} · max ${ms(t.max)} ` +
          `| ${rawFigure} | ${rawP50 === null ? '' : `${number(t.p50 / rawP50, 1)}×`} | ${cores(t.cpu)} ` +
          `| ${target ? `p99 ≤ ${TARGET_P99_MS} ms ${verdict(t.p99 <= TARGET_P99_MS)}` : ''} |`,
      );
    query(
      `GET victims?groupBy=sex,province,exploitationType, officer, computed (k=5; ${victimsBody.items.length} cells, ${suppressedCount(victimsBody.items)} suppressed)`,
      victims,
      `SQL p50 ${ms(rawVictims.p50)} · p99 ${ms(rawVictims.p99)}; suppressTable p50 ${ms(suppression.p50)} · p99 ${ms(suppression.p99)}`,
      rawVictims.p50,
      true,
    );
    query('GET victims, same, officer, the answer kept', victimsKept, '', null, false);
    query('GET victims, same, auditor (k=1), computed', victimsAuditor, '', rawVictims.p50, false);
    query(
      `GET referrals?groupBy=toAgencyType,service,urgency, officer, computed (${referralsBody.items.length} rows, ${suppressedCount(referralsBody.items)} with a suppressed count)`,
      referrals,
      `SQL p50 ${ms(rawReferrals.p50)} · p99 ${ms(rawReferrals.p99)}`,
      rawReferrals.p50,
      true,
    );
    query('GET referrals, same, officer, the answer kept', referralsKept, '', null, false);
    query(
      'GET referrals, same, auditor (k=1), computed',
      referralsAuditor,
      '',
      rawReferrals.p50,
      false,
    );
    query(
      'GET cases?groupBy=province,leadAgencyType,crimeType, officer, computed',
      cases,
      '',
      null,
      false,
    );
    query(
      'GET glotip?year=2026, officer, the answer kept after the first',
      glotip,
      '',
      null,
      false,
    );

    notes.push(
      `log: ${number(logEvents)} events in ${number(counts[0].streams)} streams (${counts[0].bytes}, the agencies' and keys' events included); ` +
        `projected ${number(projected[0].cases)} stat_cases, ${number(projected[0].referrals)} stat_referrals`,
    );
    notes.push(
      'seed passes: ' +
        passes
          .map(
            (p, i) =>
              `${passNames[i]} ${number(p.events)} events / ${number(p.appends)} appends in ${number(p.seconds, 1)} s`,
          )
          .join('; ') +
        `; the notification relay and erasure processor caught up ${number(relaySeconds, 1)} s after the last append`,
    );
    notes.push(
      'ProjectionRebuilds reported ' +
        rebuilt
          .map((r) => `${r.name} ${number(r.progress.eventsPerSecond ?? 0)} events/s`)
          .join(', ') +
        ' (its own clock, from before the pause, copies made and swapped in)',
    );
    notes.push('rebuild steps: ' + rebuilt.map((r) => `${r.name}: ${r.steps}`).join('; '));
    notes.push(
      'raw SQL: the GROUP BY of the endpoint (victims: its cells query; referrals: its one query), as the endpoint sends it, with a plain `pg` client, ' +
        `one at a time, ${RAW_QUERIES} runs; suppressTable: the victims cells of the same run, k=5, in this process`,
    );
    for (const note of notes) console.log(`- ${note}`);
    console.log('\nEXPLAIN (ANALYZE, BUFFERS) of the raw victims and referrals queries:\n');
    for (const plan of plans) console.log(`${plan}\n`);
    console.log(
      `load average ${number(loadAtStart, 2)} at start, ${number(loadavg()[0], 2)} at end; run took ${number((Date.now() - started) / 1_000)} s`,
    );
    console.log(
      `SUMMARY rebuild_events_per_s=${Math.round(rebuildAll)} raw_read_all_per_s=${Math.round(rawBest)} ` +
        `query_p50_ms=${worstP50.toFixed(1)} query_p99_ms=${worst.p99.toFixed(1)} ` +
        `kept_query_p50_ms=${worstKeptP50.toFixed(1)} kept_query_p99_ms=${worstKept.p99.toFixed(1)}`,
    );
  } finally {
    await cleanup();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
