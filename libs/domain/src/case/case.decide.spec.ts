import {
  BusinessRuleViolationError,
  CaseNotFoundError,
  DomainError,
  ForbiddenActionError,
} from '../errors';
import { decide } from './case.decide';
import { CaseCommand } from './case.commands';
import { replay } from './case.evolve';
import {
  admin,
  caseOpened,
  leadOfficer,
  NOW,
  REFLECTION_DAYS,
  scheduler,
  sealedPersonal,
} from './testing/case.fixtures';
import { given } from './testing/case.scenario';

describe('decide', () => {
  it('reports a missing case for any command but OpenCase', () => {
    given().when({ type: 'CloseCase', reason: 'other' }).thenThrows(CaseNotFoundError);
  });

  it('refuses an unknown command', () => {
    given(caseOpened())
      .when({ type: 'DeleteCase' } as unknown as CaseCommand)
      .thenThrows(BusinessRuleViolationError);
  });

  it.each([
    ['an administrator', admin],
    ['the scheduler', scheduler],
  ])('refuses case work by %s', (_name, actor) => {
    given(caseOpened())
      .when({ type: 'RecordScreening', traffickingStatus: 'possible' }, actor)
      .thenThrows(ForbiddenActionError);
  });

  it('leaves the state untouched and is deterministic', () => {
    const state = replay([caseOpened()]);
    const before = JSON.stringify(state);
    const ctx = { actor: leadOfficer, now: NOW, reflectionPeriodDays: REFLECTION_DAYS };
    const command: CaseCommand = { type: 'RecordScreening', traffickingStatus: 'possible' };
    expect(decide(state, command, ctx)).toEqual(decide(state, command, ctx));
    expect(JSON.stringify(state)).toBe(before);
  });

  it('never puts personal data into an error message', () => {
    const state = replay([caseOpened()]);
    const ctx = { actor: leadOfficer, now: NOW, reflectionPeriodDays: REFLECTION_DAYS };
    const command = {
      type: 'RecordScreening',
      traffickingStatus: 'Mrs Example, CNIC 12345-1234567-1',
      notes: sealedPersonal.ciphertext,
    } as unknown as CaseCommand;
    let error: unknown;
    try {
      decide(state, command, ctx);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('business-rule-violation');
    expect((error as DomainError).message).not.toMatch(/Example|12345|ZW5j/);
  });
});
