import { Actor } from '../../actor';
import { DomainError } from '../../errors';
import { CaseCommand } from '../case.commands';
import { decide } from '../case.decide';
import { CaseEvent } from '../case.events';
import { replay } from '../case.evolve';
import { leadOfficer, NOW, REFLECTION_DAYS } from './case.fixtures';

type DomainErrorClass = new (...args: never[]) => DomainError;

/**
 * given(events).when(command, actor, now).then(events) | .thenThrows(ErrorClass).
 * The state is deep-frozen first, so a decide() that mutates it fails the test.
 */
export function given(...events: CaseEvent[]) {
  const state = events.length === 0 ? null : deepFreeze(replay(events));
  return {
    state,
    when(command: CaseCommand, actor: Actor = leadOfficer, now: string = NOW) {
      const run = () =>
        decide(state, command, { actor, now, reflectionPeriodDays: REFLECTION_DAYS });
      return {
        then(expected: CaseEvent[]): void {
          expect(run()).toEqual(expected);
        },
        thenThrows(errorClass: DomainErrorClass): void {
          expect(run).toThrow(errorClass);
        },
      };
    },
  };
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
