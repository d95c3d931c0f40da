import {
  BusinessRuleViolationError,
  ForbiddenActionError,
  InvalidStateTransitionError,
} from '../../errors';
import { CaseEvent } from '../case.events';
import { replay } from '../case.evolve';
import {
  caseOpened,
  LEAD,
  ngoOfficer,
  NOW,
  referralAccepted,
  referralAcknowledged,
  referralCompleted,
  referralRequested,
  reflectionStarted,
  repatriationRequest,
  SAMPLE_EVENTS,
  screened,
  shareConsent,
  SHELTER,
  shelterOfficer,
} from '../testing/case.fixtures';
import { given } from '../testing/case.scenario';
import { RecordAssistanceDecision, RecordProtectionMeasure } from './assistance.commands';

const shelterAccepted: CaseEvent[] = [
  caseOpened(),
  shareConsent(SHELTER),
  referralRequested({ services: ['shelter', 'psychosocial'] }),
  referralAccepted(),
];

const decideService: RecordAssistanceDecision = {
  type: 'RecordAssistanceDecision',
  decisionId: 'decision-7',
  service: 'psychosocial',
  decision: 'granted',
  rationale: 'Trauma counselling needed',
};

const decideMeasure: RecordProtectionMeasure = {
  type: 'RecordProtectionMeasure',
  measureId: 'measure-7',
  measure: 'shelter-placement',
  decision: 'granted',
  rationale: 'No safe place to stay',
};

function assistanceDecided(
  agencyId: string,
  overrides: Partial<RecordAssistanceDecision> = {},
): CaseEvent {
  const { decisionId, service, decision, rationale } = { ...decideService, ...overrides };
  return {
    type: 'assistance.decided.v1',
    data: { decisionId, service, decision, rationale, agencyId, decidedAt: NOW },
  };
}

function measureDecided(
  agencyId: string,
  overrides: Partial<RecordProtectionMeasure> = {},
): CaseEvent {
  const { measureId, measure, decision, rationale } = { ...decideMeasure, ...overrides };
  return {
    type: 'protection-measure.decided.v1',
    data: { measureId, measure, decision, rationale, agencyId, decidedAt: NOW },
  };
}

describe('RecordAssistanceDecision', () => {
  it('is decided by the lead agency for any service', () => {
    given(caseOpened())
      .when({ ...decideService, service: 'legal-aid', decision: 'deferred' })
      .then([assistanceDecided(LEAD, { service: 'legal-aid', decision: 'deferred' })]);
  });

  it('is decided by an agency with an accepted referral for the service', () => {
    given(...shelterAccepted)
      .when(decideService, shelterOfficer)
      .then([assistanceDecided(SHELTER)]);
  });

  it('is refused to an accepted agency for a service it was not referred for', () => {
    given(...shelterAccepted)
      .when({ ...decideService, service: 'medical' }, shelterOfficer)
      .thenThrows(ForbiddenActionError);
  });

  it.each([
    [
      'acknowledged',
      [caseOpened(), shareConsent(SHELTER), referralRequested(), referralAcknowledged()],
    ],
    ['completed', [...shelterAccepted, referralCompleted()]],
  ])('is refused to an agency whose referral is %s', (_name, events) => {
    given(...events)
      .when(decideService, shelterOfficer)
      .thenThrows(ForbiddenActionError);
  });

  it('is refused to an unrelated agency', () => {
    given(caseOpened()).when(decideService, ngoOfficer).thenThrows(ForbiddenActionError);
  });

  it.each([
    ['an unknown service', { service: 'massage' }],
    ['an unknown decision', { decision: 'maybe' }],
    ['an empty rationale', { rationale: '' }],
  ])('refuses %s', (_name, overrides) => {
    given(caseOpened())
      .when({ ...decideService, ...overrides } as never)
      .thenThrows(BusinessRuleViolationError);
  });

  it('refuses a decision id already used', () => {
    given(caseOpened(), assistanceDecided(LEAD))
      .when(decideService)
      .thenThrows(InvalidStateTransitionError);
  });

  describe('repatriation during the reflection period', () => {
    const inReflection = [caseOpened(), screened('possible'), reflectionStarted()];
    const repatriation = { ...decideService, service: 'repatriation' } as const;

    it('refuses to grant it without the victim’s request', () => {
      given(...inReflection)
        .when(repatriation)
        .thenThrows(BusinessRuleViolationError);
    });

    it('grants it on the victim’s request', () => {
      given(...inReflection, repatriationRequest('given'))
        .when(repatriation)
        .then([assistanceDecided(LEAD, { service: 'repatriation' })]);
    });

    it('may deny or defer it without a request', () => {
      given(...inReflection)
        .when({ ...repatriation, decision: 'deferred' })
        .then([assistanceDecided(LEAD, { service: 'repatriation', decision: 'deferred' })]);
    });
  });

  it('keeps decisions in the state', () => {
    const state = replay([caseOpened(), SAMPLE_EVENTS['assistance.decided.v1']]);
    expect(state?.assistanceDecisions).toEqual([SAMPLE_EVENTS['assistance.decided.v1'].data]);
  });
});

describe('RecordProtectionMeasure', () => {
  it('is decided by the lead agency', () => {
    given(caseOpened())
      .when({ ...decideMeasure, measure: 'police-protection' })
      .then([measureDecided(LEAD, { measure: 'police-protection' })]);
  });

  it('lets a shelter referred for shelter decide shelter placement', () => {
    given(...shelterAccepted)
      .when(decideMeasure, shelterOfficer)
      .then([measureDecided(SHELTER)]);
  });

  it('lets an agency referred for witness protection decide it', () => {
    given(
      caseOpened(),
      shareConsent(SHELTER),
      referralRequested({ services: ['witness-protection'] }),
      referralAccepted(),
    )
      .when({ ...decideMeasure, measure: 'witness-protection' }, shelterOfficer)
      .then([measureDecided(SHELTER, { measure: 'witness-protection' })]);
  });

  it('refuses witness protection to a shelter referred only for shelter', () => {
    given(...shelterAccepted)
      .when({ ...decideMeasure, measure: 'witness-protection' }, shelterOfficer)
      .thenThrows(ForbiddenActionError);
  });

  it('keeps police protection with the lead agency', () => {
    given(
      caseOpened(),
      shareConsent(SHELTER),
      referralRequested({ services: ['shelter', 'witness-protection'] }),
      referralAccepted(),
    )
      .when({ ...decideMeasure, measure: 'police-protection' }, shelterOfficer)
      .thenThrows(ForbiddenActionError);
  });

  it.each([
    ['an unknown measure', { measure: 'house-arrest' }],
    ['an unknown decision', { decision: 'maybe' }],
    ['an empty rationale', { rationale: ' ' }],
  ])('refuses %s', (_name, overrides) => {
    given(caseOpened())
      .when({ ...decideMeasure, ...overrides } as never)
      .thenThrows(BusinessRuleViolationError);
  });

  it('refuses a measure id already used', () => {
    given(caseOpened(), measureDecided(LEAD))
      .when(decideMeasure)
      .thenThrows(InvalidStateTransitionError);
  });
});
