import { Client } from 'pg';
import type { Response, Test } from 'supertest';
import { registerAgency, startTestApp, TestApp } from '../support/test-app';
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
  openCase,
  post,
  unknownId,
} from './helpers/api';

/**
 * Every error status of the API contract, provoked through the real HTTP stack: each answer is
 * application/problem+json with type, title, status and detail (and the invalid field for 400s
 * and rule violations), and each refused request changed nothing: the case keeps its version and
 * the event store holds no new event.
 */
describe('errors are problem+json and change nothing', () => {
  let test: TestApp;
  let db: Client;
  let fia: Caller;
  let fiaSupervisor: Caller;
  let fiaAuditor: Caller;
  let shelter: Caller;
  let ngo: Caller;
  let unrelated: Caller;
  let caseId: string;
  let referralId: string;

  beforeAll(async () => {
    test = await startTestApp('errors');
    db = new Client({ connectionString: test.database.url });
    await db.connect();
    const fiaKeys = await registerAgency(test, CAST.fiaLahore);
    fia = as(fiaKeys, 'officer');
    fiaSupervisor = as(fiaKeys, 'supervisor');
    fiaAuditor = as(fiaKeys, 'auditor');
    shelter = as(await registerAgency(test, CAST.darUlAmanMultan));
    ngo = as(await registerAgency(test, CAST.ngoLegalHelp));
    unrelated = as(await registerAgency(test, CAST.policeQuetta));
    caseId = await openCase(test, fia);
    referralId = await consentAndRefer(test, fia, caseId, shelter.agencyId);
  });

  afterAll(async () => {
    await db?.end();
    await test?.close();
  });

  const casePath = (suffix = '') => `/v1/cases/${caseId}${suffix}`;

  async function eventCount(): Promise<number> {
    const { rows } = await db.query<{ n: string }>('SELECT count(*) AS n FROM events');
    return Number(rows[0].n);
  }

  /**
   * Sends the request (after noting the case version and the number of stored events), checks
   * the problem document, and that neither moved.
   */
  async function expectRefused(
    send: () => Test | Promise<Response>,
    status: number,
    field?: string,
    onCase: string = caseId,
  ): Promise<Response> {
    const version = await caseVersion(test, fia, onCase);
    const events = await eventCount();
    const res = await send();
    expectProblem(res, status, field);
    expect(await caseVersion(test, fia, onCase)).toBe(version);
    expect(await eventCount()).toBe(events);
    return res;
  }

  describe('400: malformed or invalid requests', () => {
    it('an unknown field in the body', async () => {
      await expectRefused(
        () =>
          post(test, fia, casePath('/screenings'), {
            traffickingStatus: 'possible',
            verdict: 'guilty',
          }),
        400,
        'verdict',
      );
    });

    it('an unknown field nested in the personal data of a new case', async () => {
      const body = {
        identifiedAt: '2026-11-20T08:30:00Z',
        identificationSource: 'raid',
        location: { province: 'punjab', district: 'Lahore' },
        crimeType: 'tip',
        victim: {
          sex: 'female',
          ageGroup: 'adult',
          citizenship: 'PK',
          personal: { fullName: 'A B', nickname: 'C' },
        },
        exploitationTypes: [],
        indicators: [],
      };
      const res = await expectRefused(
        () => post(test, fia, '/v1/cases', body),
        400,
        'victim.personal.nickname',
      );
      expect(res.text).not.toContain('A B'); // details never echo the submitted values
    });

    it('a value outside its enumeration', async () => {
      await expectRefused(
        () => post(test, fia, casePath('/screenings'), { traffickingStatus: 'maybe' }),
        400,
        'traffickingStatus',
      );
      await expectRefused(
        () =>
          post(
            test,
            fia,
            casePath('/referrals'),
            referralBody(shelter.agencyId, { services: ['spa'] }),
          ),
        400,
        'services',
      );
    });

    it('a case or referral id that is not a UUID', async () => {
      await expectRefused(() => get(test, fia, '/v1/cases/not-a-uuid'), 400, 'caseId');
      await expectRefused(
        () => post(test, fia, '/v1/cases/12345/screenings', { traffickingStatus: 'possible' }),
        400,
        'caseId',
      );
      await expectRefused(
        () => post(test, shelter, casePath('/referrals/xyz/accept'), {}),
        400,
        'referralId',
      );
    });

    it('accepts an id in capitals as the same case (UUIDs are case-insensitive)', async () => {
      const res = await get(test, fia, `/v1/cases/${caseId.toUpperCase()}`);
      expect(res.status).toBe(200);
      expect(res.body.caseId).toBe(caseId);
    });

    it('malformed JSON', async () => {
      await expectRefused(
        () =>
          call(test, fia, 'post', casePath('/screenings'), {
            headers: { 'content-type': 'application/json' },
          }).send('{"traffickingStatus": "possible",'),
        400,
      );
    });

    it('a write by an officer without X-Officer-Id', async () => {
      const anonymous = { ...fia, officerId: undefined };
      await expectRefused(
        () => post(test, anonymous, casePath('/screenings'), { traffickingStatus: 'possible' }),
        400,
        'X-Officer-Id',
      );
      await expectRefused(
        () =>
          post(test, { ...fia, officerId: 'has spaces and ;' }, casePath('/screenings'), {
            traffickingStatus: 'possible',
          }),
        400,
        'X-Officer-Id',
      );
    });

    it('an If-Match that is not a version', async () => {
      await expectRefused(
        () =>
          post(
            test,
            fia,
            casePath('/screenings'),
            { traffickingStatus: 'possible' },
            { headers: { 'if-match': '"abc"' } },
          ),
        400,
        'If-Match',
      );
    });

    it('an Idempotency-Key over 255 characters', async () => {
      await expectRefused(
        () =>
          post(
            test,
            fia,
            casePath('/screenings'),
            { traffickingStatus: 'possible' },
            {
              headers: { 'idempotency-key': 'k'.repeat(256) },
            },
          ),
        400,
        'Idempotency-Key',
      );
    });

    it('a cursor this service never returned', async () => {
      const cursor = Buffer.from('not-a-uuid').toString('base64url');
      expectProblem(await get(test, fia, '/v1/cases', { query: { cursor } }), 400, 'cursor');
      expectProblem(
        await get(test, shelter, '/v1/referrals/inbox', { query: { cursor } }),
        400,
        'cursor',
      );
      expectProblem(await get(test, fia, '/v1/cases', { query: { limit: 0 } }), 400, 'limit');
    });
  });

  describe('401: missing, unknown or revoked key', () => {
    const screening = { traffickingStatus: 'possible' };

    it('no key at all', async () => {
      await expectRefused(() => post(test, null, casePath('/screenings'), screening), 401);
      expectProblem(await test.http.get(casePath()), 401);
    });

    it('a key this service never issued, or a malformed Authorization header', async () => {
      await expectRefused(
        () => post(test, 'srk_never-issued', casePath('/screenings'), screening),
        401,
      );
      await expectRefused(
        () =>
          test.http
            .post(casePath('/screenings'))
            .set('authorization', `Basic ${fia.key}`)
            .send(screening),
        401,
      );
    });

    it('a revoked key, from the very next request', async () => {
      const issued = await post(test, test.adminKey, '/v1/admin/api-keys', {
        agencyId: fia.agencyId,
        role: 'officer',
        label: 'laptop that was stolen',
      });
      expect(issued.status).toBe(201);
      const stolen: Caller = { ...fia, key: issued.body.apiKey };
      expect((await get(test, stolen, casePath())).status).toBe(200);
      const revoked = await call(
        test,
        test.adminKey,
        'delete',
        `/v1/admin/api-keys/${issued.body.keyId}`,
      );
      expect(revoked.status).toBe(200);
      expectProblem(await get(test, stolen, casePath()), 401);
      await expectRefused(() => post(test, stolen, casePath('/screenings'), screening), 401);
    });
  });

  describe('403: the role or the agency may not do this', () => {
    it('an auditor tries to write', async () => {
      await expectRefused(
        () => post(test, fiaAuditor, casePath('/screenings'), { traffickingStatus: 'possible' }),
        403,
      );
      await expectRefused(() => post(test, fiaAuditor, '/v1/cases', {}), 403);
    });

    it('an officer tries to override missing consent (a supervisor may)', async () => {
      const override = referralBody(ngo.agencyId, {
        consentOverride: { justification: 'Victim unconscious, urgent care' },
      });
      await expectRefused(() => post(test, fia, casePath('/referrals'), override), 403);
      const version = await caseVersion(test, fia, caseId);
      const res = await post(test, fiaSupervisor, casePath('/referrals'), override);
      expectCommand(res, { status: 201, caseId, version: version + 2 }); // consent.overridden + referral.requested
    });

    it('the lead agency tries to accept a referral addressed to the shelter', async () => {
      await expectRefused(
        () => post(test, fia, casePath(`/referrals/${referralId}/accept`), {}),
        403,
      );
    });

    it('an officer calls the admin endpoints', async () => {
      const agencies = (await get(test, fia, '/v1/agencies')).body.items.length;
      expectProblem(
        await call(test, fia, 'put', '/v1/admin/agencies/rogue-agency', {
          body: { name: 'Rogue', type: 'ngo', province: 'sindh', services: [] },
        }),
        403,
      );
      expect((await get(test, fia, '/v1/agencies')).body.items).toHaveLength(agencies);
      expectProblem(
        await post(test, fia, '/v1/admin/api-keys', {
          agencyId: fia.agencyId,
          role: 'auditor',
          label: 'x',
        }),
        403,
      );
      expectProblem(await call(test, fia, 'delete', `/v1/admin/api-keys/${unknownId()}`), 403);
    });
  });

  describe('404: no such case, or one the agency may not see (indistinguishable)', () => {
    it('an unknown case and another agency’s case get the same answer', async () => {
      const unknown = await expectRefused(() => get(test, fia, `/v1/cases/${unknownId()}`), 404);
      const hidden = await expectRefused(() => get(test, unrelated, casePath()), 404);
      const strip = (body: Record<string, unknown>) => ({
        type: body.type,
        title: body.title,
        status: body.status,
        detail: body.detail,
      });
      expect(strip(hidden.body)).toEqual(strip(unknown.body));
      expect(hidden.text).not.toContain(caseId);

      const write = await expectRefused(
        () => post(test, unrelated, casePath('/screenings'), { traffickingStatus: 'possible' }),
        404,
      );
      expect(strip(write.body)).toEqual(strip(unknown.body));
      await expectRefused(() => get(test, unrelated, casePath('/history')), 404);
      await expectRefused(
        () => post(test, fia, `/v1/cases/${unknownId()}/close`, { reason: 'other' }),
        404,
      );
    });

    it('an unknown referral on a visible case', async () => {
      await expectRefused(
        () => post(test, shelter, casePath(`/referrals/${unknownId()}/accept`), {}),
        404,
      );
    });
  });

  describe('409: the case state does not allow it', () => {
    it('accepting a declined referral', async () => {
      const ngoCase = await openCase(test, fia);
      const declined = await consentAndRefer(test, fia, ngoCase, ngo.agencyId, {
        services: ['legal-aid'],
      });
      const path = `/v1/cases/${ngoCase}/referrals/${declined}`;
      await command(test, ngo, `${path}/decline`, { reason: 'no-capacity' });
      // The NGO no longer sees the case, but it is told why its own referral cannot be accepted.
      expectProblem(await get(test, ngo, `/v1/cases/${ngoCase}`), 404);
      await expectRefused(() => post(test, ngo, `${path}/accept`, {}), 409, undefined, ngoCase);
      // Another agency naming that referral learns nothing.
      await expectRefused(
        () => post(test, unrelated, `${path}/accept`, {}),
        404,
        undefined,
        ngoCase,
      );
    });

    it('closing a closed case', async () => {
      const closedCase = await openCase(test, fia);
      await command(test, fia, `/v1/cases/${closedCase}/close`, { reason: 'lost-contact' });
      await expectRefused(
        () => post(test, fia, `/v1/cases/${closedCase}/close`, { reason: 'other' }),
        409,
        undefined,
        closedCase,
      );
    });
  });

  it('412: If-Match names a version the case has moved past', async () => {
    const version = await caseVersion(test, fia, caseId);
    const res = await expectRefused(
      () =>
        post(
          test,
          fia,
          casePath('/screenings'),
          { traffickingStatus: 'possible' },
          { headers: { 'if-match': `"${version - 1}"` } },
        ),
      412,
    );
    expect(res.body.currentVersion).toBe(version);
  });

  it('413: a body over 64 KiB', async () => {
    const res = await expectRefused(
      () =>
        post(test, fia, casePath('/screenings'), {
          traffickingStatus: 'possible',
          notes: 'x'.repeat(65 * 1024),
        }),
      413,
    );
    expect(res.text.length).toBeLessThan(1000);
  });

  describe('422: well-formed but against a rule', () => {
    it('an identification in the future (beyond a few minutes of clock skew)', async () => {
      const inAnHour = new Date(Date.now() + 60 * 60_000).toISOString();
      const before = await eventCount();
      const res = await post(test, fia, '/v1/cases', { ...OPEN_CASE_BODY, identifiedAt: inAnHour });
      expectProblem(res, 422, 'identifiedAt');
      expect(await eventCount()).toBe(before);
      const inAMinute = new Date(Date.now() + 60_000).toISOString();
      const skewed = await post(test, fia, '/v1/cases', {
        ...OPEN_CASE_BODY,
        identifiedAt: inAMinute,
      });
      expect(skewed.status).toBe(201);
    });

    it('no consent to share with the receiving agency', async () => {
      const stranger = as(await registerAgency(test, CAST.childProtectionLahore));
      await expectRefused(
        () => post(test, fia, casePath('/referrals'), referralBody(stranger.agencyId)),
        422,
        'toAgencyId',
      );
    });

    it('a referral to one’s own agency', async () => {
      await command(test, fia, casePath('/consents'), consentBody(fia.agencyId));
      await expectRefused(
        () => post(test, fia, casePath('/referrals'), referralBody(fia.agencyId)),
        422,
        'toAgencyId',
      );
    });

    it('an agency that is not registered', async () => {
      await expectRefused(
        () => post(test, fia, casePath('/referrals'), referralBody('no-such-agency')),
        422,
        'toAgencyId',
      );
      await expectRefused(
        () =>
          post(test, fia, casePath('/transfers'), { toAgencyId: 'no-such-agency', reason: 'x' }),
        422,
        'toAgencyId',
      );
      await expectRefused(
        () => post(test, fia, casePath('/consents'), consentBody('no-such-agency')),
        422,
        'agencyId',
      );
    });

    it('naming an unknown agency on a case the caller may not see is still 404', async () => {
      for (const path of ['/referrals', '/transfers', '/consents']) {
        const body =
          path === '/consents'
            ? consentBody('no-such-agency')
            : { ...referralBody('no-such-agency'), reason: 'x' };
        const res = await post(
          test,
          unrelated,
          casePath(path),
          path === '/transfers' ? { toAgencyId: 'no-such-agency', reason: 'x' } : body,
        );
        expectProblem(res, 404);
      }
    });

    it('an Idempotency-Key reused with another body', async () => {
      const headers = { 'idempotency-key': 'screening-2026-11-21-a' };
      const first = await post(
        test,
        fia,
        casePath('/screenings'),
        { traffickingStatus: 'possible' },
        { headers },
      );
      expect(first.status).toBe(201);
      await expectRefused(
        () =>
          post(test, fia, casePath('/screenings'), { traffickingStatus: 'actual' }, { headers }),
        422,
        'Idempotency-Key',
      );
      expect((await get(test, fia, casePath())).body.traffickingStatus).toBe('possible');
    });
  });
});
