'use strict';
Object.defineProperty(exports, '__esModule', { value: true });
exports.InvalidEventSequenceError =
  exports.UnknownEventTypeError =
  exports.TransferNotFoundError =
  exports.ReferralNotFoundError =
  exports.CaseNotFoundError =
  exports.BusinessRuleViolationError =
  exports.InvalidStateTransitionError =
  exports.ForbiddenActionError =
  exports.DomainError =
    void 0;
class DomainError extends Error {}
exports.DomainError = DomainError;
class ForbiddenActionError extends DomainError {
  code = 'forbidden-action';
  name = 'ForbiddenActionError';
}
exports.ForbiddenActionError = ForbiddenActionError;
class InvalidStateTransitionError extends DomainError {
  code = 'invalid-state-transition';
  name = 'InvalidStateTransitionError';
}
exports.InvalidStateTransitionError = InvalidStateTransitionError;
class BusinessRuleViolationError extends DomainError {
  field;
  code = 'business-rule-violation';
  name = 'BusinessRuleViolationError';
  constructor(message, field) {
    super(message);
    this.field = field;
  }
}
exports.BusinessRuleViolationError = BusinessRuleViolationError;
class CaseNotFoundError extends DomainError {
  code = 'case-not-found';
  name = 'CaseNotFoundError';
  constructor() {
    super('The case does not exist');
  }
}
exports.CaseNotFoundError = CaseNotFoundError;
class ReferralNotFoundError extends DomainError {
  referralId;
  code = 'referral-not-found';
  name = 'ReferralNotFoundError';
  constructor(referralId) {
    super(`Referral ${referralId} does not exist on this case`);
    this.referralId = referralId;
  }
}
exports.ReferralNotFoundError = ReferralNotFoundError;
class TransferNotFoundError extends DomainError {
  transferId;
  code = 'transfer-not-found';
  name = 'TransferNotFoundError';
  constructor(transferId) {
    super(`Transfer ${transferId} does not exist on this case`);
    this.transferId = transferId;
  }
}
exports.TransferNotFoundError = TransferNotFoundError;
class UnknownEventTypeError extends DomainError {
  eventType;
  code = 'unknown-event-type';
  name = 'UnknownEventTypeError';
  constructor(eventType) {
    super(`Unknown event type ${eventType}`);
    this.eventType = eventType;
  }
}
exports.UnknownEventTypeError = UnknownEventTypeError;
class InvalidEventSequenceError extends DomainError {
  code = 'invalid-event-sequence';
  name = 'InvalidEventSequenceError';
}
exports.InvalidEventSequenceError = InvalidEventSequenceError;
//# sourceMappingURL=errors.js.map
