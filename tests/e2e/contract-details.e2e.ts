import { registerAgency, startTestApp, TestApp } from '../support/test-app';
import { CAST, consentBody, referralBody } from '../support/fixtures';
import {
  as,
  call,
  Caller,
  caseVersion,
  command,
  expectCommand,
  expectProblem,
  get,
  getCase,
  history,
  Json,
  openCase,
  post,
} from './helpers/api';

/**
 * Details of the API contract that are easy to lose between the HTTP layer and the event log: the optional
 * reason on answering a transfer, fractional referral deadlines, and the `errors` list on every
 * 400.
 */
describe('contract details', () => {
  let test: TestApp;
  let fia: Caller;
  let fiaAuditor: Caller;
  let swd: Caller;
  let shelter: Caller;
  let admin: string;

  beforeAll(async () => {
    test = await startTestApp('contract_details');
    const fiaKeys = await registerAgency(test, CAST.fiaAhtcLahore);
    fia = as(fiaKeys);
    fiaAuditor = as(fiaKeys, 'auditor');
    admin = fiaKeys.admin;
    swd = as(await registerAgency(test, CAST.swdPunjab), 'supervisor');
    shelter = as(await registerAgency(test, CAST.darUlAmanLahore));
  });

  afterAll(async () => {
    await test?.close();
  });

  /** A new case led by FIA with a transfer to social welfare pending; returns both ids. */
  async function pendingTransfer(): Promise<{ caseId: string; transferId: string }> {
    const caseId = await openCase(test, fia);
    const { transferId } = await command(test, fia, `/v1/cases/${caseId}/transfers`, {
      toAgencyId: swd.agencyId,
      reason: 'Victim resides in Punjab',
    });
    return { caseId, transferId: transferId as string };
  }

  async function historyItem(who: Caller, caseId: string, type: string): Promise<Json> {
    const item = (await history(test, who, caseId)).find((entry) => entry.type === type);
    if (!item) throw new Error(`no ${type} in the history of ${caseId}`);
    return item;
  }

  describe('answering a transfer with a reason', () => {
    it('records the accept reason in the event, the case transfers and the history', async () => {
      const { caseId, transferId } = await pendingTransfer();
      const reason = 'Victim now lives in our district';
      expectCommand(
        await post(test, swd, `/v1/cases/${caseId}/transfers/${transferId}/accept`, { reason }),
        { status: 200, caseId, version: 3 },
      );

      const view = await getCase(test, swd, caseId);
      expect(view.leadAgencyId).toBe(swd.agencyId);
      expect(view.transfers).toEqual([
        expect.objectContaining({ transferId, status: 'accepted', acceptReason: reason }),
      ]);
      const accepted = await historyItem(swd, caseId, 'transfer.accepted.v1');
      expect(accepted.data).toEqual(
        expect.objectContaining({ transferId, toAgencyId: swd.agencyId, reason }),
      );
    });

    it('shows a decline reason in the same places', async () => {
      const { caseId, transferId } = await pendingTransfer();
      const reason = 'No capacity this month';
      expectCommand(
        await post(test, swd, `/v1/cases/${caseId}/transfers/${transferId}/decline`, { reason }),
        { status: 200, caseId, version: 3 },
      );

      expect((await getCase(test, fia, caseId)).transfers).toEqual([
        expect.objectContaining({ transferId, status: 'declined', declineReason: reason }),
      ]);
      expect((await historyItem(fia, caseId, 'transfer.declined.v1')).data).toEqual(
        expect.objectContaining({ transferId, reason }),
      );
    });

    it('records no reason when none is given', async () => {
      const { caseId, transferId } = await pendingTransfer();
      expectCommand(
        await post(test, swd, `/v1/cases/${caseId}/transfers/${transferId}/accept`, {}),
        { status: 200, caseId, version: 3 },
      );

      const [transfer] = (await getCase(test, swd, caseId)).transfers;
      expect(transfer.status).toBe('accepted');
      expect(transfer).not.toHaveProperty('acceptReason');
      expect((await historyItem(swd, caseId, 'transfer.accepted.v1')).data).not.toHaveProperty(
        'reason',
      );
    });

    it.each([
      ['an empty reason', ''],
      ['a reason that is not text', 42],
      ['a reason over 2000 characters', 'x'.repeat(2001)],
    ])('refuses %s with a 400 naming the field', async (_name, reason) => {
      const { caseId, transferId } = await pendingTransfer();
      expectProblem(
        await post(test, swd, `/v1/cases/${caseId}/transfers/${transferId}/accept`, { reason }),
        400,
        'reason',
      );
      expect(await caseVersion(test, fia, caseId)).toBe(2);
    });
  });

  describe('acknowledgeWithinHours', () => {
    let caseId: string;

    beforeAll(async () => {
      caseId = await openCase(test, fia);
      await command(test, fia, `/v1/cases/${caseId}/consents`, consentBody(shelter.agencyId));
    });

    it.each([
      [1.5, 90],
      [0.25, 15],
      [720, 720 * 60],
    ])('%s h gives a deadline %s minutes after the request', async (hours, minutes) => {
      const res = await post(
        test,
        fia,
        `/v1/cases/${caseId}/referrals`,
        referralBody(shelter.agencyId, { acknowledgeWithinHours: hours }),
      );
      if (res.status !== 201) throw new Error(`refer: ${res.status} ${res.text}`);
      const referral = (await getCase(test, fia, caseId)).referrals.find(
        (entry: Json) => entry.referralId === res.body.referralId,
      );
      expect(Date.parse(referral.acknowledgeBy) - Date.parse(referral.requestedAt)).toBe(
        minutes * 60_000,
      );
    });

    it.each([
      ['zero', 0],
      ['a negative number', -1.5],
      ['above the 720 h bound', 720.5],
      ['a numeric string', '1.5'],
      ['a word', 'soon'],
      ['null', null],
      ['a boolean', true],
    ])('refuses %s with a 400 naming the field', async (_name, value) => {
      const version = await caseVersion(test, fia, caseId);
      const res = await post(
        test,
        fia,
        `/v1/cases/${caseId}/referrals`,
        referralBody(shelter.agencyId, { acknowledgeWithinHours: value }),
      );
      expectProblem(res, 400, 'acknowledgeWithinHours');
      expect(await caseVersion(test, fia, caseId)).toBe(version);
    });
  });

  describe('every 400 lists the invalid fields', () => {
    it('a case read with both version and asOf', async () => {
      const caseId = await openCase(test, fia);
      const res = await get(test, fiaAuditor, `/v1/cases/${caseId}`, {
        query: { version: 1, asOf: '2026-11-21T10:00:00Z' },
      });
      expectProblem(res, 400, 'version');
      expectProblem(res, 400, 'asOf');
    });

    it('revoking an API key whose id is not a UUID', async () => {
      expectProblem(
        await call(test, admin, 'delete', '/v1/admin/api-keys/not-a-uuid'),
        400,
        'keyId',
      );
    });

    it('a body that is not valid JSON', async () => {
      const caseId = await openCase(test, fia);
      const res = await call(test, fia, 'post', `/v1/cases/${caseId}/screenings`, {
        headers: { 'content-type': 'application/json' },
      }).send('{"traffickingStatus": "possible",');
      expectProblem(res, 400, 'body');
    });

    it('a body that is empty or smuggles a prototype', async () => {
      const caseId = await openCase(test, fia);
      const path = `/v1/cases/${caseId}/screenings`;
      const send = (body: string) =>
        call(test, fia, 'post', path, { headers: { 'content-type': 'application/json' } }).send(
          body,
        );
      expectProblem(await send(''), 400, 'body');
      expectProblem(
        await send('{"traffickingStatus": "possible", "__proto__": {"admin": true}}'),
        400,
        '__proto__',
      );
      expect(await caseVersion(test, fia, caseId)).toBe(1);
    });
  });

  describe('OpenAPI description', () => {
    it('documents acknowledgeWithinHours as a positive number, fractions allowed', async () => {
      const docs = (await test.http.get('/docs-json').expect(200)).body;
      const field = docs.components.schemas.RequestReferralRequestDto.properties
        .acknowledgeWithinHours as Json;
      expect(field).toEqual(
        expect.objectContaining({
          type: 'number',
          minimum: 0,
          exclusiveMinimum: true,
          maximum: 720,
        }),
      );
    });

    it('documents the answered transfer and its reasons', async () => {
      const docs = (await test.http.get('/docs-json').expect(200)).body;
      const transfers = docs.components.schemas.CaseResponseDto.properties.transfers as Json;
      expect(transfers.items.$ref).toBe('#/components/schemas/TransferViewDto');
      expect(Object.keys(docs.components.schemas.TransferViewDto.properties)).toEqual(
        expect.arrayContaining(['acceptReason', 'declineReason', 'decidedAt']),
      );
      const accept = docs.paths['/v1/cases/{caseId}/transfers/{transferId}/accept'].post as Json;
      expect(accept.requestBody.content['application/json'].schema.$ref).toBe(
        '#/components/schemas/OptionalReasonRequestDto',
      );
    });
  });
});
