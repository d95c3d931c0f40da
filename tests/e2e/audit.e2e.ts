import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Client } from 'pg';
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { referralPath, verifyBundle } from '@app/audit-trail';
import { eventually } from '../support/async';
import { createTempDir } from '../support/temp-dir';
import { CAST, PERSONAL } from '../support/fixtures';
import {
  AgencyKeys,
  registerAgency,
  startTestApp,
  startTestWorker,
  TestApp,
} from '../support/test-app';
import { WebhookReceiver } from '../support/webhook-receiver';
import {
  as,
  AUDIT_PURPOSE,
  call,
  Caller,
  command,
  consentAndRefer,
  expectProblem,
  get,
  Json,
  openCase,
  post,
} from './helpers/api';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';

/** `npm run audit -- <args>` as a user runs it: no server, no database. */
function auditCli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['-r', '@swc-node/register', 'apps/audit-cli/src/main.ts', ...args],
      { cwd: join(__dirname, '../..') },
      (error, stdout, stderr) =>
        resolve({ code: error === null ? 0 : Number(error.code ?? -1), stdout, stderr }),
    );
  });
}

/**
 * Auditors: the referral path, the access log with purposes, integrity, anchors sent to oversight
 * agencies, the signed bundle, and that auditors never write. Real PostgreSQL, Redis, worker and
 * webhook receiver on 127.0.0.1.
 */
describe('audit (API, worker, receivers on 127.0.0.1)', () => {
  let test: TestApp;
  let worker: NestFastifyApplication;
  let receiver: WebhookReceiver;
  let db: Client;
  let fia: AgencyKeys;
  let shelter: AgencyKeys;
  let oversight: AgencyKeys;
  let lead: Caller;
  let auditor: Caller;
  let caseId: string;
  let referralId: string;

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    test = await startTestApp('audit', { RATE_LIMIT_PER_MINUTE: '0' });
    worker = await startTestWorker(test);
    db = new Client({ connectionString: test.database.url });
    await db.connect();
    const hook = (path: string) => ({
      notification: { webhookUrl: receiver.url(path), secret: SECRET },
    });
    fia = await registerAgency(test, { ...CAST.fiaLahore, ...hook('/fia') });
    shelter = await registerAgency(test, { ...CAST.darUlAmanLahore, ...hook('/shelter') });
    oversight = await registerAgency(test, { ...CAST.oversightCell, ...hook('/oversight') });
    lead = as(fia, 'officer');
    auditor = as(oversight, 'auditor');
    caseId = await openCase(test, lead);
    referralId = await consentAndRefer(test, lead, caseId, shelter.agencyId);
    await command(test, as(shelter), `/v1/cases/${caseId}/referrals/${referralId}/acknowledge`);
    await command(test, as(shelter), `/v1/cases/${caseId}/referrals/${referralId}/accept`, {});
  });

  afterAll(async () => {
    await db?.end();
    await worker?.close();
    await test?.close();
    await receiver?.close();
  });

  it('shows the referral path with hours and each notification as it was delivered', async () => {
    const path = await eventually(
      async () => {
        const res = await get(test, auditor, `/v1/cases/${caseId}/referral-path`).expect(200);
        const [item] = res.body.items as Json[];
        // The shelter's webhook of the referral, delivered (a first attempt may fail and be retried).
        const toShelter = item?.notifications.find(
          (n: Json) => n.type === 'referral.requested' && n.agencyId === shelter.agencyId,
        );
        return toShelter?.status === 'delivered' ? res.body : null;
      },
      { timeoutMs: 40_000, what: "the shelter's referral webhook delivered" },
    );
    expect(path.caseId).toBe(caseId);
    const [item] = path.items;
    expect(item).toMatchObject({
      referralId,
      fromAgencyId: fia.agencyId,
      toAgencyId: shelter.agencyId,
      status: 'accepted',
      overdue: false,
      hoursToAcknowledge: expect.any(Number),
      hoursToDecision: expect.any(Number),
    });
    expect(item.notifications).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          type: 'referral.requested',
          agencyId: shelter.agencyId,
          status: 'delivered',
          attempts: expect.any(Number),
          lastStatusCode: 200,
        }),
      ]),
    );
    // Replayed to before the case existed: nothing to show.
    const before = await get(test, auditor, `/v1/cases/${caseId}/referral-path`, {
      query: { asOf: '2020-01-01T00:00:00Z' },
    });
    expectProblem(before, 404);
    // The lead agency sees it too; an agency that never had the case does not.
    await get(test, lead, `/v1/cases/${caseId}/referral-path`).expect(200);
    const other = await registerAgency(test, CAST.fiaKarachi);
    expectProblem(await get(test, as(other), `/v1/cases/${caseId}/referral-path`), 404);
  });

  it('refuses an auditor who gives no purpose, or one that is not plain text', async () => {
    const silent = { ...auditor, purpose: undefined };
    for (const path of [
      '',
      '/history',
      '/referral-path',
      '/integrity',
      '/access-log',
      '/audit-bundle',
    ]) {
      const res = await get(test, silent, `/v1/cases/${caseId}${path}`);
      expectProblem(res, 400, 'X-Purpose');
      expect(res.body.code).toBe('purpose-required');
    }
    expectProblem(
      await get(test, silent, `/v1/cases/${caseId}`, { headers: { 'x-purpose': 'a\u0085b' } }),
      400,
      'X-Purpose',
    );
    expectProblem(
      await get(test, silent, `/v1/cases/${caseId}`, { headers: { 'x-purpose': 'x'.repeat(501) } }),
      400,
      'X-Purpose',
    );
    // Other roles may give one; they need not.
    await get(test, lead, `/v1/cases/${caseId}`).expect(200);
  });

  it('records every read of the case, by anyone, with its purpose, oldest first and paged', async () => {
    const reader = `/v1/cases/${caseId}`;
    const { rows: before } = await db.query(
      'SELECT count(*)::int AS n FROM case_access_log WHERE case_id = $1',
      [caseId],
    );
    await get(test, lead, reader).expect(200);
    // Asked without its personal data (as the console's summary does): recorded as not shown.
    const omitted = await get(test, lead, reader, { query: { personal: 'omit' } }).expect(200);
    expect(omitted.body.victim).toMatchObject({ personal: null, personalOmitted: true });
    expectProblem(await get(test, lead, reader, { query: { personal: 'all' } }), 400, 'personal');
    await get(test, { ...lead, purpose: 'Arranging transport' }, `${reader}/history`).expect(200);
    await get(test, as(shelter), reader).expect(200);
    await get(test, auditor, `${reader}/referral-path`).expect(200);
    await get(test, auditor, `${reader}/audit-bundle`).expect(200);

    const all: Json[] = [];
    let cursor: string | undefined;
    do {
      const page = await get(test, auditor, `${reader}/access-log`, {
        query: { limit: 2, ...(cursor ? { cursor } : {}) },
      }).expect(200);
      all.push(...page.body.items);
      cursor = page.body.nextCursor ?? undefined;
    } while (cursor);
    expect(all).toHaveLength(before[0].n + 6);
    const recent = all.slice(-6);
    expect(recent.map((r) => [r.agencyId, r.action, r.personalDataShown, r.purpose])).toEqual([
      [fia.agencyId, 'read-case', true, undefined],
      [fia.agencyId, 'read-case', false, undefined],
      [fia.agencyId, 'read-history', true, 'Arranging transport'],
      // The shelter's referral is accepted: it sees the victim while it works the case.
      [shelter.agencyId, 'read-case', true, undefined],
      [oversight.agencyId, 'read-referral-path', false, AUDIT_PURPOSE],
      [oversight.agencyId, 'export-bundle', false, AUDIT_PURPOSE],
    ]);
    expect(recent[0]).toMatchObject({
      role: 'officer',
      officerId: lead.officerId,
      keyId: expect.any(String),
    });
    expect(new Set(all.map((r) => r.accessId)).size).toBe(all.length);
    expect(JSON.stringify(all)).not.toContain(PERSONAL.fullName);
    // Only auditors read the log; a cursor it did not hand out is refused.
    expectProblem(await get(test, lead, `${reader}/access-log`), 403);
    expectProblem(
      await get(test, auditor, `${reader}/access-log`, {
        query: { cursor: Buffer.from('9999999999999999999').toString('base64url') },
      }),
      400,
      'cursor',
    );
    expectProblem(
      await get(test, auditor, `${reader}/access-log`, { query: { cursor: 'bm9wZQ' } }),
      400,
      'cursor',
    );
  });

  it('keeps the access log append-only, whoever connects to the database', async () => {
    for (const statement of [
      'UPDATE case_access_log SET purpose = $1 WHERE case_id = $2',
      'DELETE FROM case_access_log WHERE case_id = $2 AND $1::text IS NOT NULL',
    ]) {
      await expect(db.query(statement, ['rewritten', caseId])).rejects.toThrow(/append-only/);
    }
    await expect(db.query('TRUNCATE case_access_log')).rejects.toThrow(/append-only/);
    const { rows } = await db.query(
      'SELECT count(*)::int AS n FROM case_access_log WHERE case_id = $1',
      [caseId],
    );
    expect(rows[0].n).toBeGreaterThan(0);
  });

  it('verifies the case and its notifications stream', async () => {
    const res = await get(test, auditor, `/v1/cases/${caseId}/integrity`).expect(200);
    expect(res.body).toMatchObject({
      valid: true,
      eventsChecked: expect.any(Number),
      headHash: expect.stringMatching(/^[0-9a-f]{64}$/),
      case: { streamId: `case-${caseId}`, valid: true },
      notifications: { streamId: `notifications-${caseId}`, valid: true },
    });
    expect(res.body.notifications.eventsChecked).toBeGreaterThan(0);
    expect(res.body).not.toHaveProperty('firstInvalidVersion');
  });

  it('anchors every stream, sends the signed root to oversight agencies, and verifies it', async () => {
    const made = await post(test, test.adminKey, '/v1/admin/audit/anchors').expect(201);
    expect(made.body).toMatchObject({
      anchorId: expect.any(String),
      merkleRoot: expect.stringMatching(/^[0-9a-f]{64}$/),
      streamCount: expect.any(Number),
      anchoredAt: expect.any(String),
    });
    const latest = await get(test, auditor, '/v1/audit/anchors/latest').expect(200);
    expect(latest.body).toEqual(made.body);
    const verified = await get(test, auditor, '/v1/audit/anchors/latest/verify').expect(200);
    expect(verified.body).toEqual({
      valid: true,
      anchorId: made.body.anchorId,
      streamsChecked: made.body.streamCount,
      problems: [],
    });
    const witnessed = await eventually(() =>
      receiver
        .bodies('/oversight', 'audit.anchor')
        .find((b) => b.data.anchorId === made.body.anchorId),
    );
    expect(witnessed.data).toEqual({ ...made.body });
    // Officers neither make nor read anchors; nor does an agency's own admin: they cover every
    // agency's streams.
    expectProblem(await post(test, lead, '/v1/admin/audit/anchors'), 403);
    expectProblem(await post(test, fia.admin, '/v1/admin/audit/anchors'), 403);
    expectProblem(await get(test, fia.admin, '/v1/audit/anchors/latest/verify'), 403);
    expectProblem(await get(test, lead, '/v1/audit/anchors/latest'), 403);
  });

  it('exports a signed bundle that verifies offline and discloses no victim', async () => {
    await post(test, test.adminKey, '/v1/admin/audit/anchors').expect(201);
    const key = await get(test, lead, '/v1/audit/public-key').expect(200);
    expect(key.body).toMatchObject({
      algorithm: 'Ed25519',
      keyId: expect.stringMatching(/^[0-9a-f]{16}$/),
    });
    const res = await get(test, auditor, `/v1/cases/${caseId}/audit-bundle`).expect(200);
    const bundle = res.body;
    expect(bundle).toMatchObject({
      format: 'safe-referral.audit-bundle.v1',
      caseId,
      streamId: `case-${caseId}`,
      signature: { algorithm: 'Ed25519', keyId: key.body.keyId },
    });
    expect(bundle.anchor).toMatchObject({ leaf: { streamId: `case-${caseId}` } });
    expect(bundle.notifications.proof).not.toBeNull();
    expect(verifyBundle(bundle, key.body.publicKeyPem)).toMatchObject({
      valid: true,
      anchored: true,
    });
    expect(JSON.stringify(bundle)).not.toContain(PERSONAL.fullName);
    expect(JSON.stringify(bundle)).not.toContain(PERSONAL.cnic);
    const changed = structuredClone(bundle);
    changed.events[0].data.crimeType = 'som';
    expect(verifyBundle(changed, key.body.publicKeyPem).valid).toBe(false);
    expectProblem(await get(test, lead, `/v1/cases/${caseId}/audit-bundle`), 403);
    expectProblem(
      await get(test, auditor, '/v1/cases/0193a0e0-0000-7000-8000-000000000999/audit-bundle'),
      404,
    );
  });

  it('lets the audit CLI verify the exported bundle and derive the same referral path', async () => {
    await post(test, test.adminKey, '/v1/admin/audit/anchors').expect(201);
    const key = await get(test, lead, '/v1/audit/public-key').expect(200);
    const bundle = (await get(test, auditor, `/v1/cases/${caseId}/audit-bundle`).expect(200)).body;
    const fromApi = (await get(test, auditor, `/v1/cases/${caseId}/referral-path`).expect(200))
      .body;
    // One piece of code: the path from the bundle's streams alone is the API's.
    expect(referralPath(caseId, bundle.events, bundle.notifications.events)).toEqual(fromApi);

    const dir = await createTempDir('audit-e2e');
    try {
      const file = join(dir.path, 'bundle.json');
      const pem = join(dir.path, 'audit-public-key.pem');
      await writeFile(file, JSON.stringify(bundle));
      await writeFile(pem, key.body.publicKeyPem);
      const verified = await auditCli('verify', file, '--public-key', pem);
      expect(verified.code).toBe(0);
      const path = await auditCli('path', file, '--public-key', pem);
      expect(path.code).toBe(0);
      expect(path.stdout).toContain(fia.agencyId);
      expect(path.stdout).toContain(shelter.agencyId);
      for (const run of [verified, path]) {
        expect(run.stdout + run.stderr).not.toContain(PERSONAL.fullName);
      }
      await writeFile(file, JSON.stringify(bundle).replace('"tip"', '"som"'));
      const forged = await auditCli('verify', file, '--public-key', pem);
      expect(forged.code).toBe(1);
    } finally {
      await dir.remove();
    }
  });

  it('answers 403 to an auditor on every route that is not a GET', async () => {
    const docs = (await test.http.get('/docs-json').expect(200)).body as Json;
    const ids: Record<string, string> = {
      caseId,
      referralId,
      transferId: referralId,
      agencyId: fia.agencyId,
      keyId: '0193a0e0-0000-7000-8000-000000000001',
      notificationId: '0193a0e0-0000-7000-8000-000000000001',
    };
    const writes = Object.entries<Json>(docs.paths).flatMap(([path, methods]) =>
      Object.keys(methods)
        .filter((method) => method !== 'get')
        .map((method) => ({
          method,
          path: path.replace(/\{(\w+)\}/g, (_, name: string) => ids[name]),
        })),
    );
    expect(writes.length).toBeGreaterThan(20);
    const eventsBefore = await db.query('SELECT count(*)::int AS n FROM events');
    for (const { method, path } of writes) {
      const res = await call(test, auditor, method as 'post' | 'put' | 'delete', path, {
        body: {},
      });
      if (res.status !== 403) throw new Error(`${method} ${path}: ${res.status}, expected 403`);
    }
    const eventsAfter = await db.query('SELECT count(*)::int AS n FROM events');
    expect(eventsAfter.rows[0].n).toBe(eventsBefore.rows[0].n);
  });
});
