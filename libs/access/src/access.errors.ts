import { ApplicationError } from '@app/http';

export class UnauthenticatedError extends ApplicationError {
  constructor() {
    super('unauthenticated', 'Send a valid API key as "Authorization: Bearer <api-key>".');
  }
}

/** Too many requests without a valid key from one address; Retry-After says when to try again. */
export class AuthFailuresLimitedError extends ApplicationError {
  constructor() {
    super(
      'rate-limited',
      'Too many requests without a valid API key from this address; retry later.',
    );
  }
}

export class RouteNotOpenError extends ApplicationError {
  constructor() {
    super('route-not-open', 'This route is not open to API keys.');
  }
}

export class RoleNotAllowedError extends ApplicationError {
  constructor(message: string) {
    super('role-not-allowed', message);
  }
}

/** An agency's admin key acting on another agency. */
export class OtherAgencyError extends ApplicationError {
  constructor(message: string) {
    super('other-agency', message);
  }
}

export class OfficerIdRequiredError extends ApplicationError {
  constructor() {
    super(
      'officer-id-required',
      'Writes by officers and supervisors need the X-Officer-Id header.',
      {
        errors: [{ field: 'X-Officer-Id', message: 'is required' }],
      },
    );
  }
}

export class PurposeRequiredError extends ApplicationError {
  constructor() {
    super('purpose-required', 'Auditors state why they read a case: send the X-Purpose header.', {
      errors: [{ field: 'X-Purpose', message: 'is required' }],
    });
  }
}

/** A command or key names an agency that is not registered. */
export class UnknownAgencyError extends ApplicationError {
  constructor(field: string) {
    super('unknown-agency', 'The agency is not registered.', {
      errors: [{ field, message: 'unknown agency' }],
    });
  }
}

export class ApiKeyNotFoundError extends ApplicationError {
  constructor() {
    super('api-key-not-found', 'No such API key.');
  }
}

export class ApiKeyRevokedError extends ApplicationError {
  constructor() {
    super(
      'api-key-revoked',
      'The key this request issued earlier has been revoked since, or another attempt issued it.',
    );
  }
}
