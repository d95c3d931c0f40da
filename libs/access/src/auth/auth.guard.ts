import { CanActivate, ExecutionContext, Inject, Injectable, Optional } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { textViolation } from '@app/domain';
import { InvalidRequestError } from '@app/http';
import {
  AuthFailuresLimitedError,
  OfficerIdRequiredError,
  PurposeRequiredError,
  RoleNotAllowedError,
  RouteNotOpenError,
  UnauthenticatedError,
} from '../access.errors';
import { ApiKeyService } from '../api-keys/api-key.service';
import { AUTH_FAILURE_LIMITER, AuthFailureLimiter } from './auth-failure-limiter';
import { AuthenticatedRequest, PERMISSION_KEY, PUBLIC_KEY } from './auth.decorators';
import { Action, isAllowed, needsOfficerId, needsPurpose } from './permissions';

const OFFICER_ID = /^[A-Za-z0-9._:@-]{1,128}$/;
const MAX_PURPOSE = 500;

/**
 * Every route is authenticated unless marked @Public, and every authenticated route must name
 * its action: a route someone forgot to classify is refused rather than left open.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly apiKeys: ApiKeyService,
    @Optional()
    @Inject(AUTH_FAILURE_LIMITER)
    private readonly failures?: AuthFailureLimiter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const apiKey = bearerToken(request.headers.authorization);
    const principal = apiKey ? await this.apiKeys.authenticate(apiKey) : null;
    if (!principal) {
      const verdict = await this.failures?.failed(request.ip ?? 'unknown');
      if (verdict?.limited) {
        context
          .switchToHttp()
          .getResponse<{ header(name: string, value: string): unknown }>()
          .header('retry-after', String(verdict.retryAfterSeconds));
        throw new AuthFailuresLimitedError();
      }
      throw new UnauthenticatedError();
    }
    const action = this.reflector.getAllAndOverride<Action | undefined>(PERMISSION_KEY, targets);
    if (!action) throw new RouteNotOpenError();
    if (!isAllowed(action, principal.role)) {
      throw new RoleNotAllowedError(`The ${principal.role} role may not perform ${action}.`);
    }
    const officerHeader = request.headers['x-officer-id'];
    const officerId = typeof officerHeader === 'string' ? officerHeader.trim() : undefined;
    if (needsOfficerId(action, principal.role) && !officerId) {
      throw new OfficerIdRequiredError();
    }
    if (officerId !== undefined && !OFFICER_ID.test(officerId)) {
      throw InvalidRequestError.field(
        'X-Officer-Id',
        'has an invalid format',
        'X-Officer-Id must be 1-128 letters, digits or ._:@-',
      );
    }
    const purpose = purposeOf(request.headers['x-purpose']);
    if (purpose === undefined && needsPurpose(action, principal.role)) {
      throw new PurposeRequiredError();
    }
    request.auth = {
      ...principal,
      ...(officerId ? { officerId } : {}),
      ...(purpose ? { purpose } : {}),
    };
    // The request logger sees the raw Node request: name the agency and role there too.
    if (request.raw) request.raw.auth = { agencyId: principal.agencyId, role: principal.role };
    return true;
  }
}

/** `X-Purpose`, trimmed; undefined when absent or blank; 400 when it is not plain text. */
function purposeOf(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  const value = (Array.isArray(header) ? header.join(', ') : header).trim();
  if (value === '') return undefined;
  const violation =
    value.length > MAX_PURPOSE
      ? `must be at most ${MAX_PURPOSE} characters`
      : textViolation(value, { multiline: false });
  if (violation) {
    throw InvalidRequestError.field('X-Purpose', violation, `X-Purpose ${violation}`);
  }
  return value;
}

export function bearerToken(header: string | string[] | undefined): string | null {
  if (typeof header !== 'string') return null;
  const match = /^Bearer\s+(\S{1,512})$/i.exec(header.trim());
  return match ? match[1] : null;
}
