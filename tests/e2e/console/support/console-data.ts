import { seedDemo } from '../../../../apps/seed-demo/src/seed-demo';
import { CAST, consentBody, OPEN_CASE_BODY, referralBody } from '../../../support/fixtures';
import { AgencyKeys, registerAgency, TestApp } from '../../../support/test-app';
import { as, command, openCase } from '../../helpers/api';

export const LONG_CASE_EVENTS = 200;

export const AGENCY_NAMES = {
  fia: 'FIA Anti-Trafficking Circle Lahore',
  shelter: 'Dar-ul-Aman Lahore',
  swd: 'Social Welfare Department Punjab',
  oversight: 'National Monitoring Cell',
};

export interface ConsoleData {
  keys: { fia: AgencyKeys; shelter: AgencyKeys; swd: AgencyKeys; oversight: AgencyKeys };
  /** Referred to the shelter (accepted) and to social welfare (declined). */
  pathCase: { caseId: string; version: number };
  /** LONG_CASE_EVENTS events: referral after referral, each declined. */
  longCase: { caseId: string; version: number; handOffs: number };
  demoCases: number;
}

/**
 * The demo seeder's cases (through REST, as `npm run seed:demo` makes them: small cells for the
 * statistics to suppress), then the suite's own agencies and two cases it knows every event of.
 */
export async function seedConsoleData(
  api: TestApp,
  baseUrl: string,
  shelterWebhook: string,
): Promise<ConsoleData> {
  const demo = await seedDemo({
    cases: 30,
    url: baseUrl,
    adminKey: api.adminKey,
    seed: 13,
    concurrency: 4,
    progress: 'none',
  });
  if (demo.errors.length > 0) throw new Error(`seed:demo failed: ${JSON.stringify(demo.errors)}`);

  const keys = {
    fia: await registerAgency(api, { ...CAST.fiaLahore, name: AGENCY_NAMES.fia }),
    shelter: await registerAgency(api, {
      ...CAST.darUlAmanLahore,
      name: AGENCY_NAMES.shelter,
      notification: { webhookUrl: shelterWebhook, secret: 'a-secret-of-twenty-four-chars' },
    }),
    swd: await registerAgency(api, {
      ...CAST.swdPunjab,
      name: AGENCY_NAMES.swd,
      services: ['psychosocial', 'legal-aid'],
    }),
    oversight: await registerAgency(api, { ...CAST.oversightCell, name: AGENCY_NAMES.oversight }),
  };
  const lead = as(keys.fia);
  const shelter = as(keys.shelter);
  const swd = as(keys.swd);

  const pathCaseId = await openCase(api, lead);
  await command(api, lead, `/v1/cases/${pathCaseId}/screenings`, {
    traffickingStatus: 'possible',
    indicators: ['documents-withheld'],
  });
  await command(api, lead, `/v1/cases/${pathCaseId}/consents`, consentBody(keys.shelter.agencyId));
  const toShelter = await command(
    api,
    lead,
    `/v1/cases/${pathCaseId}/referrals`,
    referralBody(keys.shelter.agencyId, { services: ['shelter', 'medical'], urgency: 'emergency' }),
  );
  const shelterReferral = `/v1/cases/${pathCaseId}/referrals/${toShelter.referralId}`;
  await command(api, shelter, `${shelterReferral}/acknowledge`);
  await command(api, shelter, `${shelterReferral}/accept`, { note: 'Bed ready tonight' });
  await command(api, lead, `/v1/cases/${pathCaseId}/consents`, consentBody(keys.swd.agencyId));
  const toSwd = await command(
    api,
    lead,
    `/v1/cases/${pathCaseId}/referrals`,
    referralBody(keys.swd.agencyId, { services: ['psychosocial'], reason: 'Counselling' }),
  );
  const swdReferral = `/v1/cases/${pathCaseId}/referrals/${toSwd.referralId}`;
  await command(api, swd, `${swdReferral}/acknowledge`);
  const declined = await command(api, swd, `${swdReferral}/decline`, {
    reason: 'no-capacity',
    note: 'Counsellors fully booked',
  });

  const longCaseId = await openCase(api, lead, {
    ...OPEN_CASE_BODY,
    identifiedAt: '2026-10-02T06:00:00Z',
    victim: { sex: 'male', ageGroup: 'child', citizenship: 'AF' },
  });
  let version = 1;
  for (const agency of [keys.shelter, keys.swd]) {
    version = (
      await command(api, lead, `/v1/cases/${longCaseId}/consents`, consentBody(agency.agencyId))
    ).version as number;
  }
  let handOffs = 0;
  while (version + 3 <= LONG_CASE_EVENTS) {
    const receiver = handOffs % 2 === 0 ? keys.shelter : keys.swd;
    const services = receiver === keys.shelter ? ['shelter'] : ['legal-aid'];
    const { referralId } = await command(
      api,
      lead,
      `/v1/cases/${longCaseId}/referrals`,
      referralBody(receiver.agencyId, { services }),
    );
    const referral = `/v1/cases/${longCaseId}/referrals/${referralId}`;
    await command(api, as(receiver), `${referral}/acknowledge`);
    version = (await command(api, as(receiver), `${referral}/decline`, { reason: 'no-capacity' }))
      .version as number;
    handOffs += 1;
  }
  while (version < LONG_CASE_EVENTS) {
    version = (
      await command(api, lead, `/v1/cases/${longCaseId}/consents`, consentBody(keys.swd.agencyId))
    ).version as number;
  }

  return {
    keys,
    pathCase: { caseId: pathCaseId, version: declined.version as number },
    longCase: { caseId: longCaseId, version, handOffs },
    demoCases: demo.cases.opened,
  };
}
