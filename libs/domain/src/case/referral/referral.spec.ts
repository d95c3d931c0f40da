import {
  BusinessRuleViolationError,
  ForbiddenActionError,
  InvalidStateTransitionError,
  ReferralNotFoundError,
} from '../../errors';
import { replay } from '../case.evolve';
import {
  caseClosed,
  caseOpened,
  consentOverridden,
  LEAD,
  leadOfficer,
  leadSupervisor,
  ngoOfficer,
  NGO,
  NOW,
  REFERRAL_ID,
  referralAccepted,
  referralAcknowledged,
  referralCompleted,
  referralDeclined,
  referralOverdue,
  referralRequested,
  referralWithdrawn,
  reflectionStarted,
  repatriationRequest,
  scheduler,
  screened,
  shareConsent,
  SHELTER,
  shelterOfficer,
  auditor,
} from '../testing/case.fixtures';
import { given } from '../testing/case.scenario';
import { CaseEvent } from '../case.events';
import { RequestReferral } from './referral.commands';
import { ReferralRequested } from './referral.events';
import { isReferralOverdue } from './referral.rules';

const AFTER_DEADLINE = '2026-11-20T12:00:01.000Z';

const request: RequestReferral = {
  type: 'RequestReferral',
  referralId: REFERRAL_ID,
  toAgencyId: SHELTER,
  services: ['shelter', 'psychosocial'],
  urgency: 'emergency',
  reason: 'Needs safe accommodation',
};

function requestedNow(overrides: Partial<ReferralRequested['data']> = {}): ReferralRequested {
  return referralRequested({
    requestedAt: NOW,
    acknowledgeBy: '2026-11-20T14:00:00.000Z',
    ...overrides,
  });
}

const consented: CaseEvent[] = [caseOpened(), shareConsent(SHELTER)];
const requested: CaseEvent[] = [...consented, referralRequested()];
const acknowledged: CaseEvent[] = [...requested, referralAcknowledged()];
const accepted: CaseEvent[] = [...acknowledged, referralAccepted()];
const declined: CaseEvent[] = [...requested, referralDeclined()];
const completed: CaseEvent[] = [...accepted, referralCompleted()];
const withdrawn: CaseEvent[] = [...requested, referralWithdrawn()];
const inReflection: CaseEvent[] = [...consented, screened('possible'), reflectionStarted()];
const repatriate: RequestReferral = { ...request, services: ['repatriation'] };

describe('RequestReferral', () => {
  it('refers with the emergency deadline of 4 hours', () => {
    given(...consented)
      .when(request)
      .then([requestedNow()]);
  });

  it('refers with the routine deadline of 48 hours', () => {
    given(...consented)
      .when({ ...request, urgency: 'routine' })
      .then([requestedNow({ urgency: 'routine', acknowledgeBy: '2026-11-22T10:00:00.000Z' })]);
  });

  it('takes the deadline the referring agency sets', () => {
    given(...consented)
      .when({ ...request, acknowledgeWithinHours: 1.5 })
      .then([requestedNow({ acknowledgeBy: '2026-11-20T11:30:00.000Z' })]);
  });

  it('takes a deadline of less than an hour to the minute', () => {
    given(...consented)
      .when({ ...request, acknowledgeWithinHours: 0.25 })
      .then([requestedNow({ acknowledgeBy: '2026-11-20T10:15:00.000Z' })]);
  });

  it.each([
    ['no consent', [caseOpened()]],
    ['refused consent', [caseOpened(), shareConsent(SHELTER, 'refused')]],
    ['consent withdrawn later', [...consented, shareConsent(SHELTER, 'withdrawn')]],
    ['consent for another agency only', [caseOpened(), shareConsent(NGO)]],
  ])('refuses a referral with %s', (_name, events) => {
    given(...events)
      .when(request)
      .thenThrows(BusinessRuleViolationError);
  });

  it('accepts consent given again after a withdrawal', () => {
    given(
      ...consented,
      shareConsent(SHELTER, 'withdrawn'),
      shareConsent(SHELTER, 'given', 'consent-again'),
    )
      .when(request)
      .then([requestedNow()]);
  });

  it('lets a supervisor override missing consent, recorded as its own event', () => {
    const justification = 'Immediate danger to life';
    given(caseOpened())
      .when({ ...request, consentOverride: { justification } }, leadSupervisor)
      .then([
        {
          type: 'consent.overridden.v1',
          data: { referralId: REFERRAL_ID, toAgencyId: SHELTER, justification, overriddenAt: NOW },
        },
        requestedNow(),
      ]);
  });

  it('records no override when the victim consented anyway', () => {
    given(...consented)
      .when({ ...request, consentOverride: { justification: 'Just in case' } }, leadSupervisor)
      .then([requestedNow()]);
  });

  it('marks the overridden referral in the state', () => {
    const state = replay([caseOpened(), consentOverridden(), referralRequested()]);
    expect(state?.referrals[0].consentOverridden).toBe(true);
    expect(state?.consentOverrides).toHaveLength(1);
    expect(replay(requested)?.referrals[0].consentOverridden).toBe(false);
  });

  it('refuses a consent override by an officer', () => {
    given(caseOpened())
      .when({ ...request, consentOverride: { justification: 'Urgent' } }, leadOfficer)
      .thenThrows(ForbiddenActionError);
  });

  it('treats a null override as none', () => {
    given(caseOpened())
      .when({ ...request, consentOverride: null } as never, leadSupervisor)
      .thenThrows(BusinessRuleViolationError);
  });

  it('refuses an override without justification', () => {
    given(caseOpened())
      .when({ ...request, consentOverride: { justification: '' } }, leadSupervisor)
      .thenThrows(BusinessRuleViolationError);
  });

  it('refuses a referral to one’s own agency', () => {
    given(caseOpened(), shareConsent(LEAD))
      .when({ ...request, toAgencyId: LEAD })
      .thenThrows(BusinessRuleViolationError);
  });

  it.each([
    ['the receiving agency', shelterOfficer],
    ['an unrelated agency', ngoOfficer],
  ])('refuses %s: only the lead refers', (_name, actor) => {
    given(...consented)
      .when(request, actor)
      .thenThrows(ForbiddenActionError);
  });

  it('refuses an auditor', () => {
    given(...consented)
      .when(request, auditor)
      .thenThrows(ForbiddenActionError);
  });

  it('refuses a referral id already used', () => {
    given(...requested)
      .when(request)
      .thenThrows(InvalidStateTransitionError);
  });

  it('refuses on a closed case', () => {
    given(...consented, caseClosed())
      .when(request)
      .thenThrows(InvalidStateTransitionError);
  });

  it.each([
    ['no services', { services: [] }],
    ['an unknown service', { services: ['massage'] }],
    ['a repeated service', { services: ['medical', 'medical'] }],
    ['an unknown urgency', { urgency: 'whenever' }],
    ['an empty reason', { reason: '  ' }],
    ['a zero deadline', { acknowledgeWithinHours: 0 }],
    ['a negative deadline', { acknowledgeWithinHours: -1.5 }],
    ['an infinite deadline', { acknowledgeWithinHours: Infinity }],
    ['a non-numeric deadline', { acknowledgeWithinHours: 'soon' }],
    ['no receiving agency', { toAgencyId: '' }],
  ])('refuses %s', (_name, overrides) => {
    given(...consented)
      .when({ ...request, ...overrides } as never)
      .thenThrows(BusinessRuleViolationError);
  });

  describe('repatriation during the reflection period', () => {
    it('is refused without the victim’s recorded request', () => {
      given(...inReflection)
        .when(repatriate)
        .thenThrows(BusinessRuleViolationError);
    });

    it('is refused on a guardian’s request alone', () => {
      given(...inReflection, repatriationRequest('given', 'guardian'))
        .when(repatriate)
        .thenThrows(BusinessRuleViolationError);
    });

    it('is refused when the victim withdrew the request', () => {
      given(...inReflection, repatriationRequest('given'), repatriationRequest('withdrawn'))
        .when(repatriate)
        .thenThrows(BusinessRuleViolationError);
    });

    it('is allowed on the victim’s request', () => {
      given(...inReflection, repatriationRequest('given'))
        .when(repatriate)
        .then([requestedNow({ services: ['repatriation'] })]);
    });

    it('is allowed once the period has ended', () => {
      given(...inReflection)
        .when(repatriate, leadOfficer, '2026-12-20T08:00:00.000Z')
        .then([
          requestedNow({
            services: ['repatriation'],
            requestedAt: '2026-12-20T08:00:00.000Z',
            acknowledgeBy: '2026-12-20T12:00:00.000Z',
          }),
        ]);
    });

    it('is allowed when no period has started', () => {
      given(...consented)
        .when(repatriate)
        .then([requestedNow({ services: ['repatriation'] })]);
    });
  });
});

describe('AcknowledgeReferral', () => {
  const acknowledge = { type: 'AcknowledgeReferral', referralId: REFERRAL_ID } as const;

  it('is recorded by the receiving agency', () => {
    given(...requested)
      .when(acknowledge, shelterOfficer)
      .then([
        {
          type: 'referral.acknowledged.v1',
          data: { referralId: REFERRAL_ID, acknowledgedAt: NOW },
        },
      ]);
  });

  it.each([
    ['the lead agency', leadOfficer],
    ['an unrelated agency', ngoOfficer],
  ])('is refused to %s', (_name, actor) => {
    given(...requested)
      .when(acknowledge, actor)
      .thenThrows(ForbiddenActionError);
  });

  it.each([
    ['acknowledged', acknowledged],
    ['accepted', accepted],
    ['declined', declined],
    ['withdrawn', withdrawn],
  ])('is refused on an %s referral', (_name, events) => {
    given(...events)
      .when(acknowledge, shelterOfficer)
      .thenThrows(InvalidStateTransitionError);
  });

  it('reports an unknown referral', () => {
    given(...requested)
      .when({ ...acknowledge, referralId: 'nope' }, shelterOfficer)
      .thenThrows(ReferralNotFoundError);
  });
});

describe('AcceptReferral', () => {
  const accept = { type: 'AcceptReferral', referralId: REFERRAL_ID } as const;

  it.each([
    ['requested', requested],
    ['acknowledged', acknowledged],
  ])('accepts a %s referral', (_name, events) => {
    given(...events)
      .when({ ...accept, note: 'Bed available' }, shelterOfficer)
      .then([
        {
          type: 'referral.accepted.v1',
          data: { referralId: REFERRAL_ID, acceptedAt: NOW, note: 'Bed available' },
        },
      ]);
  });

  it('refuses the lead agency accepting a referral addressed to the shelter', () => {
    given(...requested)
      .when(accept, leadOfficer)
      .thenThrows(ForbiddenActionError);
  });

  it.each([
    ['declined', declined],
    ['accepted', accepted],
    ['completed', completed],
    ['withdrawn', withdrawn],
  ])('refuses a %s referral', (_name, events) => {
    given(...events)
      .when(accept, shelterOfficer)
      .thenThrows(InvalidStateTransitionError);
  });

  it('reports an unknown referral', () => {
    given(...requested)
      .when({ ...accept, referralId: 'nope' }, shelterOfficer)
      .thenThrows(ReferralNotFoundError);
  });
});

describe('DeclineReferral', () => {
  const decline = {
    type: 'DeclineReferral',
    referralId: REFERRAL_ID,
    reason: 'no-capacity',
  } as const;

  it.each([
    ['requested', requested],
    ['acknowledged', acknowledged],
  ])('declines a %s referral with a reason', (_name, events) => {
    given(...events)
      .when(decline, shelterOfficer)
      .then([
        {
          type: 'referral.declined.v1',
          data: { referralId: REFERRAL_ID, declinedAt: NOW, reason: 'no-capacity', note: null },
        },
      ]);
  });

  it('refuses an unknown reason', () => {
    given(...requested)
      .when({ ...decline, reason: 'bored' as never }, shelterOfficer)
      .thenThrows(BusinessRuleViolationError);
  });

  it('refuses the lead agency', () => {
    given(...requested)
      .when(decline, leadOfficer)
      .thenThrows(ForbiddenActionError);
  });

  it.each([
    ['accepted', accepted],
    ['declined', declined],
    ['completed', completed],
    ['withdrawn', withdrawn],
  ])('refuses a %s referral', (_name, events) => {
    given(...events)
      .when(decline, shelterOfficer)
      .thenThrows(InvalidStateTransitionError);
  });

  it('reports an unknown referral', () => {
    given(...requested)
      .when({ ...decline, referralId: 'nope' }, shelterOfficer)
      .thenThrows(ReferralNotFoundError);
  });
});

describe('CompleteReferral', () => {
  const complete = {
    type: 'CompleteReferral',
    referralId: REFERRAL_ID,
    outcome: 'successful',
    servicesDelivered: ['shelter'],
  } as const;

  it('completes an accepted referral', () => {
    given(...accepted)
      .when(complete, shelterOfficer)
      .then([
        {
          type: 'referral.completed.v1',
          data: {
            referralId: REFERRAL_ID,
            completedAt: NOW,
            outcome: 'successful',
            reasonNotSuccessful: null,
            servicesDelivered: ['shelter'],
          },
        },
      ]);
  });

  it('completes not successfully with a reason', () => {
    given(...accepted)
      .when(
        {
          ...complete,
          outcome: 'not-successful',
          reasonNotSuccessful: 'Left',
          servicesDelivered: [],
        },
        shelterOfficer,
      )
      .then([
        {
          type: 'referral.completed.v1',
          data: {
            referralId: REFERRAL_ID,
            completedAt: NOW,
            outcome: 'not-successful',
            reasonNotSuccessful: 'Left',
            servicesDelivered: [],
          },
        },
      ]);
  });

  it.each([
    ['not successful without reason', { outcome: 'not-successful' }],
    ['successful with a reason for failure', { reasonNotSuccessful: 'Left' }],
    ['an unknown outcome', { outcome: 'meh' }],
    ['an unknown service delivered', { servicesDelivered: ['massage'] }],
  ])('refuses %s', (_name, overrides) => {
    given(...accepted)
      .when({ ...complete, ...overrides } as never, shelterOfficer)
      .thenThrows(BusinessRuleViolationError);
  });

  it('refuses the lead agency', () => {
    given(...accepted)
      .when(complete, leadOfficer)
      .thenThrows(ForbiddenActionError);
  });

  it.each([
    ['requested', requested],
    ['acknowledged', acknowledged],
    ['declined', declined],
    ['completed', completed],
    ['withdrawn', withdrawn],
  ])('refuses a %s referral', (_name, events) => {
    given(...events)
      .when(complete, shelterOfficer)
      .thenThrows(InvalidStateTransitionError);
  });
});

describe('WithdrawReferral', () => {
  const withdraw = {
    type: 'WithdrawReferral',
    referralId: REFERRAL_ID,
    reason: 'Victim moved',
  } as const;

  it.each([
    ['requested', requested],
    ['acknowledged', acknowledged],
    ['accepted', accepted],
  ])('withdraws a %s referral', (_name, events) => {
    given(...events)
      .when(withdraw)
      .then([
        {
          type: 'referral.withdrawn.v1',
          data: {
            referralId: REFERRAL_ID,
            fromAgencyId: LEAD,
            toAgencyId: SHELTER,
            withdrawnAt: NOW,
            reason: 'Victim moved',
          },
        },
      ]);
  });

  it('refuses the receiving agency', () => {
    given(...requested)
      .when(withdraw, shelterOfficer)
      .thenThrows(ForbiddenActionError);
  });

  it('refuses an empty reason', () => {
    given(...requested)
      .when({ ...withdraw, reason: '' })
      .thenThrows(BusinessRuleViolationError);
  });

  it.each([
    ['declined', declined],
    ['completed', completed],
    ['withdrawn', withdrawn],
  ])('refuses a %s referral', (_name, events) => {
    given(...events)
      .when(withdraw)
      .thenThrows(InvalidStateTransitionError);
  });

  it('reports an unknown referral', () => {
    given(...requested)
      .when({ ...withdraw, referralId: 'nope' })
      .thenThrows(ReferralNotFoundError);
  });
});

describe('MarkReferralOverdue', () => {
  const mark = { type: 'MarkReferralOverdue', referralId: REFERRAL_ID } as const;

  it('escalates a requested referral past its deadline', () => {
    given(...requested)
      .when(mark, scheduler, AFTER_DEADLINE)
      .then([
        {
          type: 'referral.overdue.v1',
          data: {
            referralId: REFERRAL_ID,
            fromAgencyId: LEAD,
            toAgencyId: SHELTER,
            acknowledgeBy: '2026-11-20T12:00:00.000Z',
            markedAt: AFTER_DEADLINE,
          },
        },
      ]);
  });

  it('refuses before the deadline has passed', () => {
    given(...requested)
      .when(mark, scheduler, '2026-11-20T12:00:00.000Z')
      .thenThrows(InvalidStateTransitionError);
  });

  it.each([
    ['already overdue', [...requested, referralOverdue()]],
    ['acknowledged', acknowledged],
    ['declined', declined],
    ['withdrawn', withdrawn],
  ])('refuses a referral %s', (_name, events) => {
    given(...events)
      .when(mark, scheduler, AFTER_DEADLINE)
      .thenThrows(InvalidStateTransitionError);
  });

  it('is only for the system scheduler', () => {
    given(...requested)
      .when(mark, leadOfficer, AFTER_DEADLINE)
      .thenThrows(ForbiddenActionError);
  });

  it('reports an unknown referral', () => {
    given(...requested)
      .when({ ...mark, referralId: 'nope' }, scheduler, AFTER_DEADLINE)
      .thenThrows(ReferralNotFoundError);
  });

  it('shows overdue only while the referral is still requested', () => {
    const overdue = replay([...requested, referralOverdue()]);
    expect(overdue?.referrals[0]).toMatchObject({ overdue: true, status: 'requested' });
    const later = replay([...requested, referralOverdue(), referralAcknowledged()]);
    expect(later?.referrals[0]).toMatchObject({
      overdue: false,
      status: 'acknowledged',
      markedOverdueAt: '2026-11-20T12:05:00.000Z',
    });
  });
});

describe('isReferralOverdue', () => {
  const referral = replay(requested)!.referrals[0];

  it('is false up to the deadline', () => {
    expect(isReferralOverdue(referral, '2026-11-20T12:00:00.000Z')).toBe(false);
  });

  it('is true past the deadline while requested, whatever the offset', () => {
    expect(isReferralOverdue(referral, '2026-11-20T17:00:01+05:00')).toBe(true);
  });

  it('stays true once recorded, whatever the clock says', () => {
    const marked = replay([...requested, referralOverdue()])!.referrals[0];
    expect(isReferralOverdue(marked, '2026-11-20T09:00:00.000Z')).toBe(true);
  });

  it('is false once the referral has moved on', () => {
    const moved = replay([...requested, referralOverdue(), referralAcknowledged()])!.referrals[0];
    expect(isReferralOverdue(moved, AFTER_DEADLINE)).toBe(false);
  });
});
