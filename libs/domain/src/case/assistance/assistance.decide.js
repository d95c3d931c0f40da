'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
exports.decideRecordAssistanceDecision = decideRecordAssistanceDecision;
exports.decideRecordProtectionMeasure = decideRecordProtectionMeasure;
const codes_1 = require('../../codes');
const errors_1 = require('../../errors');
const case_rules_1 = require('../case.rules');
const case_validation_1 = require('../case.validation');
const SERVICE_OF_MEASURE = {
  'shelter-placement': 'shelter',
  'witness-protection': 'witness-protection',
  'police-protection': null,
};
function decideRecordAssistanceDecision(state, command, ctx) {
  const service = (0, case_validation_1.requireCode)(codes_1.SERVICES, command.service, 'service');
  requireProvider(state, ctx.actor, service);
  const decisionId = (0, case_validation_1.requireText)(command.decisionId, 'decisionId');
  (0, case_rules_1.requireUnusedId)(
    state.assistanceDecisions.map((decision) => decision.decisionId),
    decisionId,
    'decisionId',
  );
  const decision = (0, case_validation_1.requireCode)(
    codes_1.ASSISTANCE_DECISIONS,
    command.decision,
    'decision',
  );
  const rationale = (0, case_validation_1.requireText)(command.rationale, 'rationale');
  if (service === 'repatriation' && decision === 'granted') {
    (0, case_rules_1.requireRepatriationAllowed)(state, ctx.now, 'service');
  }
  return [
    {
      type: 'assistance.decided.v1',
      data: {
        decisionId,
        service,
        decision,
        rationale,
        agencyId: ctx.actor.agencyId,
        decidedAt: ctx.now,
      },
    },
  ];
}
function decideRecordProtectionMeasure(state, command, ctx) {
  const measure = (0, case_validation_1.requireCode)(
    codes_1.PROTECTION_MEASURES,
    command.measure,
    'measure',
  );
  requireProvider(state, ctx.actor, SERVICE_OF_MEASURE[measure]);
  const measureId = (0, case_validation_1.requireText)(command.measureId, 'measureId');
  (0, case_rules_1.requireUnusedId)(
    state.protectionMeasures.map((protection) => protection.measureId),
    measureId,
    'measureId',
  );
  return [
    {
      type: 'protection-measure.decided.v1',
      data: {
        measureId,
        measure,
        decision: (0, case_validation_1.requireCode)(
          codes_1.ASSISTANCE_DECISIONS,
          command.decision,
          'decision',
        ),
        rationale: (0, case_validation_1.requireText)(command.rationale, 'rationale'),
        agencyId: ctx.actor.agencyId,
        decidedAt: ctx.now,
      },
    },
  ];
}
function requireProvider(state, actor, service) {
  if (actor.agencyId === state.leadAgencyId) return;
  const referredForService =
    service !== null &&
    state.referrals.some(
      (referral) =>
        referral.toAgencyId === actor.agencyId &&
        referral.status === 'accepted' &&
        referral.services.includes(service),
    );
  if (!referredForService) {
    throw new errors_1.ForbiddenActionError(
      'Only the lead agency or an agency with an accepted referral for the service may decide it',
    );
  }
}
//# sourceMappingURL=assistance.decide.js.map
