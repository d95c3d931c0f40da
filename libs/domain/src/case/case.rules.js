'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
exports.requireLeadAgency = requireLeadAgency;
exports.findReferral = findReferral;
exports.findTransfer = findTransfer;
exports.requireUnusedId = requireUnusedId;
exports.requireOtherAgency = requireOtherAgency;
exports.hasConsentToShareWith = hasConsentToShareWith;
exports.hasVictimRequestedRepatriation = hasVictimRequestedRepatriation;
exports.isReflectionPeriodRunning = isReflectionPeriodRunning;
exports.requireRepatriationAllowed = requireRepatriationAllowed;
const errors_1 = require('../errors');
const time_1 = require('../time');
function requireLeadAgency(state, actor, action) {
  if (actor.agencyId !== state.leadAgencyId) {
    throw new errors_1.ForbiddenActionError(`Only the lead agency may ${action}`);
  }
}
function findReferral(state, referralId) {
  const referral = state.referrals.find((candidate) => candidate.referralId === referralId);
  if (!referral) throw new errors_1.ReferralNotFoundError(referralId);
  return referral;
}
function findTransfer(state, transferId) {
  const transfer = state.transfers.find((candidate) => candidate.transferId === transferId);
  if (!transfer) throw new errors_1.TransferNotFoundError(transferId);
  return transfer;
}
function requireUnusedId(usedIds, id, field) {
  if (usedIds.includes(id)) {
    throw new errors_1.InvalidStateTransitionError(`${field} is already used on this case`);
  }
}
function requireOtherAgency(actor, toAgencyId, what) {
  if (toAgencyId === actor.agencyId) {
    throw new errors_1.BusinessRuleViolationError(
      `A ${what} cannot go to one's own agency`,
      'toAgencyId',
    );
  }
}
function hasConsentToShareWith(state, agencyId) {
  const latest = state.consents.findLast(
    (consent) => consent.scope === 'share-with-agency' && consent.agencyId === agencyId,
  );
  return latest?.decision === 'given';
}
function hasVictimRequestedRepatriation(state) {
  const latest = state.consents.findLast(
    (consent) =>
      consent.scope === 'services' &&
      consent.givenBy === 'victim' &&
      (consent.services ?? []).includes('repatriation'),
  );
  return latest?.decision === 'given';
}
function isReflectionPeriodRunning(state, now) {
  const period = state.reflectionPeriod;
  return (
    period !== null &&
    !(0, time_1.isAfter)(period.startedAt, now) &&
    (0, time_1.isAfter)(period.endsAt, now)
  );
}
function requireRepatriationAllowed(state, now, field) {
  if (isReflectionPeriodRunning(state, now) && !hasVictimRequestedRepatriation(state)) {
    throw new errors_1.BusinessRuleViolationError(
      'Repatriation during the reflection period needs the victim’s recorded request',
      field,
    );
  }
}
//# sourceMappingURL=case.rules.js.map
