import { CaseCommandType, ROLES_ALLOWED } from '@app/domain';
import { isAllowed, needsOfficerId, PERMISSIONS, Action } from './permissions';
import { mayAdminister, mayIssueKey, Principal } from './principal';

const actions = Object.keys(PERMISSIONS) as Action[];

describe('permission table', () => {
  it('never lets an auditor write', () => {
    for (const action of actions) {
      if (PERMISSIONS[action].needsOfficerId) expect(isAllowed(action, 'auditor')).toBe(false);
    }
  });

  it('has an action for every case command an API key may issue, with the domain’s roles', () => {
    const issued = actions.flatMap(
      (action) => (PERMISSIONS[action] as { commands?: readonly string[] }).commands ?? [],
    );
    const byKeys = Object.entries(ROLES_ALLOWED)
      .filter(([, roles]) => roles.some((role) => role !== 'system'))
      .map(([command]) => command);
    expect([...issued].sort()).toEqual([...byKeys].sort());
    for (const action of actions) {
      for (const command of (PERMISSIONS[action] as { commands?: CaseCommandType[] }).commands ??
        []) {
        for (const role of ['officer', 'supervisor', 'auditor', 'admin'] as const) {
          expect(isAllowed(action, role)).toBe(ROLES_ALLOWED[command].includes(role));
        }
      }
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
