import { CaseCommandType, ROLES_ALLOWED } from '@app/domain';
import { KeyRole } from '../api-keys/api-key.service';

const EVERY_ROLE: readonly KeyRole[] = ['officer', 'supervisor', 'auditor', 'admin'];

interface Permission {
  /** The API key roles that may perform the action at all. */
  roles: readonly KeyRole[];
  /** Officers and supervisors name the person acting (X-Officer-Id): it is recorded. */
  needsOfficerId: boolean;
  /** The case commands the action issues, whose roles the domain decides. */
  commands?: readonly CaseCommandType[];
  /** A read of one case's file: auditors must state their purpose (X-Purpose). */
  readsCase?: boolean;
}

/**
 * A case action: the roles are the domain's (ROLES_ALLOWED) for the commands it issues, so the
 * API and the domain can never disagree on who may command; the person acting is recorded.
 */
function issues(...commands: CaseCommandType[]): Permission {
  const [first, ...others] = commands.map((command) => ROLES_ALLOWED[command]);
  if (others.some((roles) => roles.join() !== first.join())) {
    throw new Error(
      `${commands.join(', ')} are allowed different roles: one action cannot issue them`,
    );
  }
  const roles = first.filter((role): role is KeyRole => role !== 'system');
  return { roles, needsOfficerId: true, commands };
}

const reads: Permission = { roles: EVERY_ROLE, needsOfficerId: false };

const readsCase: Permission = { ...reads, readsCase: true };

const audits: Permission = { roles: ['auditor'], needsOfficerId: false };

const administers: Permission = { roles: ['admin'], needsOfficerId: false };

/**
 * Who may do what, at a glance: every action a route performs, with the roles of API keys that
 * may perform it. Which agency may act on a given case (lead, receiving agency, visibility) is the
 * domain's rule, checked after this one: a role not allowed here never reaches the case.
 */
export const PERMISSIONS = {
  'agency.register': administers,
  'agency.list': reads,
  'api-key.issue': administers,
  'api-key.revoke': administers,
  'api-key.who-am-i': reads,
  'notification.list': administers,
  'notification.retry': administers,
  'case.open': issues('OpenCase'),
  'case.screen': issues('RecordScreening'),
  'case.record-consent': issues('RecordConsent'),
  'case.refer': issues('RequestReferral'),
  'case.respond-to-referral': issues(
    'AcknowledgeReferral',
    'AcceptReferral',
    'DeclineReferral',
    'CompleteReferral',
  ),
  'case.withdraw-referral': issues('WithdrawReferral'),
  'case.decide-assistance': issues('RecordAssistanceDecision'),
  'case.decide-protection': issues('RecordProtectionMeasure'),
  'case.transfer': issues('RequestTransfer'),
  'case.respond-to-transfer': issues('AcceptTransfer', 'DeclineTransfer'),
  'case.close': issues('CloseCase'),
  'case.reopen': issues('ReopenCase'),
  'case.erase-personal-data': issues('ErasePersonalData'),
  'case.read': readsCase,
  'case.list': reads,
  'referral.inbox': reads,
  'case.read-access-log': { ...audits, readsCase: true },
  'case.export-audit-bundle': { ...audits, readsCase: true },
  'audit.read-public-key': reads,
  'audit.read-anchor': { roles: ['auditor', 'admin'] as KeyRole[], needsOfficerId: false },
  'audit.make-anchor': administers,
  'statistics.read': reads,
  'projection.rebuild': administers,
  'export.htcds': audits,
} as const satisfies Record<string, Permission>;

export type Action = keyof typeof PERMISSIONS;

export function isAllowed(action: Action, role: KeyRole): boolean {
  return (PERMISSIONS[action].roles as readonly KeyRole[]).includes(role);
}

/** Auditors reading a case say why, in `X-Purpose`; others may. */
export function needsPurpose(action: Action, role: KeyRole): boolean {
  return role === 'auditor' && (PERMISSIONS[action] as Permission).readsCase === true;
}

/** Officers and supervisors name the person acting in `X-Officer-Id` on every case command. */
export function needsOfficerId(action: Action, role: KeyRole): boolean {
  return PERMISSIONS[action].needsOfficerId && (role === 'officer' || role === 'supervisor');
}
