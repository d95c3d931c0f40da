import { registerAgency, startTestApp, TestApp, AgencyKeys } from '../support/test-app';
import { CAST } from '../support/fixtures';
import {
  as,
  call,
  Caller,
  command,
  consentAndRefer,
  get,
  history,
  Json,
  post,
} from './helpers/api';

/**
 * Logs never carry a victim's identity, API keys, the bootstrap admin key, webhook secrets or
 * the master key, whatever the requests carry, at the most verbose level. pino writes to
 * process.stdout when its write has been replaced (as here, before the app starts), so the spy
 * sees every line the service logs.
 */
describe('logs carry no personal data and no secrets', () => {
  let test: TestApp;
  let captured = '';
  let stdoutSpy: jest.SpyInstance;
  const keys: AgencyKeys[] = [];
  const issuedKeys: string[] = [];

  const PERSONAL = {
    fullName: 'Shahzadi Noor-ul-Ain Bhittani',
    cnic: '61101-2468135-2',
    phone: '+92 333 5550199',
    address: 'Street 12, Sector G-9/4, Islamabad',
    dateOfBirth: '1998-12-24',
  };
  const WEBHOOK_SECRET = 'whsec_dGhpcy1pcy1hLXdlYmhvb2stc2VjcmV0LTEyMzQ1Ng';
  const CASE_BODY = {
    identifiedAt: '2026-11-20T08:30:00Z',
    identificationSource: 'airport-interception',
    location: { province: 'islamabad-capital-territory', district: 'Islamabad' },
    crimeType: 'tip',
    victim: { sex: 'female', ageGroup: 'adult', citizenship: 'PK', personal: PERSONAL },
    exploitationTypes: ['sexual-exploitation'],
    indicators: ['documents-withheld'],
  };

  beforeAll(async () => {
    stdoutSpy = jest.spyOn(process.stdout, 'write').mockImplementation(((chunk: unknown) => {
      captured +=
        typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
      return true;
    }) as typeof process.stdout.write);
    test = await startTestApp('logging', { LOG_LEVEL: 'debug' });

    keys.push(await registerAgency(test, CAST.fiaIslamabadZone));
    keys.push(await registerAgency(test, CAST.shelterRawalpindi));
    const issued = await post(test, test.adminKey, '/v1/admin/api-keys', {
      agencyId: 'fia-islamabad-zone',
      role: 'officer',
      label: 'integration',
    });
    issuedKeys.push(issued.body.apiKey);
    await call(test, test.adminKey, 'delete', `/v1/admin/api-keys/${issued.body.keyId}`);
    await exercise(as(keys[0], 'officer'), as(keys[1], 'officer'));
    await test.projected();
  });

  afterAll(async () => {
    await test?.close();
    stdoutSpy?.mockRestore();
  });

  /** Requests that carry personal data and keys every way an integration might send them. */
  async function exercise(fia: Caller, shelter: Caller) {
    const opened = await post(test, fia, '/v1/cases', CASE_BODY, {
      headers: { 'idempotency-key': 'log-test-open-1' },
    });
    expect(opened.status).toBe(201);
    const caseId = opened.body.caseId as string;
    const referralId = await consentAndRefer(test, fia, caseId, shelter.agencyId);
    await command(test, shelter, `/v1/cases/${caseId}/referrals/${referralId}/accept`, {});
    expect((await get(test, shelter, `/v1/cases/${caseId}`)).body.victim.personal).toEqual(
      PERSONAL,
    );
    await history(test, fia, caseId);

    // Invalid bodies full of personal data: 400s.
    const invalid = await post(test, fia, '/v1/cases', {
      ...CASE_BODY,
      victim: {
        ...CASE_BODY.victim,
        personal: {
          ...PERSONAL,
          cnic: `${PERSONAL.cnic} (${PERSONAL.fullName})`,
          relatives: PERSONAL.fullName,
        },
      },
    });
    expect(invalid.status).toBe(400);
    const screeningWithName = await post(test, fia, `/v1/cases/${caseId}/screenings`, {
      traffickingStatus: PERSONAL.fullName,
      notes: PERSONAL.address,
    });
    expect(screeningWithName.status).toBe(400);
    // A key in the wrong header, a revoked key, an unknown key: 401s.
    expect((await test.http.get('/v1/agencies').set('x-api-key', fia.key)).status).toBe(401);
    expect((await get(test, issuedKeys[0], '/v1/agencies')).status).toBe(401);
    expect((await get(test, `${fia.key}x`, '/v1/agencies')).status).toBe(401);
    // A rule violation and a forbidden erase.
    expect(
      (
        await post(test, fia, `/v1/cases/${caseId}/referrals`, {
          toAgencyId: fia.agencyId,
          services: ['shelter'],
          urgency: 'routine',
          reason: PERSONAL.fullName,
        })
      ).status,
    ).toBe(422);
    expect(
      (
        await call(test, fia, 'delete', `/v1/cases/${caseId}/personal-data`, {
          body: { justification: PERSONAL.fullName },
        })
      ).status,
    ).toBe(403);
    // Personal data in a query string or an unknown path is neither logged nor answered back.
    const inQuery = await call(test, fia, 'get', '/v1/cases', {
      query: { name: PERSONAL.fullName },
    });
    expect(inQuery.status).toBe(400);
    const unknownPath = await call(test, fia, 'get', `/v1/casez`, {
      query: { cnic: PERSONAL.cnic },
    });
    expect(unknownPath.status).toBe(404);
    for (const res of [inQuery, unknownPath]) {
      expect(res.text).not.toContain(PERSONAL.cnic);
      expect(res.text).not.toContain(encodeURIComponent(PERSONAL.fullName));
    }
  }

  const lines = () =>
    captured
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Json);

  it('captures what the service logs (the spy sees pino)', () => {
    expect(lines().map((line) => line.msg)).toContain('Nest application successfully started');
  });

  it('logs each request with its method, path, status, agency and role', () => {
    const requests = lines().filter((line) => line.req && line.res);
    expect(requests.length).toBeGreaterThan(20);
    const seen = requests.map(
      (line) => `${line.req.method} ${line.req.url} ${line.res.statusCode}`,
    );
    expect(seen).toEqual(
      expect.arrayContaining([
        'POST /v1/cases 201',
        'POST /v1/cases 400',
        'GET /v1/agencies 401',
        'PUT /v1/admin/agencies/shelter-rawalpindi 201',
      ]),
    );
    expect(requests.some((line) => line.agencyId && line.role)).toBe(true);
  });

  it('contains neither the victim’s name, CNIC, phone, address nor date of birth', () => {
    const needles = [
      PERSONAL.fullName,
      'Bhittani',
      PERSONAL.cnic,
      PERSONAL.cnic.replace(/-/g, ''),
      PERSONAL.phone,
      PERSONAL.phone.replace(/\s/g, ''),
      PERSONAL.address,
      PERSONAL.dateOfBirth,
    ];
    expect(needles.filter((needle) => captured.includes(needle))).toEqual([]);
  });

  it('contains no API key, bootstrap key, webhook secret or master key', () => {
    const secrets = [
      test.adminKey,
      test.env.MASTER_KEY,
      WEBHOOK_SECRET,
      ...issuedKeys,
      ...keys.flatMap((agency) => [
        agency.officer,
        agency.supervisor,
        agency.auditor,
        agency.admin,
      ]),
    ];
    expect(secrets).toHaveLength(12);
    // Key material is long and random: any 16-character run of it would be a leak.
    const leaks = secrets.filter((secret) => {
      for (let i = 0; i + 16 <= secret.length; i += 4)
        if (captured.includes(secret.slice(i, i + 16))) return true;
      return false;
    });
    expect(leaks).toEqual([]);
  });
});
