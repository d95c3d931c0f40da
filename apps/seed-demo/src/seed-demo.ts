import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { AGENCY_TYPES, AgencyType } from '@app/domain';
import { DEMO_AGENCIES, DEMO_PREFIX, DemoAgency } from './agencies';
import { ApiClient, ApiError, Caller } from './client';
import { CasePlan, planDemo, ReferralOutcome, Step, StepKind, TransferOutcome } from './plan';
import { ProgressMode, startProgress } from './progress';

export const DEFAULT_URL = 'http://127.0.0.1:3000';
export const DEFAULT_SEED = 20_261_120;
export const DEFAULT_CONCURRENCY = 12;
export const MAX_CASES = 100_000;

export interface SeedDemoOptions {
  cases: number;
  url?: string;
  /** The service's own (system) administrator key; the CLI takes BOOTSTRAP_ADMIN_KEY if not given. */
  adminKey?: string;
  /** Write even where the service holds other data, or is not on this machine. */
  force?: boolean;
  seed?: number;
  /** Requests in flight at once (one case runs its steps in order; cases run side by side). */
  concurrency?: number;
  progress?: ProgressMode;
  /** Where the agencies' keys are written (JSON, mode 0600), to explore as one agency. */
  keysFile?: string;
  log?: (line: string) => void;
}

/** The seeder would not start: nothing was written. */
export class SeedRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SeedRefusedError';
  }
}

export interface StepRecord {
  kind: StepKind;
  events: string[];
  agencyId: string;
  role: 'officer' | 'supervisor';
  officerId: string;
}

export interface CaseResult {
  index: number;
  caseId: string | null;
  /** The steps that were recorded, in order (all of the plan unless one failed). */
  steps: StepRecord[];
  referralOutcomes: ReferralOutcome[];
  transferOutcome: TransferOutcome | null;
  failed: boolean;
}

export interface SeedError {
  caseIndex: number | null;
  step: string;
  status: number;
  code?: string;
  title?: string;
  message: string;
}

export interface SeedSummary {
  url: string;
  seed: number;
  runId: string;
  agencies: { total: number; byType: Record<AgencyType, number>; provinces: number };
  keysIssued: number;
  cases: { planned: number; opened: number; screened: number; closed: number; reopened: number };
  consents: number;
  referrals: { total: number; byOutcome: Record<ReferralOutcome, number> };
  transfers: { total: number; byOutcome: Record<TransferOutcome, number> };
  requests: number;
  retries: number;
  elapsedMs: number;
  requestsPerSecond: number;
  errors: SeedError[];
  /** Other agencies' cases found before writing (only with force). */
  foreignCasesFound: number;
  results: CaseResult[];
}

interface AgencyKeys {
  officer?: string;
  supervisor?: string;
  auditor?: string;
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

export async function seedDemo(options: SeedDemoOptions): Promise<SeedSummary> {
  const startedAt = Date.now();
  const log = options.log ?? (() => undefined);
  const seed = options.seed ?? DEFAULT_SEED;
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  const force = options.force === true;
  if (!Number.isInteger(options.cases) || options.cases < 1 || options.cases > MAX_CASES) {
    throw new SeedRefusedError(`--cases must be a whole number from 1 to ${MAX_CASES}.`);
  }
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new SeedRefusedError('--seed must be a whole number from 0 to 4294967295.');
  }
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
    throw new SeedRefusedError('--concurrency must be a whole number from 1 to 64.');
  }
  const adminKey = options.adminKey;
  if (!adminKey) {
    throw new SeedRefusedError(
      'No admin key: pass --admin-key <key> or set BOOTSTRAP_ADMIN_KEY to the key the service was started with.',
    );
  }
  const url = checkUrl(options.url ?? DEFAULT_URL, force, log);

  const client = new ApiClient({ baseUrl: url });
  const admin: Caller = { key: adminKey };
  const runId = randomUUID();
  const errors: SeedError[] = [];

  const foreign = await foreignCases(client, admin, url);
  if (foreign.count > 0) {
    const which = `${foreign.count} case(s) led by agencies that are not demo agencies (e.g. ${foreign.example})`;
    if (!force) {
      throw new SeedRefusedError(
        `Refusing to seed ${url}: it holds ${which}, so it is in use with real data. ` +
          'Demo cases would mix into its case lists, inboxes and statistics. ' +
          'Use a fresh service (a new DATA_DIR), or pass --force if that data is itself a test.',
      );
    }
    log(`warning: ${url} holds ${which}; going on because of --force`);
  }

  const keys = await registerAgencies(client, admin, runId, concurrency, errors);
  const plans = planDemo(options.cases, seed, new Date(startedAt));
  const results: CaseResult[] = plans.map((plan) => ({
    index: plan.index,
    caseId: null,
    steps: [],
    referralOutcomes: [],
    transferOutcome: null,
    failed: false,
  }));

  const progress = startProgress(options.progress ?? 'auto', plans.length, log, startedAt);
  let done = 0;
  try {
    await inPool(plans, concurrency, async (plan) => {
      await runCase(client, keys, plan, results[plan.index], runId, startedAt, errors);
      done++;
      progress.update(done, {
        cases: done,
        requests: client.stats.requests,
        errors: errors.length,
      });
    });
  } finally {
    progress.stop();
  }

  if (options.keysFile) await writeKeys(options.keysFile, url, keys);

  const elapsedMs = Date.now() - startedAt;
  return summarize({
    url,
    seed,
    runId,
    keys,
    results,
    errors,
    requests: client.stats.requests,
    retries: client.stats.retries,
    elapsedMs,
    foreignCasesFound: foreign.count,
  });
}

/**
 * Demo data is fictitious: on a shared service it would sit among real victims' cases, be sent to
 * agencies' inboxes and counted in reports. So only a service on this machine, unless forced.
 */
function checkUrl(raw: string, force: boolean, log: (line: string) => void): string {
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new SeedRefusedError(`--url ${JSON.stringify(raw)} is not a URL (e.g. ${DEFAULT_URL}).`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new SeedRefusedError('--url must be http:// or https://.');
  }
  if (!LOCAL_HOSTS.has(parsed.hostname)) {
    const message =
      `${parsed.host} is not this machine: the seeder writes fictitious victims' cases, referrals and ` +
      'agencies, which on a shared or production service would mix with real cases, reach agencies’ ' +
      'inboxes and skew statistics.';
    if (!force) {
      throw new SeedRefusedError(
        `Refusing to seed ${parsed.origin}: ${message} Pass --force only for a throwaway service.`,
      );
    }
    log(`warning: ${message} Going on because of --force.`);
  }
  return parsed.origin + parsed.pathname.replace(/\/+$/, '');
}

/** Pages through every case the system administrator sees (all of them). */
async function foreignCases(
  client: ApiClient,
  admin: Caller,
  url: string,
): Promise<{ count: number; example: string | null }> {
  let count = 0;
  let example: string | null = null;
  let cursor: string | undefined;
  try {
    do {
      const page = await client.get<{
        items: { leadAgencyId: string }[];
        nextCursor: string | null;
      }>(admin, '/v1/cases', { route: '/v1/cases', query: { limit: 200, cursor } });
      for (const item of page.items) {
        if (!item.leadAgencyId.startsWith(DEMO_PREFIX)) {
          count++;
          example ??= item.leadAgencyId;
        }
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor !== undefined);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    if (error.status === 0) {
      throw new SeedRefusedError(
        `Cannot reach ${url} (${error.code}). Is the service running? (npm start, with BOOTSTRAP_ADMIN_KEY set)`,
      );
    }
    if (error.status === 401) {
      throw new SeedRefusedError(
        `The service refused the admin key (HTTP 401 ${error.code ?? ''}). Use the BOOTSTRAP_ADMIN_KEY it was started with.`,
      );
    }
    throw new SeedRefusedError(
      `Could not list the service's cases before writing: ${error.message}`,
    );
  }
  return { count, example };
}

async function registerAgencies(
  client: ApiClient,
  admin: Caller,
  runId: string,
  concurrency: number,
  errors: SeedError[],
): Promise<Map<string, AgencyKeys>> {
  const keys = new Map<string, AgencyKeys>();
  await inPool(DEMO_AGENCIES, concurrency, async (agency) => {
    const route = '/v1/admin/agencies/{agencyId}';
    try {
      await client.put(admin, `/v1/admin/agencies/${agency.agencyId}`, {
        route,
        body: {
          name: agency.name,
          type: agency.type,
          province: agency.province,
          services: agency.services,
        },
      });
    } catch (error) {
      // Without its agencies the run would fail on every case: stop here instead.
      if (error instanceof ApiError && error.status === 403) {
        throw new SeedRefusedError(
          `The admin key may not register agencies (HTTP 403 ${error.code ?? ''}): use the service's own administrator key (BOOTSTRAP_ADMIN_KEY).`,
        );
      }
      throw error;
    }
    const issued: AgencyKeys = {};
    // Oversight reads and never acts; only the system administrator may issue its auditor key.
    const roles =
      agency.type === 'oversight' ? (['auditor'] as const) : (['officer', 'supervisor'] as const);
    for (const role of roles) {
      issued[role] = await issueKey(client, admin, agency, role, runId, errors);
    }
    keys.set(agency.agencyId, issued);
  });
  return keys;
}

/**
 * A retried key request whose first answer was stored but lost replays without the secret (it is
 * shown once), so that key is revoked and a new one asked for under a new Idempotency-Key.
 */
async function issueKey(
  client: ApiClient,
  admin: Caller,
  agency: DemoAgency,
  role: 'officer' | 'supervisor' | 'auditor',
  runId: string,
  errors: SeedError[],
): Promise<string> {
  for (let attempt = 1; attempt <= 3; attempt++) {
    const issued = await client.post<{ keyId: string; apiKey?: string }>(
      admin,
      '/v1/admin/api-keys',
      {
        route: '/v1/admin/api-keys',
        idempotencyKey: `seed-demo:${runId}:key:${agency.agencyId}:${role}:${attempt}`,
        body: { agencyId: agency.agencyId, role, label: `seed-demo ${role} (run ${runId})` },
      },
    );
    if (issued.apiKey) return issued.apiKey;
    await client
      .delete(admin, `/v1/admin/api-keys/${issued.keyId}`, {
        route: '/v1/admin/api-keys/{keyId}',
        idempotencyKey: `seed-demo:${runId}:revoke:${issued.keyId}`,
      })
      .catch((error: unknown) => errors.push(errorOf(null, 'revoke-key', error)));
  }
  throw new Error(`no ${role} key could be issued for ${agency.agencyId}`);
}

function pathOf(
  step: Step,
  caseId: string | null,
  referralIds: string[],
  transferId: string | null,
): string {
  const c = `/v1/cases/${caseId}`;
  const r = () => `${c}/referrals/${referralIds[step.referral ?? -1]}`;
  switch (step.kind) {
    case 'open':
      return '/v1/cases';
    case 'screen':
      return `${c}/screenings`;
    case 'consent':
      return `${c}/consents`;
    case 'refer':
      return `${c}/referrals`;
    case 'acknowledge':
    case 'accept':
    case 'decline':
    case 'complete':
    case 'withdraw':
      return `${r()}/${step.kind}`;
    case 'transfer':
      return `${c}/transfers`;
    case 'accept-transfer':
      return `${c}/transfers/${transferId}/accept`;
    case 'decline-transfer':
      return `${c}/transfers/${transferId}/decline`;
    case 'close':
      return `${c}/close`;
    case 'reopen':
      return `${c}/reopen`;
  }
}

const routeOf = (path: string) =>
  path.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '{id}');

const REFERRAL_STATUS: Partial<Record<StepKind, ReferralOutcome>> = {
  acknowledge: 'acknowledged',
  accept: 'accepted',
  decline: 'declined',
  withdraw: 'withdrawn',
};

async function runCase(
  client: ApiClient,
  keys: Map<string, AgencyKeys>,
  plan: CasePlan,
  result: CaseResult,
  runId: string,
  startedAt: number,
  errors: SeedError[],
): Promise<void> {
  const referralIds: string[] = [];
  let transferId: string | null = null;
  for (const [i, step] of plan.steps.entries()) {
    const key = keys.get(step.agencyId)?.[step.role];
    if (!key) {
      result.failed = true;
      errors.push({
        caseIndex: plan.index,
        step: step.kind,
        status: 0,
        message: `no ${step.role} key for ${step.agencyId}`,
      });
      return;
    }
    const path = pathOf(step, result.caseId, referralIds, transferId);
    const body =
      step.kind === 'open'
        ? {
            identifiedAt: new Date(startedAt - plan.identifiedMinutesAgo * 60_000).toISOString(),
            ...step.body,
          }
        : step.body;
    let answer: { caseId: string; referralId?: string; transferId?: string };
    try {
      answer = await client.post({ key, officerId: step.officerId }, path, {
        route: routeOf(path),
        body,
        idempotencyKey: `seed-demo:${runId}:case:${plan.index}:${i}`,
      });
    } catch (error) {
      result.failed = true;
      errors.push(errorOf(plan.index, step.kind, error));
      return;
    }
    result.steps.push({
      kind: step.kind,
      events: step.events,
      agencyId: step.agencyId,
      role: step.role,
      officerId: step.officerId,
    });
    if (step.kind === 'open') result.caseId = answer.caseId;
    if (step.kind === 'refer' && step.referral !== undefined) {
      referralIds[step.referral] = answer.referralId ?? '';
      result.referralOutcomes[step.referral] =
        plan.referralOutcomes[step.referral] === 'overdue' ? 'overdue' : 'requested';
    }
    if (step.referral !== undefined && step.kind !== 'refer') {
      result.referralOutcomes[step.referral] =
        step.kind === 'complete'
          ? step.body.outcome === 'successful'
            ? 'completed-successful'
            : 'completed-not-successful'
          : (REFERRAL_STATUS[step.kind] ?? result.referralOutcomes[step.referral]);
    }
    if (step.kind === 'transfer') {
      transferId = answer.transferId ?? null;
      result.transferOutcome = 'pending';
    }
    if (step.kind === 'accept-transfer') result.transferOutcome = 'accepted';
    if (step.kind === 'decline-transfer') result.transferOutcome = 'declined';
  }
}

function errorOf(caseIndex: number | null, step: string, error: unknown): SeedError {
  if (error instanceof ApiError) {
    return {
      caseIndex,
      step,
      status: error.status,
      code: error.code,
      title: error.title,
      message: error.message,
    };
  }
  return { caseIndex, step, status: 0, message: (error as Error).message ?? String(error) };
}

/** Runs `work` over `items` with at most `limit` at a time; the first thrown error ends it. */
export async function inPool<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
) {
  let next = 0;
  let failure: unknown = null;
  const worker = async () => {
    while (failure === null && next < items.length) {
      const item = items[next++];
      try {
        await work(item);
      } catch (error) {
        failure ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure !== null) throw failure;
}

async function writeKeys(file: string, url: string, keys: Map<string, AgencyKeys>): Promise<void> {
  const agencies = Object.fromEntries(
    DEMO_AGENCIES.map((a) => [
      a.agencyId,
      { type: a.type, province: a.province, ...keys.get(a.agencyId) },
    ]),
  );
  await writeFile(file, `${JSON.stringify({ url, agencies }, null, 2)}\n`, { mode: 0o600 });
}

function summarize(input: {
  url: string;
  seed: number;
  runId: string;
  keys: Map<string, AgencyKeys>;
  results: CaseResult[];
  errors: SeedError[];
  requests: number;
  retries: number;
  elapsedMs: number;
  foreignCasesFound: number;
}): SeedSummary {
  const { results } = input;
  const byType = Object.fromEntries(AGENCY_TYPES.map((t) => [t, 0])) as Record<AgencyType, number>;
  for (const agency of DEMO_AGENCIES) byType[agency.type]++;
  const byOutcome: Record<ReferralOutcome, number> = {
    'completed-successful': 0,
    'completed-not-successful': 0,
    accepted: 0,
    declined: 0,
    acknowledged: 0,
    requested: 0,
    overdue: 0,
    withdrawn: 0,
  };
  const transfers: Record<TransferOutcome, number> = { accepted: 0, declined: 0, pending: 0 };
  const count = (kind: StepKind) =>
    results.reduce((sum, r) => sum + r.steps.filter((s) => s.kind === kind).length, 0);
  for (const r of results) {
    for (const outcome of r.referralOutcomes) if (outcome) byOutcome[outcome]++;
    if (r.transferOutcome) transfers[r.transferOutcome]++;
  }
  return {
    url: input.url,
    seed: input.seed,
    runId: input.runId,
    agencies: {
      total: DEMO_AGENCIES.length,
      byType,
      provinces: new Set(DEMO_AGENCIES.map((a) => a.province)).size,
    },
    keysIssued: [...input.keys.values()].reduce((sum, k) => sum + Object.keys(k).length, 0),
    cases: {
      planned: results.length,
      opened: results.filter((r) => r.caseId !== null).length,
      screened: results.filter((r) => r.steps.some((s) => s.kind === 'screen')).length,
      closed: count('close'),
      reopened: count('reopen'),
    },
    consents: count('consent'),
    referrals: { total: count('refer'), byOutcome },
    transfers: { total: count('transfer'), byOutcome: transfers },
    requests: input.requests,
    retries: input.retries,
    elapsedMs: input.elapsedMs,
    requestsPerSecond: Math.round(input.requests / Math.max(input.elapsedMs / 1000, 0.001)),
    errors: input.errors,
    foreignCasesFound: input.foreignCasesFound,
    results,
  };
}

/** The summary as the CLI prints it: counts only, never a victim field. */
export function formatSummary(summary: SeedSummary): string {
  const n = (value: number) => value.toLocaleString('en-US');
  const list = (counts: Record<string, number>) =>
    Object.entries(counts)
      .filter(([, value]) => value > 0)
      .map(([key, value]) => `${key} ${n(value)}`)
      .join(', ');
  const { cases, referrals, transfers } = summary;
  const lines = [
    `Summary (${summary.url}, seed ${summary.seed}, run ${summary.runId})`,
    `  agencies   ${summary.agencies.total} in ${summary.agencies.provinces} provinces: ${list(summary.agencies.byType)}; ${summary.keysIssued} keys issued`,
    `  cases      ${n(cases.opened)} of ${n(cases.planned)} opened, ${n(cases.screened)} screened, ${n(cases.closed)} closed, ${n(cases.reopened)} reopened`,
    `  consents   ${n(summary.consents)}`,
    `  referrals  ${n(referrals.total)}: ${list(referrals.byOutcome) || 'none'}`,
    `  transfers  ${n(transfers.total)}: ${list(transfers.byOutcome) || 'none'}`,
    `  requests   ${n(summary.requests)} (${n(summary.retries)} retried) in ${(summary.elapsedMs / 1000).toFixed(1)} s, ${n(summary.requestsPerSecond)} req/s`,
    `  errors     ${n(summary.errors.length)}`,
  ];
  if (referrals.byOutcome.overdue > 0) {
    lines.push(
      `  note       ${n(referrals.byOutcome.overdue)} referral(s) have a 3-minute acknowledgement window; the notification worker (part of the embedded default) marks them overdue after it`,
    );
  }
  const grouped = new Map<string, number>();
  for (const error of summary.errors) {
    const key = `${error.step}: ${error.message}`;
    grouped.set(key, (grouped.get(key) ?? 0) + 1);
  }
  for (const [message, times] of [...grouped].slice(0, 10)) {
    lines.push(`    ${times} x ${message}`);
  }
  return lines.join('\n');
}
