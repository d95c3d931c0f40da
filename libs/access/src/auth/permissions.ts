import { KeyRole } from '../api-keys/api-key.service';

/**
 * Who may do what, at a glance. Rows are actions, columns the roles of API keys. Which agency
 * may act on a given case (lead, receiving agency, visibility) is the domain's rule, checked
 * after this one: a role that is not listed here never reaches the case.
 */
export const PERMISSIONS = {
  //                                   officer supervisor auditor admin   writes
  'agency.register': { roles: ['admin'], writes: false },
  'agency.list': { roles: ['officer', 'supervisor', 'auditor', 'admin'], writes: false },
  'api-key.issue': { roles: ['admin'], writes: false },
  'api-key.revoke': { roles: ['admin'], writes: false },
  'case.open': { roles: ['officer', 'supervisor'], writes: true },
  'case.screen': { roles: ['officer', 'supervisor'], writes: true },
  'case.record-consent': { roles: ['officer', 'supervisor'], writes: true },
  'case.refer': { roles: ['officer', 'supervisor'], writes: true },
  'case.respond-to-referral': { roles: ['officer', 'supervisor'], writes: true },
  'case.withdraw-referral': { roles: ['officer', 'supervisor'], writes: true },
  'case.decide-assistance': { roles: ['officer', 'supervisor'], writes: true },
  'case.decide-protection': { roles: ['officer', 'supervisor'], writes: true },
  'case.transfer': { roles: ['officer', 'supervisor'], writes: true },
  'case.respond-to-transfer': { roles: ['officer', 'supervisor'], writes: true },
  'case.close': { roles: ['officer', 'supervisor'], writes: true },
  'case.reopen': { roles: ['officer', 'supervisor'], writes: true },
  'case.erase-personal-data': { roles: ['supervisor', 'admin'], writes: true },
  'case.read': { roles: ['officer', 'supervisor', 'auditor', 'admin'], writes: false },
  'case.list': { roles: ['officer', 'supervisor', 'auditor', 'admin'], writes: false },
  'referral.inbox': { roles: ['officer', 'supervisor', 'auditor', 'admin'], writes: false },
} as const satisfies Record<string, { roles: readonly KeyRole[]; writes: boolean }>;

export type Action = keyof typeof PERMISSIONS;

export function isAllowed(action: Action, role: KeyRole): boolean {
  return (PERMISSIONS[action].roles as readonly KeyRole[]).includes(role);
}

/** Officers and supervisors name the person acting in `X-Officer-Id` on every write. */
export function needsOfficerId(action: Action, role: KeyRole): boolean {
  return PERMISSIONS[action].writes && (role === 'officer' || role === 'supervisor');
}
