import { TraffickingStatus } from '../../codes';
import { BusinessRuleViolationError, ForbiddenActionError } from '../../errors';
import { replay } from '../case.evolve';
import {
  auditor,
  caseOpened,
  NOW,
  reflectionStarted,
  screened,
  shareConsent,
  SHELTER,
  shelterOfficer,
  referralRequested,
  referralAccepted,
} from '../testing/case.fixtures';
import { given } from '../testing/case.scenario';
import { CaseScreened } from './screening.events';

function screenedNow(
  traffickingStatus: TraffickingStatus,
  previousStatus: TraffickingStatus = 'unassessed',
  extra: Partial<CaseScreened['data']> = {},
): CaseScreened {
  return {
    type: 'case.screened.v1',
    data: {
      traffickingStatus,
      previousStatus,
      indicators: [],
      notes: null,
      screenedAt: NOW,
      ...extra,
    },
  };
}

describe('RecordScreening', () => {
  it('starts the reflection period the first time the status becomes possible', () => {
    given(caseOpened())
      .when({ type: 'RecordScreening', traffickingStatus: 'possible' })
      .then([
        screenedNow('possible'),
        {
          type: 'reflection-period.started.v1',
          data: { startedAt: NOW, endsAt: '2026-12-20T10:00:00.000Z' },
        },
      ]);
  });

  it('does not restart the reflection period on a later possible', () => {
    given(caseOpened(), screened('not-a-victim'), reflectionStarted())
      .when({ type: 'RecordScreening', traffickingStatus: 'possible' })
      .then([screenedNow('possible', 'not-a-victim')]);
  });

  it('reclassifies when the crime type changes, keeping indicators and notes', () => {
    given(caseOpened({ crimeType: 'som' }))
      .when({
        type: 'RecordScreening',
        traffickingStatus: 'actual',
        crimeType: 'tip',
        indicators: ['debt-bondage'],
        notes: 'Conclusive grounds',
      })
      .then([
        screenedNow('actual', 'unassessed', {
          indicators: ['debt-bondage'],
          notes: 'Conclusive grounds',
        }),
        { type: 'case.reclassified.v1', data: { from: 'som', to: 'tip', reclassifiedAt: NOW } },
      ]);
  });

  it('does not reclassify when the crime type is unchanged', () => {
    given(caseOpened())
      .when({ type: 'RecordScreening', traffickingStatus: 'not-a-victim', crimeType: 'tip' })
      .then([screenedNow('not-a-victim')]);
  });

  it('keeps the union of indicators in the state', () => {
    const state = replay([
      caseOpened(),
      {
        ...screened('possible'),
        data: { ...screened('possible').data, indicators: ['debt-bondage', 'documents-withheld'] },
      },
    ]);
    expect(state?.indicators).toEqual(['documents-withheld', 'debt-bondage']);
  });

  it.each<[TraffickingStatus, TraffickingStatus]>([
    ['possible', 'possible'],
    ['possible', 'actual'],
    ['possible', 'not-a-victim'],
    ['not-a-victim', 'possible'],
    ['not-a-victim', 'actual'],
    ['not-a-victim', 'not-a-victim'],
    ['actual', 'actual'],
  ])('allows %s → %s', (from, to) => {
    const events = given(caseOpened(), screened(from), reflectionStarted()).when({
      type: 'RecordScreening',
      traffickingStatus: to,
    });
    events.then([screenedNow(to, from)]);
  });

  it.each<[TraffickingStatus, TraffickingStatus]>([
    ['actual', 'possible'],
    ['actual', 'not-a-victim'],
    ['actual', 'unassessed'],
    ['possible', 'unassessed'],
    ['not-a-victim', 'unassessed'],
  ])('refuses %s → %s', (from, to) => {
    given(caseOpened(), screened(from))
      .when({ type: 'RecordScreening', traffickingStatus: to })
      .thenThrows(BusinessRuleViolationError);
  });

  it.each(['a\u0000b', 'a\ud800b', 'a\u0007b'])(
    'refuses notes that break the text rule (%j), on the first screening as on any later one',
    (notes) => {
      given(caseOpened())
        .when({ type: 'RecordScreening', traffickingStatus: 'possible', notes })
        .thenThrows(BusinessRuleViolationError);
      given(caseOpened(), screened('possible'))
        .when({ type: 'RecordScreening', traffickingStatus: 'actual', notes })
        .thenThrows(BusinessRuleViolationError);
    },
  );

  it('refuses unassessed → unassessed', () => {
    given(caseOpened())
      .when({ type: 'RecordScreening', traffickingStatus: 'unassessed' })
      .thenThrows(BusinessRuleViolationError);
  });

  it('refuses an unknown crime type', () => {
    given(caseOpened())
      .when({ type: 'RecordScreening', traffickingStatus: 'possible', crimeType: 'x' as never })
      .thenThrows(BusinessRuleViolationError);
  });

  it('belongs to the lead agency, even over an agency providing services', () => {
    given(caseOpened(), shareConsent(SHELTER), referralRequested(), referralAccepted())
      .when({ type: 'RecordScreening', traffickingStatus: 'possible' }, shelterOfficer)
      .thenThrows(ForbiddenActionError);
  });

  it('refuses an auditor', () => {
    given(caseOpened())
      .when({ type: 'RecordScreening', traffickingStatus: 'possible' }, auditor)
      .thenThrows(ForbiddenActionError);
  });
});
