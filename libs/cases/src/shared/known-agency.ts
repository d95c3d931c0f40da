import { AgencyRegistry } from '@app/access';
import { ProblemException } from '@app/http';

/** API.md: naming an agency that is not registered is a 422. */
export async function assertAgencyExists(
  agencies: AgencyRegistry,
  agencyId: string,
  field: string,
): Promise<void> {
  if (!(await agencies.exists(agencyId))) {
    throw ProblemException.of(422, 'The agency is not registered.', {
      errors: [{ field, message: 'unknown agency' }],
    });
  }
}
