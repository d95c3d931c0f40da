import { ErrorCode } from './error-codes';
import { FieldError } from './problem';

/**
 * A refusal by application code (not the domain's): a stable code of STATUS_BY_CODE, a message
 * naming fields and rules (never submitted values), and what the problem document adds: the
 * invalid fields, whether a retry as it is may succeed, the version a case is at.
 */
export class ApplicationError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extensions: {
      errors?: FieldError[];
      retryable?: boolean;
      [key: string]: unknown;
    } = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** 400 naming the fields at fault. */
export class InvalidRequestError extends ApplicationError {
  constructor(message: string, errors: FieldError[]) {
    super('invalid-request', message, { errors });
  }

  /** One field, refused for one reason. */
  static field(
    field: string,
    reason: string,
    message = `${field} ${reason}.`,
  ): InvalidRequestError {
    return new InvalidRequestError(message, [{ field, message: reason }]);
  }
}
