import {
  BusinessRuleViolationError,
  ForbiddenActionError,
  InvalidStateTransitionError,
} from '../../errors';
import { replay } from '../case.evolve';
import {
  caseOpened,
  consentRecorded,
  LEAD,
  ngoOfficer,
  NGO,
  NOW,
  referralAccepted,
  referralAcknowledged,
  referralRequested,
  shareConsent,
  SHELTER,
  shelterOfficer,
} from '../testing/case.fixtures';
import { given } from '../testing/case.scenario';
import { RecordConsent } from './consent.commands';

const shareWithShelter: RecordConsent = {
  type: 'RecordConsent',
  consentId: 'consent-9',
  decision: 'given',
  scope: 'share-with-agency',
  agencyId: SHELTER,
  givenBy: 'victim',
  method: 'verbal',
  interpreterUsed: true,
};

describe('RecordConsent', () => {
  it('records consent to share with an agency', () => {
    given(caseOpened())
      .when(shareWithShelter)
      .then([
        consentRecorded({
          consentId: 'consent-9',
          method: 'verbal',
          interpreterUsed: true,
          recordedAt: NOW,
        }),
      ]);
  });

  it('records consent to services, given by a guardian', () => {
    given(caseOpened())
      .when({
        type: 'RecordConsent',
        consentId: 'consent-10',
        decision: 'refused',
        scope: 'services',
        services: ['medical', 'repatriation'],
        givenBy: 'guardian',
        method: 'written',
      })
      .then([
        consentRecorded({
          consentId: 'consent-10',
          decision: 'refused',
          scope: 'services',
          agencyId: null,
          services: ['medical', 'repatriation'],
          givenBy: 'guardian',
          recordedAt: NOW,
        }),
      ]);
  });

  it('may be recorded by an agency with an accepted referral', () => {
    given(caseOpened(), shareConsent(SHELTER), referralRequested(), referralAccepted())
      .when({ ...shareWithShelter, agencyId: NGO }, shelterOfficer)
      .then([
        consentRecorded({
          consentId: 'consent-9',
          agencyId: NGO,
          method: 'verbal',
          interpreterUsed: true,
          recordedAt: NOW,
          recordedByAgencyId: SHELTER,
        }),
      ]);
  });

  it('is refused to an agency whose referral is not accepted yet', () => {
    given(caseOpened(), shareConsent(SHELTER), referralRequested(), referralAcknowledged())
      .when(shareWithShelter, shelterOfficer)
      .thenThrows(ForbiddenActionError);
  });

  it('is refused to an unrelated agency', () => {
    given(caseOpened()).when(shareWithShelter, ngoOfficer).thenThrows(ForbiddenActionError);
  });

  it.each([
    ['share-with-agency without an agency', { agencyId: undefined }],
    ['share-with-agency with services', { services: ['medical'] }],
    ['services without services', { scope: 'services', agencyId: undefined }],
    ['services with an empty list', { scope: 'services', agencyId: undefined, services: [] }],
    ['services naming an agency', { scope: 'services', services: ['medical'] }],
    ['an unknown scope', { scope: 'everything' }],
    ['an unknown decision', { decision: 'maybe' }],
    ['an unknown giver', { givenBy: 'neighbour' }],
    ['an unknown method', { method: 'telepathy' }],
    ['a non-boolean interpreter flag', { interpreterUsed: 'yes' }],
  ])('refuses %s', (_name, overrides) => {
    given(caseOpened())
      .when({ ...shareWithShelter, ...overrides } as never)
      .thenThrows(BusinessRuleViolationError);
  });

  it('refuses a consent id already used', () => {
    given(caseOpened(), consentRecorded({ consentId: 'consent-9' }))
      .when(shareWithShelter)
      .thenThrows(InvalidStateTransitionError);
  });

  it('keeps every consent in order', () => {
    const state = replay([
      caseOpened(),
      shareConsent(SHELTER, 'given'),
      shareConsent(SHELTER, 'withdrawn'),
    ]);
    expect(state?.consents.map((consent) => [consent.decision, consent.agencyId])).toEqual([
      ['given', SHELTER],
      ['withdrawn', SHELTER],
    ]);
    expect(state?.consents[0]).not.toHaveProperty('services');
    expect(state?.consents[0].recordedByAgencyId).toBe(LEAD);
  });
});
