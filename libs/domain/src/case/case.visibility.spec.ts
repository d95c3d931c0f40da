import { Role } from '../codes';
import { CaseEvent } from './case.events';
import { replay } from './case.evolve';
import { canSeeCase, canSeePersonalData, mayCommand } from './case.visibility';
import {
  caseOpened,
  LEAD,
  NGO,
  personalDataErased,
  referralAccepted,
  referralAcknowledged,
  referralCompleted,
  referralDeclined,
  referralRequested,
  referralWithdrawn,
  shareConsent,
  SHELTER,
  transferAccepted,
  transferDeclined,
  transferRequested,
} from './testing/case.fixtures';

function stateOf(...events: CaseEvent[]) {
  const state = replay([caseOpened(), shareConsent(SHELTER), ...events]);
  if (state === null) throw new Error('no state');
  return state;
}

const officer: Role = 'officer';

describe('canSeeCase', () => {
  it('shows the case to its lead agency only, among case workers', () => {
    const state = stateOf();
    expect(canSeeCase(state, LEAD, officer)).toBe(true);
    expect(canSeeCase(state, SHELTER, officer)).toBe(false);
    expect(canSeeCase(state, SHELTER, 'supervisor')).toBe(false);
  });

  it('shows every case to an auditor and to the service’s own administrators', () => {
    expect(canSeeCase(stateOf(), 'oversight-cell', 'auditor')).toBe(true);
    expect(canSeeCase(stateOf(), 'system', 'admin')).toBe(true);
  });

  it('shows an agency’s admin what its agency sees, no more', () => {
    expect(canSeeCase(stateOf(), LEAD, 'admin')).toBe(true);
    expect(canSeeCase(stateOf(), SHELTER, 'admin')).toBe(false);
    expect(canSeeCase(stateOf(referralRequested()), SHELTER, 'admin')).toBe(true);
  });

  it.each([
    ['requested', []],
    ['acknowledged', [referralAcknowledged()]],
    ['accepted', [referralAcknowledged(), referralAccepted()]],
  ])('shows it to the receiver of a %s referral', (_name, events) => {
    expect(canSeeCase(stateOf(referralRequested(), ...events), SHELTER, officer)).toBe(true);
  });

  it.each([
    ['declined', [referralDeclined()]],
    ['completed', [referralAccepted(), referralCompleted()]],
    ['withdrawn', [referralWithdrawn()]],
  ])('hides it from the receiver of a %s referral', (_name, events) => {
    expect(canSeeCase(stateOf(referralRequested(), ...events), SHELTER, officer)).toBe(false);
  });

  it('shows it to the receiver of a pending transfer, not of a declined one', () => {
    expect(canSeeCase(stateOf(transferRequested()), NGO, officer)).toBe(true);
    expect(canSeeCase(stateOf(transferRequested(), transferDeclined()), NGO, officer)).toBe(false);
  });

  it('moves with the lead on an accepted transfer', () => {
    const state = stateOf(transferRequested(), transferAccepted());
    expect(canSeeCase(state, NGO, officer)).toBe(true);
    expect(canSeeCase(state, LEAD, officer)).toBe(false);
  });
});

describe('canSeePersonalData', () => {
  it('shows it to the lead agency and to auditors, not to administrators', () => {
    const state = stateOf();
    expect(canSeePersonalData(state, LEAD, officer)).toBe(true);
    expect(canSeePersonalData(state, 'oversight-cell', 'auditor')).toBe(true);
    expect(canSeePersonalData(state, 'system', 'admin')).toBe(false);
  });

  it('shows it to a receiving agency only while its referral is accepted', () => {
    expect(canSeePersonalData(stateOf(referralRequested()), SHELTER, officer)).toBe(false);
    expect(
      canSeePersonalData(stateOf(referralRequested(), referralAcknowledged()), SHELTER, officer),
    ).toBe(false);
    expect(
      canSeePersonalData(stateOf(referralRequested(), referralAccepted()), SHELTER, officer),
    ).toBe(true);
    expect(
      canSeePersonalData(
        stateOf(referralRequested(), referralAccepted(), referralCompleted()),
        SHELTER,
        officer,
      ),
    ).toBe(false);
    expect(
      canSeePersonalData(
        stateOf(referralRequested(), referralAccepted(), referralWithdrawn()),
        SHELTER,
        officer,
      ),
    ).toBe(false);
  });

  it('does not show it to the receiver of a pending transfer', () => {
    expect(canSeePersonalData(stateOf(transferRequested()), NGO, officer)).toBe(false);
  });

  it('shows it to nobody after erasure', () => {
    const state = stateOf(referralRequested(), referralAccepted(), personalDataErased());
    expect(canSeePersonalData(state, LEAD, 'supervisor')).toBe(false);
    expect(canSeePersonalData(state, SHELTER, officer)).toBe(false);
    expect(canSeePersonalData(state, 'oversight-cell', 'auditor')).toBe(false);
  });
});

describe('mayCommand', () => {
  const REFERRAL = referralRequested().data.referralId;
  const TRANSFER = transferRequested().data.transferId;

  it('lets the agency a finished referral was addressed to answer it again, to be told why not', () => {
    const state = stateOf(referralRequested(), referralDeclined());
    expect(canSeeCase(state, SHELTER, officer)).toBe(false);
    const accept = { type: 'AcceptReferral', referralId: REFERRAL } as const;
    expect(mayCommand(state, accept, SHELTER, officer)).toBe(true);
    expect(mayCommand(state, accept, NGO, officer)).toBe(false);
    const screen = { type: 'RecordScreening', traffickingStatus: 'possible' } as never;
    expect(mayCommand(state, screen, SHELTER, officer)).toBe(false);
  });

  it("lets the service's scheduler act on any case, without letting it see one", () => {
    const state = stateOf(referralRequested());
    const overdue = { type: 'MarkReferralOverdue', referralId: REFERRAL } as const;
    expect(mayCommand(state, overdue, 'system', 'system')).toBe(true);
    expect(canSeeCase(state, 'system', 'system')).toBe(false);
  });

  it('does the same for a declined transfer', () => {
    const state = stateOf(transferRequested(), transferDeclined());
    const accept = { type: 'AcceptTransfer', transferId: TRANSFER } as const;
    expect(canSeeCase(state, NGO, officer)).toBe(false);
    expect(mayCommand(state, accept, NGO, officer)).toBe(true);
    expect(mayCommand(state, accept, SHELTER, officer)).toBe(false);
  });
});
