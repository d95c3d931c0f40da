import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { AGENCY_TYPES, PROVINCES } from '@app/domain';
import { DEMO_PREFIX } from '../../apps/seed-demo/src/agencies';
import { planDemo } from '../../apps/seed-demo/src/plan';
import { seedDemo, SeedRefusedError, SeedSummary } from '../../apps/seed-demo/src/seed-demo';
import { OPEN_CASE_BODY } from '../support/fixtures';
import { registerAgency, startTestApp, TestApp } from '../support/test-app';

const ROOT = join(__dirname, '../..');
const SEED = 7;
const CASES = 30;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

/**
 * The demo seeder against the real API (PostgreSQL store): what it makes is checked through the
 * API, not through what the seeder says it made.
 */
describe('seed:demo', () => {
  let test: TestApp;
  let url: string;
  let first: SeedSummary;

  const admin = (path: string, query: Record<string, string | number> = {}) =>
    test.http.get(path).set('authorization', `Bearer ${test.adminKey}`).query(query);

  async function allCases(): Promise<Json[]> {
    await test.projected();
    const items: Json[] = [];
    let cursor: string | null = null;
    do {
      const res = await admin('/v1/cases', { limit: 200, ...(cursor ? { cursor } : {}) });
      expect(res.status).toBe(200);
      items.push(...res.body.items);
      cursor = res.body.nextCursor;
    } while (cursor !== null);
    return items;
  }

  beforeAll(async () => {
    test = await startTestApp('seed_demo');
    const address = test.app.getHttpServer().address() as { port: number };
    url = `http://127.0.0.1:${address.port}`;
    first = await seedDemo({
      cases: CASES,
      url,
      adminKey: test.adminKey,
      seed: SEED,
      progress: 'none',
    });
  });

  afterAll(async () => {
    await test?.close();
  });

  it('makes every case through the API, each led by a demo agency', async () => {
    expect(first.errors).toEqual([]);
    expect(first.cases).toMatchObject({ planned: CASES, opened: CASES });
    const cases = await allCases();
    expect(cases).toHaveLength(CASES);
    expect(cases.every((c) => c.leadAgencyId.startsWith(DEMO_PREFIX))).toBe(true);
    expect(new Set(cases.map((c) => c.caseId))).toEqual(
      new Set(first.results.map((r) => r.caseId)),
    );
    const now = Date.now();
    for (const c of cases) {
      const identifiedAt = Date.parse(c.identifiedAt);
      expect(identifiedAt).toBeLessThan(now);
      expect(identifiedAt).toBeGreaterThan(now - 549 * 86_400_000);
    }
    expect(cases.some((c) => c.status === 'closed')).toBe(true);
  });

  it('registers agencies of every type in every province', async () => {
    const res = await admin('/v1/agencies');
    expect(res.status).toBe(200);
    const demo = (res.body.items as Json[]).filter((a) => a.agencyId.startsWith(DEMO_PREFIX));
    expect(new Set(demo.map((a) => a.type))).toEqual(new Set(AGENCY_TYPES));
    expect(new Set(demo.map((a) => a.province))).toEqual(new Set(PROVINCES));
    expect(demo.every((a) => a.name.endsWith('(demo)'))).toBe(true);
  });

  it('leaves referrals with several outcomes, as the cases show them', async () => {
    const statuses = new Map<string, number>();
    for (const result of first.results) {
      const res = await admin(`/v1/cases/${result.caseId}`);
      expect(res.status).toBe(200);
      for (const referral of res.body.referrals as Json[]) {
        const key =
          referral.status === 'completed' ? `completed-${referral.outcome}` : referral.status;
        statuses.set(key, (statuses.get(key) ?? 0) + 1);
      }
    }
    const total = [...statuses.values()].reduce((a, b) => a + b, 0);
    expect(total).toBe(first.referrals.total);
    expect(statuses.get('completed-successful') ?? 0).toBeGreaterThan(0);
    expect(statuses.get('declined') ?? 0).toBeGreaterThan(0);
    expect(statuses.get('accepted') ?? 0).toBeGreaterThan(0);
    expect(statuses.size).toBeGreaterThanOrEqual(4);
    expect(statuses.get('completed-successful')).toBe(
      first.referrals.byOutcome['completed-successful'],
    );
    expect(statuses.get('declined')).toBe(first.referrals.byOutcome.declined);
  });

  it("records each case's history as the seeder ran it: events, agencies, officers", async () => {
    // The richest case: most steps, so referrals and (if any) transfers are in it.
    const richest = [...first.results].sort((a, b) => b.steps.length - a.steps.length)[0];
    const res = await admin(`/v1/cases/${richest.caseId}/history`, { limit: 200 });
    expect(res.status).toBe(200);
    const items = res.body.items as Json[];
    const expected = richest.steps.flatMap((step) =>
      step.events.map((type) => ({
        type,
        agencyId: step.agencyId,
        officerId: step.officerId,
        role: step.role,
      })),
    );
    expect(items.map((item) => ({ type: item.type, ...item.actor }))).toEqual(expected);
    expect(
      expected.filter((e) => e.type === 'referral.requested.v1').length,
    ).toBeGreaterThanOrEqual(2);

    for (const result of first.results
      .filter((r) => r.transferOutcome === 'accepted')
      .slice(0, 2)) {
      const view = await admin(`/v1/cases/${result.caseId}`);
      const accepted = result.steps.find((s) => s.kind === 'accept-transfer');
      expect(view.body.leadAgencyId).toBe(accepted?.agencyId);
    }
  });

  it('plans the same shape of data for the same seed', () => {
    const at = new Date();
    expect(planDemo(CASES, SEED, at)).toEqual(planDemo(CASES, SEED, at));
    expect(planDemo(CASES, SEED + 1, at)).not.toEqual(planDemo(CASES, SEED, at));
  });

  it('refuses a service that holds cases of non-demo agencies, and goes on with --force', async () => {
    const fia = await registerAgency(test, 'fia-lahore', { type: 'fia', province: 'punjab' });
    const opened = await test.http
      .post('/v1/cases')
      .set('authorization', `Bearer ${fia.officer}`)
      .set('x-officer-id', 'io-1')
      .send(OPEN_CASE_BODY);
    expect(opened.status).toBe(201);
    await test.projected();

    const refused = seedDemo({
      cases: 5,
      url,
      adminKey: test.adminKey,
      seed: SEED,
      progress: 'none',
    });
    await expect(refused).rejects.toThrow(SeedRefusedError);
    await expect(refused).rejects.toThrow(/not demo agencies \(e\.g\. fia-lahore\)/);
    expect(await allCases()).toHaveLength(CASES + 1);

    const forced = await seedDemo({
      cases: CASES,
      url,
      adminKey: test.adminKey,
      seed: SEED,
      force: true,
      progress: 'none',
    });
    expect(forced.errors).toEqual([]);
    expect(forced.foreignCasesFound).toBe(1);
    // Same seed, same shape: the counts match the first run's.
    expect(forced.referrals).toEqual(first.referrals);
    expect(forced.transfers).toEqual(first.transfers);
    expect(forced.cases).toEqual(first.cases);
    expect(await allCases()).toHaveLength(2 * CASES + 1);
  });

  it('refuses a service that is not on this machine before sending anything', async () => {
    const attempt = seedDemo({
      cases: 1,
      url: 'https://referrals.example.org',
      adminKey: 'x',
      progress: 'none',
    });
    await expect(attempt).rejects.toThrow(/not this machine/);
    await expect(seedDemo({ cases: 1, url, progress: 'none' })).rejects.toThrow(
      /BOOTSTRAP_ADMIN_KEY/,
    );
  });

  it('runs as a CLI: exit code and summary', async () => {
    const run = (args: string[], env: Record<string, string> = {}) =>
      new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
        execFile(
          process.execPath,
          ['-r', '@swc-node/register', 'apps/seed-demo/src/main.ts', ...args],
          { cwd: ROOT, env: { ...process.env, BOOTSTRAP_ADMIN_KEY: '', ...env }, timeout: 30_000 },
          (error, stdout, stderr) =>
            resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
        );
      });

    const done = await run(['--cases', '3', '--url', url, '--admin-key', test.adminKey, '--force']);
    expect(done.stderr).toBe('');
    expect(done.code).toBe(0);
    expect(done.stdout).toMatch(/Summary \(http:\/\/127\.0\.0\.1:\d+, seed \d+/);
    expect(done.stdout).toMatch(/cases +3 of 3 opened/);
    expect(done.stdout).toMatch(/errors +0/);
    expect(done.stdout).not.toMatch(/DEMO Synthetic Person/);

    // The admin key from the environment; refused without --force (a non-demo case is there).
    const refused = await run(['--cases', '3', '--url', url], {
      BOOTSTRAP_ADMIN_KEY: test.adminKey,
    });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/Refusing to seed/);
    expect(await allCases()).toHaveLength(2 * CASES + 1 + 3);
  });
});
