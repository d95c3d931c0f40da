import {
  BusinessRuleViolationError,
  ForbiddenActionError,
  InvalidStateTransitionError,
} from '../../errors';
import { replay } from '../case.evolve';
import {
  admin,
  auditor,
  caseClosed,
  caseOpened,
  caseReopened,
  LEAD,
  leadOfficer,
  leadSupervisor,
  NOW,
  personalDataErased,
  SHELTER,
  shelterSupervisor,
} from '../testing/case.fixtures';
import { given } from '../testing/case.scenario';

const erase = { type: 'ErasePersonalData', justification: 'Victim asked for erasure' } as const;

describe('ErasePersonalData', () => {
  it('is done by a supervisor of the lead agency', () => {
    given(caseOpened())
      .when(erase, leadSupervisor)
      .then([
        {
          type: 'case.personal-data-erased.v1',
          data: {
            justification: 'Victim asked for erasure',
            erasedAt: NOW,
            erasedByAgencyId: LEAD,
            erasedByRole: 'supervisor',
          },
        },
      ]);
  });

  it('is done by a service administrator, also on a closed case', () => {
    given(caseOpened(), caseClosed())
      .when(erase, admin)
      .then([
        {
          type: 'case.personal-data-erased.v1',
          data: {
            justification: 'Victim asked for erasure',
            erasedAt: NOW,
            erasedByAgencyId: 'system',
            erasedByRole: 'admin',
          },
        },
      ]);
  });

  it('is done by an administrator of the lead agency', () => {
    given(caseOpened())
      .when(erase, { agencyId: LEAD, role: 'admin' })
      .then([
        {
          type: 'case.personal-data-erased.v1',
          data: {
            justification: 'Victim asked for erasure',
            erasedAt: NOW,
            erasedByAgencyId: LEAD,
            erasedByRole: 'admin',
          },
        },
      ]);
  });

  it.each([
    ['an officer of the lead agency', leadOfficer],
    ['a supervisor of another agency', shelterSupervisor],
    ['an administrator of another agency', { agencyId: SHELTER, role: 'admin' } as const],
    ['an auditor', auditor],
  ])('is refused to %s', (_name, actor) => {
    given(caseOpened()).when(erase, actor).thenThrows(ForbiddenActionError);
  });

  it('refuses a second erasure', () => {
    given(caseOpened(), personalDataErased())
      .when(erase, leadSupervisor)
      .thenThrows(InvalidStateTransitionError);
  });

  it('refuses an empty justification', () => {
    given(caseOpened())
      .when({ ...erase, justification: '' }, leadSupervisor)
      .thenThrows(BusinessRuleViolationError);
  });

  it('leaves no personal data in the state, also after reopening', () => {
    const state = replay([caseOpened(), caseClosed(), personalDataErased(), caseReopened()]);
    expect(state?.victim).toMatchObject({ personal: null, personalDataErased: true });
    expect(JSON.stringify(state)).not.toContain(caseOpened().data.victim.personal!.ciphertext);
  });
});
