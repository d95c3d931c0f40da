import { AgencyKeys, registerAgency, startTestApp, TestApp } from '../support/test-app';
import { CAST, consentBody, OPEN_CASE_BODY, referralBody } from '../support/fixtures';
import {
  as,
  call,
  Caller,
  caseVersion,
  command,
  consentAndRefer,
  expectCommand,
  expectProblem,
  get,
  history,
  Method,
  openCase,
  post,
  Role,
} from './helpers/api';

/**
 * Every write endpoint for every role. The role decides first (PERMISSIONS): auditors never
 * write, admins only administer and erase; officers and supervisors pass, and the domain then
 * decides per agency. Each row acts from the agency the command belongs to (lead or receiving),
 * on a fresh case set up in the state the command needs, so that a refusal can only come from
 * the role. A refusal changes nothing; a success is recorded with the caller's role.
 */

type Party = 'lead' | 'shelter' | 'swd';

interface Ctx {
  caseId: string;
  referralId?: string;
  transferId?: string;
}

interface CaseRow {
  endpoint: string;
  /** The agency whose keys send the command. */
  by: Party;
  setup: () => Promise<Ctx>;
  request: (ctx: Ctx) => { method: Method; path: string; body: unknown };
  success: 200 | 201;
  /** Roles that succeed; every other role gets 403. */
  allowed: Role[];
  /** Events one success records (default 1). */
  events?: number;
}

const ROLES: Role[] = ['officer', 'supervisor', 'auditor', 'admin'];
const CASE_WORKERS: Role[] = ['officer', 'supervisor'];

describe('authorization: every write endpoint × every role', () => {
  let test: TestApp;
  const keys = {} as Record<Party, AgencyKeys>;
  const lead = () => as(keys.lead, 'officer');
  const shelter = () => as(keys.shelter, 'officer');

  beforeAll(async () => {
    test = await startTestApp('authorization');
    keys.lead = await registerAgency(test, CAST.fiaPeshawar);
    keys.shelter = await registerAgency(test, CAST.shelterPeshawar);
    keys.swd = await registerAgency(test, CAST.swdKp);
  });

  afterAll(async () => {
    await test?.close();
  });

  // Case states the rows start from, built by the lead's and receivers' officers.
  const openedCase = async (): Promise<Ctx> => ({ caseId: await openCase(test, lead()) });
  const withConsent = async (): Promise<Ctx> => {
    const ctx = await openedCase();
    await command(
      test,
      lead(),
      `/v1/cases/${ctx.caseId}/consents`,
      consentBody(keys.shelter.agencyId),
    );
    return ctx;
  };
  const withReferral = async (): Promise<Ctx> => {
    const ctx = await openedCase();
    return {
      ...ctx,
      referralId: await consentAndRefer(test, lead(), ctx.caseId, keys.shelter.agencyId),
    };
  };
  const withAcceptedReferral = async (): Promise<Ctx> => {
    const ctx = await withReferral();
    await command(
      test,
      shelter(),
      `/v1/cases/${ctx.caseId}/referrals/${ctx.referralId}/accept`,
      {},
    );
    return ctx;
  };
  const withTransfer = async (): Promise<Ctx> => {
    const ctx = await openedCase();
    const { transferId } = await command(test, lead(), `/v1/cases/${ctx.caseId}/transfers`, {
      toAgencyId: keys.swd.agencyId,
      reason: 'Province of residence',
    });
    return { ...ctx, transferId };
  };
  const closedCase = async (): Promise<Ctx> => {
    const ctx = await openedCase();
    await command(test, lead(), `/v1/cases/${ctx.caseId}/close`, { reason: 'lost-contact' });
    return ctx;
  };

  const postTo = (path: (ctx: Ctx) => string, body: unknown) => (ctx: Ctx) => ({
    method: 'post' as Method,
    path: path(ctx),
    body,
  });
  const onReferral = (action: string, body: unknown) =>
    postTo((ctx) => `/v1/cases/${ctx.caseId}/referrals/${ctx.referralId}/${action}`, body);
  const onTransfer = (action: string, body: unknown) =>
    postTo((ctx) => `/v1/cases/${ctx.caseId}/transfers/${ctx.transferId}/${action}`, body);
  const onCase = (suffix: string, body: unknown) =>
    postTo((ctx) => `/v1/cases/${ctx.caseId}${suffix}`, body);

  const rows: CaseRow[] = [
    {
      endpoint: 'POST /v1/cases',
      by: 'lead',
      setup: async () => ({ caseId: '' }),
      request: () => ({ method: 'post', path: '/v1/cases', body: OPEN_CASE_BODY }),
      success: 201,
      allowed: CASE_WORKERS,
    },
    {
      endpoint: 'POST screenings',
      by: 'lead',
      setup: openedCase,
      request: onCase('/screenings', { traffickingStatus: 'possible' }),
      success: 201,
      allowed: CASE_WORKERS,
      events: 2, // case.screened + reflection-period.started
    },
    {
      endpoint: 'POST consents',
      by: 'lead',
      setup: openedCase,
      request: onCase('/consents', consentBody('shelter-peshawar')),
      success: 201,
      allowed: CASE_WORKERS,
    },
    {
      endpoint: 'POST referrals',
      by: 'lead',
      setup: withConsent,
      request: onCase('/referrals', referralBody('shelter-peshawar')),
      success: 201,
      allowed: CASE_WORKERS,
    },
    {
      endpoint: 'POST referrals with consentOverride',
      by: 'lead',
      setup: openedCase,
      request: onCase(
        '/referrals',
        referralBody('shelter-peshawar', {
          consentOverride: { justification: 'Minor in immediate danger' },
        }),
      ),
      success: 201,
      allowed: ['supervisor'],
      events: 2, // consent.overridden + referral.requested
    },
    {
      endpoint: 'POST referrals/{id}/acknowledge',
      by: 'shelter',
      setup: withReferral,
      request: onReferral('acknowledge', {}),
      success: 200,
      allowed: CASE_WORKERS,
    },
    {
      endpoint: 'POST referrals/{id}/accept',
      by: 'shelter',
      setup: withReferral,
      request: onReferral('accept', {}),
      success: 200,
      allowed: CASE_WORKERS,
    },
    {
      endpoint: 'POST referrals/{id}/decline',
      by: 'shelter',
      setup: withReferral,
      request: onReferral('decline', { reason: 'no-capacity' }),
      success: 200,
      allowed: CASE_WORKERS,
    },
    {
      endpoint: 'POST referrals/{id}/complete',
      by: 'shelter',
      setup: withAcceptedReferral,
      request: onReferral('complete', { outcome: 'successful', servicesDelivered: ['shelter'] }),
      success: 200,
      allowed: CASE_WORKERS,
    },
    {
      endpoint: 'POST referrals/{id}/withdraw',
      by: 'lead',
      setup: withReferral,
      request: onReferral('withdraw', { reason: 'Family found' }),
      success: 200,
      allowed: CASE_WORKERS,
    },
    {
      endpoint: 'POST assistance-decisions',
      by: 'lead',
      setup: openedCase,
      request: onCase('/assistance-decisions', {
        service: 'medical',
        decision: 'granted',
        rationale: 'Injuries',
      }),
      success: 201,
      allowed: CASE_WORKERS,
    },
    {
      endpoint: 'POST protection-measures',
      by: 'lead',
      setup: openedCase,
      request: onCase('/protection-measures', {
        measure: 'police-protection',
        decision: 'granted',
        rationale: 'Threats',
      }),
      success: 201,
      allowed: CASE_WORKERS,
    },
    {
      endpoint: 'POST transfers',
      by: 'lead',
      setup: openedCase,
      request: onCase('/transfers', { toAgencyId: 'swd-kp', reason: 'Residence' }),
      success: 201,
      allowed: CASE_WORKERS,
    },
    {
      endpoint: 'POST transfers/{id}/accept',
      by: 'swd',
      setup: withTransfer,
      request: onTransfer('accept', {}),
      success: 200,
      allowed: CASE_WORKERS,
    },
    {
      endpoint: 'POST transfers/{id}/decline',
      by: 'swd',
      setup: withTransfer,
      request: onTransfer('decline', { reason: 'No capacity' }),
      success: 200,
      allowed: CASE_WORKERS,
    },
    {
      endpoint: 'POST close',
      by: 'lead',
      setup: openedCase,
      request: onCase('/close', { reason: 'reintegrated' }),
      success: 200,
      allowed: CASE_WORKERS,
    },
    {
      endpoint: 'POST reopen',
      by: 'lead',
      setup: closedCase,
      request: onCase('/reopen', { reason: 'Victim came back' }),
      success: 200,
      allowed: CASE_WORKERS,
    },
    {
      endpoint: 'DELETE personal-data',
      by: 'lead',
      setup: openedCase,
      request: (ctx) => ({
        method: 'delete',
        path: `/v1/cases/${ctx.caseId}/personal-data`,
        body: { justification: 'Victim asked for erasure' },
      }),
      success: 200,
      allowed: ['supervisor', 'admin'],
    },
  ];

  describe.each(rows)('$endpoint', (row) => {
    it.each(ROLES)('as %s', async (role) => {
      const ctx = await row.setup();
      const caller = as(keys[row.by], role);
      const { method, path, body } = row.request(ctx);
      const before = ctx.caseId ? await caseVersion(test, lead(), ctx.caseId) : 0;
      const res = await call(test, caller, method, path, { body });

      if (!row.allowed.includes(role)) {
        expectProblem(res, 403);
        if (ctx.caseId) expect(await caseVersion(test, lead(), ctx.caseId)).toBe(before);
        return;
      }
      const caseId = ctx.caseId || res.body.caseId;
      expectCommand(res, { status: row.success, caseId, version: before + (row.events ?? 1) });
      const last = (await history(test, as(keys.lead, 'auditor'), caseId)).at(-1)!;
      expect(last.actor).toEqual({
        agencyId: keys[row.by].agencyId,
        role,
        officerId: caller.officerId,
      });
    });
  });

  it('erasing personal data needs a supervisor of the lead agency, not of a receiving agency', async () => {
    const ctx = await withAcceptedReferral();
    const before = await caseVersion(test, lead(), ctx.caseId);
    const erase = (caller: Caller) =>
      call(test, caller, 'delete', `/v1/cases/${ctx.caseId}/personal-data`, {
        body: { justification: 'Victim asked for erasure' },
      });
    expectProblem(await erase(as(keys.shelter, 'supervisor')), 403);
    expectProblem(await erase(as(keys.lead, 'officer')), 403);
    expect(await caseVersion(test, lead(), ctx.caseId)).toBe(before);
    expect(
      (await get(test, shelter(), `/v1/cases/${ctx.caseId}`)).body.victim.personal,
    ).not.toBeNull();
    expectCommand(await erase(as(keys.lead, 'supervisor')), {
      status: 200,
      caseId: ctx.caseId,
      version: before + 1,
    });
  });

  it("an agency's admin sees what its agency sees; the service's admin sees every case", async () => {
    const ctx = await withAcceptedReferral();
    const casePath = `/v1/cases/${ctx.caseId}`;
    const erase = (caller: Caller | string) =>
      call(test, caller, 'delete', `${casePath}/personal-data`, {
        body: { justification: 'Court order' },
      });
    const listed = async (caller: Caller | string) => {
      const res = await get(test, caller, '/v1/cases', { query: { limit: 200 } });
      expect(res.status).toBe(200);
      return res.body.items.map((item: { caseId: string }) => item.caseId) as string[];
    };
    await test.projected();
    const before = await caseVersion(test, lead(), ctx.caseId);

    const unrelatedAdmin = as(keys.swd, 'admin');
    expectProblem(await get(test, unrelatedAdmin, casePath), 404);
    expectProblem(await get(test, unrelatedAdmin, `${casePath}/history`), 404);
    expectProblem(await erase(unrelatedAdmin), 404);
    expect(await listed(unrelatedAdmin)).not.toContain(ctx.caseId);

    const shelterAdmin = as(keys.shelter, 'admin');
    expect((await get(test, shelterAdmin, casePath)).status).toBe(200);
    expectProblem(await erase(shelterAdmin), 403);
    expect(await listed(as(keys.lead, 'admin'))).toContain(ctx.caseId);
    expect(await caseVersion(test, lead(), ctx.caseId)).toBe(before);

    expect((await get(test, test.adminKey, casePath)).status).toBe(200);
    expect(await listed(test.adminKey)).toContain(ctx.caseId);
    expectCommand(await erase(test.adminKey), {
      status: 200,
      caseId: ctx.caseId,
      version: before + 1,
    });
  });

  it.each<Role>(['auditor', 'admin'])(
    "an agency's %s may read its agency's inbox",
    async (role) => {
      const ctx = await withReferral();
      await test.projected();
      const res = await get(test, as(keys.shelter, role), '/v1/referrals/inbox', {
        query: { limit: 200 },
      });
      expect(res.status).toBe(200);
      expect(res.body.items.map((item: { referralId: string }) => item.referralId)).toContain(
        ctx.referralId,
      );
      const unrelated = await get(test, as(keys.swd, role), '/v1/referrals/inbox');
      expect(unrelated.status).toBe(200);
      expect(unrelated.body.items).toEqual([]);
    },
  );

  it('a consent override needs a supervisor of the lead agency', async () => {
    const ctx = await openedCase();
    const override = referralBody('shelter-peshawar', {
      consentOverride: { justification: 'Minor in immediate danger' },
    });
    const otherSupervisor = as(keys.swd, 'supervisor');
    // swd does not see the case at all: 404, never a hint it exists.
    expectProblem(
      await post(test, otherSupervisor, `/v1/cases/${ctx.caseId}/referrals`, override),
      404,
    );
    expectProblem(await post(test, lead(), `/v1/cases/${ctx.caseId}/referrals`, override), 403);
    const res = await post(
      test,
      as(keys.lead, 'supervisor'),
      `/v1/cases/${ctx.caseId}/referrals`,
      override,
    );
    expectCommand(res, { status: 201, caseId: ctx.caseId, version: 3 });
    const types = (await history(test, as(keys.lead, 'auditor'), ctx.caseId)).map(
      (item) => item.type,
    );
    expect(types).toEqual(['case.opened.v1', 'consent.overridden.v1', 'referral.requested.v1']);
  });

  describe('admin endpoints', () => {
    let counter = 0;
    const adminRows: {
      endpoint: string;
      send: (caller: Caller) => Promise<{ status: number; unchanged: () => Promise<void> }>;
      success: number;
    }[] = [
      {
        endpoint: 'PUT /v1/admin/agencies/{agencyId} (own agency)',
        success: 200,
        send: async (caller) => {
          const name = `FIA Peshawar ${++counter}`;
          const res = await call(test, caller, 'put', '/v1/admin/agencies/fia-peshawar', {
            body: { name, type: 'fia', province: 'khyber-pakhtunkhwa', services: [] },
          });
          return {
            status: res.status,
            unchanged: async () => {
              const names = (await get(test, test.adminKey, '/v1/agencies')).body.items.map(
                (a: { name: string }) => a.name,
              );
              expect(names).not.toContain(name);
            },
          };
        },
      },
      {
        endpoint: 'POST /v1/admin/api-keys',
        success: 201,
        send: async (caller) => {
          const res = await post(test, caller, '/v1/admin/api-keys', {
            agencyId: 'fia-peshawar',
            role: 'officer',
            label: 'escalation',
          });
          return {
            status: res.status,
            unchanged: async () => expect(res.body.apiKey).toBeUndefined(),
          };
        },
      },
      {
        endpoint: 'DELETE /v1/admin/api-keys/{keyId}',
        success: 200,
        send: async (caller) => {
          const issued = await post(test, test.adminKey, '/v1/admin/api-keys', {
            agencyId: 'fia-peshawar',
            role: 'officer',
            label: 'victim of the test',
          });
          const res = await call(test, caller, 'delete', `/v1/admin/api-keys/${issued.body.keyId}`);
          return {
            status: res.status,
            unchanged: async () =>
              expect((await get(test, issued.body.apiKey, '/v1/agencies')).status).toBe(200),
          };
        },
      },
    ];

    it("an agency's admin administers its own agency only; the system admin all of them", async () => {
      const admin = keys.lead.admin;
      const other = { name: 'Other NGO', type: 'ngo', province: 'sindh', services: ['legal-aid'] };
      expect(
        (await call(test, admin, 'put', '/v1/admin/agencies/ngo-elsewhere', { body: other }))
          .status,
      ).toBe(403);
      expect(
        (
          await post(test, admin, '/v1/admin/api-keys', {
            agencyId: 'shelter-peshawar',
            role: 'auditor',
            label: 'x',
          })
        ).status,
      ).toBe(403);
      const foreign = await post(test, test.adminKey, '/v1/admin/api-keys', {
        agencyId: 'shelter-peshawar',
        role: 'officer',
        label: 'not yours',
      });
      expect(
        (await call(test, admin, 'delete', `/v1/admin/api-keys/${foreign.body.keyId}`)).status,
      ).toBe(404);
      expect((await get(test, foreign.body.apiKey, '/v1/agencies')).status).toBe(200);
      expect(
        (
          await call(test, test.adminKey, 'put', '/v1/admin/agencies/ngo-elsewhere', {
            body: other,
          })
        ).status,
      ).toBe(201);
    });

    it("only the service's administrators issue auditor keys, which see every case", async () => {
      const agencyAdmin = as(keys.lead, 'admin');
      const refused = await post(test, agencyAdmin, '/v1/admin/api-keys', {
        agencyId: keys.lead.agencyId,
        role: 'auditor',
        label: 'self-made auditor',
      });
      expectProblem(refused, 403);
      expect(refused.body.apiKey).toBeUndefined();
      for (const role of ['officer', 'supervisor', 'admin'] as const) {
        const issued = await post(test, agencyAdmin, '/v1/admin/api-keys', {
          agencyId: keys.lead.agencyId,
          role,
          label: `own ${role}`,
        });
        expect(issued.status).toBe(201);
      }
      const bySystem = await post(test, test.adminKey, '/v1/admin/api-keys', {
        agencyId: keys.lead.agencyId,
        role: 'auditor',
        label: 'monitoring cell',
      });
      expect(bySystem.status).toBe(201);
    });

    describe.each(adminRows)('$endpoint', (row) => {
      it.each(ROLES)('as %s', async (role) => {
        const { status, unchanged } = await row.send(as(keys.lead, role));
        if (role === 'admin') {
          expect(status).toBe(row.success);
        } else {
          expect(status).toBe(403);
          await unchanged();
        }
      });
    });
  });
});
