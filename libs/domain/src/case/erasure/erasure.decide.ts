import { DecisionContext } from '../../actor';
import { SYSTEM_AGENCY_ID } from '../../codes';
import { ForbiddenActionError, InvalidStateTransitionError } from '../../errors';
import { CaseState } from '../case.state';
import { requireText } from '../case.validation';
import { ErasePersonalData } from './erasure.commands';
import { PersonalDataErased } from './erasure.events';

/** Allowed on a closed case too: the right to erasure outlives case management. */
export function decideErasePersonalData(
  state: CaseState,
  command: ErasePersonalData,
  ctx: DecisionContext,
): PersonalDataErased[] {
  const { actor } = ctx;
  const ofLead = actor.agencyId === state.leadAgencyId;
  const allowed =
    (actor.role === 'supervisor' && ofLead) ||
    (actor.role === 'admin' && (ofLead || actor.agencyId === SYSTEM_AGENCY_ID));
  if (!allowed) {
    throw new ForbiddenActionError(
      'Only a supervisor or administrator of the lead agency, or a service administrator, may erase personal data',
    );
  }
  const justification = requireText(command.justification, 'justification');
  if (state.victim.personalDataErased) {
    throw new InvalidStateTransitionError('The personal data of this case is already erased');
  }
  return [
    {
      type: 'case.personal-data-erased.v1',
      data: {
        justification,
        erasedAt: ctx.now,
        erasedByAgencyId: actor.agencyId,
        erasedByRole: actor.role,
      },
    },
  ];
}
