import { ApplicationError } from '@app/http';

/** If-Match named another version than the case is at. */
export class PreconditionFailedError extends ApplicationError {
  constructor(currentVersion: number) {
    super('precondition-failed', `The case is at version ${currentVersion}.`, { currentVersion });
  }
}

/** Other writers kept moving the case while a command tried to land: retry it as it is. */
export class CaseBusyError extends ApplicationError {
  constructor() {
    super('case-busy', 'The case is changing too quickly; retry the request.', { retryable: true });
  }
}

/** An opening whose case id (its operation's) is taken by a case it did not open. */
export class CaseExistsError extends ApplicationError {
  constructor() {
    super('case-exists', 'A case with this id exists already.');
  }
}

/** The retry of an opening whose case's personal data was erased in between. */
export class CaseErasedSinceError extends ApplicationError {
  constructor() {
    super(
      'case-erased-since',
      'An earlier attempt of this request opened the case, whose personal data was since erased.',
    );
  }
}

/** A replay to a version or time before the case existed (or beyond its last version). */
export class CaseNotAtPointError extends ApplicationError {
  constructor(headVersion: number) {
    super('case-not-at-point', 'The case did not exist at that point.', { headVersion });
  }
}
