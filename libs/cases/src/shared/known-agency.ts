import { AgencyRegistry, UnknownAgencyError } from '@app/access';

/** API.md: naming an agency that is not registered is a 422. */
export async function assertAgencyExists(
  agencies: AgencyRegistry,
  agencyId: string,
  field: string,
): Promise<void> {
  if (!(await agencies.exists(agencyId))) {
    throw new UnknownAgencyError(field);
  }
}
