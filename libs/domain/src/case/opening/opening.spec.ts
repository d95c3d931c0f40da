import {
  BusinessRuleViolationError,
  ForbiddenActionError,
  InvalidStateTransitionError,
} from '../../errors';
import { decide } from '../case.decide';
import { evolve } from '../case.evolve';
import {
  auditor,
  caseOpened,
  leadOfficer,
  NOW,
  openCase,
  scheduler,
  sealedPersonal,
} from '../testing/case.fixtures';
import { given } from '../testing/case.scenario';

describe('OpenCase', () => {
  it('opens the case with the opening agency as lead', () => {
    given()
      .when(openCase())
      .then([caseOpened({ openedAt: NOW })]);
  });

  it('records a case without personal data', () => {
    const { victim } = openCase();
    given()
      .when(openCase({ victim: { ...victim, personal: undefined } }))
      .then([caseOpened({ openedAt: NOW, victim: { ...victim, personal: null } })]);
  });

  it('keeps only the sealed envelope, dropping anything passed beside it', () => {
    const { victim } = openCase();
    const leaky = { ...sealedPersonal, fullName: 'cleartext' };
    given()
      .when(openCase({ victim: { ...victim, personal: leaky } }))
      .then([caseOpened({ openedAt: NOW })]);
  });

  it('refuses cleartext personal data in place of the envelope', () => {
    const { victim } = openCase();
    const cleartext = { fullName: 'Someone' } as never;
    given()
      .when(openCase({ victim: { ...victim, personal: cleartext } }))
      .thenThrows(BusinessRuleViolationError);
  });

  it('refuses to open a case that exists', () => {
    given(caseOpened()).when(openCase()).thenThrows(InvalidStateTransitionError);
  });

  it.each([
    ['an auditor', auditor],
    ['the scheduler', scheduler],
  ])('refuses %s', (_name, actor) => {
    given().when(openCase(), actor).thenThrows(ForbiddenActionError);
  });

  it.each([
    ['an unknown province', { location: { province: 'atlantis', district: 'X' } }],
    ['an empty district', { location: { province: 'sindh', district: ' ' } }],
    ['an unknown crime type', { crimeType: 'piracy' }],
    ['an unknown identification source', { identificationSource: 'rumour' }],
    ['an unknown exploitation type', { exploitationTypes: ['idleness'] }],
    ['a repeated exploitation type', { exploitationTypes: ['forced-labour', 'forced-labour'] }],
    ['an empty indicator', { indicators: [''] }],
    ['a timestamp without zone', { identifiedAt: '2026-11-20T06:00:00' }],
    ['an identification in the future', { identifiedAt: '2026-11-21T06:00:00Z' }],
    ['an unknown sex', { victim: { sex: 'x', ageGroup: 'adult', citizenship: 'PK' } }],
  ])('refuses %s', (_name, overrides) => {
    given()
      .when(openCase(overrides as never), leadOfficer)
      .thenThrows(BusinessRuleViolationError);
  });

  it('accepts an identification a few minutes ahead: the clocks of agencies differ', () => {
    const fewMinutesAhead = new Date(Date.parse(NOW) + 4 * 60_000).toISOString();
    const [opened] = decide(null, openCase({ identifiedAt: fewMinutesAhead }), {
      actor: leadOfficer,
      now: NOW,
      reflectionPeriodDays: 30,
    });
    expect(opened.data).toMatchObject({ identifiedAt: fewMinutesAhead });
  });

  it.each([
    ['child', true],
    ['unknown', true],
    ['adult', false],
  ] as const)('treats an %s as a child: %s', (ageGroup, treatedAsChild) => {
    const { victim } = caseOpened().data;
    const state = evolve(null, caseOpened({ victim: { ...victim, ageGroup } }));
    expect(state.victim.treatedAsChild).toBe(treatedAsChild);
    expect(state.version).toBe(1);
    expect(state.leadAgencyId).toBe(leadOfficer.agencyId);
  });
});
