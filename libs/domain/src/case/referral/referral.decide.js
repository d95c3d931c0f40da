'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
exports.decideRequestReferral = decideRequestReferral;
exports.decideAcknowledgeReferral = decideAcknowledgeReferral;
exports.decideAcceptReferral = decideAcceptReferral;
exports.decideDeclineReferral = decideDeclineReferral;
exports.decideCompleteReferral = decideCompleteReferral;
exports.decideWithdrawReferral = decideWithdrawReferral;
exports.decideMarkReferralOverdue = decideMarkReferralOverdue;
const codes_1 = require('../../codes');
const errors_1 = require('../../errors');
const time_1 = require('../../time');
const case_rules_1 = require('../case.rules');
const case_validation_1 = require('../case.validation');
const referral_rules_1 = require('./referral.rules');
function decideRequestReferral(state, command, ctx) {
  (0, case_rules_1.requireLeadAgency)(state, ctx.actor, 'refer the victim');
  if (command.consentOverride !== undefined && ctx.actor.role !== 'supervisor') {
    throw new errors_1.ForbiddenActionError('Only a supervisor may override the victim’s consent');
  }
  const referralId = (0, case_validation_1.requireText)(command.referralId, 'referralId');
  (0, case_rules_1.requireUnusedId)(
    state.referrals.map((referral) => referral.referralId),
    referralId,
    'referralId',
  );
  const toAgencyId = (0, case_validation_1.requireText)(command.toAgencyId, 'toAgencyId');
  const services = (0, case_validation_1.requireCodeList)(
    codes_1.SERVICES,
    command.services,
    'services',
    { allowEmpty: false },
  );
  const urgency = (0, case_validation_1.requireCode)(codes_1.URGENCIES, command.urgency, 'urgency');
  const reason = (0, case_validation_1.requireText)(command.reason, 'reason');
  const withinHours =
    command.acknowledgeWithinHours === undefined
      ? referral_rules_1.DEFAULT_ACKNOWLEDGE_WITHIN_HOURS[urgency]
      : (0, case_validation_1.requirePositiveNumber)(
          command.acknowledgeWithinHours,
          'acknowledgeWithinHours',
        );
  (0, case_rules_1.requireOtherAgency)(ctx.actor, toAgencyId, 'referral');
  if (services.includes('repatriation'))
    (0, case_rules_1.requireRepatriationAllowed)(state, ctx.now, 'services');
  const events = [];
  if (!(0, case_rules_1.hasConsentToShareWith)(state, toAgencyId)) {
    if (command.consentOverride === undefined) {
      throw new errors_1.BusinessRuleViolationError(
        'The victim has not consented to sharing with the receiving agency',
        'toAgencyId',
      );
    }
    events.push({
      type: 'consent.overridden.v1',
      data: {
        referralId,
        toAgencyId,
        justification: (0, case_validation_1.requireText)(
          command.consentOverride.justification,
          'consentOverride.justification',
        ),
        overriddenAt: ctx.now,
      },
    });
  }
  events.push({
    type: 'referral.requested.v1',
    data: {
      referralId,
      fromAgencyId: ctx.actor.agencyId,
      toAgencyId,
      services,
      urgency,
      reason,
      requestedAt: ctx.now,
      acknowledgeBy: (0, time_1.addHours)(ctx.now, withinHours),
    },
  });
  return events;
}
function decideAcknowledgeReferral(state, command, ctx) {
  const referral = receivedReferral(state, command.referralId, ctx.actor, 'acknowledge');
  requireStatus(referral, ['requested'], 'acknowledged');
  return [
    {
      type: 'referral.acknowledged.v1',
      data: { referralId: referral.referralId, acknowledgedAt: ctx.now },
    },
  ];
}
function decideAcceptReferral(state, command, ctx) {
  const referral = receivedReferral(state, command.referralId, ctx.actor, 'accept');
  const note = (0, case_validation_1.optionalText)(command.note, 'note');
  requireStatus(referral, ['requested', 'acknowledged'], 'accepted');
  return [
    {
      type: 'referral.accepted.v1',
      data: { referralId: referral.referralId, acceptedAt: ctx.now, note },
    },
  ];
}
function decideDeclineReferral(state, command, ctx) {
  const referral = receivedReferral(state, command.referralId, ctx.actor, 'decline');
  const reason = (0, case_validation_1.requireCode)(
    codes_1.DECLINE_REASONS,
    command.reason,
    'reason',
  );
  const note = (0, case_validation_1.optionalText)(command.note, 'note');
  requireStatus(referral, ['requested', 'acknowledged'], 'declined');
  return [
    {
      type: 'referral.declined.v1',
      data: { referralId: referral.referralId, declinedAt: ctx.now, reason, note },
    },
  ];
}
function decideCompleteReferral(state, command, ctx) {
  const referral = receivedReferral(state, command.referralId, ctx.actor, 'complete');
  const outcome = (0, case_validation_1.requireCode)(
    codes_1.REFERRAL_OUTCOMES,
    command.outcome,
    'outcome',
  );
  const reasonNotSuccessful = (0, case_validation_1.optionalText)(
    command.reasonNotSuccessful,
    'reasonNotSuccessful',
  );
  const servicesDelivered = (0, case_validation_1.requireCodeList)(
    codes_1.SERVICES,
    command.servicesDelivered,
    'servicesDelivered',
    {
      allowEmpty: true,
    },
  );
  if ((outcome === 'not-successful') !== (reasonNotSuccessful !== null)) {
    throw new errors_1.BusinessRuleViolationError(
      'A reason is required exactly when the outcome is not-successful',
      'reasonNotSuccessful',
    );
  }
  requireStatus(referral, ['accepted'], 'completed');
  return [
    {
      type: 'referral.completed.v1',
      data: {
        referralId: referral.referralId,
        completedAt: ctx.now,
        outcome,
        reasonNotSuccessful,
        servicesDelivered,
      },
    },
  ];
}
function decideWithdrawReferral(state, command, ctx) {
  const referral = (0, case_rules_1.findReferral)(state, command.referralId);
  (0, case_rules_1.requireLeadAgency)(state, ctx.actor, 'withdraw a referral');
  const reason = (0, case_validation_1.requireText)(command.reason, 'reason');
  requireStatus(referral, ['requested', 'acknowledged', 'accepted'], 'withdrawn');
  return [
    {
      type: 'referral.withdrawn.v1',
      data: {
        referralId: referral.referralId,
        fromAgencyId: referral.fromAgencyId,
        toAgencyId: referral.toAgencyId,
        withdrawnAt: ctx.now,
        reason,
      },
    },
  ];
}
function decideMarkReferralOverdue(state, command, ctx) {
  const referral = (0, case_rules_1.findReferral)(state, command.referralId);
  if (
    referral.status !== 'requested' ||
    referral.overdue ||
    !(0, time_1.isAfter)(ctx.now, referral.acknowledgeBy)
  ) {
    throw new errors_1.InvalidStateTransitionError(
      'Only a referral still requested after its deadline, and not yet marked, can become overdue',
    );
  }
  return [
    {
      type: 'referral.overdue.v1',
      data: {
        referralId: referral.referralId,
        fromAgencyId: referral.fromAgencyId,
        toAgencyId: referral.toAgencyId,
        acknowledgeBy: referral.acknowledgeBy,
        markedAt: ctx.now,
      },
    },
  ];
}
function receivedReferral(state, referralId, actor, action) {
  const referral = (0, case_rules_1.findReferral)(state, referralId);
  if (referral.toAgencyId !== actor.agencyId) {
    throw new errors_1.ForbiddenActionError(`Only the receiving agency may ${action} a referral`);
  }
  return referral;
}
function requireStatus(referral, allowed, target) {
  if (!allowed.includes(referral.status)) {
    throw new errors_1.InvalidStateTransitionError(
      `A ${referral.status} referral cannot become ${target}`,
    );
  }
}
//# sourceMappingURL=referral.decide.js.map
