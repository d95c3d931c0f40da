import { ApplicationError } from '@app/http';

export class IdempotencyKeyReusedError extends ApplicationError {
  constructor() {
    super('idempotency-key-reused', 'This Idempotency-Key was used with a different request.', {
      errors: [{ field: 'Idempotency-Key', message: 'reused with another body' }],
    });
  }
}

/** The first attempt with the key is still at work: retry as it is, later (Retry-After). */
export class RequestInProgressError extends ApplicationError {
  constructor() {
    super(
      'request-in-progress',
      'A request with this Idempotency-Key is still being processed; retry it later.',
      { retryable: true },
    );
  }
}
