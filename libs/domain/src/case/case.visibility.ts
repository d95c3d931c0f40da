import { Role, SYSTEM_AGENCY_ID } from '../codes';
import { CaseCommand } from './case.commands';
import { CaseState } from './case.state';

/**
 * Who sees every case: auditors (oversight), and the service's own administrators. An agency's
 * admin key sees what its agency sees, no more.
 */
export function seesEveryCase(agencyId: string, role: Role): boolean {
  return role === 'auditor' || (role === 'admin' && agencyId === SYSTEM_AGENCY_ID);
}

/**
 * Who may see a case at all. A referral or transfer shares access only while it is live, so an
 * agency that declined or finished its part loses sight of the victim again.
 */
export function canSeeCase(state: CaseState, agencyId: string, role: Role): boolean {
  if (seesEveryCase(agencyId, role)) return true;
  if (state.leadAgencyId === agencyId) return true;
  const liveReferral = state.referrals.some(
    (referral) =>
      referral.toAgencyId === agencyId &&
      (referral.status === 'requested' ||
        referral.status === 'acknowledged' ||
        referral.status === 'accepted'),
  );
  const pendingTransfer = state.transfers.some(
    (transfer) => transfer.toAgencyId === agencyId && transfer.status === 'requested',
  );
  return liveReferral || pendingTransfer;
}

/**
 * Who may see the victim's identity: less than who sees the case. A receiving agency needs it
 * only while it actually provides services under an accepted referral.
 */
export function canSeePersonalData(state: CaseState, agencyId: string, role: Role): boolean {
  if (state.victim.personalDataErased) return false;
  if (role === 'auditor' || state.leadAgencyId === agencyId) return true;
  return state.referrals.some(
    (referral) => referral.toAgencyId === agencyId && referral.status === 'accepted',
  );
}

/**
 * Who may send `command` to the case: who sees it, and also the agency a referral or transfer
 * the command answers was addressed to, even once that is over. Such an agency knows the case
 * exists, so it is told why its answer is refused (409: accepting a declined referral) rather
 * than that there is no such case.
 */
export function mayCommand(
  state: CaseState,
  command: CaseCommand,
  agencyId: string,
  role: Role,
): boolean {
  if (canSeeCase(state, agencyId, role)) return true;
  // The service's scheduler acts on any case, with the only commands its role is allowed
  // (ROLES_ALLOWED: marking a referral overdue); it reads no case through the API.
  if (role === 'system') return true;
  switch (command.type) {
    case 'AcknowledgeReferral':
    case 'AcceptReferral':
    case 'DeclineReferral':
    case 'CompleteReferral':
      return state.referrals.some(
        (referral) =>
          referral.referralId === command.referralId && referral.toAgencyId === agencyId,
      );
    case 'AcceptTransfer':
    case 'DeclineTransfer':
      return state.transfers.some(
        (transfer) =>
          transfer.transferId === command.transferId && transfer.toAgencyId === agencyId,
      );
    default:
      return false;
  }
}
