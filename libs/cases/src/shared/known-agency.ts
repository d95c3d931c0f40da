import { AgencyRegistry, UnknownAgencyError } from '@app/access';

/** Naming an agency that is not registered is a 422 (unknown-agency). */
export async function assertAgencyExists(
  agencies: AgencyRegistry,
  agencyId: string,
  field: string,
): Promise<void> {
  if (!(await agencies.exists(agencyId))) {
    throw new UnknownAgencyError(field);
  }
}
