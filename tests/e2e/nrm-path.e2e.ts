import { CaseRepository } from '@app/cases';
import { AppConfig } from '@app/config';
import { EVENT_STORE } from '@app/event-store';
import { registerAgency, startTestApp, TestApp } from '../support/test-app';
import { consentBody, OPEN_CASE_BODY } from '../support/fixtures';
import {
  as,
  Caller,
  expectCommand,
  expectProblem,
  get,
  getCase,
  history,
  Json,
  inbox,
  listedCaseIds,
  post,
} from './helpers/api';

/**
 * The National Referral Mechanism end to end, as the agencies see it: an FIA circle identifies a
 * woman at Islamabad airport, screens her, refers her (with her consent) to a Punjab shelter and
 * to a legal-aid NGO, hands the lead to Punjab social welfare, which closes the case.
 * Steps run in order and build on each other; after each one every agency's view is checked.
 */
describe('NRM path: airport identification to reintegration', () => {
  let test: TestApp;
  let fia: Caller; // identifies the victim, first lead agency
  let shelter: Caller; // Dar-ul-Aman Lahore: shelter and medical
  let ngo: Caller; // legal aid
  let swd: Caller; // Punjab social welfare: takes over the lead
  let unrelated: Caller; // a police station that has nothing to do with the case
  let auditor: Caller; // national monitoring cell

  let caseId: string;
  let shelterReferralId: string;
  let ngoReferralId: string;
  let transferId: string;
  /** What history must show, in order: event type and who recorded it. */
  const trail: { type: string; by: Caller }[] = [];
  const PERSONAL = OPEN_CASE_BODY.victim.personal;

  beforeAll(async () => {
    test = await startTestApp('nrm_path');
    const register = async (agencyId: string, type: string, province: string, services: string[]) =>
      registerAgency(test, agencyId, { type, province, services });
    fia = as(
      await register('fia-ahtc-islamabad', 'fia', 'islamabad-capital-territory', []),
      'officer',
      'fia-io-0042',
    );
    shelter = as(
      await register('dar-ul-aman-lahore', 'shelter', 'punjab', ['shelter', 'medical']),
      'officer',
      'dua-warden-3',
    );
    ngo = as(
      await register('lhr-legal-aid', 'ngo', 'punjab', ['legal-aid']),
      'officer',
      'lawyer-17',
    );
    swd = as(
      await register('swd-punjab', 'social-welfare', 'punjab', ['reintegration']),
      'supervisor',
      'swd-cm-9',
    );
    unrelated = as(
      await register('police-karachi-south', 'police', 'sindh', []),
      'officer',
      'sho-1',
    );
    auditor = as(
      await register('national-monitoring-cell', 'oversight', 'islamabad-capital-territory', []),
      'auditor',
    );
  });

  afterAll(async () => {
    await test?.close();
  });

  const casePath = (suffix = '') => `/v1/cases/${caseId}${suffix}`;

  /** Runs a command as `who`, checks `{caseId, version}` + ETag, and records the expected events. */
  async function step(
    who: Caller,
    path: string,
    body: unknown,
    expected: { status: number; events: string[] },
  ) {
    const before = trail.length;
    const res = await post(test, who, path, body);
    for (const type of expected.events) trail.push({ type, by: who });
    expectCommand(res, {
      status: expected.status,
      caseId,
      version: before + expected.events.length,
    });
    return res.body as Json;
  }

  /** History (read by the auditor): types in order, actors recorded, hash chain linked. */
  async function expectTrail() {
    const items = await history(test, auditor, caseId);
    expect(items.map((item) => item.type)).toEqual(trail.map((entry) => entry.type));
    items.forEach((item, i) => {
      expect(item.version).toBe(i + 1);
      expect(item.actor).toEqual({
        agencyId: trail[i].by.agencyId,
        officerId: trail[i].by.officerId,
        role: trail[i].by.role,
      });
      expect(item.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(item.prevHash).toBe(i === 0 ? '0'.repeat(64) : items[i - 1].hash);
    });
    return items;
  }

  /** The agency cannot tell the case exists: 404 on GET and absent from its list. */
  async function expectInvisibleTo(who: Caller) {
    expectProblem(await get(test, who, casePath()), 404);
    expectProblem(await get(test, who, casePath('/history')), 404);
    await test.projected();
    expect(await listedCaseIds(test, who)).not.toContain(caseId);
  }

  async function expectListedFor(who: Caller) {
    await test.projected();
    expect(await listedCaseIds(test, who)).toContain(caseId);
  }

  it('the FIA circle opens the case at the airport; only FIA and auditors see it', async () => {
    const res = await post(test, fia, '/v1/cases', OPEN_CASE_BODY);
    caseId = res.body.caseId;
    trail.push({ type: 'case.opened.v1', by: fia });
    expectCommand(res, { status: 201, version: 1 });
    expect(caseId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(res.headers.location).toBe(`/v1/cases/${caseId}`);

    const view = await getCase(test, fia, caseId);
    expect(view).toMatchObject({
      caseId,
      version: 1,
      status: 'open',
      leadAgencyId: fia.agencyId,
      crimeType: 'tip',
      traffickingStatus: 'unassessed',
      identificationSource: 'airport-interception',
      identifiedAt: '2026-11-20T08:30:00.000Z',
      location: { province: 'islamabad-capital-territory', district: 'Islamabad' },
      exploitationTypes: ['forced-labour'],
      indicators: ['documents-withheld'],
      victim: {
        sex: 'female',
        ageGroup: 'adult',
        citizenship: 'PK',
        personal: PERSONAL,
        personalDataErased: false,
      },
      consents: [],
      referrals: [],
      transfers: [],
      assistanceDecisions: [],
    });
    expect(Date.parse(view.openedAt)).not.toBeNaN();
    expect(view.closedAt).toBeUndefined();
    expect((await getCase(test, auditor, caseId)).victim.personal).toEqual(PERSONAL);

    await expectListedFor(fia);
    await expectInvisibleTo(unrelated);
    await expectInvisibleTo(shelter);
    await expectTrail();
  });

  it('screening finds reasonable grounds: status possible, the reflection period starts', async () => {
    await step(
      fia,
      casePath('/screenings'),
      { traffickingStatus: 'possible', indicators: ['debt-bondage'] },
      {
        status: 201,
        events: ['case.screened.v1', 'reflection-period.started.v1'],
      },
    );
    const view = await getCase(test, fia, caseId);
    expect(view.traffickingStatus).toBe('possible');
    expect(view.reflectionPeriod).toEqual({
      startedAt: expect.any(String),
      endsAt: expect.any(String),
    });
    const days =
      (Date.parse(view.reflectionPeriod.endsAt) - Date.parse(view.reflectionPeriod.startedAt)) /
      86_400_000;
    expect(days).toBe(30);
    await expectTrail();
  });

  it('the victim consents to sharing with the Punjab shelter', async () => {
    const body = await step(fia, casePath('/consents'), consentBody(shelter.agencyId), {
      status: 201,
      events: ['consent.recorded.v1'],
    });
    expect(body.consentId).toEqual(expect.any(String));
    const view = await getCase(test, fia, caseId);
    expect(view.consents).toEqual([
      expect.objectContaining({
        consentId: body.consentId,
        decision: 'given',
        scope: 'share-with-agency',
        agencyId: shelter.agencyId,
        givenBy: 'victim',
        method: 'written',
        interpreterUsed: true,
      }),
    ]);
    await expectInvisibleTo(shelter); // consent alone shares nothing
    await expectTrail();
  });

  it('an emergency referral for shelter and medical reaches the shelter, without personal data', async () => {
    const body = await step(
      fia,
      casePath('/referrals'),
      {
        toAgencyId: shelter.agencyId,
        services: ['shelter', 'medical'],
        urgency: 'emergency',
        reason: 'Needs safe shelter tonight',
      },
      { status: 201, events: ['referral.requested.v1'] },
    );
    shelterReferralId = body.referralId;
    expect(shelterReferralId).toEqual(expect.any(String));

    const view = await getCase(test, fia, caseId);
    expect(view.referrals).toEqual([
      expect.objectContaining({
        referralId: shelterReferralId,
        fromAgencyId: fia.agencyId,
        toAgencyId: shelter.agencyId,
        services: ['shelter', 'medical'],
        urgency: 'emergency',
        status: 'requested',
        overdue: false,
      }),
    ]);
    const referral = view.referrals[0];
    expect(Date.parse(referral.acknowledgeBy) - Date.parse(referral.requestedAt)).toBe(
      4 * 3_600_000,
    );

    // The shelter sees the case now, but not who the victim is.
    const shelterView = await getCase(test, shelter, caseId);
    expect(shelterView.victim).toMatchObject({
      sex: 'female',
      ageGroup: 'adult',
      personal: null,
      personalDataErased: false,
    });
    expect(shelterView.referrals[0].status).toBe('requested');
    const shelterHistory = await history(test, shelter, caseId);
    expect(shelterHistory[0].data.victim.personal).toBeNull();

    await test.projected();
    expect(await inbox(test, shelter)).toEqual([
      expect.objectContaining({
        referralId: shelterReferralId,
        caseId,
        fromAgencyId: fia.agencyId,
        toAgencyId: shelter.agencyId,
        services: ['shelter', 'medical'],
        urgency: 'emergency',
        status: 'requested',
        overdue: false,
        acknowledgeBy: referral.acknowledgeBy,
      }),
    ]);
    expect(await inbox(test, fia)).toEqual([]);
    expect(await inbox(test, ngo)).toEqual([]);
    await expectListedFor(shelter);
    await expectInvisibleTo(unrelated);
    await expectTrail();
  });

  it('the shelter acknowledges: still no personal data', async () => {
    await step(
      shelter,
      casePath(`/referrals/${shelterReferralId}/acknowledge`),
      {},
      {
        status: 200,
        events: ['referral.acknowledged.v1'],
      },
    );
    const view = await getCase(test, shelter, caseId);
    expect(view.referrals[0]).toMatchObject({
      status: 'acknowledged',
      overdue: false,
      acknowledgedAt: expect.any(String),
    });
    expect(view.victim.personal).toBeNull();
    await test.projected();
    expect(await inbox(test, shelter)).toEqual([
      expect.objectContaining({
        referralId: shelterReferralId,
        status: 'acknowledged',
        acknowledgedAt: view.referrals[0].acknowledgedAt,
      }),
    ]);
    await expectTrail();
  });

  it('the shelter accepts: it now sees who the victim is', async () => {
    await step(
      shelter,
      casePath(`/referrals/${shelterReferralId}/accept`),
      { note: 'Bed available' },
      {
        status: 200,
        events: ['referral.accepted.v1'],
      },
    );
    const view = await getCase(test, shelter, caseId);
    expect(view.referrals[0]).toMatchObject({
      status: 'accepted',
      overdue: false,
      decidedAt: expect.any(String),
    });
    expect(view.victim.personal).toEqual(PERSONAL);
    const shelterHistory = await history(test, shelter, caseId);
    expect(shelterHistory[0].data.victim.personal).toEqual(PERSONAL);
    await test.projected();
    expect(await inbox(test, shelter)).toEqual([
      expect.objectContaining({ referralId: shelterReferralId, status: 'accepted' }),
    ]);
    await expectInvisibleTo(unrelated);
    await expectTrail();
  });

  it('a legal-aid referral goes to the NGO with consent; the NGO sees the case but not the victim', async () => {
    await step(fia, casePath('/consents'), consentBody(ngo.agencyId), {
      status: 201,
      events: ['consent.recorded.v1'],
    });
    const body = await step(
      fia,
      casePath('/referrals'),
      {
        toAgencyId: ngo.agencyId,
        services: ['legal-aid'],
        urgency: 'routine',
        reason: 'Statement before the magistrate',
      },
      { status: 201, events: ['referral.requested.v1'] },
    );
    ngoReferralId = body.referralId;
    const view = await getCase(test, ngo, caseId);
    expect(view.victim.personal).toBeNull();
    const referral = view.referrals.find(
      (r: { referralId: string }) => r.referralId === ngoReferralId,
    );
    expect(referral).toMatchObject({
      toAgencyId: ngo.agencyId,
      status: 'requested',
      urgency: 'routine',
      overdue: false,
    });
    expect(Date.parse(referral.acknowledgeBy) - Date.parse(referral.requestedAt)).toBe(
      48 * 3_600_000,
    );
    await test.projected();
    expect(await inbox(test, ngo)).toEqual([
      expect.objectContaining({
        referralId: ngoReferralId,
        caseId,
        status: 'requested',
        services: ['legal-aid'],
      }),
    ]);
    expect((await inbox(test, shelter)).map((item) => item.referralId)).toEqual([
      shelterReferralId,
    ]);
    await expectListedFor(ngo);
    await expectTrail();
  });

  it('the NGO accepts (sees the victim) and completes successfully (loses sight of the case)', async () => {
    await step(
      ngo,
      casePath(`/referrals/${ngoReferralId}/accept`),
      {},
      { status: 200, events: ['referral.accepted.v1'] },
    );
    expect((await getCase(test, ngo, caseId)).victim.personal).toEqual(PERSONAL);

    await step(
      ngo,
      casePath(`/referrals/${ngoReferralId}/complete`),
      { outcome: 'successful', servicesDelivered: ['legal-aid'] },
      { status: 200, events: ['referral.completed.v1'] },
    );
    const view = await getCase(test, fia, caseId);
    expect(
      view.referrals.find((r: { referralId: string }) => r.referralId === ngoReferralId),
    ).toMatchObject({
      status: 'completed',
      outcome: 'successful',
      completedAt: expect.any(String),
      overdue: false,
    });
    // A finished referral no longer shares the case (visibility lasts while the referral is live).
    await expectInvisibleTo(ngo);
    expect(await inbox(test, ngo)).toEqual([
      expect.objectContaining({
        referralId: ngoReferralId,
        status: 'completed',
        outcome: 'successful',
      }),
    ]);
    await expectTrail();
  });

  it('the lead is transferred to Punjab social welfare, which accepts and becomes the lead', async () => {
    const body = await step(
      fia,
      casePath('/transfers'),
      { toAgencyId: swd.agencyId, reason: 'Victim resides in Punjab' },
      { status: 201, events: ['transfer.requested.v1'] },
    );
    transferId = body.transferId;
    expect(transferId).toEqual(expect.any(String));
    const pending = await getCase(test, swd, caseId);
    expect(pending).toMatchObject({
      leadAgencyId: fia.agencyId,
      transfers: [expect.objectContaining({ transferId, status: 'requested' })],
    });
    expect(pending.victim.personal).toBeNull();
    await expectListedFor(swd);

    await step(
      swd,
      casePath(`/transfers/${transferId}/accept`),
      {},
      { status: 200, events: ['transfer.accepted.v1'] },
    );
    const view = await getCase(test, swd, caseId);
    expect(view).toMatchObject({
      leadAgencyId: swd.agencyId,
      status: 'open',
      transfers: [
        expect.objectContaining({ transferId, toAgencyId: swd.agencyId, status: 'accepted' }),
      ],
    });
    expect(view.victim.personal).toEqual(PERSONAL);
    expect(view.referrals.map((r: { status: string }) => r.status)).toEqual([
      'accepted',
      'completed',
    ]);
    expect(view.referrals.every((r: { overdue: boolean }) => r.overdue === false)).toBe(true);
    // The shelter still provides services under its accepted referral.
    expect((await getCase(test, shelter, caseId)).victim.personal).toEqual(PERSONAL);
    // FIA neither leads nor has a live referral any more.
    await expectInvisibleTo(fia);
    await test.projected();
    const listed = (await get(test, swd, '/v1/cases')).body.items;
    expect(listed).toEqual([
      expect.objectContaining({ caseId, leadAgencyId: swd.agencyId, status: 'open' }),
    ]);
    await expectTrail();
  });

  it('social welfare closes the case: reintegrated', async () => {
    await step(
      swd,
      casePath('/close'),
      { reason: 'reintegrated' },
      { status: 200, events: ['case.closed.v1'] },
    );
    const view = await getCase(test, swd, caseId);
    expect(view).toMatchObject({
      status: 'closed',
      leadAgencyId: swd.agencyId,
      closedAt: expect.any(String),
    });
    await test.projected();
    const closed = await get(test, swd, '/v1/cases', { query: { status: 'closed' } });
    expect(closed.body.items).toEqual([
      expect.objectContaining({ caseId, status: 'closed', closedAt: view.closedAt }),
    ]);
    const open = await get(test, swd, '/v1/cases', { query: { status: 'open' } });
    expect(open.body.items).toEqual([]);
    expect(await listedCaseIds(test, auditor)).toEqual([caseId]);
    await expectInvisibleTo(unrelated);

    const items = await expectTrail();
    expect(items.map((item) => item.type)).toEqual([
      'case.opened.v1',
      'case.screened.v1',
      'reflection-period.started.v1',
      'consent.recorded.v1',
      'referral.requested.v1',
      'referral.acknowledged.v1',
      'referral.accepted.v1',
      'consent.recorded.v1',
      'referral.requested.v1',
      'referral.accepted.v1',
      'referral.completed.v1',
      'transfer.requested.v1',
      'transfer.accepted.v1',
      'case.closed.v1',
    ]);
  });

  it('?version=N replays the case as it stood after event N', async () => {
    const expectations: [number, Record<string, unknown>][] = [
      [
        1,
        {
          status: 'open',
          traffickingStatus: 'unassessed',
          leadAgencyId: fia.agencyId,
          referrals: [],
          consents: [],
        },
      ],
      [3, { traffickingStatus: 'possible', referrals: [] }],
      [
        5,
        {
          referrals: [
            expect.objectContaining({ referralId: shelterReferralId, status: 'requested' }),
          ],
        },
      ],
      [
        7,
        {
          referrals: [
            expect.objectContaining({ referralId: shelterReferralId, status: 'accepted' }),
          ],
        },
      ],
      [13, { status: 'open', leadAgencyId: swd.agencyId }],
      [14, { status: 'closed' }],
    ];
    for (const [version, expected] of expectations) {
      const res = await get(test, swd, casePath(), { query: { version } });
      expect(res.status).toBe(200);
      expect(res.headers.etag).toBe(`"${version}"`);
      expect(res.body).toMatchObject({ caseId, version, ...expected });
    }
    // Personal data visibility follows the case as it is now: the lead sees it at any version.
    expect(
      (await get(test, swd, casePath(), { query: { version: 1 } })).body.victim.personal,
    ).toEqual(PERSONAL);
    expectProblem(await get(test, swd, casePath(), { query: { version: 15 } }), 404);
    expectProblem(await get(test, unrelated, casePath(), { query: { version: 1 } }), 404);
  });

  it('?asOf=<timestamp> replays the case as it stood at that instant', async () => {
    const items = await history(test, auditor, caseId);
    // At each event's own recordedAt the replay includes every event recorded up to that instant.
    for (const at of [1, 4, 7, 11, 13]) {
      const asOf = items[at - 1].recordedAt as string;
      const expectedVersion = items.filter(
        (item) => Date.parse(item.recordedAt) <= Date.parse(asOf),
      ).length;
      const res = await get(test, auditor, casePath(), { query: { asOf } });
      expect(res.status).toBe(200);
      expect(res.body.version).toBe(expectedVersion);
      expect(res.headers.etag).toBe(`"${expectedVersion}"`);
    }
    const beforeTransfer = await get(test, auditor, casePath(), {
      query: { asOf: items[11].recordedAt },
    });
    expect(beforeTransfer.body).toMatchObject({ leadAgencyId: fia.agencyId, status: 'open' });
    const beforeOpening = new Date(Date.parse(items[0].recordedAt) - 60_000).toISOString();
    expectProblem(await get(test, auditor, casePath(), { query: { asOf: beforeOpening } }), 404);
    expectProblem(
      await get(test, auditor, casePath(), { query: { asOf: 'yesterday' } }),
      400,
      'asOf',
    );
  });

  it('the state the API kept after each command is the state a replay of the stream gives', async () => {
    const kept = test.app.get(CaseRepository).cached(caseId);
    const replayed = await new CaseRepository(
      test.app.get(EVENT_STORE),
      test.app.get(AppConfig),
    ).loadCurrent(caseId);
    expect(kept).toBeDefined();
    expect(kept).toEqual(replayed);
  });
});
