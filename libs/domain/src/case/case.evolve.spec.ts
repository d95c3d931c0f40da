import { InvalidEventSequenceError } from '../errors';
import { evolve, replay } from './case.evolve';
import {
  caseOpened,
  OPENED_AT,
  referralAccepted,
  screened,
  transferAccepted,
} from './testing/case.fixtures';

describe('evolve', () => {
  it('counts one version per event and remembers when the last one happened', () => {
    const opened = evolve(null, caseOpened());
    const next = evolve(opened, {
      ...screened('possible'),
      data: { ...screened('possible').data, screenedAt: '2026-11-21T00:00:00.000Z' },
    });
    expect([opened.version, next.version]).toEqual([1, 2]);
    expect([opened.lastEventAt, next.lastEventAt]).toEqual([OPENED_AT, '2026-11-21T00:00:00.000Z']);
    expect(opened.traffickingStatus).toBe('unassessed');
  });

  it('returns a new state without touching the previous one', () => {
    const opened = evolve(null, caseOpened());
    const snapshot = structuredClone(opened);
    evolve(opened, screened('possible'));
    expect(opened).toEqual(snapshot);
  });

  it('replays nothing to no case', () => {
    expect(replay([])).toBeNull();
  });

  it.each([
    ['an event before the case is opened', [screened('possible')]],
    ['a second opening', [caseOpened(), caseOpened()]],
    ['a referral event before its request', [caseOpened(), referralAccepted()]],
    ['a transfer event before its request', [caseOpened(), transferAccepted()]],
  ])('refuses %s', (_name, events) => {
    expect(() => replay(events)).toThrow(InvalidEventSequenceError);
  });
});
