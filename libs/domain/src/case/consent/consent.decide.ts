import { DecisionContext } from '../../actor';
import { CONSENT_DECISIONS, CONSENT_GIVERS, CONSENT_METHODS, SERVICES } from '../../codes';
import { BusinessRuleViolationError, ForbiddenActionError } from '../../errors';
import { requireUnusedId } from '../case.rules';
import { CaseState } from '../case.state';
import { requireCode, requireCodeList, requireText } from '../case.validation';
import { RecordConsent } from './consent.commands';
import { ConsentRecorded } from './consent.events';

export function decideRecordConsent(
  state: CaseState,
  command: RecordConsent,
  ctx: DecisionContext,
): ConsentRecorded[] {
  const agencyId = ctx.actor.agencyId;
  const providesServices = state.referrals.some(
    (referral) => referral.toAgencyId === agencyId && referral.status === 'accepted',
  );
  if (agencyId !== state.leadAgencyId && !providesServices) {
    throw new ForbiddenActionError(
      'Only the lead agency or an agency with an accepted referral may record consent',
    );
  }
  requireUnusedId(
    state.consents.map((consent) => consent.consentId),
    requireText(command.consentId, 'consentId'),
    'consentId',
  );
  if (command.interpreterUsed !== undefined && typeof command.interpreterUsed !== 'boolean') {
    throw new BusinessRuleViolationError(
      'interpreterUsed must be true or false',
      'interpreterUsed',
    );
  }

  const sharing = command.scope === 'share-with-agency';
  if (!sharing && command.scope !== 'services') {
    throw new BusinessRuleViolationError('scope is not one of the allowed codes', 'scope');
  }
  if (sharing && command.services !== undefined) {
    throw new BusinessRuleViolationError(
      'Consent to share names an agency, not services',
      'services',
    );
  }
  if (!sharing && command.agencyId !== undefined) {
    throw new BusinessRuleViolationError(
      'Consent to services names services, not an agency',
      'agencyId',
    );
  }

  return [
    {
      type: 'consent.recorded.v1',
      data: {
        consentId: command.consentId,
        decision: requireCode(CONSENT_DECISIONS, command.decision, 'decision'),
        scope: command.scope,
        agencyId: sharing ? requireText(command.agencyId, 'agencyId') : null,
        services: sharing
          ? null
          : requireCodeList(SERVICES, command.services, 'services', { allowEmpty: false }),
        givenBy: requireCode(CONSENT_GIVERS, command.givenBy, 'givenBy'),
        method: requireCode(CONSENT_METHODS, command.method, 'method'),
        interpreterUsed: command.interpreterUsed ?? false,
        recordedAt: ctx.now,
        recordedByAgencyId: agencyId,
      },
    },
  ];
}
