/**
 * Every domain refusal is one of these classes, so the REST layer maps it to a status code in one
 * place. Messages name fields and rules only: they are logged and returned to callers, so they
 * must never carry personal data or free text taken from a command.
 */
export abstract class DomainError extends Error {
  abstract readonly code: string;
}

/** The caller may see the case, but this action belongs to another agency or role. */
export class ForbiddenActionError extends DomainError {
  readonly code = 'forbidden-action';
  override readonly name = 'ForbiddenActionError';
}

/** The case, referral or transfer is not in a state that allows the command. */
export class InvalidStateTransitionError extends DomainError {
  readonly code = 'invalid-state-transition';
  override readonly name = 'InvalidStateTransitionError';
}

/** The command is well-formed but breaks a rule of the referral mechanism. */
export class BusinessRuleViolationError extends DomainError {
  readonly code = 'business-rule-violation';
  override readonly name = 'BusinessRuleViolationError';

  constructor(
    message: string,
    /** The command field at fault, when one is, so the caller can point at it. */
    readonly field?: string,
  ) {
    super(message);
  }
}

export class CaseNotFoundError extends DomainError {
  readonly code = 'case-not-found';
  override readonly name = 'CaseNotFoundError';

  constructor() {
    super('The case does not exist');
  }
}

export class ReferralNotFoundError extends DomainError {
  readonly code = 'referral-not-found';
  override readonly name = 'ReferralNotFoundError';

  constructor(readonly referralId: string) {
    super(`Referral ${referralId} does not exist on this case`);
  }
}

export class TransferNotFoundError extends DomainError {
  readonly code = 'transfer-not-found';
  override readonly name = 'TransferNotFoundError';

  constructor(readonly transferId: string) {
    super(`Transfer ${transferId} does not exist on this case`);
  }
}

/** A stored event whose type no registered schema version or upcaster knows. */
export class UnknownEventTypeError extends DomainError {
  readonly code = 'unknown-event-type';
  override readonly name = 'UnknownEventTypeError';

  constructor(readonly eventType: string) {
    super(`Unknown event type ${eventType}`);
  }
}

/**
 * A stream whose events cannot follow one another (e.g. a referral event before its request):
 * the store or an upcaster is broken, never the caller.
 */
export class InvalidEventSequenceError extends DomainError {
  readonly code = 'invalid-event-sequence';
  override readonly name = 'InvalidEventSequenceError';
}
