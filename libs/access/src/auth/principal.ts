import { Role, SYSTEM_AGENCY_ID } from '@app/domain';
import { OtherAgencyError } from '../access.errors';

/** Who is calling: resolved from the API key on every request. */
export interface Principal {
  agencyId: string;
  role: Exclude<Role, 'system'>;
  keyId: string;
  /** `X-Officer-Id`: the person in the agency's own system who acts. */
  officerId?: string;
  /** `X-Purpose`: why the caller reads (auditors must say), recorded in the access log. */
  purpose?: string;
}

export { SYSTEM_AGENCY_ID };

/**
 * The bootstrap administrator (agency `system`) administers every agency; an agency's own admin
 * key administers that agency only.
 */
export function mayAdminister(principal: Principal, agencyId: string): boolean {
  return (
    principal.role === 'admin' &&
    (principal.agencyId === SYSTEM_AGENCY_ID || principal.agencyId === agencyId)
  );
}

/**
 * Keys are issued by whoever administers the agency, except auditor keys: an auditor sees every
 * case and the victims' identities, so only the service's own administrators issue those.
 */
export function mayIssueKey(principal: Principal, agencyId: string, role: Role): boolean {
  if (!mayAdminister(principal, agencyId)) return false;
  return role !== 'auditor' || principal.agencyId === SYSTEM_AGENCY_ID;
}

/**
 * Work over every agency's data at once (anchors, projection rebuilds): the service's own
 * administrators may, an agency's admin may not. Other roles are the permission's to decide.
 */
export function refuseAgencyAdmin(principal: Principal, detail: string): void {
  if (principal.role === 'admin' && principal.agencyId !== SYSTEM_AGENCY_ID) {
    throw new OtherAgencyError(detail);
  }
}
