import {
  BusinessRuleViolationError,
  ForbiddenActionError,
  InvalidStateTransitionError,
} from '../../errors';
import { CaseCommand } from '../case.commands';
import { replay } from '../case.evolve';
import {
  caseClosed,
  caseOpened,
  caseReopened,
  NOW,
  REFERRAL_ID,
  referralRequested,
  scheduler,
  shareConsent,
  SHELTER,
  shelterOfficer,
  TRANSFER_ID,
  transferRequested,
} from '../testing/case.fixtures';
import { given } from '../testing/case.scenario';

describe('CloseCase', () => {
  it('closes an open case with a reason', () => {
    given(caseOpened())
      .when({ type: 'CloseCase', reason: 'repatriated' })
      .then([{ type: 'case.closed.v1', data: { reason: 'repatriated', closedAt: NOW } }]);
    expect(replay([caseOpened(), caseClosed()])).toMatchObject({
      status: 'closed',
      closureReason: 'reintegrated',
    });
  });

  it('refuses to close a closed case', () => {
    given(caseOpened(), caseClosed())
      .when({ type: 'CloseCase', reason: 'other' })
      .thenThrows(InvalidStateTransitionError);
  });

  it('refuses an unknown reason', () => {
    given(caseOpened())
      .when({ type: 'CloseCase', reason: 'bored' as never })
      .thenThrows(BusinessRuleViolationError);
  });

  it('belongs to the lead agency', () => {
    given(caseOpened(), shareConsent(SHELTER), referralRequested())
      .when({ type: 'CloseCase', reason: 'other' }, shelterOfficer)
      .thenThrows(ForbiddenActionError);
  });
});

describe('ReopenCase', () => {
  it('reopens a closed case', () => {
    given(caseOpened(), caseClosed())
      .when({ type: 'ReopenCase', reason: 'Victim returned' })
      .then([{ type: 'case.reopened.v1', data: { reason: 'Victim returned', reopenedAt: NOW } }]);
    const state = replay([caseOpened(), caseClosed(), caseReopened()]);
    expect(state?.status).toBe('open');
    expect(state).not.toHaveProperty('closedAt');
    expect(state).not.toHaveProperty('closureReason');
  });

  it('refuses to reopen an open case', () => {
    given(caseOpened())
      .when({ type: 'ReopenCase', reason: 'Again' })
      .thenThrows(InvalidStateTransitionError);
  });

  it('refuses an empty reason', () => {
    given(caseOpened(), caseClosed())
      .when({ type: 'ReopenCase', reason: '' })
      .thenThrows(BusinessRuleViolationError);
  });

  it('belongs to the lead agency', () => {
    given(caseOpened(), caseClosed())
      .when({ type: 'ReopenCase', reason: 'Again' }, shelterOfficer)
      .thenThrows(ForbiddenActionError);
  });
});

describe('a closed case', () => {
  const closed = [
    caseOpened(),
    shareConsent(SHELTER),
    referralRequested(),
    transferRequested(),
    caseClosed(),
  ];

  it.each<CaseCommand>([
    { type: 'RecordScreening', traffickingStatus: 'possible' },
    {
      type: 'RecordConsent',
      consentId: 'c-2',
      decision: 'given',
      scope: 'share-with-agency',
      agencyId: SHELTER,
      givenBy: 'victim',
      method: 'written',
    },
    {
      type: 'RequestReferral',
      referralId: 'r-2',
      toAgencyId: SHELTER,
      services: ['medical'],
      urgency: 'routine',
      reason: 'Check-up',
    },
    { type: 'WithdrawReferral', referralId: REFERRAL_ID, reason: 'Closed' },
    {
      type: 'RecordAssistanceDecision',
      decisionId: 'd-2',
      service: 'medical',
      decision: 'granted',
      rationale: 'Needed',
    },
    {
      type: 'RecordProtectionMeasure',
      measureId: 'm-2',
      measure: 'police-protection',
      decision: 'granted',
      rationale: 'Needed',
    },
    { type: 'RequestTransfer', transferId: 't-2', toAgencyId: SHELTER, reason: 'Move' },
  ])('refuses $type from the lead', (command) => {
    given(...closed)
      .when(command)
      .thenThrows(InvalidStateTransitionError);
  });

  it.each<CaseCommand>([
    { type: 'AcknowledgeReferral', referralId: REFERRAL_ID },
    { type: 'AcceptReferral', referralId: REFERRAL_ID },
    { type: 'DeclineReferral', referralId: REFERRAL_ID, reason: 'other' },
    { type: 'AcceptTransfer', transferId: TRANSFER_ID },
    { type: 'DeclineTransfer', transferId: TRANSFER_ID },
  ])('refuses $type from the receiving agency', (command) => {
    given(...closed)
      .when(command, shelterOfficer)
      .thenThrows(InvalidStateTransitionError);
  });

  it('refuses MarkReferralOverdue from the scheduler', () => {
    given(...closed)
      .when(
        { type: 'MarkReferralOverdue', referralId: REFERRAL_ID },
        scheduler,
        '2026-12-01T00:00:00Z',
      )
      .thenThrows(InvalidStateTransitionError);
  });
});
