import { Actor } from '../../actor';
import { CaseEventOf, CaseEventType } from '../case.events';
import { SealedPersonalData } from '../case.state';
import { OpenCase } from '../opening/opening.commands';

/** Test data for the case specs: agency ids are slugs, never people. */

export const CASE_ID = '0193a0e0-0000-7000-8000-000000000001';
export const LEAD = 'fia-islamabad';
export const SHELTER = 'dar-ul-aman-lahore';
export const NGO = 'ngo-roshni';

export const IDENTIFIED_AT = '2026-11-20T06:00:00.000Z';
export const OPENED_AT = '2026-11-20T08:00:00.000Z';
export const NOW = '2026-11-20T10:00:00.000Z';
export const REFLECTION_DAYS = 30;

export const REFERRAL_ID = '0193a0e0-0000-7000-8000-0000000000r1';
export const TRANSFER_ID = '0193a0e0-0000-7000-8000-0000000000t1';

export const leadOfficer: Actor = { agencyId: LEAD, officerId: 'off-17', role: 'officer' };
export const leadSupervisor: Actor = { agencyId: LEAD, officerId: 'sup-3', role: 'supervisor' };
export const shelterOfficer: Actor = { agencyId: SHELTER, officerId: 'sh-8', role: 'officer' };
export const shelterSupervisor: Actor = {
  agencyId: SHELTER,
  officerId: 'sh-1',
  role: 'supervisor',
};
export const ngoOfficer: Actor = { agencyId: NGO, officerId: 'ngo-2', role: 'officer' };
export const auditor: Actor = { agencyId: 'oversight-cell', role: 'auditor' };
export const admin: Actor = { agencyId: 'system', role: 'admin' };
export const scheduler: Actor = { agencyId: 'system', role: 'system' };

export const sealedPersonal: SealedPersonalData = {
  alg: 'A256GCM',
  keyId: `case-key-${CASE_ID}`,
  iv: 'bm9uY2Utbm9uY2U=',
  ciphertext: 'ZW5jcnlwdGVkLWJsb2I=',
  tag: 'dGFnLXRhZy10YWc=',
};

export function openCase(overrides: Partial<OpenCase> = {}): OpenCase {
  return {
    type: 'OpenCase',
    caseId: CASE_ID,
    identifiedAt: IDENTIFIED_AT,
    identificationSource: 'airport-interception',
    location: { province: 'islamabad-capital-territory', district: 'Islamabad' },
    crimeType: 'tip',
    victim: { sex: 'female', ageGroup: 'adult', citizenship: 'PK', personal: sealedPersonal },
    exploitationTypes: ['forced-labour'],
    indicators: ['documents-withheld'],
    ...overrides,
  };
}

export function caseOpened(
  overrides: Partial<CaseEventOf<'case.opened.v1'>['data']> = {},
): CaseEventOf<'case.opened.v1'> {
  return {
    type: 'case.opened.v1',
    data: {
      caseId: CASE_ID,
      leadAgencyId: LEAD,
      openedBy: 'off-17',
      openedAt: OPENED_AT,
      identifiedAt: IDENTIFIED_AT,
      identificationSource: 'airport-interception',
      location: { province: 'islamabad-capital-territory', district: 'Islamabad' },
      crimeType: 'tip',
      victim: { sex: 'female', ageGroup: 'adult', citizenship: 'PK', personal: sealedPersonal },
      exploitationTypes: ['forced-labour'],
      indicators: ['documents-withheld'],
      ...overrides,
    },
  };
}

export function screened(
  traffickingStatus: CaseEventOf<'case.screened.v1'>['data']['traffickingStatus'],
  previousStatus: CaseEventOf<'case.screened.v1'>['data']['previousStatus'] = 'unassessed',
): CaseEventOf<'case.screened.v1'> {
  return {
    type: 'case.screened.v1',
    data: { traffickingStatus, previousStatus, indicators: [], notes: null, screenedAt: OPENED_AT },
  };
}

export function reflectionStarted(
  startedAt = OPENED_AT,
  endsAt = '2026-12-20T08:00:00.000Z',
): CaseEventOf<'reflection-period.started.v1'> {
  return { type: 'reflection-period.started.v1', data: { startedAt, endsAt } };
}

export function consentRecorded(
  overrides: Partial<CaseEventOf<'consent.recorded.v1'>['data']> = {},
): CaseEventOf<'consent.recorded.v1'> {
  return {
    type: 'consent.recorded.v1',
    data: {
      consentId: 'consent-1',
      decision: 'given',
      scope: 'share-with-agency',
      agencyId: SHELTER,
      services: null,
      givenBy: 'victim',
      method: 'written',
      interpreterUsed: false,
      recordedAt: OPENED_AT,
      recordedByAgencyId: LEAD,
      ...overrides,
    },
  };
}

export function shareConsent(
  agencyId: string,
  decision: 'given' | 'refused' | 'withdrawn' = 'given',
  consentId = `consent-share-${agencyId}-${decision}`,
): CaseEventOf<'consent.recorded.v1'> {
  return consentRecorded({ consentId, agencyId, decision });
}

export function repatriationRequest(
  decision: 'given' | 'refused' | 'withdrawn' = 'given',
  givenBy: 'victim' | 'guardian' = 'victim',
): CaseEventOf<'consent.recorded.v1'> {
  return consentRecorded({
    consentId: `consent-repatriation-${givenBy}-${decision}`,
    scope: 'services',
    agencyId: null,
    services: ['repatriation'],
    decision,
    givenBy,
  });
}

export function consentOverridden(
  referralId = REFERRAL_ID,
  toAgencyId = SHELTER,
): CaseEventOf<'consent.overridden.v1'> {
  return {
    type: 'consent.overridden.v1',
    data: {
      referralId,
      toAgencyId,
      justification: 'Immediate danger; victim unconscious',
      overriddenAt: OPENED_AT,
    },
  };
}

export function referralRequested(
  overrides: Partial<CaseEventOf<'referral.requested.v1'>['data']> = {},
): CaseEventOf<'referral.requested.v1'> {
  return {
    type: 'referral.requested.v1',
    data: {
      referralId: REFERRAL_ID,
      fromAgencyId: LEAD,
      toAgencyId: SHELTER,
      services: ['shelter', 'psychosocial'],
      urgency: 'emergency',
      reason: 'Needs safe accommodation',
      requestedAt: OPENED_AT,
      acknowledgeBy: '2026-11-20T12:00:00.000Z',
      ...overrides,
    },
  };
}

export function referralAcknowledged(
  referralId = REFERRAL_ID,
): CaseEventOf<'referral.acknowledged.v1'> {
  return { type: 'referral.acknowledged.v1', data: { referralId, acknowledgedAt: OPENED_AT } };
}

export function referralAccepted(referralId = REFERRAL_ID): CaseEventOf<'referral.accepted.v1'> {
  return { type: 'referral.accepted.v1', data: { referralId, acceptedAt: OPENED_AT, note: null } };
}

export function referralDeclined(referralId = REFERRAL_ID): CaseEventOf<'referral.declined.v1'> {
  return {
    type: 'referral.declined.v1',
    data: { referralId, declinedAt: OPENED_AT, reason: 'no-capacity', note: null },
  };
}

export function referralCompleted(referralId = REFERRAL_ID): CaseEventOf<'referral.completed.v1'> {
  return {
    type: 'referral.completed.v1',
    data: {
      referralId,
      completedAt: OPENED_AT,
      outcome: 'successful',
      reasonNotSuccessful: null,
      servicesDelivered: ['shelter'],
    },
  };
}

export function referralWithdrawn(referralId = REFERRAL_ID): CaseEventOf<'referral.withdrawn.v1'> {
  return {
    type: 'referral.withdrawn.v1',
    data: {
      referralId,
      fromAgencyId: LEAD,
      toAgencyId: SHELTER,
      withdrawnAt: OPENED_AT,
      reason: 'Victim moved',
    },
  };
}

export function referralOverdue(referralId = REFERRAL_ID): CaseEventOf<'referral.overdue.v1'> {
  return {
    type: 'referral.overdue.v1',
    data: {
      referralId,
      fromAgencyId: LEAD,
      toAgencyId: SHELTER,
      acknowledgeBy: '2026-11-20T12:00:00.000Z',
      markedAt: '2026-11-20T12:05:00.000Z',
    },
  };
}

export function transferRequested(
  overrides: Partial<CaseEventOf<'transfer.requested.v1'>['data']> = {},
): CaseEventOf<'transfer.requested.v1'> {
  return {
    type: 'transfer.requested.v1',
    data: {
      transferId: TRANSFER_ID,
      fromAgencyId: LEAD,
      toAgencyId: NGO,
      reason: 'Victim relocated to NGO district',
      requestedAt: OPENED_AT,
      ...overrides,
    },
  };
}

export function transferAccepted(
  transferId = TRANSFER_ID,
  toAgencyId = NGO,
  fromAgencyId = LEAD,
): CaseEventOf<'transfer.accepted.v1'> {
  return {
    type: 'transfer.accepted.v1',
    data: { transferId, fromAgencyId, toAgencyId, acceptedAt: OPENED_AT },
  };
}

export function transferDeclined(transferId = TRANSFER_ID): CaseEventOf<'transfer.declined.v1'> {
  return {
    type: 'transfer.declined.v1',
    data: { transferId, declinedAt: OPENED_AT, reason: null },
  };
}

export function caseClosed(): CaseEventOf<'case.closed.v1'> {
  return { type: 'case.closed.v1', data: { reason: 'reintegrated', closedAt: OPENED_AT } };
}

export function caseReopened(): CaseEventOf<'case.reopened.v1'> {
  return { type: 'case.reopened.v1', data: { reason: 'Victim returned', reopenedAt: OPENED_AT } };
}

export function personalDataErased(): CaseEventOf<'case.personal-data-erased.v1'> {
  return {
    type: 'case.personal-data-erased.v1',
    data: {
      justification: 'Victim requested erasure',
      erasedAt: OPENED_AT,
      erasedByAgencyId: LEAD,
      erasedByRole: 'supervisor',
    },
  };
}

/** One example of every event type; a Record so a new type without an example fails to compile. */
export const SAMPLE_EVENTS: Readonly<{ [T in CaseEventType]: CaseEventOf<T> }> = {
  'case.opened.v1': caseOpened(),
  'case.screened.v1': screened('possible'),
  'case.reclassified.v1': {
    type: 'case.reclassified.v1',
    data: { from: 'som', to: 'tip', reclassifiedAt: OPENED_AT },
  },
  'reflection-period.started.v1': reflectionStarted(),
  'consent.recorded.v1': shareConsent(SHELTER),
  'consent.overridden.v1': consentOverridden(),
  'referral.requested.v1': referralRequested(),
  'referral.acknowledged.v1': referralAcknowledged(),
  'referral.accepted.v1': referralAccepted(),
  'referral.declined.v1': referralDeclined(),
  'referral.completed.v1': referralCompleted(),
  'referral.withdrawn.v1': referralWithdrawn(),
  'referral.overdue.v1': referralOverdue(),
  'assistance.decided.v1': {
    type: 'assistance.decided.v1',
    data: {
      decisionId: 'decision-1',
      service: 'medical',
      decision: 'granted',
      rationale: 'Injuries need treatment',
      agencyId: LEAD,
      decidedAt: OPENED_AT,
    },
  },
  'protection-measure.decided.v1': {
    type: 'protection-measure.decided.v1',
    data: {
      measureId: 'measure-1',
      measure: 'police-protection',
      decision: 'granted',
      rationale: 'Threats from recruiter',
      agencyId: LEAD,
      decidedAt: OPENED_AT,
    },
  },
  'transfer.requested.v1': transferRequested(),
  'transfer.accepted.v1': transferAccepted(),
  'transfer.declined.v1': transferDeclined(),
  'case.closed.v1': caseClosed(),
  'case.reopened.v1': caseReopened(),
  'case.personal-data-erased.v1': personalDataErased(),
};
