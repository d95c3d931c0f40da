import { isAllowed, needsOfficerId, PERMISSIONS, Action } from './permissions';
import { mayAdminister, mayIssueKey, Principal } from './principal';

const actions = Object.keys(PERMISSIONS) as Action[];

describe('permission table', () => {
  it('never lets an auditor write', () => {
    for (const action of actions) {
      if (PERMISSIONS[action].writes) expect(isAllowed(action, 'auditor')).toBe(false);
    }
  });

  it('keeps agency and key administration to admins', () => {
    for (const action of ['agency.register', 'api-key.issue', 'api-key.revoke'] as const) {
      expect(
        ['officer', 'supervisor', 'auditor'].some((role) => isAllowed(action, role as never)),
      ).toBe(false);
      expect(isAllowed(action, 'admin')).toBe(true);
    }
  });

  it('asks officers and supervisors for X-Officer-Id on writes only', () => {
    expect(needsOfficerId('case.open', 'officer')).toBe(true);
    expect(needsOfficerId('case.erase-personal-data', 'admin')).toBe(false);
    expect(needsOfficerId('case.read', 'officer')).toBe(false);
  });
});

describe('mayAdminister', () => {
  const admin = (agencyId: string): Principal => ({ agencyId, role: 'admin', keyId: 'k' });

  it('lets only the system admin issue auditor keys', () => {
    expect(mayIssueKey(admin('system'), 'oversight-cell', 'auditor')).toBe(true);
    expect(mayIssueKey(admin('fia-lahore'), 'fia-lahore', 'auditor')).toBe(false);
    expect(mayIssueKey(admin('fia-lahore'), 'fia-lahore', 'admin')).toBe(true);
    expect(mayIssueKey(admin('fia-lahore'), 'shelter-lahore', 'officer')).toBe(false);
  });

  it('lets the system admin administer every agency and others their own only', () => {
    expect(mayAdminister(admin('system'), 'fia-lahore')).toBe(true);
    expect(mayAdminister(admin('fia-lahore'), 'fia-lahore')).toBe(true);
    expect(mayAdminister(admin('fia-lahore'), 'shelter-lahore')).toBe(false);
    expect(
      mayAdminister({ agencyId: 'fia-lahore', role: 'supervisor', keyId: 'k' }, 'fia-lahore'),
    ).toBe(false);
  });
});
