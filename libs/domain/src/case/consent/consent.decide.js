'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
exports.decideRecordConsent = decideRecordConsent;
const codes_1 = require('../../codes');
const errors_1 = require('../../errors');
const case_rules_1 = require('../case.rules');
const case_validation_1 = require('../case.validation');
function decideRecordConsent(state, command, ctx) {
  const agencyId = ctx.actor.agencyId;
  const providesServices = state.referrals.some(
    (referral) => referral.toAgencyId === agencyId && referral.status === 'accepted',
  );
  if (agencyId !== state.leadAgencyId && !providesServices) {
    throw new errors_1.ForbiddenActionError(
      'Only the lead agency or an agency with an accepted referral may record consent',
    );
  }
  (0, case_rules_1.requireUnusedId)(
    state.consents.map((consent) => consent.consentId),
    (0, case_validation_1.requireText)(command.consentId, 'consentId'),
    'consentId',
  );
  if (command.interpreterUsed !== undefined && typeof command.interpreterUsed !== 'boolean') {
    throw new errors_1.BusinessRuleViolationError(
      'interpreterUsed must be true or false',
      'interpreterUsed',
    );
  }
  const sharing = command.scope === 'share-with-agency';
  if (!sharing && command.scope !== 'services') {
    throw new errors_1.BusinessRuleViolationError('scope is not one of the allowed codes', 'scope');
  }
  if (sharing && command.services !== undefined) {
    throw new errors_1.BusinessRuleViolationError(
      'Consent to share names an agency, not services',
      'services',
    );
  }
  if (!sharing && command.agencyId !== undefined) {
    throw new errors_1.BusinessRuleViolationError(
      'Consent to services names services, not an agency',
      'agencyId',
    );
  }
  return [
    {
      type: 'consent.recorded.v1',
      data: {
        consentId: command.consentId,
        decision: (0, case_validation_1.requireCode)(
          codes_1.CONSENT_DECISIONS,
          command.decision,
          'decision',
        ),
        scope: command.scope,
        agencyId: sharing ? (0, case_validation_1.requireText)(command.agencyId, 'agencyId') : null,
        services: sharing
          ? null
          : (0, case_validation_1.requireCodeList)(codes_1.SERVICES, command.services, 'services', {
              allowEmpty: false,
            }),
        givenBy: (0, case_validation_1.requireCode)(
          codes_1.CONSENT_GIVERS,
          command.givenBy,
          'givenBy',
        ),
        method: (0, case_validation_1.requireCode)(
          codes_1.CONSENT_METHODS,
          command.method,
          'method',
        ),
        interpreterUsed: command.interpreterUsed ?? false,
        recordedAt: ctx.now,
        recordedByAgencyId: agencyId,
      },
    },
  ];
}
//# sourceMappingURL=consent.decide.js.map
